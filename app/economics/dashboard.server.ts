/**
 * What the economics dashboard adds up from the database, every query scoped by shop and
 * summed by the database (group-bys, not rows), then handed to the pure figures
 * (app/domain/economics/dashboard.ts). A fixed number of queries, whatever the shop's size,
 * but for "active members" (one row per active member) and inactivity-mode expiry.
 */
import type { Db } from "../db.server";
import {
  dashboard,
  monthsFrom,
  type BuyerOrders,
  type Dashboard,
  type SourcePoints,
} from "../domain/economics/dashboard";
import { entryEffects } from "../domain/ledger";
import { addCalendarMonths } from "../domain/expiry";
import { dayOf, parseDateText, startOfDay } from "../domain/rules/shop-dates";
import { expiringByMonth } from "../ledger/expiry-view.server";
import { SPENT_REDEMPTION_STATES } from "../domain/rewards/redemption-status";
import { ledgerSums, readShopValuation } from "./point-value.server";

/** How many coming months the expiry waterfall shows. */
export const WATERFALL_MONTHS = 12;

export interface DashboardShop {
  id: string;
  timeZone: string;
  currencyCode: string;
  expiryMode: string;
  expiryMonths: number;
}

/** Names of the ledger's causes, as the "cost by source" table words them. */
const SOURCE_NAMES: Record<string, string> = {
  order: "Purchases",
  tier: "Tier bonuses",
  tier_birthday: "Tier birthday gifts",
  challenge: "Challenges",
  staff: "Staff adjustments",
};

/** The period's figures; `now` dates the liability's past year and the waterfall's first month. */
export async function readDashboard(
  db: Db,
  shop: DashboardShop,
  period: { from: Date; to: Date },
  now: Date = new Date(),
): Promise<Dashboard> {
  const shopId = shop.id;
  const inPeriod = { gte: period.from, lt: period.to };
  const thisMonth = dayOf(now, shop.timeZone).slice(0, 7);
  const firstDay = parseDateText(`${thisMonth}-01`)!;
  const waterfallFrom = startOfDay(firstDay, shop.timeZone);
  const waterfallUntil = addCalendarMonths(waterfallFrom, WATERFALL_MONTHS);

  const [
    total,
    joined,
    activeEarners,
    activeBuyers,
    ledger,
    valuation,
    orderGroups,
    ruleGroups,
    rules,
    rewardGroups,
    expiring,
  ] = await Promise.all([
    db.member.count({ where: { shopId, createdAt: { lt: period.to } } }),
    db.member.count({ where: { shopId, createdAt: inPeriod } }),
    db.ledgerEntry.groupBy({
      by: ["memberId"],
      where: { shopId, createdAt: inPeriod, kind: { in: ["earn", "release", "redeem", "hold"] } },
    }),
    db.orderFact.groupBy({ by: ["memberId"], where: { shopId, placedAt: inPeriod, memberId: { not: null } } }),
    ledgerSums(db, shopId, period.from, period.to),
    readShopValuation(db, shopId, now),
    db.orderFact.groupBy({
      by: ["memberId", "buyerKey"],
      // One currency: the shop's (an order charged in another is not added to it).
      where: { shopId, placedAt: inPeriod, cancelledAt: null, currencyCode: shop.currencyCode },
      _count: { _all: true },
      _sum: { totalMinor: true, refundedMinor: true },
    }),
    db.ledgerEntry.groupBy({
      by: ["causeId"],
      where: { shopId, createdAt: inPeriod, causeType: "rule" },
      _sum: { points: true },
    }),
    db.rule.findMany({ where: { shopId }, select: { id: true, name: true } }),
    db.redemption.groupBy({
      by: ["rewardId", "rewardTitle"],
      where: { shopId, createdAt: inPeriod, status: { in: [...SPENT_REDEMPTION_STATES] } },
      _count: { _all: true },
      _sum: { pointsSpent: true, valueMinor: true },
    }),
    expiringByMonth(db, shop, waterfallFrom, waterfallUntil),
  ]);

  const active = new Set([...activeEarners.map((e) => e.memberId), ...activeBuyers.map((o) => o.memberId!)]);
  const orders: BuyerOrders[] = orderGroups.map((g) => ({
    member: g.memberId !== null,
    buyer: g.memberId ?? g.buyerKey,
    orders: g._count._all,
    netMinor: Number((g._sum.totalMinor ?? 0n) - (g._sum.refundedMinor ?? 0n)),
  }));
  const ruleNames = new Map(rules.map((r) => [r.id, r.name]));
  const sources: SourcePoints[] = ruleGroups.map((g) => ({
    source: "rule",
    id: g.causeId,
    name: ruleNames.get(g.causeId) ?? "A deleted rule",
    points: g._sum.points ?? 0,
  }));
  const byCause = new Map<string, number>();
  for (const sum of ledger) {
    if (sum.causeType === "rule" || !(sum.causeType in SOURCE_NAMES)) continue;
    byCause.set(sum.causeType, (byCause.get(sum.causeType) ?? 0) + entryEffects(sum).lifetimeEarned);
  }
  for (const [cause, points] of byCause) {
    if (points > 0) sources.push({ source: cause, id: null, name: SOURCE_NAMES[cause]!, points });
  }

  return dashboard({
    members: { total, joined, active: active.size },
    ledger,
    yearLedger: valuation.yearLedger,
    orders,
    sources,
    rewards: rewardGroups.map((g) => ({
      rewardId: g.rewardId,
      title: g.rewardTitle || "A reward",
      redemptions: g._count._all,
      pointsSpent: g._sum.pointsSpent ?? 0,
      valueMinor: g._sum.valueMinor ?? 0,
    })),
    outstandingPoints: valuation.outstandingPoints,
    pendingPoints: valuation.pendingPoints,
    value: valuation.value,
    expiring,
    comingMonths: monthsFrom(thisMonth, WATERFALL_MONTHS),
  });
}
