/**
 * Rebuilds every cached balance from the ledger and reports members whose cache drifted;
 * with `fix`, repairs them. A repair locks the member row first (postEntry moves the
 * balance before it inserts an entry, so no entry for that member can land meanwhile),
 * recomputes inside that lock and writes the result.
 */
import type { Db } from "../db.server";
import type { BalanceEffects } from "../domain/ledger";
import { balancesFromTotals, driftBetween, type Drift } from "../domain/reconcile";
import { inLedgerTransaction } from "./ledger.server";

export interface MemberDrift {
  shopId: string;
  memberId: string;
  customerId: string;
  drift: Drift[];
  fixed: boolean;
}

export interface ReconcileReport {
  membersChecked: number;
  drifted: MemberDrift[];
}

async function totalsByMember(db: Db, shopId: string) {
  const groups = await db.ledgerEntry.groupBy({
    by: ["memberId", "kind", "causeType"],
    where: { shopId },
    _sum: { points: true },
  });
  const byMember = new Map<string, { kind: string; causeType: string; points: number }[]>();
  for (const g of groups) {
    const list = byMember.get(g.memberId) ?? [];
    list.push({ kind: g.kind, causeType: g.causeType, points: g._sum.points ?? 0 });
    byMember.set(g.memberId, list);
  }
  return byMember;
}

const cachedOf = (m: BalanceEffects): BalanceEffects => ({
  balance: m.balance,
  pending: m.pending,
  lifetimeEarned: m.lifetimeEarned,
  lifetimeRedeemed: m.lifetimeRedeemed,
});

export async function reconcileShop(db: Db, shopId: string, options: { fix?: boolean } = {}): Promise<ReconcileReport> {
  const [members, totals] = await Promise.all([
    db.member.findMany({
      where: { shopId },
      select: {
        id: true,
        customerId: true,
        balance: true,
        pending: true,
        lifetimeEarned: true,
        lifetimeRedeemed: true,
      },
    }),
    totalsByMember(db, shopId),
  ]);
  const drifted: MemberDrift[] = [];
  for (const member of members) {
    const drift = driftBetween(cachedOf(member), balancesFromTotals(totals.get(member.id) ?? []));
    if (drift.length === 0) continue;
    // Seen outside a lock: confirm (and repair) inside one, where no posting can interleave.
    const confirmed = await inLedgerTransaction(db, async (tx) => {
      const locked = await tx.member.update({ where: { id: member.id, shopId }, data: { updatedAt: new Date() } });
      const groups = await tx.ledgerEntry.groupBy({
        by: ["kind", "causeType"],
        where: { shopId, memberId: member.id },
        _sum: { points: true },
      });
      const truth = balancesFromTotals(
        groups.map((g) => ({ kind: g.kind, causeType: g.causeType, points: g._sum.points ?? 0 })),
      );
      const lockedDrift = driftBetween(cachedOf(locked), truth);
      if (lockedDrift.length > 0 && options.fix) {
        await tx.member.update({ where: { id: member.id, shopId }, data: truth });
      }
      return lockedDrift;
    });
    if (confirmed.length > 0) {
      drifted.push({
        shopId,
        memberId: member.id,
        customerId: member.customerId,
        drift: confirmed,
        fixed: Boolean(options.fix),
      });
    }
  }
  return { membersChecked: members.length, drifted };
}

export async function reconcileAll(
  db: Db,
  options: { fix?: boolean; shopDomain?: string } = {},
): Promise<ReconcileReport> {
  const shops = await db.shop.findMany({
    where: options.shopDomain ? { domain: options.shopDomain } : {},
    select: { id: true },
  });
  const report: ReconcileReport = { membersChecked: 0, drifted: [] };
  for (const shop of shops) {
    const one = await reconcileShop(db, shop.id, options);
    report.membersChecked += one.membersChecked;
    report.drifted.push(...one.drifted);
  }
  return report;
}
