/**
 * How much of a member's history a tier decision at `now` needs, so the server reads no more
 * than that (app/tiers/tier-facts.server.ts). Pure.
 *
 * - lifetime: only the total counts, so sums per kind of entry do (no bound, no detail);
 * - rolling_12_months: what is held now was supported, at most a grace period ago, by the 12
 *   months before: contributions from a year and the grace period before the current window
 *   (a day more for time-zone offsets) decide exactly;
 * - calendar_year: the tier carried out of a year depends on the one carried into it, so
 *   older years still matter, but only through sums over fixed spans: each year before the
 *   previous one is read as two sums, its grace part (1 January to the previous year's review)
 *   and the rest (`olderSpans`), each dated at its first instant. Every window the engine
 *   counts over (a year to date, a year extended through its grace period) starts and ends on
 *   those boundaries, so the sums give the same values as the entries. The previous year and
 *   the current one are read entry by entry.
 */
import type { TierProgram } from "./definition";
import { currentWindow, reviewAt, startOfYear, yearOf } from "./periods";

const DAY_MS = 86_400_000;

type Program = Pick<TierProgram, "period" | "timeZone" | "graceDays">;

/** The first instant whose contributions are read one by one; null: none are (lifetime). */
export function contributionsSince(program: Program, now: Date): Date | null {
  switch (program.period) {
    case "lifetime":
      return null;
    case "calendar_year":
      return startOfYear(yearOf(now, program.timeZone) - 1, program.timeZone);
    case "rolling_12_months":
      return new Date(currentWindow(program, now).start!.getTime() - (367 + program.graceDays) * DAY_MS);
  }
}

/** A span [from, to) of history read as one sum, dated at `from`. */
export interface HistorySpan {
  from: Date;
  to: Date;
}

/**
 * calendar_year: the spans that cover [start of the year of `first`, `before`), cut at every
 * 1 January and every review (1 January plus the grace days). `before` is a 1 January
 * (`contributionsSince`); `first` the member's earliest entry before it.
 */
export function olderSpans(program: Program, first: Date, before: Date): HistorySpan[] {
  const { timeZone, graceDays } = program;
  const lastYear = yearOf(new Date(before.getTime() - 1), timeZone);
  const cuts = new Set<number>([before.getTime()]);
  for (let year = yearOf(first, timeZone); year <= lastYear; year++) {
    cuts.add(startOfYear(year, timeZone).getTime());
    cuts.add(reviewAt(year - 1, graceDays, timeZone).getTime());
  }
  const sorted = [...cuts].filter((cut) => cut <= before.getTime()).sort((a, b) => a - b);
  const start = startOfYear(yearOf(first, timeZone), timeZone).getTime();
  const spans: HistorySpan[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    if (sorted[i]! >= start) spans.push({ from: new Date(sorted[i]!), to: new Date(sorted[i + 1]!) });
  }
  return spans;
}
