/**
 * The fulfilment queue: rewards the merchant hands over themselves (merchandise, experiences,
 * events). Open requests oldest first, with the member, the reward and when; the merchant
 * marks one fulfilled (with an optional note) or cancels it, which gives the points back
 * once (cancelRedemption by the merchant). Filters: open, fulfilled, cancelled. Above them,
 * store credit Shopify never confirmed (decision 0027): the merchant, who sees the customer's
 * store credit in Shopify, says whether it arrived. Every read and write is limited to the
 * session's shop: another shop's request is "not found".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Layout,
  Link,
  Modal,
  Page,
  Tabs,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { readAdminForm } from "../admin/form-body.server";
import { db } from "../db.server";
import { memberName } from "../domain/member-name";
import { formatMoney } from "../domain/money";
import { cancelRedemption } from "../rewards/cancel.server";
import { RedemptionNotCancellableError, RedemptionNotFoundError, RequestNotOpenError } from "../rewards/errors";
import { FULFILMENT_FILTERS, fulfilRedemption, listFulfilmentRequests } from "../rewards/fulfilment.server";
import { listUnconfirmedStoreCredit, resolveUnconfirmedStoreCredit } from "../rewards/unconfirmed-credit.server";
import { ShopifyGatewayError } from "../shopify/gateway.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction = () => [{ title: "Fulfilment queue · Loyalty Bazaar" }];

const filterSchema = z.enum(FULFILMENT_FILTERS).catch("open");
const MAX_NOTE_LENGTH = 500;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const filter = filterSchema.parse(new URL(request.url).searchParams.get("status"));
  const [requests, unconfirmed] = await Promise.all([
    listFulfilmentRequests(db, shop.id, { status: filter }),
    listUnconfirmedStoreCredit(db, shop.id),
  ]);
  return {
    filter,
    timeZone: shop.timeZone,
    currency: shop.currencyCode,
    unconfirmed: unconfirmed.map((r) => ({
      id: r.id,
      valueMinor: r.valueMinor,
      currency: r.currencyCode,
      points: r.pointsSpent,
      member: { id: r.member.id, name: memberName(r.member), email: r.member.email },
      requestedAt: r.createdAt.toISOString(),
    })),
    // From the server module, which the browser bundle cannot import.
    filters: [...FULFILMENT_FILTERS],
    requests: requests.map((r) => ({
      id: r.id,
      reward: r.rewardTitle,
      points: r.pointsSpent,
      member: { id: r.member.id, name: memberName(r.member), email: r.member.email },
      requestedAt: r.createdAt.toISOString(),
      closedAt: (r.fulfilledAt ?? r.cancelledAt)?.toISOString() ?? null,
      note: r.merchantNote,
    })),
  };
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("fulfil"),
    redemptionId: z.string().trim().min(1).max(100),
    note: z
      .string()
      .trim()
      .max(MAX_NOTE_LENGTH, `Keep the note to ${MAX_NOTE_LENGTH} characters or fewer.`)
      .default(""),
  }),
  z.object({ intent: z.literal("cancel"), redemptionId: z.string().trim().min(1).max(100) }),
  z.object({
    intent: z.literal("store_credit"),
    redemptionId: z.string().trim().min(1).max(100),
    credited: z.enum(["yes", "no"]),
  }),
]);

function refused(status: 400 | 404 | 409, error: string, message: string) {
  return data({ error, message }, { status });
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const form = await readAdminForm(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const message = parsed.error.issues.find((i) => i.path[0] === "note")?.message;
    return refused(400, "bad_request", message ?? "Choose a request and whether to mark it fulfilled or cancel it.");
  }
  const input = parsed.data;
  try {
    if (input.intent === "store_credit") {
      const outcome = await resolveUnconfirmedStoreCredit(db, {
        shopId: shop.id,
        redemptionId: input.redemptionId,
        credited: input.credited === "yes",
      });
      return { done: outcome === "issued" ? ("credited" as const) : ("not_credited" as const), balance: null };
    }
    if (input.intent === "fulfil") {
      await fulfilRedemption(db, { shopId: shop.id, redemptionId: input.redemptionId, note: input.note });
      return { done: "fulfil" as const, balance: null };
    }
    const { balance } = await cancelRedemption(db, {
      shopId: shop.id,
      shopDomain: shop.domain,
      redemptionId: input.redemptionId,
      by: "merchant",
    });
    return { done: "cancel" as const, balance };
  } catch (error) {
    if (error instanceof RedemptionNotFoundError) {
      return refused(404, "not_found", "This request is not in your fulfilment queue.");
    }
    if (error instanceof RequestNotOpenError || error instanceof RedemptionNotCancellableError) {
      return refused(409, "not_open", `This request is already ${error.status}: the list shows it as it is now.`);
    }
    if (error instanceof ShopifyGatewayError) {
      return data(
        { error: "shopify_unavailable", message: "Shopify could not be reached: nothing changed. Try again shortly." },
        { status: 502 },
      );
    }
    throw error;
  }
};

const dateTimeIn = (timeZone: string) =>
  new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone });
const count = new Intl.NumberFormat("en");
const TAB_LABELS = { open: "Open", fulfilled: "Fulfilled", cancelled: "Cancelled" } as const;
const DONE_TOASTS = {
  fulfil: "Marked fulfilled",
  cancel: "Request cancelled, points returned",
  credited: "Store credit confirmed",
  not_credited: "Points returned",
} as const;

type Request = ReturnType<typeof useLoaderData<typeof loader>>["requests"][number];

export default function FulfilmentPage() {
  const { filter, filters, requests, unconfirmed, timeZone } = useLoaderData<typeof loader>();
  const dateTime = dateTimeIn(timeZone);
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [, setSearchParams] = useSearchParams();
  const [fulfilling, setFulfilling] = useState<Request | null>(null);
  const [cancelling, setCancelling] = useState<Request | null>(null);
  const [note, setNote] = useState("");
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;

  const done = result && "done" in result ? result.done : null;
  useEffect(() => {
    if (!done) return;
    setFulfilling(null);
    setCancelling(null);
    setNote("");
    if (typeof window !== "undefined") {
      window.shopify?.toast?.show(DONE_TOASTS[done]);
    }
  }, [done, result]);

  const tabs = filters.map((id) => ({ id, content: TAB_LABELS[id] }));

  return (
    <Page
      title="Fulfilment queue"
      subtitle="Rewards you hand over yourself: mark each one fulfilled once the shopper has it."
      backAction={{ content: "Rewards", url: "/app/rewards" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {done === "fulfil" && (
              <Banner tone="success" title="Marked fulfilled">
                <p>The shopper sees the reward as fulfilled.</p>
              </Banner>
            )}
            {(done === "credited" || done === "not_credited") && (
              <Banner tone="success" title={done === "credited" ? "Store credit confirmed" : "Points returned"}>
                <p>
                  {done === "credited"
                    ? "The shopper sees the credit as theirs."
                    : "The shopper has their points back; nothing was credited."}
                </p>
              </Banner>
            )}
            {done === "cancel" && (
              <Banner tone="success" title="Request cancelled">
                <p>
                  The points went back to the shopper
                  {result && "balance" in result && result.balance !== null
                    ? `: their balance is ${count.format(result.balance)}`
                    : ""}
                  .
                </p>
              </Banner>
            )}
            {unconfirmed.length > 0 && (
              <UnconfirmedStoreCredit
                redemptions={unconfirmed}
                dateTime={dateTime}
                busy={busy === "store_credit"}
                onResolve={(redemptionId, credited) =>
                  submit(
                    { intent: "store_credit", redemptionId, credited: credited ? "yes" : "no" },
                    { method: "post" },
                  )
                }
              />
            )}
            {result && "error" in result && (
              <Banner tone="critical">
                <p>{result.message}</p>
              </Banner>
            )}
            <Card padding="0">
              <Tabs
                tabs={tabs}
                selected={Math.max(0, filters.indexOf(filter))}
                onSelect={(index) =>
                  setSearchParams((params) => {
                    params.set("status", filters[index] ?? "open");
                    return params;
                  })
                }
              />
              {requests.length === 0 ? (
                <div style={{ padding: "var(--p-space-800) var(--p-space-400)", textAlign: "center" }}>
                  <Text as="p" tone="subdued">
                    {filter === "open" ? "No requests wait for you." : `No ${filter} requests.`}
                  </Text>
                </div>
              ) : (
                <ul style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label={`${TAB_LABELS[filter]} requests`}>
                  {requests.map((request) => (
                    <li key={request.id} style={{ borderTop: "1px solid var(--p-color-border-secondary)" }}>
                      <RequestRow
                        request={request}
                        dateTime={dateTime}
                        open={filter === "open"}
                        onFulfil={() => setFulfilling(request)}
                        onCancel={() => setCancelling(request)}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <Modal
        open={fulfilling !== null}
        onClose={() => setFulfilling(null)}
        title={`Mark “${fulfilling?.reward ?? ""}” fulfilled`}
        primaryAction={{
          content: "Mark fulfilled",
          loading: busy === "fulfil",
          onAction: () =>
            fulfilling && submit({ intent: "fulfil", redemptionId: fulfilling.id, note }, { method: "post" }),
        }}
        secondaryActions={[{ content: "Not yet", onAction: () => setFulfilling(null) }]}
      >
        <Modal.Section>
          <TextField
            label="Note (optional)"
            value={note}
            onChange={setNote}
            autoComplete="off"
            maxLength={MAX_NOTE_LENGTH}
            showCharacterCount
            multiline={2}
            helpText={`For your records, e.g. “Handed over in store”. For ${fulfilling?.member.name ?? "the member"}.`}
          />
        </Modal.Section>
      </Modal>
      <Modal
        open={cancelling !== null}
        onClose={() => setCancelling(null)}
        title={`Cancel “${cancelling?.reward ?? ""}”?`}
        primaryAction={{
          content: "Cancel request and return points",
          destructive: true,
          loading: busy === "cancel",
          onAction: () => cancelling && submit({ intent: "cancel", redemptionId: cancelling.id }, { method: "post" }),
        }}
        secondaryActions={[{ content: "Keep it", onAction: () => setCancelling(null) }]}
      >
        <Modal.Section>
          <Text as="p">
            {cancelling?.member.name ?? "The member"} gets their {count.format(cancelling?.points ?? 0)} points back and
            one is returned to the reward’s stock.
          </Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

type Unconfirmed = ReturnType<typeof useLoaderData<typeof loader>>["unconfirmed"][number];

/** Store credit whose creation Shopify never confirmed: the merchant checks the customer in Shopify. */
function UnconfirmedStoreCredit({
  redemptions,
  dateTime,
  busy,
  onResolve,
}: {
  redemptions: Unconfirmed[];
  dateTime: Intl.DateTimeFormat;
  busy: boolean;
  onResolve: (redemptionId: string, credited: boolean) => void;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Store credit to check
        </Text>
        <Text as="p" tone="subdued">
          Shopify did not confirm these credits, and cannot be asked about them. Open the customer in Shopify: if the
          credit is in their store credit, confirm it; if not, return their points.
        </Text>
        <ul style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label="Store credit to check">
          {redemptions.map((r) => (
            <li key={r.id} style={{ borderTop: "1px solid var(--p-color-border-secondary)", paddingTop: 8 }}>
              <InlineStack align="space-between" blockAlign="center" gap="300">
                <BlockStack gap="100">
                  <Text as="p">
                    <Link url={`/app/members/${r.member.id}`} removeUnderline>
                      {r.member.name}
                    </Link>
                    {` · ${formatMoney(r.valueMinor, r.currency)} for ${count.format(r.points)} points`}
                  </Text>
                  <Text as="p" tone="subdued">
                    Redeemed {dateTime.format(new Date(r.requestedAt))}
                  </Text>
                </BlockStack>
                <InlineStack gap="200">
                  <Button disabled={busy} onClick={() => onResolve(r.id, false)}>
                    Not credited: return points
                  </Button>
                  <Button variant="primary" disabled={busy} onClick={() => onResolve(r.id, true)}>
                    It was credited
                  </Button>
                </InlineStack>
              </InlineStack>
            </li>
          ))}
        </ul>
      </BlockStack>
    </Card>
  );
}

