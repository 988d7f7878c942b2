/**
 * The member page's Challenges card: a progress bar for each challenge, milestone and
 * streak that is on, and the completions so far (reversed ones marked, with the reason).
 */
import { Badge, BlockStack, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import type { MemberChallengesView } from "../../challenges/member-challenges.server";

const dateText = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

export function ChallengesCard({ view }: { view: MemberChallengesView }) {
  const { standings, completions } = view;
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Challenges
        </Text>
        {standings.length === 0 && completions.length === 0 && (
          <Text as="p" tone="subdued">
            No challenge is on for this member, and none completed yet.
          </Text>
        )}
        {standings.map((s) => (
          <BlockStack gap="100" key={s.challengeId}>
            <InlineStack align="space-between" gap="200">
              <Text as="span" fontWeight="semibold">
                {s.title}
              </Text>
              <Text as="span" tone="subdued">
                {s.completedAt ? "Completed" : s.progressText}
                {s.endsAt && !s.completedAt ? ` · until ${dateText(s.endsAt)}` : ""}
              </Text>
            </InlineStack>
            <ProgressBar
              progress={s.goal > 0 ? Math.min(100, (s.progress / s.goal) * 100) : 0}
              tone={s.completedAt ? "success" : "highlight"}
              size="small"
            />
          </BlockStack>
        ))}
        {completions.length > 0 && (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Completed
            </Text>
            {completions.map((c) => (
              <InlineStack key={c.id} align="space-between" gap="200" blockAlign="start">
                <BlockStack gap="050">
                  <Text as="span">
                    {c.title}
                    {c.kind === "streak" && c.step > 0 ? ` (${c.step} in a row)` : ""}
                  </Text>
                  {c.reversedAt && (
                    <Text as="span" tone="subdued">
                      Reversed {dateText(c.reversedAt)}
                      {c.reversalReason ? `: ${c.reversalReason}` : ""}
                    </Text>
                  )}
                </BlockStack>
                <InlineStack gap="200" blockAlign="center">
                  {c.reversedAt && <Badge tone="critical">Reversed</Badge>}
                  <Text as="span" tone="subdued">
                    {c.points > 0 ? `+${c.points} points` : c.rewardId ? "A reward" : ""} · {dateText(c.completedAt)}
                  </Text>
                </InlineStack>
              </InlineStack>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
