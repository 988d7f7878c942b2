// TEMPORARY (storefront helper): replaced by engineer A's module
/**
 * A stand-in for engineer A's reward pricing with the brief's signature: the best running
 * reward_price campaign for a reward (the lowest points price, then the most value). Pure.
 */
import type { Reward } from "../rewards/catalogue";
import type { RunningCampaign } from "./schedule";

function priced(reward: Reward, costPercentOff: number, valuePercentUp: number): Reward {
  const costPoints = Math.max(1, Math.ceil((reward.costPoints * (100 - costPercentOff)) / 100));
  const up = (value: number) => Math.floor((value * (100 + valuePercentUp)) / 100);
  if (reward.kind === "percent_off") return { ...reward, costPoints, percentOff: Math.min(100, up(reward.percentOff)) };
  if (reward.kind === "amount_off" || reward.kind === "store_credit" || reward.kind === "points_to_discount") {
    return { ...reward, costPoints, valueMinor: up(reward.valueMinor) };
  }
  return { ...reward, costPoints };
}

export function rewardAtCampaignPrice(
  reward: Reward,
  running: readonly RunningCampaign[],
): { reward: Reward; campaignId: string | null; regularCostPoints: number; regularValueMinor: number } {
  const regularValueMinor = "valueMinor" in reward ? reward.valueMinor : 0;
  let best: { reward: Reward; campaignId: string | null } = { reward, campaignId: null };
  for (const campaign of running) {
    const { effect } = campaign;
    if (effect.type !== "reward_price") continue;
    if (effect.rewardIds.length > 0 && !effect.rewardIds.includes(reward.id)) continue;
    const candidate = priced(reward, effect.costPercentOff, effect.valuePercentUp);
    if (best.campaignId === null || candidate.costPoints < best.reward.costPoints) {
      best = { reward: candidate, campaignId: campaign.id };
    }
  }
  return { ...best, regularCostPoints: reward.costPoints, regularValueMinor };
}