function RequestRow({
  request,
  dateTime,
  open,
  onFulfil,
  onCancel,
}: {
  request: Request;
  dateTime: Intl.DateTimeFormat;
  open: boolean;
  onFulfil: () => void;
  onCancel: () => void;
}) {
  return (
    <div style={{ padding: "var(--p-space-300) var(--p-space-400)" }}>
      <InlineStack align="space-between" blockAlign="center" gap="300">
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            {request.reward}
          </Text>
          <Text as="p">
            <Link url={`/app/members/${request.member.id}`} removeUnderline>
              {request.member.name}
            </Link>
            {request.member.email && request.member.email !== request.member.name ? ` · ${request.member.email}` : ""}
          </Text>
          <Text as="p" tone="subdued">
            Requested {dateTime.format(new Date(request.requestedAt))} · {count.format(request.points)} points
            {request.closedAt ? ` · closed ${dateTime.format(new Date(request.closedAt))}` : ""}
          </Text>
          {request.note && (
            <Text as="p" tone="subdued">
              Note: {request.note}
            </Text>
          )}
        </BlockStack>
        {open && (
          <InlineStack gap="200">
            <Button onClick={onCancel} accessibilityLabel={`Cancel ${request.reward} for ${request.member.name}`}>
              Cancel
            </Button>
            <Button
              variant="primary"
              onClick={onFulfil}
              accessibilityLabel={`Mark ${request.reward} for ${request.member.name} fulfilled`}
            >
              Mark fulfilled
            </Button>
          </InlineStack>
        )}
      </InlineStack>
    </div>
  );
}
