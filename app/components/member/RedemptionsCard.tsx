/**
 * A member's latest redemptions on their page: the reward, the code, the status (unused, used,
 * expired, requested...) and, for an unused code or an open request, a Cancel that deletes the
 * code at Shopify and gives the points back once. The form posts to the member page's action.
 */
import { Form, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { RedemptionStatus } from "../../domain/rewards/redemption-status";

export interface MemberRedemption {
  id: string;
  title: string;
  code: string | null;
  points: number;
  status: RedemptionStatus;
  cancellable: boolean;
  /** ISO time */
  at: string;
}

const count = new Intl.NumberFormat("en");
// UTC so the server and the browser print the same time (no hydration mismatch).
const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

const STATUS: Record<RedemptionStatus, { label: string; tone?: "success" | "info" | "attention" | "critical" }> = {
  pending: { label: "Pending", tone: "attention" },
  unused: { label: "Unused", tone: "info" },
  used: { label: "Used", tone: "success" },
  expired: { label: "Expired" },
  cancelled: { label: "Cancelled" },
  requested: { label: "Requested", tone: "attention" },
  fulfilled: { label: "Fulfilled", tone: "success" },
  credited: { label: "Credited", tone: "success" },
};

export function RedemptionsCard({ redemptions, size }: { redemptions: MemberRedemption[]; size: number }) {
  const navigation = useNavigation();
  const cancelling = navigation.state === "submitting" ? navigation.formData?.get("redemptionId") : null;
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Redemptions
          </Text>
          <Text as="p" tone="subdued">
            The latest {size}, newest first. Cancelling an unused code deletes it in Shopify and returns the points.
          </Text>
        </BlockStack>
        {redemptions.length === 0 ? (
          <Text as="p" tone="subdued">
            No rewards redeemed yet.
          </Text>
        ) : (
          <ul style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label="Redemptions">
            {redemptions.map((r) => (
              <li
                key={r.id}
                style={{ padding: "var(--p-space-200) 0", borderTop: "1px solid var(--p-color-border-secondary)" }}
              >
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <BlockStack gap="050">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" fontWeight="semibold">
                        {r.title}
                      </Text>
                      <Badge tone={STATUS[r.status].tone}>{STATUS[r.status].label}</Badge>
                    </InlineStack>
                    <Text as="p" tone="subdued">
                      {r.code ? `${r.code} · ` : ""}
                      {count.format(r.points)} points · {when.format(new Date(r.at))}
                    </Text>
                  </BlockStack>
                  {r.cancellable && (
                    <Form method="post">
                      <input type="hidden" name="intent" value="cancelRedemption" />
                      <input type="hidden" name="redemptionId" value={r.id} />
                      <Button
                        submit
                        loading={cancelling === r.id}
                        accessibilityLabel={`Cancel ${r.title} and return the points`}
                      >
                        Cancel
                      </Button>
                    </Form>
                  )}
                </InlineStack>
              </li>
            ))}
          </ul>
        )}
      </BlockStack>
    </Card>
  );
}
