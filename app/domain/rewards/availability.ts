/**
 * Whether a shopper may redeem a reward now, and if not why. One function for the storefront
 * view and the redeem check (app/rewards/redeem.server.ts), so what the widget offers and what
 * the server accepts cannot disagree. Pure: the caller passes `now` and what it read.
 */
import type { LOCKED_REASONS } from "../../storefront/storefront-api";
import type { Reward } from "./catalogue";

export type LockedReason = (typeof LOCKED_REASONS)[number];

/** Stored Redemption.status values (prisma/schema.prisma). */
export const REDEMPTION_STATES = ["pending", "issued", "failed", "cancelled", "fulfilled"] as const;
export type RedemptionState = (typeof REDEMPTION_STATES)[number];

/**
 * The redemptions that count towards a reward's limits: points are spent and not given back.
 * Failed and cancelled ones returned their points, so they do not use up a limit.
 */
export const COUNTING_STATUSES = ["pending", "issued", "fulfilled"] as const satisfies readonly RedemptionState[];

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TierRank {
  id: string;
  /** The tier's rank: higher is better. */
  position: number;
}

export interface AvailabilityContext {
  now: Date;
  signedIn: boolean;
  balance: number;
  /** The member's tier; null for a guest or a member without one. */
  memberTier: TierRank | null;
  /** The shop's tiers. */
  tiers: readonly (TierRank & { name: string })[];
  redeemed: {
    /** This customer's counting redemptions of this reward, ever. */
    total: number;
    /**
     * createdAt of this customer's counting redemptions of this reward within the last
     * limits.perPeriod.days. Older ones may be passed too: they are left out here.
     */
    inWindow: readonly Date[];
  };
}

export interface Availability {
  available: boolean;
  lockedReason: LockedReason | null;
  /** lockedReason "points": how many more points it takes (one step for points_to_discount). */
  pointsNeeded: number | null;
  /** lockedReason "tier": the tier that unlocks it (null when that tier no longer exists). */
  unlockTier: { id: string; name: string } | null;
  /** lockedReason "not_started": when it opens. */
  redeemFrom: Date | null;
  /** lockedReason "period_limit_reached": when the next one may be redeemed. */
  availableAgainOn: Date | null;
}

type AvailabilityReward = Pick<Reward, "redeemWindow" | "minTierId" | "stockRemaining" | "limits" | "costPoints">;

const within = (window: { from: Date | null; until: Date | null }, now: Date) =>
  (window.from === null || window.from.getTime() <= now.getTime()) &&
  (window.until === null || now.getTime() < window.until.getTime());

/**
 * Whether the storefront lists the reward at all: active and inside its show window. A reward
 * that is not shown cannot be redeemed either (the redeem route answers reward_not_found);
 * rewardAvailability does not ask this again.
 */
export function isRewardShown(reward: Pick<Reward, "active" | "showWindow">, now: Date): boolean {
  return reward.active && within(reward.showWindow, now);
}

const locked = (lockedReason: LockedReason, details: Partial<Availability> = {}): Availability => ({
  available: false,
  lockedReason,
  pointsNeeded: null,
  unlockTier: null,
  redeemFrom: null,
  availableAgainOn: null,
  ...details,
});

const AVAILABLE: Availability = {
  available: true,
  lockedReason: null,
  pointsNeeded: null,
  unlockTier: null,
  redeemFrom: null,
  availableAgainOn: null,
};

/**
 * Where the period limit's window starts: the server reads this customer's counting
 * redemptions of the reward created after it (AvailabilityContext.redeemed.inWindow).
 * Null when the reward has no period limit.
 */
export function periodWindowStart(reward: Pick<Reward, "limits">, now: Date): Date | null {
  const perPeriod = reward.limits.perPeriod;
  return perPeriod === null ? null : new Date(now.getTime() - perPeriod.days * DAY_MS);
}

/**
 * When a period limit frees its next slot: the redemptions in the window leave it `days`
 * after each was made, and one slot opens once fewer than `count` remain in it. Days are
 * 24-hour spans from the redemption's instant, not calendar days.
 */
function periodLimit(
  perPeriod: { count: number; days: number },
  inWindow: readonly Date[],
  now: Date,
): { reached: boolean; availableAgainOn: Date | null } {
  const span = perPeriod.days * DAY_MS;
  const times = inWindow
    .map((d) => d.getTime())
    .filter((t) => t + span > now.getTime())
    .sort((a, b) => a - b);
  if (times.length < perPeriod.count) return { reached: false, availableAgainOn: null };
  const freeing = times[times.length - perPeriod.count]!;
  return { reached: true, availableAgainOn: new Date(freeing + span) };
}

/**
 * Whether the shopper may redeem the reward now. When several reasons apply, the one the
 * shopper can do least about comes first: sign_in, not_started, ended, tier, out_of_stock,
 * limit_reached, period_limit_reached, points.
 */
export function rewardAvailability(reward: AvailabilityReward, ctx: AvailabilityContext): Availability {
  const now = ctx.now.getTime();
  if (!ctx.signedIn) return locked("sign_in");
  const { from, until } = reward.redeemWindow;
  if (from !== null && now < from.getTime()) return locked("not_started", { redeemFrom: from });
  if (until !== null && now >= until.getTime()) return locked("ended");
  if (reward.minTierId !== null) {
    const needed = ctx.tiers.find((tier) => tier.id === reward.minTierId);
    // A minimum tier the shop no longer has locks rather than opens: the merchant meant a gate.
    if (!needed) return locked("tier");
    if (ctx.memberTier === null || ctx.memberTier.position < needed.position) {
      return locked("tier", { unlockTier: { id: needed.id, name: needed.name } });
    }
  }
  if (reward.stockRemaining !== null && reward.stockRemaining <= 0) return locked("out_of_stock");
  const { perCustomer, perPeriod } = reward.limits;
  if (perCustomer !== null && ctx.redeemed.total >= perCustomer) return locked("limit_reached");
  if (perPeriod !== null) {
    const period = periodLimit(perPeriod, ctx.redeemed.inWindow, ctx.now);
    if (period.reached) return locked("period_limit_reached", { availableAgainOn: period.availableAgainOn });
  }
  if (ctx.balance < reward.costPoints) return locked("points", { pointsNeeded: reward.costPoints - ctx.balance });
  return AVAILABLE;
}
