/**
 * The dashboard's period from `?from=&to=` (days where the shop is, both included): the last
 * 90 days by default; an unreadable or backwards period is explained and the default shown.
 */
import { ledgerPeriodSchema, periodInstants } from "../ledger-period";
import { addDays, dateText, parseDateText } from "../rules/shop-dates";
import { dayOf } from "../rules/shop-dates";

export const DEFAULT_DAYS = 90;
/** A longer period is refused: it would sum years of ledger for a figure nobody reads so. */
const MAX_DAYS = 3 * 366;

export interface DashboardPeriod {
  days: { from: string; to: string; today: string };
  instants: { from: Date; to: Date };
  problem: string | null;
}

export function dashboardPeriod(params: URLSearchParams, timeZone: string, now: Date): DashboardPeriod {
  const today = dayOf(now, timeZone);
  const fallback = { from: dateText(addDays(parseDateText(today)!, -(DEFAULT_DAYS - 1))), to: today };
  const given = params.has("from") || params.has("to");
  const parsed = ledgerPeriodSchema.safeParse({ from: params.get("from") ?? "", to: params.get("to") ?? "" });
  let problem: string | null = null;
  if (given && !parsed.success)
    problem = `${parsed.error.issues[0]?.message ?? "That period cannot be read."} Showing the last ${DEFAULT_DAYS} days.`;
  if (parsed.success) {
    const instants = periodInstants(parsed.data, timeZone);
    if (instants.to.getTime() - instants.from.getTime() <= MAX_DAYS * 86_400_000) {
      return {
        days: { from: dateText(parsed.data.from), to: dateText(parsed.data.to), today },
        instants,
        problem: null,
      };
    }
    problem = `Choose a period of at most three years. Showing the last ${DEFAULT_DAYS} days.`;
  }
  const days = ledgerPeriodSchema.parse(fallback);
  return { days: { ...fallback, today }, instants: periodInstants(days, timeZone), problem };
}
