import { describe, expect, it } from "vitest";
import { birthdaysToCheck, formatBirthday, parseBirthday } from "./birthdays";

describe("parseBirthday", () => {
  it("reads MM-DD and refuses anything else", () => {
    expect(parseBirthday("03-07")).toEqual({ month: 3, day: 7 });
    expect(parseBirthday("02-29")).toEqual({ month: 2, day: 29 });
    expect(parseBirthday("12-31")).toEqual({ month: 12, day: 31 });
    for (const bad of ["02-30", "04-31", "00-10", "13-01", "3-7", "1990-03-07", "", null, undefined]) {
      expect(parseBirthday(bad), String(bad)).toBeNull();
    }
  });

  it("formats back to the stored form", () => {
    expect(formatBirthday({ month: 3, day: 7 })).toBe("03-07");
  });
});

describe("birthdaysToCheck", () => {
  it("gives today's date in the shop's time zone", () => {
    // 02:00 UTC on 15 June is still 14 June in Los Angeles.
    const now = new Date("2026-06-15T02:00:00Z");
    expect(birthdaysToCheck(now, "UTC", ["day"])).toEqual({ days: ["06-15"], monthPrefixes: [] });
    expect(birthdaysToCheck(now, "America/Los_Angeles", ["day"])).toEqual({ days: ["06-14"], monthPrefixes: [] });
  });

  it("checks 29 February birthdays on 28 February of other years only", () => {
    expect(birthdaysToCheck(new Date("2027-02-28T12:00:00Z"), "UTC", ["day"]).days).toEqual(["02-28", "02-29"]);
    expect(birthdaysToCheck(new Date("2028-02-28T12:00:00Z"), "UTC", ["day"]).days).toEqual(["02-28"]);
    expect(birthdaysToCheck(new Date("2028-02-29T12:00:00Z"), "UTC", ["day"]).days).toEqual(["02-29"]);
  });

  it("checks the whole month for rules that award any day of it, and nothing without rules", () => {
    expect(birthdaysToCheck(new Date("2026-06-15T12:00:00Z"), "UTC", ["month", "day", "month"])).toEqual({
      days: ["06-15"],
      monthPrefixes: ["06-"],
    });
    expect(birthdaysToCheck(new Date("2026-06-15T12:00:00Z"), "UTC", [])).toEqual({ days: [], monthPrefixes: [] });
  });
});
