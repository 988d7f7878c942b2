/**
 * When a campaign runs, in the shop's time zone (./definition.ts describes the schedules).
 * Pure: `now` and the time zone are passed in; only calendar arithmetic and `Intl`.
 *
 * A `once` schedule is its two instants. A recurring schedule is a set of whole local days
 * (a day matches its pattern and lies within startsOn..endsOn); an occurrence is a maximal
 * run of consecutive matching days, from the first day's midnight to the midnight after the
 * last (however long DST makes those days): "every weekend" is Saturday 00:00 to Monday 00:00.
 * A schedule that matches every day (all seven weekdays, days 1..31, all twelve months) would
 * be one endless run: it is cut at the start of each of its cycles (week from Monday, month,
 * year) so that every occurrence has an end the widget can show.
 */
import { addDays, parseDateText, startOfDay, type CalendarDate } from "../rules/shop-dates";
import { localDate } from "../rules/period";
import type { Campaign, Schedule } from "./definition";

/** A stretch of time a campaign runs: `end` is exclusive. */
export interface Occurrence {
  start: Date;
  end: Date;
}

type Recurring = Exclude<Schedule, { type: "once" }>;

/** Days since 1970-01-01 of a calendar date: dates as integers, no time zone involved. */
type DayNumber = number;
const DAY_MS = 86_400_000;
const dayNumberOf = (date: CalendarDate): DayNumber => Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
const dateOf = (day: DayNumber): CalendarDate => addDays({ year: 1970, month: 1, day: 1 }, day);

/** No run is longer than a year (see the module comment), so a search never needs more. */
const LONGEST_RUN_DAYS = 367;
/** How far ahead the next occurrence is looked for: any pattern repeats within a year. */
const LOOKAHEAD_DAYS = 2 * LONGEST_RUN_DAYS;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
function weekdayOf(day: DayNumber): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function patternMatches(schedule: Recurring, date: CalendarDate, day: DayNumber): boolean {
  switch (schedule.type) {
    case "weekly":
      return schedule.days.includes(weekdayOf(day));
    case "monthly": {
      // A day past the month's end means its last day ("to day 31": to the end of February).
      const last = daysInMonth(date.year, date.month);
      return date.day >= Math.min(schedule.fromDay, last) && date.day <= Math.min(schedule.toDay, last);
    }
    case "yearly":
      return schedule.months.includes(date.month);
  }
}

function boundsOf(schedule: Recurring): { first: DayNumber; last: DayNumber } {
  const first = schedule.startsOn ? parseDateText(schedule.startsOn) : null;
  const last = schedule.endsOn ? parseDateText(schedule.endsOn) : null;
  return {
    first: first ? dayNumberOf(first) : Number.NEGATIVE_INFINITY,
    last: last ? dayNumberOf(last) : Number.POSITIVE_INFINITY,
  };
}

/** Whether the schedule matches every day of every cycle, so that runs must be cut. */
function matchesEveryDay(schedule: Recurring): boolean {
  switch (schedule.type) {
    case "weekly":
      return new Set(schedule.days).size === 7;
    case "monthly":
      return schedule.fromDay === 1 && schedule.toDay === 31;
    case "yearly":
      return new Set(schedule.months).size === 12;
  }
}

/** The first day of a cycle of the schedule: where a run of a schedule matching every day is cut. */
function startsCycle(schedule: Recurring, date: CalendarDate, day: DayNumber): boolean {
  switch (schedule.type) {
    case "weekly":
      return weekdayOf(day) === 1;
    case "monthly":
      return date.day === 1;
    case "yearly":
      return date.month === 1 && date.day === 1;
  }
}

/** The schedule's days as a predicate, and where runs start (a matching day after a gap or a cut). */
function dayRules(schedule: Recurring) {
  const { first, last } = boundsOf(schedule);
  const cut = matchesEveryDay(schedule);
  const matches = (day: DayNumber) => day >= first && day <= last && patternMatches(schedule, dateOf(day), day);
  const startsRun = (day: DayNumber) =>
    matches(day) && (!matches(day - 1) || (cut && startsCycle(schedule, dateOf(day), day)));
  return { first, last, matches, startsRun };
}

