/**
 * "Shoppers get about 5.0% back": the cost of the programme in one number, recomputed from
 * what the merchant is typing so a change can be judged before it is saved.
 */
import { BlockStack, Card, Text } from "@shopify/polaris";
import { rewardRate } from "../domain/earning";
import { currencyExponent, formatMoney, toMinorUnits } from "../domain/money";

export interface RateInputs {
  pointsPerUnit: string;
  rewardCostPoints: string;
  rewardValue: string;
}

/** The rate as a fraction (0.05), or null while the fields do not yet describe a programme. */
export function previewRate(fields: RateInputs, currencyCode: string): number | null {
  const exponent = currencyExponent(currencyCode);
  const pointsPerUnit = Number(fields.pointsPerUnit);
  const costPoints = Number(fields.rewardCostPoints);
  const valueMinor = toMinorUnits(fields.rewardValue, exponent);
  const valid = (n: number) => Number.isInteger(n) && n > 0;
  if (!valid(pointsPerUnit) || !valid(costPoints) || valueMinor === null || valueMinor <= 0) return null;
  return rewardRate(pointsPerUnit, { costPoints, valueMinor }, exponent);
}

export function RewardRatePreview({ fields, currencyCode }: { fields: RateInputs; currencyCode: string }) {
  const rate = previewRate(fields, currencyCode);
  const exponent = currencyExponent(currencyCode);
  const hundred = formatMoney(100 * 10 ** exponent, currencyCode);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          What this costs you
        </Text>
        {rate === null ? (
          <Text as="p" tone="subdued">
            Fill in the points and the reward to see how much shoppers get back.
          </Text>
        ) : (
          <>
            <Text as="p" variant="headingLg" id="reward-rate">
              Shoppers get about {(rate * 100).toFixed(1)}% back
            </Text>
            <Text as="p" tone="subdued">
              For every {hundred} a shopper spends, you give back about{" "}
              {formatMoney(Math.round(rate * 100 * 10 ** exponent), currencyCode)} in rewards.
            </Text>
          </>
        )}
      </BlockStack>
    </Card>
  );
}
