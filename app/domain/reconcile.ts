/**
 * What a member's cached balances should be, from their entries. Pure. `balanceEffects` is
 * linear in the points, so totals per (kind, cause type) are enough: the database sums,
 * this adds up.
 */
import { balanceEffects, type BalanceEffects, type CauseType, type EntryKind } from "./ledger";

export interface EntryTotal {
  kind: string;
  causeType: string;
  points: number;
}

export function balancesFromTotals(totals: readonly EntryTotal[]): BalanceEffects {
  const result: BalanceEffects = { balance: 0, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 };
  for (const total of totals) {
    const effects = balanceEffects({ kind: total.kind as EntryKind, causeType: total.causeType as CauseType, points: total.points });
    result.balance += effects.balance;
    result.pending += effects.pending;
    result.lifetimeEarned += effects.lifetimeEarned;
    result.lifetimeRedeemed += effects.lifetimeRedeemed;
  }
  return result;
}

export interface Drift {
  field: keyof BalanceEffects;
  cached: number;
  fromEntries: number;
}

export function driftBetween(cached: BalanceEffects, fromEntries: BalanceEffects): Drift[] {
  return (["balance", "pending", "lifetimeEarned", "lifetimeRedeemed"] as const)
    .filter((field) => cached[field] !== fromEntries[field])
    .map((field) => ({ field, cached: cached[field], fromEntries: fromEntries[field] }));
}
