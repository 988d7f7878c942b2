import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { challengePhase } from "./phase";
import { challenge, milestone, streak } from "./test-fixtures";
import { calendarDaysBetween, periodIndex, periodKeyOfIndex, windowBounds, windowKeyAt } from "./windows";

const weekly = challenge({
  measure: { type: "visits", count: 5 },
  window: { type: "week" },
  reward: { type: "points", points: 50 },
});
const monthly = challenge({
  measure: { type: "visits", count: 5 },
  window: { type: "month" },
  reward: { type: "points", points: 50 },
});

describe("windowKeyAt", () => {
  it.each([
    // Sunday 23:30 in Los Angeles is Monday in UTC: still the week that began on the Monday before.
    ["2026-11-30T07:30:00Z", "America/Los_Angeles", "week:2026-11-23"],
    ["2026-11-30T08:00:00Z", "America/Los_Angeles", "week:2026-11-30"],
    // Paris, the night clocks go back (25 October 2026): Sunday stays in its week.
    ["2026-10-25T22:59:00Z", "Europe/Paris", "week:2026-10-19"],
    ["2026-10-25T23:00:00Z", "Europe/Paris", "week:2026-10-26"],
  ])("puts %s in %s's week %s", (at, zone, key) => {
    expect(windowKeyAt(weekly, new Date(at), zone)).toBe(key);
  });

  it.each([
    ["2026-01-31T23:59:59Z", "UTC", "month:2026-01"],
    ["2026-02-01T00:00:00Z", "UTC", "month:2026-02"],
    // 1 March 00:30 in Auckland is still 28 February in UTC.
    ["2026-02-28T11:30:00Z", "Pacific/Auckland", "month:2026-03"],
    // The night clocks go forward in New York (8 March 2026) stays in March.
    ["2026-03-08T07:30:00Z", "America/New_York", "month:2026-03"],
  ])("puts %s in %s's month %s", (at, zone, key) => {
    expect(windowKeyAt(monthly, new Date(at), zone)).toBe(key);
  });

  it("counts a range between its start (inclusive) and end (exclusive) only", () => {
    const range = challenge({
      measure: { type: "orders", count: 2 },
      window: { type: "range", startsAt: "2026-12-01T05:00:00Z", endsAt: "2026-12-24T05:00:00Z" },
      reward: { type: "points", points: 10 },
    });
    expect(windowKeyAt(range, new Date("2026-12-01T04:59:59Z"), "UTC")).toBeNull();
    expect(windowKeyAt(range, new Date("2026-12-01T05:00:00Z"), "UTC")).toBe("range");
    expect(windowKeyAt(range, new Date("2026-12-24T05:00:00Z"), "UTC")).toBeNull();
  });

  it("keeps a non-repeating month to the month its start falls in", () => {
    const once = challenge({
      startsAt: "2026-05-10T00:00:00Z",
      measure: { type: "visits", count: 3 },
      window: { type: "month", repeat: false },
      reward: { type: "points", points: 10 },
    });
    expect(windowKeyAt(once, new Date("2026-05-09T23:00:00Z"), "UTC")).toBeNull();
    expect(windowKeyAt(once, new Date("2026-05-31T23:00:00Z"), "UTC")).toBe("month:2026-05");
    expect(windowKeyAt(once, new Date("2026-06-01T00:00:00Z"), "UTC")).toBeNull();
    expect(challengePhase(once, new Date("2026-06-01T00:00:00Z"), "UTC")).toBe("ended");
  });

  it("gives milestones one lifetime window and streaks their periods", () => {
    const m = milestone({ measure: { type: "orders", count: 10 }, reward: { type: "points", points: 100 } });
    const s = streak({
      action: { type: "visits" },
      period: "day",
      steps: [{ length: 3, reward: { type: "points", points: 5 } }],
    });
    expect(windowKeyAt(m, new Date("2030-01-01T00:00:00Z"), "UTC")).toBe("lifetime");
    expect(windowKeyAt(s, new Date("2026-03-29T01:30:00Z"), "Europe/London")).toBe("day:2026-03-29");
  });
});

describe("windowBounds", () => {
  it("starts and ends a week at the shop's midnights, across a change of clocks", () => {
    const bounds = windowBounds(weekly, "week:2026-10-19", "Europe/Paris")!;
    expect(bounds.start.toISOString()).toBe("2026-10-18T22:00:00.000Z");
    // Clocks went back on the 25th: the next Monday starts at 23:00 UTC.
    expect(bounds.end.toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });

  it("ends December at the first of January", () => {
    const bounds = windowBounds(monthly, "month:2026-12", "America/New_York")!;
    expect(bounds.start.toISOString()).toBe("2026-12-01T05:00:00.000Z");
    expect(bounds.end.toISOString()).toBe("2027-01-01T05:00:00.000Z");
  });

  it("holds every instant of its window, in any zone (property)", () => {
    const zone = fc.constantFrom(
      "UTC",
      "America/Los_Angeles",
      "Europe/Paris",
      "Australia/Lord_Howe",
      "America/Santiago",
    );
    const at = fc.integer({ min: Date.parse("2025-01-01"), max: Date.parse("2028-01-01") }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(zone, at, fc.constantFrom(weekly, monthly), (tz, instant, c) => {
        const key = windowKeyAt(c, instant, tz)!;
        const bounds = windowBounds(c, key, tz)!;
        expect(bounds.start.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime()).toBeLessThan(bounds.end.getTime());
        // The instant just before the start is in the previous window, the end in the next.
        expect(windowKeyAt(c, new Date(bounds.start.getTime() - 1), tz)).not.toBe(key);
        expect(windowKeyAt(c, bounds.end, tz)).not.toBe(key);
      }),
    );
  });
});

describe("period indexes", () => {
  it("number consecutive days and weeks one apart", () => {
    expect(periodIndex("day:2026-03-01")! - periodIndex("day:2026-02-28")!).toBe(1);
    expect(periodIndex("week:2026-01-05")! - periodIndex("week:2025-12-29")!).toBe(1);
    expect(periodKeyOfIndex("week", periodIndex("week:2026-11-23")!)).toBe("week:2026-11-23");
    expect(periodKeyOfIndex("day", periodIndex("day:2028-02-29")!)).toBe("day:2028-02-29");
    expect(periodIndex("month:2026-01")).toBeNull();
  });

  it("counts membership days as shop-local calendar days", () => {
    expect(calendarDaysBetween(new Date("2025-06-01T23:30:00Z"), new Date("2026-06-01T00:30:00Z"), "UTC")).toBe(365);
    // 23:30 UTC on 1 June is already 2 June in Tokyo.
    expect(calendarDaysBetween(new Date("2025-06-01T23:30:00Z"), new Date("2026-06-01T00:30:00Z"), "Asia/Tokyo")).toBe(
      364,
    );
  });
});

describe("challengePhase", () => {
  const dated = challenge({
    startsAt: "2026-12-01T00:00:00Z",
    endsAt: "2027-01-01T00:00:00Z",
    measure: { type: "visits", count: 5 },
    window: { type: "week" },
    reward: { type: "points", points: 50 },
  });
  it.each([
    ["2026-11-30T23:59:59Z", true, "scheduled"],
    ["2026-12-01T00:00:00Z", true, "active"],
    ["2027-01-01T00:00:00Z", true, "ended"],
    ["2026-12-15T00:00:00Z", false, "paused"],
  ] as const)("at %s (on: %s) is %s", (at, active, phase) => {
    expect(challengePhase({ ...dated, active }, new Date(at), "UTC")).toBe(phase);
  });
});
