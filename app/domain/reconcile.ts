/**
 * What a member's cached balances should be, from their entries. Pure. The ledger's table
 * of effects (ENTRY_EFFECTS in ./ledger.ts, the one posting applies) is linear in the
 * points, so totals per (kind, cause type) are enough: the database sums, this adds up. A
 * pair the table does not declare is refused (UnknownEntryPairError), never guessed.
 */
import { entryEffects, FIGURES, type BalanceEffects } from "./ledger";

export interface EntryTotal {
  kind: string;
  causeType: string;
  points: number;
}

export function balancesFromTotals(totals: readonly EntryTotal[]): BalanceEffects {
  const result: BalanceEffects = { balance: 0, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 };
  for (const total of totals) {
    const effects = entryEffects(total);
    for (const figure of FIGURES) result[figure] += effects[figure];
  }
  return result;
}

export interface Drift {
  field: keyof BalanceEffects;
  cached: number;
  fromEntries: number;
}

export function driftBetween(cached: BalanceEffects, fromEntries: BalanceEffects): Drift[] {
  return FIGURES.filter((field) => cached[field] !== fromEntries[field]).map((field) => ({
    field,
    cached: cached[field],
    fromEntries: fromEntries[field],
  }));
}
