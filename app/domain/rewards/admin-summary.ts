/**
 * A reward as the merchant reads it on the Rewards page: its kind in words, what it gives,
 * what is left, how often it was redeemed and what it costs as a share of spend. Pure: the
 * route reads the rows and the pricing policy and passes them in.
 */
import { formatMoney } from "../money";
import { COUNTING_STATUSES } from "./availability";
import type { Reward, RewardKind } from "./catalogue";
import type { CostRate } from "./pricing";

export const REWARD_KIND_LABELS: Record<RewardKind, string> = {
  amount_off: "Amount off",
  percent_off: "Percent off",
  free_shipping: "Free shipping",
  free_product: "Free product",
  store_credit: "Store credit",
  custom: "Fulfilled by you",
  points_to_discount: "Spend any amount",
};

/** One line under each kind in the editor's kind picker. */
export const REWARD_KIND_HELP: Record<RewardKind, string> = {
  amount_off: "A code for a fixed amount off an order.",
  percent_off: "A code for a percentage off, optionally on orders over a minimum.",
  free_shipping: "A code for free shipping, up to a shipping price you choose.",
  free_product: "A code that makes one product or variant free: a sample, a coffee.",
  store_credit: "Credit in the customer’s Shopify store-credit account.",
  custom: "Merchandise, an experience or an event you hand over yourself, from the fulfilment queue.",
  points_to_discount: "The shopper picks how many points to spend, in steps you set.",
};

const count = new Intl.NumberFormat("en");

/** What the reward gives, in the shop's currency: "$5.00 off", "10% off orders over $50.00". */
export function rewardValueText(reward: Reward, currencyCode: string): string {
  const money = (minor: number) => formatMoney(minor, currencyCode);
  const over = (minimum: number | null) => (minimum ? ` orders over ${money(minimum)}` : " any order");
  switch (reward.kind) {
    case "amount_off":
      return `${money(reward.valueMinor)} off${over(reward.minimumOrderMinor)}`;
    case "percent_off":
      return `${reward.percentOff}% off${over(reward.minimumOrderMinor)}`;
    case "free_shipping":
      return reward.maxShippingMinor ? `Free shipping up to ${money(reward.maxShippingMinor)}` : "Free shipping";
    case "free_product":
      return `${reward.variantId ? `Variant ${reward.variantId}` : `Product ${reward.productId}`} free, worth ${money(reward.valueMinor)}`;
    case "store_credit":
      return `${money(reward.valueMinor)} store credit`;
    case "custom":
      return reward.valueMinor > 0 ? `Costs you ${money(reward.valueMinor)}` : "Handed over by you";
    case "points_to_discount":
      return `${money(reward.valueMinor)} per ${count.format(reward.costPoints)} points, up to ${count.format(reward.maxPoints)} points`;
  }
}

/** "500 points"; spend-any-amount says it is per step. */
export function rewardCostText(reward: Reward): string {
  const points = `${count.format(reward.costPoints)} ${reward.costPoints === 1 ? "point" : "points"}`;
  return reward.kind === "points_to_discount" ? `${points} a step` : points;
}

export function stockText(stockRemaining: number | null): string {
  return stockRemaining === null ? "Unlimited" : `${count.format(stockRemaining)} left`;
}

/** "~1.0% back", with what it assumes when that is not obvious; a dash without a rate. */
export function costRateText(rate: CostRate | null): string {
  if (!rate) return "—";
  const percent = `~${(rate.rate * 100).toFixed(1)}% back`;
  if (rate.basis === "max_shipping") return `${percent} at most`;
  return percent;
}

/** Redemptions that count (not failed, not cancelled): what the merchant has given out. */
export function redeemedCount(byStatus: Readonly<Record<string, number>>): number {
  return COUNTING_STATUSES.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0);
}
