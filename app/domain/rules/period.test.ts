import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { isValidTimeZone, localDate, periodKey, samePeriod } from "./period";
import type { Period } from "./rule";

describe("periodKey", () => {
  it.each<[string, string, Period, string]>([
    // 2026-03-10T07:30Z is 23:30 on 9 March in Los Angeles (PDT, UTC-7).
    ["2026-03-10T06:30:00Z", "America/Los_Angeles", "day", "day:2026-03-09"],
    ["2026-03-10T07:10:00Z", "America/Los_Angeles", "day", "day:2026-03-10"],
    ["2026-03-10T07:10:00Z", "UTC", "day", "day:2026-03-10"],
    // 23:30 on Sunday 1 March in Paris is still that week; 00:10 Monday starts a new one.
    ["2026-03-01T22:30:00Z", "Europe/Paris", "week", "week:2026-02-23"],
    ["2026-03-01T23:10:00Z", "Europe/Paris", "week", "week:2026-03-02"],
    ["2026-03-01T23:10:00Z", "Europe/Paris", "month", "month:2026-03"],
    // Paris: 23:50 local on 28 Feb is February; 00:10 on 1 March is March (still Feb in UTC).
    ["2026-02-28T22:50:00Z", "Europe/Paris", "month", "month:2026-02"],
    ["2026-02-28T23:10:00Z", "Europe/Paris", "month", "month:2026-03"],
    ["2026-02-28T23:10:00Z", "UTC", "month", "month:2026-02"],
    ["2026-12-31T23:30:00Z", "Europe/Paris", "year", "year:2027"],
    ["2026-12-31T23:30:00Z", "America/Los_Angeles", "year", "year:2026"],
    // A week that spans a year end keeps the Monday's date.
    ["2027-01-01T12:00:00Z", "UTC", "week", "week:2026-12-28"],
    // DST change in Los Angeles (8 March 2026): the day still ends at local midnight.
    ["2026-03-09T06:59:00Z", "America/Los_Angeles", "day", "day:2026-03-08"],
    ["2026-03-09T07:00:00Z", "America/Los_Angeles", "day", "day:2026-03-09"],
  ])("%s in %s, %s → %s", (iso, tz, period, expected) => {
    expect(periodKey(new Date(iso), tz, period)).toBe(expected);
  });

  it("23:30 and 00:10 local are different days in Paris, although both fall on one UTC day", () => {
    // Paris, winter (UTC+1): 23:30 on 14 Jan = 22:30Z; 00:10 on 15 Jan = 23:10Z.
    expect(samePeriod(new Date("2026-01-14T22:30:00Z"), new Date("2026-01-14T23:10:00Z"), "Europe/Paris", "day")).toBe(
      false,
    );
    expect(samePeriod(new Date("2026-01-14T22:30:00Z"), new Date("2026-01-14T23:10:00Z"), "UTC", "day")).toBe(true);
  });

  const instant = fc.date({
    min: new Date("2000-01-01T00:00:00Z"),
    max: new Date("2100-01-01T00:00:00Z"),
    noInvalidDate: true,
  });
  const zone = fc.constantFrom("UTC", "America/Los_Angeles", "Europe/Paris", "Asia/Kathmandu", "Pacific/Kiritimati");

  it("a week always starts on a Monday and contains the day", () => {
    fc.assert(
      fc.property(instant, zone, (at, tz) => {
        const monday = periodKey(at, tz, "week").slice("week:".length);
        const day = periodKey(at, tz, "day").slice("day:".length);
        expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
        const gap = (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${monday}T00:00:00Z`)) / 86_400_000;
        expect(gap).toBeGreaterThanOrEqual(0);
        expect(gap).toBeLessThan(7);
      }),
    );
  });

  it("the local date is what the platform formats for that zone", () => {
    fc.assert(
      fc.property(instant, zone, (at, tz) => {
        const d = localDate(at, tz);
        const text = at.toLocaleDateString("en-CA", { timeZone: tz }); // YYYY-MM-DD
        expect(`${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`).toBe(text);
      }),
    );
  });
});

describe("isValidTimeZone", () => {
  it.each([
    ["Europe/Paris", true],
    ["America/Los_Angeles", true],
    ["UTC", true],
    ["Mars/Olympus_Mons", false],
    ["", false],
  ])("%s → %s", (tz, expected) => {
    expect(isValidTimeZone(tz)).toBe(expected);
  });
});
