/**
 * The earned tier: what a member holds by qualifying alone (no grants), derived from their
 * dated contributions, so deciding again never depends on what was decided before. Each period
 * kind has its own retention rule (docs/decisions/0022-tiers.md):
 * - lifetime: Q over everything; never demoted by time;
 * - calendar_year: promotion at once; at the review (1 January + grace days) the member keeps
 *   the highest tier supported by the previous year's Q extended through the grace period, never
 *   more than they held at the year's end;
 * - rolling_12_months: kept while Q over the last 12 months supports it; from the moment it
 *   stops (contributions ageing out) a grace period runs, at whose end the member moves to what
 *   Q then supports.
 * Refunds (negative contributions) count at once: no grace. Pure.
 */
import type { TierProgram } from "./definition";
import { Ladder, NO_RANK } from "./ladder";
import { agesOutAt, daysAfter, reviewAt, startOfYear, yearOf } from "./periods";
import { metricValue, qualificationValue, type Contribution } from "./qualification";

export type DropCause = "refund" | "period_end";

/** A change of the earned tier that time or a contribution caused. */
export interface EarnedChange {
  at: Date;
  rank: number;
  cause: "qualified" | DropCause;
}

export interface EarnedTrack {
  rank: number;
  /** What the tier would be at a future instant if nothing else were contributed. */
  rankAt(at: Date): number;
  /** Why the track fell below `fromRank` (a tier held before), if it did. */
  dropCause(fromRank: number): DropCause;
  /** The next instant after `now` at which time alone changes the earned tier, or null. */
  nextChangeAt: Date | null;
  /**
   * Time is about to take the tier: `deadline` is the first instant too late (the review or the
   * grace period's end); `valueAtDeadline` is the Q that will count then, from what is known now.
   * null when no time demotion is ahead. `noticeFrom` is when the member should be told.
   */
  risk: { deadline: Date; valueAtDeadline: number; noticeFrom: Date } | null;
}

/** How long before the qualifying period ends a member is told what keeps their tier. */
export const KEEP_NOTICE_DAYS = 60;

const MS_PER_DAY = 86_400_000;

type Program = Pick<TierProgram, "metric" | "period" | "graceDays" | "timeZone">;

export function earnedTrack(
  program: Program,
  ladder: Ladder,
  allContributions: readonly Contribution[],
  now: Date,
): EarnedTrack {
  // What is dated after `now` has not happened yet.
  const contributions = allContributions.filter((c) => c.at.getTime() <= now.getTime());
  switch (program.period) {
    case "lifetime":
      return lifetimeTrack(program, ladder, contributions, now);
    case "calendar_year":
      return calendarYearTrack(program, ladder, contributions, now);
    case "rolling_12_months":
      return rollingTrack(program, ladder, contributions, now);
  }
}

function lifetimeTrack(program: Program, ladder: Ladder, contributions: readonly Contribution[], now: Date) {
  const rank = ladder.earnedRank(qualificationValue(contributions, program.metric, { start: null, end: now }));
  return { rank, rankAt: () => rank, dropCause: () => "refund" as const, nextChangeAt: null, risk: null };
}

function calendarYearTrack(
  program: Program,
  ladder: Ladder,
  contributions: readonly Contribution[],
  now: Date,
): EarnedTrack {
  const { metric, graceDays, timeZone } = program;
  const firstYear = contributions.length
    ? Math.min(...contributions.map((c) => yearOf(c.at, timeZone)))
    : Number.POSITIVE_INFINITY;
  const sum = (start: Date, end: Date) => qualificationValue(contributions, metric, { start, end });
  const yearValueAt = (at: Date) => sum(startOfYear(yearOf(at, timeZone), timeZone), at);
  /** Q of `year` extended through its grace period: what its review looks at. */
  const extendedValue = (year: number) =>
    sum(startOfYear(year, timeZone), new Date(reviewAt(year, graceDays, timeZone).getTime() - 1));
  const heldAtEnd = new Map<number, number>();

  /** The tier carried out of `year` into the instant `at` (which is after that year). */
  function carried(year: number, at: Date, reviewed = true): number {
    if (year < firstYear) return NO_RANK;
    let held = heldAtEnd.get(year);
    if (held === undefined) {
      held = rankAt(new Date(startOfYear(year + 1, timeZone).getTime() - 1));
      heldAtEnd.set(year, held);
    }
    if (!reviewed || at.getTime() < reviewAt(year, graceDays, timeZone).getTime()) return held;
    return Math.min(held, ladder.earnedRank(extendedValue(year)));
  }

  function rankAt(at: Date): number {
    const year = yearOf(at, timeZone);
    return Math.max(ladder.earnedRank(yearValueAt(at)), carried(year - 1, at));
  }

  const rank = rankAt(now);
  const year = yearOf(now, timeZone);
  const upcomingReviews = [year - 1, year, year + 1, year + 2]
    .map((y) => ({ year: y, at: reviewAt(y, graceDays, timeZone) }))
    .filter((review) => review.at.getTime() > now.getTime());
  const nextChange = upcomingReviews.find((review) => rankAt(review.at) !== rank) ?? null;
  const firstReview = upcomingReviews[0]!;
  const risk =
    rankAt(firstReview.at) < rank
      ? {
          deadline: firstReview.at,
          // In last year's grace period what is added now counts twice: toward last year
          // extended, and toward this year, whose Q alone may keep the tier.
          valueAtDeadline:
            firstReview.year === year - 1
              ? Math.max(extendedValue(firstReview.year), yearValueAt(now))
              : extendedValue(firstReview.year),
          noticeFrom: new Date(startOfYear(firstReview.year + 1, timeZone).getTime() - KEEP_NOTICE_DAYS * MS_PER_DAY),
        }
      : null;

  return {
    rank,
    rankAt,
    // A fall the unreviewed carry would not have made is the review's doing; any other, a refund's.
    dropCause: (fromRank) =>
      Math.max(ladder.earnedRank(yearValueAt(now)), carried(year - 1, now, false)) >= fromRank
        ? "period_end"
        : "refund",
    nextChangeAt: nextChange?.at ?? null,
    risk,
  };
}

