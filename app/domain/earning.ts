/**
 * How an order turns into points. Pure: the webhook handler passes the order payload in.
 *
 * Spend is the subtotal after discounts, with shipping and tax excluded. Shopify's
 * `subtotal_price` is already after discounts and before shipping; when the shop enters
 * prices with tax included it contains the tax on the items, which we take back out.
 */
import { currencyExponent, formatOneUnit, toMinorUnits } from "./money";

export interface OrderAmounts {
  currency: string;
  subtotal_price?: string | null;
  total_tax?: string | null;
  taxes_included?: boolean | null;
  shipping_lines?: { tax_lines?: { price?: string | null }[] | null }[] | null;
}

/** Eligible spend in minor units of the shop currency; never negative. */
export function eligibleSpendMinor(order: OrderAmounts): number {
  const exponent = currencyExponent(order.currency);
  const minor = (value: string | null | undefined) => (value == null ? 0 : (toMinorUnits(value, exponent) ?? 0));

  let spend = minor(order.subtotal_price);
  if (order.taxes_included) {
    const shippingTax = (order.shipping_lines ?? [])
      .flatMap((line) => line.tax_lines ?? [])
      .reduce((sum, tax) => sum + minor(tax.price), 0);
    spend -= minor(order.total_tax) - shippingTax;
  }
  return Math.max(0, spend);
}

/**
 * Whole points for a spend: `pointsPerUnit` for every whole unit of currency, rounded down
 * so that the programme never gives more than the merchant promised.
 */
export function pointsForSpend(spendMinor: number, exponent: number, pointsPerUnit: number): number {
  if (spendMinor <= 0 || pointsPerUnit <= 0) return 0;
  return Math.floor((spendMinor * pointsPerUnit) / 10 ** exponent);
}

export function pointsForOrder(order: OrderAmounts, pointsPerUnit: number): number {
  return pointsForSpend(eligibleSpendMinor(order), currencyExponent(order.currency), pointsPerUnit);
}

/**
 * The reward rate a merchant is offering: the value returned per unit spent, e.g. 0.05 for
 * "5% back". Shown next to the settings so the cost of a change is seen before saving.
 */
export function rewardRate(
  pointsPerUnit: number,
  reward: { costPoints: number; valueMinor: number },
  exponent: number,
): number {
  if (reward.costPoints <= 0) return 0;
  const valuePerPoint = reward.valueMinor / 10 ** exponent / reward.costPoints;
  return pointsPerUnit * valuePerPoint;
}

/** "1 point for every $1 spent" */
export function earnSummary(pointsPerUnit: number, currencyCode: string): string {
  return `${pointsPerUnit} ${pointsPerUnit === 1 ? "point" : "points"} for every ${formatOneUnit(currencyCode)} spent`;
}
