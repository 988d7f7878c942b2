/**
 * What counts toward a tier, defined once. The server turns ledger entries and orders into
 * dated contributions (app/tiers/); this file decides which entries count and sums them. Pure.
 */
import type { TierMetric } from "./definition";
import type { Window } from "./periods";

/**
 * One qualifying event, in all three metrics at once (the shop's metric picks one).
 * Negative figures are refunds: they take back what an order contributed.
 *
 * `at` is when it counts. A refund is best dated at the order it takes back, so that it leaves
 * the rolling window with the order and counts against the same calendar year; a refund dated
 * at its own time counts in the window it lands in. Either way it counts at once.
 */
export interface Contribution {
  at: Date;
  /** Qualifying points (qualifyingPoints of the entry). */
  points: number;
  /** Eligible spend in minor units of the shop currency, minus refunds. */
  spendMinor: number;
  /** 1 for a paid order, -1 when it is cancelled or fully refunded, else 0. */
  orders: number;
}

/**
 * The ledger entries whose points count toward a points tier: what orders and earning rules
 * gave, net of order reversals. Staff adjustments, tier entry rewards, redemptions, expiry and
 * pending holds/voids do not: staff adjustments are corrections, not activity, and an entry
 * reward counting would let a tier pay for its own next step.
 */
const QUALIFYING_PAIRS: ReadonlySet<string> = new Set(["earn/order", "release/order", "reverse/order", "earn/rule"]);

/** The points an entry contributes toward a points tier; 0 if it doesn't count. */
export function qualifyingPoints(entry: { kind: string; causeType: string; points: number }): number {
  return QUALIFYING_PAIRS.has(`${entry.kind}/${entry.causeType}`) ? entry.points : 0;
}

/** A contribution's figure in a metric. */
export function metricValue(contribution: Contribution, metric: TierMetric): number {
  switch (metric) {
    case "points":
      return contribution.points;
    case "spend":
      return contribution.spendMinor;
    case "orders":
      return contribution.orders;
  }
}

export function isInWindow(at: Date, window: Window): boolean {
  const time = at.getTime();
  return (window.start === null || time >= window.start.getTime()) && time <= window.end.getTime();
}

/** The qualification value Q: the metric summed over the contributions in the window. */
export function qualificationValue(contributions: readonly Contribution[], metric: TierMetric, window: Window): number {
  let total = 0;
  for (const contribution of contributions) {
    if (isInWindow(contribution.at, window)) total += metricValue(contribution, metric);
  }
  return total;
}

/** How a remaining amount in a metric is worded: money is in minor units. */
export type TierUnit = "points" | "money" | "orders";

export function unitOf(metric: TierMetric): TierUnit {
  return metric === "spend" ? "money" : metric;
}
