/**
 * The Bazaar's pieces of the customer view (./storefront-api.ts's bazaarRewardSchema and
 * redemptionViewSchema), from a reward with what the availability check said about it, and
 * from a stored redemption with its status. Codes and numbers only: the widget words them.
 * Pure: the availability and status themselves come from app/domain/rewards.
 */
import type { Reward, RewardKind, RewardText } from "../domain/rewards/catalogue";
import type { BazaarReward, LockedReason, Money, RedemptionView } from "./storefront-api";

/** What app/domain/rewards/availability.ts answers for one reward and one shopper. */
export interface RewardAvailabilityFacts {
  available: boolean;
  lockedReason: LockedReason | null;
  pointsNeeded: number | null;
  unlockTier: { id: string; name: string } | null;
  redeemFrom: Date | null;
  availableAgainOn: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A shopper's counting redemptions of one reward as the availability check reads them: how
 * many ever, and the dates of those within the reward's period (none without a period).
 */
export function redeemedOf(
  reward: Pick<Reward, "limits">,
  createdAts: readonly Date[],
  now: Date,
): { total: number; inWindow: Date[] } {
  const period = reward.limits.perPeriod;
  const since = period ? now.getTime() - period.days * DAY_MS : Infinity;
  return { total: createdAts.length, inWindow: createdAts.filter((at) => at.getTime() > since) };
}

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

export function bazaarRewardOf(
  reward: Reward,
  text: RewardText,
  availability: RewardAvailabilityFacts,
  currency: string,
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
