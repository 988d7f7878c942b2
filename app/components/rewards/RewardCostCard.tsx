/**
 * "Shoppers get about 1.0% back": what the reward being edited costs the merchant for each unit
 * a shopper spends to earn it, at the rate purchases earn now, recomputed as the merchant
 * types. The same parse and the same rewardCostRate as the list, in the browser.
 */
import { BlockStack, Card, Text } from "@shopify/polaris";
import { currencyExponent, formatMoney } from "../../domain/money";
import { readRewardRow } from "../../domain/rewards/catalogue";
import { rewardFormInput } from "../../domain/rewards/form-fields";
import { rewardFormSchema } from "../../domain/rewards/form";
import { rewardCostRate, type CostRate } from "../../domain/rewards/pricing";

/** The draft's cost rate, or null while the fields do not yet describe a reward. */
export function draftCostRate(
  fields: Record<string, string>,
  currencyCode: string,
  pointsPerUnit: number,
): CostRate | null {
  const parsed = rewardFormSchema(currencyCode).safeParse(rewardFormInput(fields));
  if (!parsed.success) return null;
  const reward = readRewardRow({ ...parsed.data, id: "draft", position: 0, active: true });
  return rewardCostRate(reward, pointsPerUnit, currencyExponent(currencyCode));
}

const BASIS_NOTE: Record<CostRate["basis"], string> = {
  value: "",
  max_shipping: "At most: valued at the highest shipping price it covers.",
  percent: "Valued on an order of its minimum subtotal, or without one on the spend that earned its points.",
};

export function RewardCostCard({
  fields,
  currencyCode,
  pointsPerUnit,
}: {
  fields: Record<string, string>;
  currencyCode: string;
  pointsPerUnit: number;
}) {
  const rate = draftCostRate(fields, currencyCode, pointsPerUnit);
  const exponent = currencyExponent(currencyCode);
  const hundred = formatMoney(100 * 10 ** exponent, currencyCode);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          What this costs you
        </Text>
        {pointsPerUnit <= 0 ? (
          <Text as="p" tone="subdued">
            Purchases earn no points at the moment, so no spend pays for this reward.
          </Text>
        ) : rate === null ? (
          <Text as="p" tone="subdued">
            {fields.kind === "free_shipping"
              ? "Set the highest shipping price it covers to see what it costs you."
              : "Fill in the cost and what it gives to see how much shoppers get back."}
          </Text>
        ) : (
          <>
            <Text as="p" variant="headingLg" id="reward-cost-rate">
              Shoppers get about {(rate.rate * 100).toFixed(1)}% back
            </Text>
            <Text as="p" tone="subdued">
              For every {hundred} a shopper spends to earn it, you give back about{" "}
              {formatMoney(Math.round(rate.rate * 100 * 10 ** exponent), currencyCode)}.
            </Text>
            {BASIS_NOTE[rate.basis] && (
              <Text as="p" tone="subdued">
                {BASIS_NOTE[rate.basis]}
              </Text>
            )}
          </>
        )}
      </BlockStack>
    </Card>
  );
}
