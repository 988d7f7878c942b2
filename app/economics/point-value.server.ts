/**
 * What the shop's points are worth and owed now, as the dashboard and the simulator both value
 * them (app/domain/economics/point-value.ts, liability.ts): the point value from its
 * redemptions and catalogue, the past year's ledger for the expected breakage, and the points
 * members hold and have pending. One read, so the two pages never disagree on today.
 */
import { SPENT_REDEMPTION_STATES } from "../domain/rewards/redemption-status";
import type { Db } from "../db.server";
import type { LedgerSum } from "../domain/economics/dashboard";
import { pointValue, type PointValue } from "../domain/economics/point-value";
import { listRewards } from "../rewards/catalogue.server";

const DAY_MS = 86_400_000;

/** The ledger's sums by kind and cause over [from, to): what point flows are computed from. */
export async function ledgerSums(db: Db, shopId: string, from: Date, to: Date): Promise<LedgerSum[]> {
  const groups = await db.ledgerEntry.groupBy({
    by: ["kind", "causeType"],
    where: { shopId, createdAt: { gte: from, lt: to } },
    _sum: { points: true },
  });
  return groups.map((g) => ({ kind: g.kind, causeType: g.causeType, points: g._sum.points ?? 0 }));
}

/**
 * THE point value of the shop now: what its redemptions gave per point spent (those with a
 * money value and points spent: a reward a challenge granted spent none), else its catalogue's.
 */
export async function shopPointValue(db: Db, shopId: string): Promise<PointValue | null> {
  const [spent, catalogue] = await Promise.all([
    db.redemption.aggregate({
      where: { shopId, status: { in: [...SPENT_REDEMPTION_STATES] }, pointsSpent: { gt: 0 }, valueMinor: { gt: 0 } },
      _sum: { pointsSpent: true, valueMinor: true },
    }),
    listRewards(db, shopId),
  ]);
  return pointValue(
    [{ pointsSpent: spent._sum.pointsSpent ?? 0, valueMinor: spent._sum.valueMinor ?? 0 }],
    catalogue.map((entry) => entry.reward),
  );
}

export interface ShopValuation {
  value: PointValue | null;
  /** The ledger of the year before now: the expected breakage (dashboard.ts expectedBreakage). */
  yearLedger: LedgerSum[];
  /** Points members can spend (positive balances: a negative one owes the shop, not the reverse). */
  outstandingPoints: number;
  pendingPoints: number;
}

export async function readShopValuation(db: Db, shopId: string, now: Date): Promise<ShopValuation> {
  const [value, yearLedger, held, pending] = await Promise.all([
    shopPointValue(db, shopId),
    ledgerSums(db, shopId, new Date(now.getTime() - 365 * DAY_MS), now),
    db.member.aggregate({ where: { shopId, balance: { gt: 0 } }, _sum: { balance: true } }),
    db.member.aggregate({ where: { shopId, pending: { gt: 0 } }, _sum: { pending: true } }),
  ]);
  return {
    value,
    yearLedger,
    outstandingPoints: held._sum.balance ?? 0,
    pendingPoints: pending._sum.pending ?? 0,
  };
}
