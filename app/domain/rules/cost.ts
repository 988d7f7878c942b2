/**
 * What a spend rule costs the merchant, as the share of spend handed back when the points are
 * redeemed: "~1.5% back". Shown beside each rule so the cost of a change is seen before saving.
 *
 * The rewards come priced in money by app/domain/rewards/pricing.ts (pricedRewards, the same
 * values the Rewards page's cost rates use); those without one are left out. The first-order
 * bonus is left out too: it is a one-off.
 */
import { rewardRate as rateFor } from "../earning";
import { currencyExponent } from "../money";
import type { SpendRule } from "./rule";

export interface ShopReward {
  costPoints: number;
  /** Value to the shopper in minor units of the shop currency (5.00 USD off → 500). */
  valueMinor: number;
}

export interface RewardRate {
  /** Fractions of spend: 0.015 is 1.5 %. `best` is the most generous reward, the real cost ceiling. */
  lowest: number;
  best: number;
  label: string;
}

export function spendRuleRewardRate(
  rule: Pick<SpendRule, "pointsPerUnit">,
  rewards: readonly ShopReward[],
  currencyCode: string,
): RewardRate | null {
  const exponent = currencyExponent(currencyCode);
  const rates = rewards
    .filter((r) => r.costPoints > 0 && r.valueMinor > 0)
    .map((r) => rateFor(rule.pointsPerUnit, r, exponent));
  if (rates.length === 0) return null;
  const lowest = Math.min(...rates);
  const best = Math.max(...rates);
  const label =
    percent(lowest) === percent(best) ? `~${percent(best)}% back` : `~${percent(lowest)}–${percent(best)}% back`;
  return { lowest, best, label };
}

/** 0.015 → "1.5", 0.1 → "10", 0.00333 → "0.33": at most two decimals, no trailing zeros. */
function percent(rate: number): string {
  return String(Math.round(rate * 100 * 100) / 100);
}
