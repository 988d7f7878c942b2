/**
 * What a point is worth when spent, in minor units of the shop's currency: the one figure the
 * dashboard's liability, the simulator and campaign projections value points at. Pure.
 *
 * From what members actually got: the value issued per point over redemptions that carry a
 * money value (amount off, store credit, points to discount, custom rewards at their cost).
 * Percentage and free-shipping rewards carry none (their worth depends on the order), so they
 * are left out rather than counted as worth nothing. With no such redemption yet, the
 * catalogue's average value per point; null when nothing in it has a money value.
 */
import type { Reward } from "../rewards/catalogue";
import { pricedRewards } from "../rewards/pricing";

export interface SpentRedemption {
  pointsSpent: number;
  valueMinor: number;
}

/** The catalogue's average value per point over its priced rewards; null when none has a money value. */
export function catalogueWorthMinor(rewards: readonly Reward[]): number | null {
  const priced = pricedRewards(rewards);
  if (priced.length === 0) return null;
  return priced.reduce((sum, r) => sum + r.valueMinor / r.costPoints, 0) / priced.length;
}

export type PointValueBasis = "redemptions" | "catalogue";

export interface PointValue {
  /** Minor units per point (fractional: a point is often worth a cent or less). */
  minorPerPoint: number;
  basis: PointValueBasis;
}

export function pointValue(redemptions: readonly SpentRedemption[], rewards: readonly Reward[]): PointValue | null {
  let points = 0;
  let value = 0;
  for (const r of redemptions) {
    if (r.pointsSpent <= 0 || r.valueMinor <= 0) continue;
    points += r.pointsSpent;
    value += r.valueMinor;
  }
  if (points > 0) return { minorPerPoint: value / points, basis: "redemptions" };
  const worth = catalogueWorthMinor(rewards);
  return worth === null ? null : { minorPerPoint: worth, basis: "catalogue" };
}
