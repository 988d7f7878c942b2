import { describe, expect, it } from "vitest";
import { dayOf, nextDay, parseDateText, startOfDay } from "./shop-dates";

describe("parseDateText", () => {
  it("reads a calendar date", () => {
    expect(parseDateText(" 2026-11-27 ")).toEqual({ year: 2026, month: 11, day: 27 });
    expect(parseDateText("2028-02-29")).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it.each(["2026-02-30", "2027-02-29", "2026-13-01", "2026-00-10", "27/11/2026", "2026-11-27T00:00", "", "1969-12-31"])(
    "refuses %j",
    (text) => {
      expect(parseDateText(text)).toBeNull();
    },
  );
});

describe("startOfDay", () => {
  it.each([
    ["UTC", "2026-06-15", "2026-06-15T00:00:00.000Z"],
    ["America/Los_Angeles", "2026-11-27", "2026-11-27T08:00:00.000Z"],
    ["America/Los_Angeles", "2026-06-15", "2026-06-15T07:00:00.000Z"],
    // The day clocks go forward (at 2:00) still starts at midnight, standard time.
    ["America/Los_Angeles", "2026-03-08", "2026-03-08T08:00:00.000Z"],
    ["Europe/Paris", "2026-06-15", "2026-06-14T22:00:00.000Z"],
    ["Europe/Paris", "2026-10-25", "2026-10-24T22:00:00.000Z"],
    ["Asia/Kolkata", "2026-01-01", "2025-12-31T18:30:00.000Z"],
    // Santiago jumps from 00:00 to 01:00: the day's first instant is 01:00 (-03).
    ["America/Santiago", "2026-09-06", "2026-09-06T04:00:00.000Z"],
    // Santiago goes back from 24:00 to 23:00: the day starts at the second midnight (-04).
    ["America/Santiago", "2026-04-05", "2026-04-05T04:00:00.000Z"],
  ])("in %s, %s starts at %s", (timeZone, date, expected) => {
    const start = startOfDay(parseDateText(date)!, timeZone);
    expect(start.toISOString()).toBe(expected);
    expect(dayOf(start, timeZone)).toBe(date);
    expect(dayOf(new Date(start.getTime() - 1), timeZone)).not.toBe(date);
  });
});

describe("nextDay", () => {
  it("crosses months, years and leap days", () => {
    expect(nextDay({ year: 2026, month: 11, day: 30 })).toEqual({ year: 2026, month: 12, day: 1 });
    expect(nextDay({ year: 2026, month: 12, day: 31 })).toEqual({ year: 2027, month: 1, day: 1 });
    expect(nextDay({ year: 2028, month: 2, day: 28 })).toEqual({ year: 2028, month: 2, day: 29 });
  });
});