/** The occurrence made of the run that starts on `runStart`, as instants in the time zone. */
function runFrom(rules: ReturnType<typeof dayRules>, runStart: DayNumber, timeZone: string): Occurrence {
  let end = runStart + 1;
  while (end - runStart < LONGEST_RUN_DAYS && rules.matches(end) && !rules.startsRun(end)) end++;
  return { start: startOfDay(dateOf(runStart), timeZone), end: startOfDay(dateOf(end), timeZone) };
}

/** The occurrence running at `at`, or null when the campaign is not on then. */
export function occurrenceAt(schedule: Schedule, at: Date, timeZone: string): Occurrence | null {
  if (schedule.type === "once") {
    return at >= schedule.startsAt && at < schedule.endsAt ? { start: schedule.startsAt, end: schedule.endsAt } : null;
  }
  const rules = dayRules(schedule);
  const today = dayNumberOf(localDate(at, timeZone));
  if (!rules.matches(today)) return null;
  let start = today;
  while (today - start < LONGEST_RUN_DAYS && !rules.startsRun(start)) start--;
  return runFrom(rules, start, timeZone);
}

/** The first occurrence that starts strictly after `after`, or null when there is none. */
export function nextOccurrence(schedule: Schedule, after: Date, timeZone: string): Occurrence | null {
  if (schedule.type === "once") {
    return schedule.startsAt > after ? { start: schedule.startsAt, end: schedule.endsAt } : null;
  }
  const rules = dayRules(schedule);
  const from = Math.max(dayNumberOf(localDate(after, timeZone)), rules.first);
  const until = Math.min(from + LOOKAHEAD_DAYS, rules.last);
  for (let day = from; day <= until; day++) {
    if (!rules.startsRun(day)) continue;
    const start = startOfDay(dateOf(day), timeZone);
    if (start > after) return runFrom(rules, day, timeZone);
  }
  return null;
}

/** Safety net against a runaway loop over a wide range: about 27 years of daily runs. */
const MAX_OCCURRENCES = 10_000;

/**
 * The whole occurrences that overlap [from, to), in order (the first may start before `from`,
 * the last end after `to`: callers clip if they need to).
 */
export function occurrencesBetween(schedule: Schedule, from: Date, to: Date, timeZone: string): Occurrence[] {
  const found: Occurrence[] = [];
  if (to <= from) return found;
  let occurrence = occurrenceAt(schedule, from, timeZone) ?? nextOccurrence(schedule, from, timeZone);
  while (occurrence && occurrence.start < to && found.length < MAX_OCCURRENCES) {
    found.push(occurrence);
    occurrence = nextOccurrence(schedule, occurrence.start, timeZone);
  }
  return found;
}

export type CampaignPhase = "scheduled" | "running" | "ended" | "paused";

/** Where a campaign stands now: paused (switched off), running, still to come, or over. */
export function campaignPhase(campaign: Campaign, now: Date, timeZone: string): CampaignPhase {
  if (!campaign.active) return "paused";
  if (occurrenceAt(campaign.schedule, now, timeZone)) return "running";
  return nextOccurrence(campaign.schedule, now, timeZone) ? "scheduled" : "ended";
}

/** A campaign on now, and when its current occurrence ends. */
export interface RunningCampaign extends Campaign {
  endsAt: Date;
}

/** The campaigns switched on and running at `now`, in the order given (the merchant's). */
export function runningCampaigns(campaigns: readonly Campaign[], now: Date, timeZone: string): RunningCampaign[] {
  return campaigns.flatMap((campaign) => {
    if (!campaign.active) return [];
    const occurrence = occurrenceAt(campaign.schedule, now, timeZone);
    return occurrence ? [{ ...campaign, endsAt: occurrence.end }] : [];
  });
}
