/**
 * The qualification windows of a tier programme, in the shop's time zone: the calendar year
 * and the rolling 12 months are the shop's days, not UTC's. Pure; `now` is always passed in.
 */
import { localDate } from "../rules/period";
import { addDays, startOfDay, type CalendarDate } from "../rules/shop-dates";
import type { TierProgram } from "./definition";

/** The instants that count: [start, end], both included. start null: since the beginning. */
export interface Window {
  start: Date | null;
  end: Date;
}

/** The first instant of a calendar year where the shop is. */
export function startOfYear(year: number, timeZone: string): Date {
  return startOfDay({ year, month: 1, day: 1 }, timeZone);
}

/** The calendar year an instant falls in where the shop is. */
export function yearOf(at: Date, timeZone: string): number {
  return localDate(at, timeZone).year;
}

/**
 * The first instant after year `year`'s grace period: 1 January of the next year plus the
 * grace days. A calendar-year member is reviewed here; the last instant that still counts
 * toward keeping their tier is one millisecond earlier ("by 31 January" for 31 days).
 */
export function reviewAt(year: number, graceDays: number, timeZone: string): Date {
  return startOfDay(addDays({ year: year + 1, month: 1, day: 1 }, graceDays), timeZone);
}

/** The first instant `days` shop days after the day `at` falls on (a grace period's end). */
export function daysAfter(at: Date, days: number, timeZone: string): Date {
  return startOfDay(addDays(localDate(at, timeZone), days), timeZone);
}

/**
 * The first day of the rolling 12 months that end on `day`: the day after the same date a year
 * earlier (29 February looks back to 28 February), so the window is twelve months of days.
 */
function rollingFirstDay(day: CalendarDate): CalendarDate {
  const lastYear = day.year - 1;
  const daysInMonth = new Date(Date.UTC(lastYear, day.month, 0)).getUTCDate();
  return addDays({ year: lastYear, month: day.month, day: Math.min(day.day, daysInMonth) }, 1);
}

/**
 * The first instant at which a contribution made at `at` no longer counts in the rolling 12
 * months: the start of the same date a year later (1 March for 29 February).
 */
export function agesOutAt(at: Date, timeZone: string): Date {
  const day = localDate(at, timeZone);
  return startOfDay(addDays({ year: day.year + 1, month: day.month, day: 1 }, day.day - 1), timeZone);
}

/** The window qualification is counted over at `now`. */
export function currentWindow(program: Pick<TierProgram, "period" | "timeZone">, now: Date): Window {
  switch (program.period) {
    case "lifetime":
      return { start: null, end: now };
    case "calendar_year":
      return { start: startOfYear(yearOf(now, program.timeZone), program.timeZone), end: now };
    case "rolling_12_months":
      return { start: startOfDay(rollingFirstDay(localDate(now, program.timeZone)), program.timeZone), end: now };
  }
}
