/**
 * What a redemption costs and is worth, and what a reward costs the merchant. Pure.
 */
import { rewardRate } from "../earning";
import type { Reward } from "./catalogue";

export type RedemptionQuote =
  | { ok: true; points: number; valueMinor: number }
  /** points_to_discount: the points asked for are not a positive multiple of step up to maxPoints. */
  | { ok: false; step: number; maxPoints: number };

/**
 * The points a redemption spends and the value it is issued for (minor units).
 * points_to_discount: the shopper picks the points, a positive multiple of costPoints up to
 * maxPoints (none asked: one step), worth valueMinor per step. Every other kind costs
 * costPoints and ignores requestedPoints; its value is the reward's (0 for percent_off and
 * free_shipping, whose worth depends on the order; a custom reward's cost to the merchant).
 * Whether the shopper has the points is rewardAvailability's and the ledger's question.
 */
export function redemptionQuote(reward: Reward, requestedPoints?: number): RedemptionQuote {
  switch (reward.kind) {
    case "points_to_discount": {
      const step = reward.costPoints;
      const points = requestedPoints ?? step;
      const valid =
        Number.isSafeInteger(points) && step > 0 && points > 0 && points % step === 0 && points <= reward.maxPoints;
      if (!valid) return { ok: false, step, maxPoints: reward.maxPoints };
      return { ok: true, points, valueMinor: (points / step) * reward.valueMinor };
    }
    case "percent_off":
    case "free_shipping":
      return { ok: true, points: reward.costPoints, valueMinor: 0 };
    default:
      return { ok: true, points: reward.costPoints, valueMinor: reward.valueMinor };
  }
}

/**
 * The most points one points_to_discount redemption can spend from a balance: the largest
 * multiple of its step up to both maxPoints and the balance; 0 when not even one step.
 * Other kinds: costPoints when the balance covers it, else 0.
 */
export function affordablePoints(reward: Reward, balance: number): number {
  const step = reward.costPoints;
  if (step <= 0 || balance < step) return 0;
  if (reward.kind !== "points_to_discount") return step;
  const cap = Math.min(reward.maxPoints, Math.max(0, balance));
  return Math.floor(cap / step) * step;
}

export type CostRateBasis = "value" | "max_shipping" | "percent";

export interface CostRate {
  /** What the merchant gives back per unit of currency the shopper spent to earn the reward: 0.01 is "1% back". */
  rate: number;
  /** What the value is taken from: the reward's value, the highest shipping price it covers, or its percentage. */
  basis: CostRateBasis;
}

/**
 * A reward's cost to the merchant as a share of the spend that earned its points, at
 * `pointsPerUnit` points per unit of currency (the shop's purchase policy's rate,
 * app/domain/order-earnings.ts purchasePolicy). Built on rewardRate (app/domain/earning.ts):
 * - amount_off, free_product, store_credit, points_to_discount (one step): their value;
 * - custom: what one costs the merchant (its valueMinor);
 * - percent_off: the percentage of an order of its minimum subtotal; without a minimum, of an
 *   order as large as the spend that earned its points, which is the percentage itself;
 * - free_shipping: valued at its maximum shipping price; null without one (no ceiling, no rate).
 */
export function rewardCostRate(reward: Reward, pointsPerUnit: number, currencyExponent: number): CostRate | null {
  if (reward.kind === "percent_off" && reward.minimumOrderMinor === null) {
    return { rate: reward.percentOff / 100, basis: "percent" };
  }
  const money = rewardMoneyValue(reward);
  if (money === null) return null;
  const rate = rewardRate(
    pointsPerUnit,
    { costPoints: reward.costPoints, valueMinor: money.valueMinor },
    currencyExponent,
  );
  return { rate, basis: money.basis };
}

/**
 * What one redemption is worth in money, for the cost estimates (minor units, possibly
 * fractional): the value of amount_off, free_product, store_credit and one step of
 * points_to_discount; a custom reward's cost to the merchant; percent_off on an order of its
 * minimum subtotal; free_shipping at its maximum shipping price. Null where no amount can be
 * put on it (a percentage without a minimum, free shipping without a ceiling).
 */
export function rewardMoneyValue(reward: Reward): { valueMinor: number; basis: CostRateBasis } | null {
  switch (reward.kind) {
    case "percent_off":
      return reward.minimumOrderMinor === null
        ? null
        : { valueMinor: (reward.minimumOrderMinor * reward.percentOff) / 100, basis: "percent" };
    case "free_shipping":
      return reward.maxShippingMinor === null ? null : { valueMinor: reward.maxShippingMinor, basis: "max_shipping" };
    default:
      return { valueMinor: reward.valueMinor, basis: "value" };
  }
}

/**
 * The catalogue as the rules' and tiers' cost estimates read it (app/domain/rules/cost.ts):
 * each reward's price in points and its money value, those without one left out.
 */
export function pricedRewards(rewards: readonly Reward[]): { costPoints: number; valueMinor: number }[] {
  return rewards.flatMap((reward) => {
    const money = rewardMoneyValue(reward);
    return money && money.valueMinor > 0 && reward.costPoints > 0
      ? [{ costPoints: reward.costPoints, valueMinor: money.valueMinor }]
      : [];
  });
}
