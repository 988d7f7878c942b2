/**
 * Calendar periods in the shop's time zone. Limits such as "once a day" mean the shop's day,
 * not UTC's: a shopper in Los Angeles visiting at 17:00 and at 18:00 local time must not
 * straddle two UTC days. Only `Intl.DateTimeFormat` is used; no date library.
 */
import type { Period } from "./rule";

export interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

// Building a formatter is far slower than using one; evaluation calls this per history entry.
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date an instant falls on in a time zone. */
export function localDate(at: Date, timeZone: string): LocalDate {
  const parts = formatterFor(timeZone).formatToParts(at);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: value("year"), month: value("month"), day: value("day") };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const isoDate = (d: LocalDate) => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

/** The Monday that starts the week of a date (calendar arithmetic in UTC: no DST in dates). */
function mondayOf(d: LocalDate): LocalDate {
  const utc = new Date(Date.UTC(d.year, d.month - 1, d.day));
  const sinceMonday = (utc.getUTCDay() + 6) % 7;
  utc.setUTCDate(utc.getUTCDate() - sinceMonday);
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
}

/**
 * A name for the period an instant falls in: "day:2026-11-23", "week:2026-11-23" (its
 * Monday), "month:2026-11", "year:2026". The period type is part of the name so that
 * changing a rule from daily to weekly never makes an old key look like a new one.
 */
export function periodKey(at: Date, timeZone: string, period: Period): string {
  const d = localDate(at, timeZone);
  switch (period) {
    case "day":
      return `day:${isoDate(d)}`;
    case "week":
      return `week:${isoDate(mondayOf(d))}`;
    case "month":
      return `month:${pad(d.year, 4)}-${pad(d.month)}`;
    case "year":
      return `year:${pad(d.year, 4)}`;
  }
}

export function samePeriod(a: Date, b: Date, timeZone: string, period: Period): boolean {
  return periodKey(a, timeZone, period) === periodKey(b, timeZone, period);
}
