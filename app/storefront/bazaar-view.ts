/**
 * The Bazaar's pieces of the customer view (./storefront-api.ts's bazaarRewardSchema and
 * redemptionViewSchema), from a reward with what the availability check said about it, and
 * from a stored redemption with its status. Codes and numbers only: the widget words them.
 * Pure: the availability and status themselves come from app/domain/rewards.
 */
import type { Availability } from "../domain/rewards/availability";
import type { Reward, RewardKind, RewardText } from "../domain/rewards/catalogue";
import type { BazaarReward, Money, RedemptionView } from "./storefront-api";

const money = (amountMinor: number, currency: string): Money => ({ amountMinor, currency });

/** What the shopper is told a reward is worth (see bazaarRewardSchema's `value`). */
function shownValue(reward: Reward, currency: string): Money | null {
  switch (reward.kind) {
    case "amount_off":
    case "store_credit":
    case "free_product":
    case "points_to_discount":
      return money(reward.valueMinor, currency);
    case "free_shipping":
      return reward.maxShippingMinor === null ? null : money(reward.maxShippingMinor, currency);
    case "percent_off":
    case "custom":
      return null;
  }
}

function minimumOrderOf(reward: Reward, currency: string): Money | null {
  const minimum = "minimumOrderMinor" in reward ? reward.minimumOrderMinor : null;
  return minimum === null ? null : money(minimum, currency);
}

/**
 * `reward` at the price the shopper pays now; `regularCostPoints`: its regular price while a
 * running campaign lowers it (null otherwise).
 */
export function bazaarRewardOf(
  reward: Reward,
  text: RewardText,
  availability: Availability,
  currency: string,
  regularCostPoints: number | null = null,
): BazaarReward {
  return {
    id: reward.id,
    kind: reward.kind,
    title: text.title,
    description: text.description,
    imageUrl: reward.imageUrl,
    costPoints: reward.costPoints,
    value: shownValue(reward, currency),
    percentOff: reward.kind === "percent_off" ? reward.percentOff : null,
    minimumOrder: minimumOrderOf(reward, currency),
    maxPoints: reward.kind === "points_to_discount" ? reward.maxPoints : null,
    stockRemaining: reward.stockRemaining,
    expiresInDays: reward.codeExpiryDays,
    available: availability.available,
    lockedReason: availability.lockedReason,
    pointsNeeded: availability.lockedReason === "points" ? availability.pointsNeeded : null,
    unlockTier: availability.lockedReason === "tier" ? availability.unlockTier : null,
    redeemFrom: availability.lockedReason === "not_started" ? (availability.redeemFrom?.toISOString() ?? null) : null,
    availableAgainOn:
      availability.lockedReason === "period_limit_reached"
        ? (availability.availableAgainOn?.toISOString() ?? null)
        : null,
    regularCostPoints,
  };
}

/** A stored Redemption row's columns the view reads. */
export interface RedemptionRow {
  id: string;
  rewardId: string | null;
  kind: string;
  rewardTitle: string;
  pointsSpent: number;
  valueMinor: number;
  currencyCode: string;
  code: string | null;
  status: string;
  expiresAt: Date | null;
  usedAt: Date | null;
  createdAt: Date;
}

/** Kinds whose redemption has a money value to show (the others: a percentage, shipping, a service). */
const VALUED_KINDS: readonly RewardKind[] = ["amount_off", "store_credit", "free_product", "points_to_discount"];

export function redemptionViewOf(
  row: RedemptionRow & { kind: RewardKind },
  shown: { status: RedemptionView["status"]; cancellable: boolean },
): RedemptionView {
  return {
    id: row.id,
    rewardId: row.rewardId,
    kind: row.kind,
    title: row.rewardTitle,
    pointsSpent: row.pointsSpent,
    code: row.code,
    value: VALUED_KINDS.includes(row.kind) ? money(row.valueMinor, row.currencyCode) : null,
    status: shown.status,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    cancellable: shown.cancellable,
  };
}
