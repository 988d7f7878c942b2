/**
 * Birthdays as members give them ("MM-DD", no year: the programme has no business knowing an
 * age), and which stored values are celebrated on a given day. Pure.
 */
import { localDate } from "./rules";

export interface Birthday {
  month: number;
  day: number;
}

// Days in each month of a leap year: 29 February is a birthday like any other.
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const pad = (n: number) => String(n).padStart(2, "0");

/** "03-07" → { month: 3, day: 7 }; anything else (a full date, "02-30", "") → null. */
export function parseBirthday(value: string | null | undefined): Birthday | null {
  const match = /^(\d{2})-(\d{2})$/.exec(value ?? "");
  if (!match) return null;
  const month = Number(match[1]);
  const day = Number(match[2]);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return null;
  return { month, day };
}

export function formatBirthday(birthday: Birthday): string {
  return `${pad(birthday.month)}-${pad(birthday.day)}`;
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The stored birthdays worth checking on `now`'s date in the shop's time zone, so a daily job
 * reads today's members instead of all of them: the exact "MM-DD" values for rules that award
 * on the day (with "02-29" on 28 February of other years, as the engine celebrates it then),
 * and the "MM-" prefix for rules that award any day of the birthday month. The engine still
 * decides; this only narrows the query.
 */
export function birthdaysToCheck(
  now: Date,
  timeZone: string,
  awardOn: readonly ("day" | "month")[],
): { days: string[]; monthPrefixes: string[] } {
  const today = localDate(now, timeZone);
  const days = new Set<string>();
  const monthPrefixes = new Set<string>();
  for (const mode of awardOn) {
    if (mode === "month") {
      monthPrefixes.add(`${pad(today.month)}-`);
      continue;
    }
    days.add(formatBirthday(today));
    if (today.month === 2 && today.day === 28 && !isLeapYear(today.year)) days.add("02-29");
  }
  return { days: [...days], monthPrefixes: [...monthPrefixes] };
}