interface RollingState {
  rank: number;
  grace: { startedAt: Date; endsAt: Date } | null;
  changes: EarnedChange[];
}

/**
 * Replays the rolling window event by event up to `until`: contributions landing, contributions
 * ageing out (at the start of a shop day) and grace periods ending.
 */
function replayRolling(
  program: Program,
  ladder: Ladder,
  contributions: readonly Contribution[],
  until: Date,
): RollingState {
  const { metric, graceDays, timeZone } = program;
  const events = new Map<number, { landing: Contribution[]; ageing: Contribution[] }>();
  const eventAt = (time: number) => {
    let event = events.get(time);
    if (!event) events.set(time, (event = { landing: [], ageing: [] }));
    return event;
  };
  for (const contribution of contributions) {
    eventAt(contribution.at.getTime()).landing.push(contribution);
    eventAt(agesOutAt(contribution.at, timeZone).getTime()).ageing.push(contribution);
  }
  const times = [...events.keys()].sort((a, b) => a - b);

  const state: RollingState = { rank: ladder.earnedRank(0), grace: null, changes: [] };
  let value = 0;
  let next = 0;
  for (;;) {
    const staticTime = next < times.length ? times[next]! : Number.POSITIVE_INFINITY;
    const graceTime = state.grace ? state.grace.endsAt.getTime() : Number.POSITIVE_INFINITY;
    const time = Math.min(staticTime, graceTime);
    if (!Number.isFinite(time) || time > until.getTime()) break;
    let refunded = false;
    if (time === staticTime) {
      const event = events.get(time)!;
      for (const c of event.landing) value += metricValue(c, metric);
      for (const c of event.ageing) value -= metricValue(c, metric);
      refunded = event.landing.some((c) => metricValue(c, metric) < 0);
      next++;
    }
    const at = new Date(time);
    const supported = ladder.earnedRank(value);
    if (supported > state.rank) {
      state.rank = supported;
      state.grace = null;
      state.changes.push({ at, rank: supported, cause: "qualified" });
    } else if (supported === state.rank) {
      state.grace = null;
    } else if (refunded) {
      state.rank = supported;
      state.grace = null;
      state.changes.push({ at, rank: supported, cause: "refund" });
    } else {
      state.grace ??= { startedAt: at, endsAt: daysAfter(at, graceDays, timeZone) };
      if (time >= state.grace.endsAt.getTime()) {
        state.rank = supported;
        state.grace = null;
        state.changes.push({ at, rank: supported, cause: "period_end" });
      }
    }
  }
  return state;
}

function rollingTrack(
  program: Program,
  ladder: Ladder,
  contributions: readonly Contribution[],
  now: Date,
): EarnedTrack {
  const { metric, graceDays, timeZone } = program;
  const current = replayRolling(program, ladder, contributions, now);
  const rank = current.rank;
  // Far enough ahead for every known contribution to have aged out and any grace to have run.
  const horizon = new Date(daysAfter(now, 366 + graceDays + 2, timeZone));
  const ahead = replayRolling(program, ladder, contributions, horizon);
  const future = ahead.changes.filter((change) => change.at.getTime() > now.getTime());
  // The first change that takes the member below today's tier. A rise can come before it (a
  // refund ageing out of the window raises the value); the tier is at risk all the same.
  const firstFall = future.find((change) => change.rank < rank);
  const rollingValueAt = (at: Date) =>
    contributions
      .filter((c) => c.at.getTime() <= at.getTime() && agesOutAt(c.at, timeZone).getTime() > at.getTime())
      .reduce((total, c) => total + metricValue(c, metric), 0);
  const rankAt = (at: Date) => replayRolling(program, ladder, contributions, at).rank;
  let risk: EarnedTrack["risk"] = null;
  if (firstFall?.cause === "period_end") {
    // Today's grace period is the one that ends in the fall only when nothing changes before it.
    const graceNow = future[0] === firstFall ? current.grace : null;
    const graceStart = graceNow?.startedAt ?? graceStartBefore(firstFall.at, graceDays, timeZone);
    risk = {
      deadline: firstFall.at,
      valueAtDeadline: rollingValueAt(firstFall.at),
      noticeFrom: graceNow ? graceStart : new Date(graceStart.getTime() - KEEP_NOTICE_DAYS * MS_PER_DAY),
    };
  }
  const lastDrop = [...current.changes].reverse().find((change) => change.cause !== "qualified");
  return {
    rank,
    rankAt,
    dropCause: () => (lastDrop?.cause === "period_end" ? "period_end" : "refund"),
    nextChangeAt: future[0]?.at ?? null,
    risk,
  };
}

/** The day a grace period ending at `endsAt` started (grace periods are whole shop days). */
function graceStartBefore(endsAt: Date, graceDays: number, timeZone: string): Date {
  return daysAfter(endsAt, -graceDays, timeZone);
}
