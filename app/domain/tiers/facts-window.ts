/**
 * How far back a member's contributions can still matter to a tier decision at `now`, so the
 * server reads only that part of their history. Pure.
 *
 * - lifetime: everything counts (null: no bound);
 * - calendar_year and rolling_12_months: the current window, and before it the period a
 *   review may still be judging: the previous calendar year (or the 12 months before the day
 *   the member stopped qualifying), which is at most one year and the grace period further
 *   back. A day more absorbs time-zone and leap-year offsets. A superset is harmless: the
 *   engine windows the contributions itself.
 */
import type { TierProgram } from "./definition";
import { currentWindow } from "./periods";

const DAY_MS = 86_400_000;

export function contributionsSince(
  program: Pick<TierProgram, "period" | "timeZone" | "graceDays">,
  now: Date,
): Date | null {
  if (program.period === "lifetime") return null;
  const { start } = currentWindow(program, now);
  const windowStart = start ?? now;
  return new Date(windowStart.getTime() - (367 + program.graceDays) * DAY_MS);
}
