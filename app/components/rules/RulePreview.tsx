/**
 * What the rule gives and costs, recomputed from what the merchant is typing, so the cost
 * of a change is seen before it is saved.
 */
import { BlockStack, Card, Text } from "@shopify/polaris";
import { parseRuleForm, type RuleFields } from "../../domain/rules/form";
import type { ShopReward } from "../../domain/rules/cost";
import type { RuleKind } from "../../domain/rules/rule";
import { ruleCost, ruleSummary } from "../../domain/rules/summary";

export interface RulePreviewProps {
  kind: RuleKind;
  fields: RuleFields;
  currencyCode: string;
  timeZone: string;
  rewards: ShopReward[];
  engagementPaused: boolean;
}

export function RulePreview({ kind, fields, currencyCode, timeZone, rewards, engagementPaused }: RulePreviewProps) {
  const parsed = parseRuleForm(kind, fields, { currencyCode, timeZone });
  const cost = parsed.ok ? ruleCost(parsed.rule, rewards, currencyCode) : null;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          What this rule gives
        </Text>
        {parsed.ok ? (
          <>
            <Text as="p" id="rule-summary">
              {ruleSummary(parsed.rule, currencyCode)}
            </Text>
            <Text as="h2" variant="headingSm">
              What it costs you
            </Text>
            <Text as="p" variant="headingMd" id="rule-cost">
              {cost ?? "—"}
            </Text>
            <Text as="p" tone="subdued">
              {!cost
                ? "None of your rewards has a money value yet, so the cost cannot be put in money."
                : kind === "spend"
                  ? "The share of spend shoppers get back when they redeem their points, at your rewards."
                  : "What the points buy at your rewards, each time the rule gives them: when your rewards differ, from the reward that gives least per point to the one that gives most."}
            </Text>
            {kind !== "spend" && kind !== "referral" && engagementPaused && (
              <Text as="p" tone="caution">
                All engagement rules are paused in Settings: this rule gives nothing until they are resumed.
              </Text>
            )}
          </>
        ) : (
          <Text as="p" tone="subdued">
            Fill in the fields marked to see what this rule gives and costs.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
