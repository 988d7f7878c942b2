/**
 * How much of an order's eligible spend a refund gives back, in minor units of the order's
 * currency. Pure.
 *
 * A refund is read in the currency of its order (OrderAccount.currencyCode, the order's
 * `currency`), never the shop's stored one: with the wrong exponent a 1% refund of a ¥10,000
 * order read as USD counts 100 times over and takes back every point. Where a line carries
 * its own money (`subtotal_set.shop_money`, an exact decimal string with its currency code)
 * that is used; otherwise `subtotal` (a JSON number in Shopify's documented payload).
 */
import { currencyExponent, requireMinorUnits, sumMinor } from "./money";

export interface RefundLineAmounts {
  subtotal?: string | number | null;
  subtotal_set?: { shop_money?: { amount?: string | number | null; currency_code?: string | null } | null } | null;
}

export function refundAmountMinor(
  refund: { id: number | string; refund_line_items?: readonly RefundLineAmounts[] | null },
  orderCurrency: string,
): number {
  const what = `Refund ${refund.id}`;
  const lines = (refund.refund_line_items ?? []).map((line) => {
    const own = line.subtotal_set?.shop_money;
    const [amount, currency] =
      own?.amount != null && own.currency_code ? [own.amount, own.currency_code] : [line.subtotal ?? 0, orderCurrency];
    return Math.max(0, requireMinorUnits(what, amount, currencyExponent(currency)));
  });
  return sumMinor(what, lines);
}
