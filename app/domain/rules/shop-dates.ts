/**
 * Calendar dates in the shop's time zone, for the admin form's start and end dates: a rule
 * that "starts on 27 November" starts at the first moment of 27 November where the shop is,
 * not in UTC. Only `Intl`; no date library.
 */
import { localDate } from "./period";

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number;
}

/** "2026-11-27" → its parts, or null for text that is not a real calendar date. */
export function parseDateText(text: string): CalendarDate | null {
  const match = DATE_TEXT.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March: a real date comes back unchanged.
  if (year < 1970 || utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day)
    return null;
  return { year, month, day };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function dateText(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** The day after a date, as calendar arithmetic (no time zone involved). */
export function nextDay(date: CalendarDate): CalendarDate {
  return addDays(date, 1);
}

/** A date some days later (or earlier, for negative days), as calendar arithmetic. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const utc = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** How far the shop's clocks are ahead of UTC at an instant, in milliseconds. */
function offsetAt(at: number, timeZone: string): number {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    wallClocks.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The first instant of a calendar day in a time zone. Where clocks jump forward at midnight
 * (Santiago, Beirut) the day starts at 01:00, which is what this returns.
 */
export function startOfDay(date: CalendarDate, timeZone: string): Date {
  const midnightAsUtc = Date.UTC(date.year, date.month - 1, date.day);
  const first = midnightAsUtc - offsetAt(midnightAsUtc, timeZone);
  const second = midnightAsUtc - offsetAt(first, timeZone);
  const target = dateText(date);
  // The earliest candidate that really falls on the day: around a change of offset one of the
  // two guesses lands in the day before.
  const candidates = [first, second].sort((a, b) => a - b);
  const onTheDay = candidates.find((at) => dateText(localDate(new Date(at), timeZone)) === target);
  return new Date(onTheDay ?? candidates[candidates.length - 1]!);
}

/** The calendar day an instant falls on in a time zone, as "2026-11-27". */
export function dayOf(at: Date, timeZone: string): string {
  return dateText(localDate(at, timeZone));
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/**
 * The instant a wall-clock time in a time zone names ("2026-12-24 09:00 in Paris"). A time
 * skipped when clocks jump forward reads as the same time after the jump.
 */
export function wallClockInstant(clock: WallClock, timeZone: string): Date {
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute);
  const first = asUtc - offsetAt(asUtc, timeZone);
  return new Date(asUtc - offsetAt(first, timeZone));
}

/** An instant as the wall clock in a time zone shows it, "2026-12-24T09:00". */
export function wallClockText(at: Date, timeZone: string): string {
  return new Date(at.getTime() + offsetAt(at.getTime(), timeZone)).toISOString().slice(0, 16);
}
