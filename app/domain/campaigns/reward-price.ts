/**
 * A reward at a running campaign's price ("richer rewards in slow periods"): the campaign's
 * `reward_price` effect (./definition.ts) lowers the points price and/or raises the value of
 * chosen rewards while it runs. Pure. `redemptionQuote` (app/domain/rewards/pricing.ts) stays
 * the one place a redemption is priced: it is handed the reward this returns.
 */
import type { Reward } from "../rewards/catalogue";
import type { RunningCampaign } from "./schedule";

type RewardPrice = Extract<RunningCampaign["effect"], { type: "reward_price" }>;

/** The reward as one reward_price effect changes it. */
export function repricedReward(reward: Reward, effect: RewardPrice): Reward {
  // Rounded up, at least 1: a discount never makes a reward free.
  const costPoints = Math.max(1, Math.ceil((reward.costPoints * (100 - effect.costPercentOff)) / 100 - 1e-9));
  const raised = (value: number) => Math.floor((value * (100 + effect.valuePercentUp)) / 100 + 1e-9);
  switch (reward.kind) {
    case "amount_off":
    case "store_credit":
    case "points_to_discount":
      return withCost({ ...reward, valueMinor: raised(reward.valueMinor) }, costPoints);
    case "percent_off":
      return withCost({ ...reward, percentOff: Math.min(100, raised(reward.percentOff)) }, costPoints);
    default:
      // Free shipping, a free product, a custom reward: no value to raise, only the price.
      return withCost(reward, costPoints);
  }
}

/**
 * A points_to_discount's step is its price: its maximum stays the same number of steps, so the
 * shopper can still spend up to as many discounts as before.
 */
function withCost(reward: Reward, costPoints: number): Reward {
  if (reward.kind !== "points_to_discount" || reward.costPoints === costPoints) return { ...reward, costPoints };
  const steps = Math.max(1, Math.floor(reward.maxPoints / reward.costPoints));
  return { ...reward, costPoints, maxPoints: steps * costPoints };
}

/** What a reward is worth per point: its value (percent_off: its percentage) over its price. */
function worthPerPoint(reward: Reward): number {
  const value =
    reward.kind === "percent_off"
      ? reward.percentOff
      : "valueMinor" in reward && reward.kind !== "custom"
        ? reward.valueMinor
        : 1;
  return value / reward.costPoints;
}

/**
 * The reward at the best running reward_price campaign that names it (or names none: every
 * reward), with the regular price and value it replaces; the best is the one giving the most
 * value per point (the first of equals, in the merchant's order). None: the reward unchanged,
 * campaignId null.
 */
export function rewardAtCampaignPrice(
  reward: Reward,
  running: readonly RunningCampaign[],
): { reward: Reward; campaignId: string | null; regularCostPoints: number; regularValueMinor: number } {
  const regular = {
    regularCostPoints: reward.costPoints,
    regularValueMinor: "valueMinor" in reward ? reward.valueMinor : 0,
  };
  let best: { reward: Reward; campaignId: string } | null = null;
  for (const campaign of running) {
    const { effect } = campaign;
    if (effect.type !== "reward_price") continue;
    if (effect.rewardIds.length > 0 && !effect.rewardIds.includes(reward.id)) continue;
    const repriced = repricedReward(reward, effect);
    if (!best || worthPerPoint(repriced) > worthPerPoint(best.reward))
      best = { reward: repriced, campaignId: campaign.id };
  }
  return best ? { ...best, ...regular } : { reward, campaignId: null, ...regular };
}
