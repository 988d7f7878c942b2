/**
 * What the campaign as typed would have cost over a comparable past period (the campaign
 * editor's "Preview cost"): extra points, their value in the shop currency, the period and
 * what the estimate is based on. Empty until previewed.
 */
import { BlockStack, Card, Text } from "@shopify/polaris";
import { shopTimeText } from "../../domain/campaigns/admin-summary";
import { formatMoney } from "../../domain/money";

export interface ProjectionView {
  from: string;
  to: string;
  extraPoints: number;
  valueMinor: number | null;
  basis: { orders: number; awards: number; redemptions: number };
}

const count = new Intl.NumberFormat("en");
const plural = (n: number, one: string) => `${count.format(n)} ${n === 1 ? one : `${one}s`}`;

export function ProjectionCard({
  projection,
  currencyCode,
  timeZone,
}: {
  projection: ProjectionView | null;
  currencyCode: string;
  timeZone: string;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Projected cost
        </Text>
        {projection === null ? (
          <Text as="p" tone="subdued">
            Choose “Preview cost” to see what this campaign would have given over a comparable period of your own orders
            and events. Nothing is saved by a preview.
          </Text>
        ) : (
          <BlockStack gap="200">
            <Text as="p" variant="headingLg" id="campaign-projection-points">
              {plural(projection.extraPoints, "extra point")}
            </Text>
            <Text as="p" id="campaign-projection-value">
              {projection.valueMinor === null
                ? "Worth: no priced reward to value points by yet."
                : `Worth about ${formatMoney(projection.valueMinor, currencyCode)} when spent on rewards.`}
            </Text>
            <Text as="p" tone="subdued">
              Compared with {shopTimeText(new Date(projection.from), timeZone)} to{" "}
              {shopTimeText(new Date(projection.to), timeZone)}, from {plural(projection.basis.orders, "order")},{" "}
              {plural(projection.basis.awards, "other award")} and {plural(projection.basis.redemptions, "redemption")}.
            </Text>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
