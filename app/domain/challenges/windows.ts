/**
 * The windows a challenge counts in, in the shop's time zone: a calendar week from Monday
 * ("week:2026-11-23", its Monday, as app/domain/rules/period.ts names it), a month
 * ("month:2026-11"), a date range ("range"), a milestone's whole membership ("lifetime"), and a
 * streak's periods (days or weeks). Window keys are the period keys the rules engine uses, so
 * one calendar decides both. Pure: the instant is always passed.
 */
import { periodKey } from "../rules/period";
import { addDays, parseDateText, startOfDay, type CalendarDate } from "../rules/shop-dates";
import type { Challenge } from "./definition";

export const LIFETIME_WINDOW = "lifetime";
export const RANGE_WINDOW = "range";

/** Whether the challenge's own startsAt/endsAt (and a range window) hold the instant. */
export function isOnAt(challenge: Challenge, at: Date): boolean {
  if (challenge.startsAt && at < challenge.startsAt) return false;
  if (challenge.endsAt && at >= challenge.endsAt) return false;
  if (challenge.kind === "challenge" && challenge.window.type === "range") {
    return at >= challenge.window.startsAt && at < challenge.window.endsAt;
  }
  return true;
}

/**
 * The key of the window an instant counts in for this challenge, or null when it counts in
 * none (before or after the challenge, or outside the one window of a non-repeating
 * challenge: the window its startsAt falls in; without a startsAt it repeats).
 */
export function windowKeyAt(challenge: Challenge, at: Date, timeZone: string): string | null {
  if (!isOnAt(challenge, at)) return null;
  switch (challenge.kind) {
    case "milestone":
      return LIFETIME_WINDOW;
    case "streak":
      return periodKey(at, timeZone, challenge.period);
    case "challenge": {
      const { window } = challenge;
      if (window.type === "range") return RANGE_WINDOW;
      const key = periodKey(at, timeZone, window.type);
      if (!window.repeat && challenge.startsAt && key !== periodKey(challenge.startsAt, timeZone, window.type))
        return null;
      return key;
    }
  }
}

const DAY_MS = 86_400_000;
/** 1970-01-05, the first Monday after the epoch: weeks are counted from it. */
const FIRST_MONDAY = 4;

function dateOfKey(key: string): CalendarDate | null {
  return parseDateText(key.slice(key.indexOf(":") + 1));
}

/**
 * A day or week period key as a number (consecutive periods differ by one), for streaks;
 * null for a key that is neither.
 */
export function periodIndex(key: string): number | null {
  const date = key.startsWith("day:") || key.startsWith("week:") ? dateOfKey(key) : null;
  if (!date) return null;
  const days = Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
  return key.startsWith("day:") ? days : Math.floor((days - FIRST_MONDAY) / 7);
}

/** The period key of an index periodIndex gave. */
export function periodKeyOfIndex(period: "day" | "week", index: number): string {
  const days = period === "day" ? index : index * 7 + FIRST_MONDAY;
  const at = new Date(days * DAY_MS);
  const text = at.toISOString().slice(0, 10);
  return `${period}:${text}`;
}

/**
 * Where a window begins and ends (end exclusive) in the shop's time zone; null for a
 * lifetime window or a key that names no calendar window.
 */
export function windowBounds(challenge: Challenge, key: string, timeZone: string): { start: Date; end: Date } | null {
  if (key === RANGE_WINDOW && challenge.kind === "challenge" && challenge.window.type === "range") {
    return { start: challenge.window.startsAt, end: challenge.window.endsAt };
  }
  if (key.startsWith("day:") || key.startsWith("week:")) {
    const date = dateOfKey(key);
    if (!date) return null;
    const length = key.startsWith("day:") ? 1 : 7;
    return { start: startOfDay(date, timeZone), end: startOfDay(addDays(date, length), timeZone) };
  }
  const month = /^month:(\d{4})-(\d{2})$/.exec(key);
  if (month) {
    const year = Number(month[1]);
    const m = Number(month[2]);
    const next = m === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: m + 1, day: 1 };
    return { start: startOfDay({ year, month: m, day: 1 }, timeZone), end: startOfDay(next, timeZone) };
  }
  return null;
}

/** When the window ends for this challenge: the window's end or the challenge's, the earlier. */
export function windowEndsAt(challenge: Challenge, key: string, timeZone: string): Date | null {
  const end = windowBounds(challenge, key, timeZone)?.end ?? null;
  if (!challenge.endsAt) return end;
  return end && end < challenge.endsAt ? end : challenge.endsAt;
}

/** Whole shop-local calendar days from one instant to another (0 on the same day). */
export function calendarDaysBetween(from: Date, to: Date, timeZone: string): number {
  return periodIndex(periodKey(to, timeZone, "day"))! - periodIndex(periodKey(from, timeZone, "day"))!;
}
