/**
 * An order as the rules engine sees it, for pricing (./order-earnings.ts). Pure: the caller
 * passes the order payload, the product tags it looked up and whether this is the customer's
 * first order.
 *
 * The engine's `order_paid` event wants each line's share of the eligible spend. Shopify's
 * lines carry the unit price, the quantity, their discounts and, in tax-inclusive shops,
 * their tax; the order's eligible spend (`eligibleSpendMinor`) is the authority, and it is
 * shared out over the lines in proportion to what each line really cost, so the lines always
 * add up to the order exactly and an excluded line never takes out more than it was worth.
 */
import { eligibleSpendMinor, type OrderAmounts } from "./earning";
import { currencyExponent, toMinorUnits } from "./money";
import { ruleKeys, type History, type Rule, type RuleEvent } from "./rules";

type OrderPaid = Extract<RuleEvent, { type: "order_paid" }>;

export interface OrderLineAmounts {
  product_id?: number | string | null;
  /** Unit price before discounts. */
  price?: string | null;
  quantity?: number | null;
  /** Older payloads: the line's discount in one figure. */
  total_discount?: string | null;
  /** Every discount on the line, order-level discounts' shares included. */
  discount_allocations?: { amount?: string | null }[] | null;
  tax_lines?: { price?: string | null }[] | null;
}

export interface OrderForRules extends OrderAmounts {
  id: number | string;
  source_name?: string | null;
  location_id?: number | string | null;
  line_items?: OrderLineAmounts[] | null;
  created_at?: string | null;
}

export interface LineSpend {
  productId?: string;
  spendMinor: number;
}

/**
 * Shares `total` out over `weights` in proportion, in whole units that add up to `total`
 * exactly (largest remainder first, then the earlier line). Weights are whole, ≥ 0.
 */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + Math.max(0, w), 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  // BigInt: spend × weight can pass 2^53 on a large order.
  const exact = weights.map((w) => BigInt(Math.max(0, w)) * BigInt(total));
  const shares = exact.map((e) => e / BigInt(sum));
  let left = total - shares.reduce((a, s) => a + Number(s), 0);
  const byRemainder = exact
    .map((e, index) => ({ index, remainder: e % BigInt(sum) }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    shares[index]! += 1n;
    left--;
  }
  return shares.map(Number);
}

/** What each line cost the shopper: price × quantity, less its discounts (and tax, when included). */
function lineCostMinor(line: OrderLineAmounts, exponent: number, taxesIncluded: boolean): number {
  const minor = (value: string | null | undefined) => (value == null ? 0 : (toMinorUnits(value, exponent) ?? 0));
  const gross = minor(line.price) * Math.max(0, line.quantity ?? 0);
  const allocations = line.discount_allocations ?? [];
  const discount =
    allocations.length > 0 ? allocations.reduce((s, a) => s + minor(a.amount), 0) : minor(line.total_discount);
  const tax = taxesIncluded ? (line.tax_lines ?? []).reduce((s, t) => s + minor(t.price), 0) : 0;
  return Math.max(0, gross - discount - tax);
}

/** Each line's share of the order's eligible spend; the shares add up to it exactly. */
export function lineSpends(order: OrderForRules): LineSpend[] {
  const lines = order.line_items ?? [];
  const exponent = currencyExponent(order.currency);
  const costs = lines.map((line) => lineCostMinor(line, exponent, Boolean(order.taxes_included)));
  const shares = allocateProportionally(eligibleSpendMinor(order), costs);
  return lines.map((line, i) => ({
    ...(line.product_id != null ? { productId: String(line.product_id) } : {}),
    spendMinor: shares[i]!,
  }));
}

/** The engine's `order_paid` event for a Shopify order. */
export function orderPaidEvent(
  order: OrderForRules,
  facts: { productTags: ReadonlyMap<string, readonly string[]>; isFirstOrder: boolean },
): OrderPaid {
  return {
    type: "order_paid",
    orderId: String(order.id),
    currency: order.currency,
    spendMinor: eligibleSpendMinor(order),
    lines: lineSpends(order).map((line) => ({
      ...line,
      productTags: line.productId ? [...(facts.productTags.get(line.productId) ?? [])] : [],
    })),
    // Shopify always names the source; an order without one matches no channel.
    sourceName: order.source_name ?? "",
    ...(order.location_id != null ? { locationId: String(order.location_id) } : {}),
    isFirstOrder: facts.isFirstOrder,
  };
}

/**
 * When the order was placed, for the rules' start and end dates: a shopper who ordered
 * during a "double points weekend" keeps the promise even if payment lands on Monday.
 * A missing, unreadable or future date falls back to `now`.
 */
export function orderTime(order: Pick<OrderForRules, "created_at">, now: Date): Date {
  const placed = order.created_at ? Date.parse(order.created_at) : NaN;
  return Number.isFinite(placed) && placed <= now.getTime() ? new Date(placed) : now;
}

/** Rules that need product tags to be priced: active spend rules that exclude some. */
export function needsProductTags(rules: readonly Rule[]): boolean {
  return rules.some((rule) => rule.kind === "spend" && rule.active && rule.excludedProductTags.length > 0);
}

/** A spend rule that paid an order, and the order's time: one count against its limits. */
export interface SpendAward {
  ruleId: string;
  at: string;
}

/**
 * The member's spend-rule history from their other orders (OrderAccount.spendAwards), in the
 * engine's terms: one past award per rule and order, at the order's time. Unreadable values
 * count as nothing rather than stopping an order from being priced.
 */
export function spendHistory(orders: readonly { orderId: string; spendAwards: string }[]): History {
  return orders.flatMap((order) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(order.spendAwards);
    } catch {
      return [];
    }
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((entry: unknown) => {
      const { ruleId, at } = (entry ?? {}) as Partial<SpendAward>;
      const when = typeof at === "string" ? new Date(at) : null;
      if (typeof ruleId !== "string" || !when || Number.isNaN(when.getTime())) return [];
      return [{ ruleId, key: ruleKeys.order(ruleId, order.orderId), at: when }];
    });
  });
}
