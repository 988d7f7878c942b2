/**
 * Who prices purchases, decided in one place for the three readers that must agree: order
 * pricing (the points an order earns), the admin (which rate it tells the merchant is in
 * force) and the storefront (what the widget tells shoppers purchases earn). Pure.
 *
 * The shop's spend rules price orders as soon as it has one, switched off or unreadable
 * included: a merchant who paused their only spend rule paused purchase points, not reverted
 * to a rate. Without any, the Settings rate (Shop.pointsPerUnit) does, as before rules existed.
 */
import { availabilityRefusal, type EvaluationContext, type Rule, type SpendRule } from "./rules";

export type PurchasePricing =
  { source: "settings_rate"; pointsPerUnit: number } | { source: "spend_rules"; rules: SpendRule[] };

/** A rule as stored: its kind column, and the rule when its definition reads. */
export interface StoredRuleKind {
  kind: string;
  rule: Rule | null;
}

export function purchasePricing(stored: readonly StoredRuleKind[], settingsRate: number): PurchasePricing {
  if (!stored.some((s) => s.kind === "spend")) return { source: "settings_rate", pointsPerUnit: settingsRate };
  return { source: "spend_rules", rules: stored.flatMap((s) => (s.rule?.kind === "spend" ? [s.rule] : [])) };
}

/**
 * One way purchases earn now, as data for the shopper's own language: `pointsPerUnit` for
 * every whole unit of the shop's currency spent, on orders from `minimumOrderMinor`, plus
 * `firstOrderBonusPoints` on a first order.
 */
export interface PurchaseOffer {
  pointsPerUnit: number;
  minimumOrderMinor: number;
  firstOrderBonusPoints: number;
}

/**
 * What an online-store order placed now would earn under the pricing: the Settings rate, or
 * one offer per spend rule that is switched on, within its dates and open to the online
 * store (the engine adds up every rule that pays, so each is its own line). Empty: purchases
 * earn nothing at the moment.
 */
export function purchaseOffers(pricing: PurchasePricing, now: Date): PurchaseOffer[] {
  if (pricing.source === "settings_rate") {
    return pricing.pointsPerUnit > 0
      ? [{ pointsPerUnit: pricing.pointsPerUnit, minimumOrderMinor: 0, firstOrderBonusPoints: 0 }]
      : [];
  }
  return pricing.rules
    .filter((rule) => availabilityRefusal(rule, contextAt(now)) === null)
    .filter((rule) => rule.channels.some((channel) => channel.type === "online_store"))
    .map((rule) => ({
      pointsPerUnit: rule.pointsPerUnit,
      minimumOrderMinor: rule.minimumOrderMinor,
      firstOrderBonusPoints: rule.firstOrderBonusPoints,
    }));
}

// Spend rules have no account checks: only `now` matters to their availability.
function contextAt(now: Date): EvaluationContext {
  return { now, timeZone: "UTC", engagementPaused: false, member: { id: "shopper", createdAt: now, verified: true } };
}
