/**
 * The spend rule: points for what an order really cost the shopper, on the channels the
 * merchant chose, without the products the merchant excluded (gift cards, clearance...).
 */
import type { Claim, ClaimResult } from "./claim";
import type { History } from "./context";
import type { EventOfType } from "./event";
import { ruleKeys } from "./keys";
import { currencyExponent, formatMoney } from "../money";
import { pointsText, refusal } from "./refusal";
import type { Channel, SpendRule } from "./rule";

type OrderPaid = EventOfType<"order_paid">;

const SHOPIFY_SOURCES = { online_store: "web", pos: "pos", draft_order: "shopify_draft_order" } as const;

export function channelIncludes(channel: Channel, order: Pick<OrderPaid, "sourceName" | "locationId">): boolean {
  const source = order.sourceName.trim().toLowerCase();
  switch (channel.type) {
    case "online_store":
    case "draft_order":
      return source === SHOPIFY_SOURCES[channel.type];
    case "pos":
      if (source !== SHOPIFY_SOURCES.pos) return false;
      // A POS order without a location cannot prove it came from a chosen store.
      return !channel.locationIds || (order.locationId !== undefined && channel.locationIds.includes(order.locationId));
    case "source_name":
      return source === channel.sourceName.trim().toLowerCase();
    case "every":
      return true;
  }
}

/**
 * Points for a spend, computed exactly: the rate is held in hundredths and the product in
 * BigInt, so neither 0.1-style rates nor very large orders lose or invent a point.
 */
export function spendPoints(
  spendMinor: number,
  exponent: number,
  pointsPerUnit: number,
  rounding: "down" | "nearest",
): number {
  if (spendMinor <= 0 || pointsPerUnit <= 0) return 0;
  const numerator = BigInt(spendMinor) * BigInt(Math.round(pointsPerUnit * 100));
  const denominator = 100n * 10n ** BigInt(exponent);
  const down = numerator / denominator;
  const points = rounding === "nearest" && (numerator % denominator) * 2n >= denominator ? down + 1n : down;
  return Number(points);
}

/** Spend after taking out the lines whose product carries an excluded tag (case-insensitive). */
export function spendAfterExclusions(rule: SpendRule, order: OrderPaid): { spendMinor: number; excludedMinor: number } {
  const excluded = new Set(rule.excludedProductTags.map((t) => t.trim().toLowerCase()));
  const excludedMinor = order.lines
    .filter((line) => line.productTags.some((tag) => excluded.has(tag.trim().toLowerCase())))
    .reduce((sum, line) => sum + line.spendMinor, 0);
  return { spendMinor: Math.max(0, order.spendMinor - excludedMinor), excludedMinor };
}

export function spendClaims(rule: SpendRule, order: OrderPaid, history: History, customerId: string): ClaimResult {
  if (!rule.channels.some((channel) => channelIncludes(channel, order))) {
    return { refusal: refusal(rule.id, "channel_not_included", "Orders from this sales channel do not earn points.") };
  }
  // The minimum is on the order as the shopper sees it, before product exclusions.
  if (order.spendMinor < rule.minimumOrderMinor) {
    const minimum = formatMoney(rule.minimumOrderMinor, order.currency);
    return { refusal: refusal(rule.id, "below_minimum", `Orders earn points from ${minimum}.`) };
  }
  const { spendMinor, excludedMinor } = spendAfterExclusions(rule, order);
  if (excludedMinor > 0 && spendMinor === 0) {
    return { refusal: refusal(rule.id, "excluded_product", "The products in this order do not earn points.") };
  }
  const points = spendPoints(spendMinor, currencyExponent(order.currency), rule.pointsPerUnit, rule.rounding);
  // History is a second witness for "first": any earlier award from this rule means it is not.
  const firstOrder = order.isFirstOrder && !history.some((past) => past.ruleId === rule.id);
  const bonus = firstOrder ? rule.firstOrderBonusPoints : 0;
  const money = formatMoney(spendMinor, order.currency);
  const claim: Claim = {
    awards: [
      {
        customerId,
        key: ruleKeys.order(rule.id, order.orderId),
        basePoints: points + bonus,
        bonusPoints: bonus,
        reason: (total) =>
          `${pointsText(total)} for a ${money} order` + (bonus > 0 ? `, first-order bonus included` : ""),
      },
    ],
  };
  return { claims: [claim] };
}
