/**
 * What the draft would do if saved, from this shop's own members and ledger: how many move up,
 * down or stay, and what it costs. After a save, what was applied. A preview of an earlier
 * draft is marked as such, so a number is never read against the wrong draft.
 */
import { Banner, BlockStack, Card, List, Text } from "@shopify/polaris";
import { costText, movesText, type EditCounts, type TierMoveGroup } from "../../domain/tiers/edit-summary";

export type PreviewSummary = EditCounts & { groups: readonly TierMoveGroup[] };

/** At most this many groups are listed; the counts above cover the rest. */
const GROUPS_SHOWN = 6;
import type { ShopReward } from "../../domain/rules/cost";

export function EditPreviewCard({
  preview,
  stale,
  dirty,
  rewards,
  currencyCode,
}: {
  preview: PreviewSummary | null;
  stale: boolean;
  dirty: boolean;
  rewards: readonly ShopReward[];
  currencyCode: string;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Preview
        </Text>
        {preview ? (
          <PreviewFigures preview={preview} rewards={rewards} currencyCode={currencyCode} stale={stale} />
        ) : (
          <Text as="p" tone="subdued">
            {dirty
              ? "Preview your changes to see, before saving, how many members would move up or down and what it costs."
              : "Change a tier or how members qualify, then preview the change before saving it."}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

function PreviewFigures({
  preview,
  rewards,
  currencyCode,
  stale,
}: {
  preview: PreviewSummary;
  rewards: readonly ShopReward[];
  currencyCode: string;
  stale: boolean;
}) {
  const moves = movesText(preview, "preview");
  const cost = costText(preview, rewards, currencyCode);
  return (
    <BlockStack gap="200">
      {stale && (
        <Banner tone="warning">
          <p>You changed the draft since this preview. Preview again to see what saving would do now.</p>
        </Banner>
      )}
      <div id="tier-edit-preview" aria-live="polite">
        <BlockStack gap="200">
          <List type="bullet">
            <List.Item>{moves.up}</List.Item>
            <List.Item>{moves.down}</List.Item>
            <List.Item>{moves.unchanged}</List.Item>
          </List>
          {preview.groups.length > 0 && (
            <>
              <Text as="h3" variant="headingSm">
                Where they move
              </Text>
              <List type="bullet">
                {preview.groups.slice(0, GROUPS_SHOWN).map((group) => (
                  <List.Item key={`${group.from}→${group.to}`}>
                    {group.from ?? "No tier"} → {group.to ?? "No tier"}: {group.members}
                  </List.Item>
                ))}
              </List>
            </>
          )}
          <Text as="h3" variant="headingSm">
            Cost
          </Text>
          <List type="bullet">
            <List.Item>{cost.entryRewards}</List.Item>
            <List.Item>{cost.multipliers}</List.Item>
          </List>
        </BlockStack>
      </div>
    </BlockStack>
  );
}
