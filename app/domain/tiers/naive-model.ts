/**
 * A deliberately naive tier model for the property tests: it walks the shop's calendar one
 * day at a time (and stops at every contribution), recounting Q from scratch at each step with
 * its own reading of the windows, and keeps the retention state the way the decision record
 * words it. It shares no code with the engine beyond the shop-calendar primitives. Test-only.
 */
import type { Tier, TierProgram } from "./definition";
import type { MemberTierFacts, TierGrantFact } from "./movement";
import type { Contribution } from "./qualification";
import { localDate } from "../rules/period";
import { startOfDay, type CalendarDate } from "../rules/shop-dates";

const text = (d: CalendarDate) =>
  `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
const dayNumber = (d: CalendarDate) => Math.round(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
const fromDayNumber = (n: number): CalendarDate => {
  const utc = new Date(n * 86_400_000);
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
};

// The walk asks for the same days' starts run after run: remembered per zone and day.
const dayStarts = new Map<string, number>();
function dayStart(day: CalendarDate, timeZone: string): number {
  const key = `${timeZone} ${text(day)}`;
  let at = dayStarts.get(key);
  if (at === undefined) dayStarts.set(key, (at = startOfDay(day, timeZone).getTime()));
  return at;
}

function figure(c: Contribution, metric: TierProgram["metric"]): number {
  return metric === "points" ? c.points : metric === "spend" ? c.spendMinor : c.orders;
}

/** The visible tiers by position, hidden ones left out: qualifying never reaches them. */
function earnedTier(tiers: readonly Tier[], q: number): Tier | null {
  let best: Tier | null = null;
  for (const tier of tiers) {
    if (tier.hidden) continue;
    const reaches = tier.threshold === 0 || tier.threshold <= q;
    if (reaches && (!best || tier.position > best.position)) best = tier;
  }
  return best;
}

const pos = (tier: Tier | null) => (tier ? tier.position : -1);
const higher = (a: Tier | null, b: Tier | null) => (pos(a) >= pos(b) ? a : b);
const lower = (a: Tier | null, b: Tier | null) => (pos(a) <= pos(b) ? a : b);

/** "In the last 12 months" on day `today`: after the same date a year earlier, up to today. */
function countsRolling(contributionDay: CalendarDate, today: CalendarDate): boolean {
  const lastYear = today.year - 1;
  const monthLength = new Date(Date.UTC(lastYear, today.month, 0)).getUTCDate();
  const sameDateLastYear = { year: lastYear, month: today.month, day: Math.min(today.day, monthLength) };
  return text(contributionDay) > text(sameDateLastYear) && text(contributionDay) <= text(today);
}

/** The earned tier at `now`, by walking the calendar from `from` (before every contribution). */
export function modelEarnedTier(
  program: TierProgram,
  contributions: readonly Contribution[],
  now: Date,
  from: CalendarDate,
): Tier | null {
  const { metric, period, graceDays, timeZone, tiers } = program;
  const dayOf = (at: Date) => localDate(at, timeZone);
  // Each contribution with its shop day, read once (the walk below asks thousands of times).
  const known = contributions.filter((c) => c.at.getTime() <= now.getTime()).map((c) => ({ ...c, day: dayOf(c.at) }));

  if (period === "lifetime")
    return earnedTier(
      tiers,
      known.reduce((s, c) => s + figure(c, metric), 0),
    );

  // Every instant something can happen: each shop day's start and each contribution.
  const steps = new Map<number, { dayStart: boolean; today: CalendarDate }>();
  const lastDay = dayNumber(dayOf(now));
  for (let n = dayNumber(from); n <= lastDay; n++) {
    const today = fromDayNumber(n);
    const at = dayStart(today, timeZone);
    if (at <= now.getTime()) steps.set(at, { dayStart: true, today });
  }
  for (const c of known) if (!steps.has(c.at.getTime())) steps.set(c.at.getTime(), { dayStart: false, today: c.day });
  if (!steps.has(now.getTime())) steps.set(now.getTime(), { dayStart: false, today: dayOf(now) });
  const instants = [...steps.keys()].sort((a, b) => a - b);

  let held = earnedTier(tiers, 0);
  if (period === "calendar_year") {
    let carry: Tier | null = null;
    for (const time of instants) {
      const { today, dayStart } = steps.get(time)!;
      if (dayStart) {
        if (today.month === 1 && today.day === 1) carry = held; // what they held as the year ended
        const daysIntoYear = dayNumber(today) - dayNumber({ year: today.year, month: 1, day: 1 });
        // The review of last year: Q of last year and of its grace period, before this instant.
        // (The tests keep grace periods shorter than a year.)
        if (daysIntoYear === graceDays) {
          const reviewYear = today.year - 1;
          const extended = known
            .filter((c) => c.at.getTime() < time && c.day.year >= reviewYear)
            .reduce((s, c) => s + figure(c, metric), 0);
          carry = lower(carry, earnedTier(tiers, extended));
        }
      }
      const thisYear = known
        .filter((c) => c.at.getTime() <= time && c.day.year === today.year)
        .reduce((s, c) => s + figure(c, metric), 0);
      held = higher(earnedTier(tiers, thisYear), carry);
    }
    return held;
  }

  // rolling_12_months
  let graceSince: CalendarDate | null = null;
  for (const time of instants) {
    const { today } = steps.get(time)!;
    const q = known
      .filter((c) => c.at.getTime() <= time && countsRolling(c.day, today))
      .reduce((s, c) => s + figure(c, metric), 0);
    const refundNow = known.some((c) => c.at.getTime() === time && figure(c, metric) < 0);
    const supported = earnedTier(tiers, q);
    if (pos(supported) >= pos(held)) {
      held = supported;
      graceSince = null;
    } else if (refundNow) {
      held = supported;
      graceSince = null;
    } else {
      graceSince ??= today;
      if (dayNumber(today) - dayNumber(graceSince) >= graceDays) {
        held = supported;
        graceSince = null;
      }
    }
  }
  return held;
}

const active = (g: TierGrantFact, now: Date) =>
  g.startsAt <= now && (g.endsAt === null || now < g.endsAt) && (g.revokedAt === null || now < g.revokedAt);

/** The tier a member holds at `now`: a manual grant exactly, else the best of earned and paid. */
export function modelTier(program: TierProgram, facts: MemberTierFacts, now: Date, from: CalendarDate): Tier | null {
  const byId = (id: string) => program.tiers.find((t) => t.id === id) ?? null;
  const manual = facts.grants
    .map((g, index) => ({ g, index }))
    .filter(({ g }) => g.source === "manual" && active(g, now) && byId(g.tierId))
    .sort((a, b) => a.g.startsAt.getTime() - b.g.startsAt.getTime() || a.index - b.index)
    .pop();
  if (manual) return byId(manual.g.tierId);
  let tier = modelEarnedTier(program, facts.contributions, now, from);
  for (const g of facts.grants) {
    if (g.source === "paid" && active(g, now)) {
      const paid = byId(g.tierId);
      if (paid && paid.position > pos(tier)) tier = paid;
    }
  }
  return tier;
}
