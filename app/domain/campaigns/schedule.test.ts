import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { wallClockText } from "../rules/shop-dates";
import { campaignDefinitionSchema, scheduleSchema, type Campaign, type Schedule } from "./definition";
import {
  campaignPhase,
  nextOccurrence,
  occurrenceAt,
  occurrencesBetween,
  runningCampaigns,
  type Occurrence,
} from "./schedule";

const schedule = (input: unknown): Schedule => scheduleSchema.parse(input);
const at = (iso: string) => new Date(iso);
/** An occurrence as wall clocks in the zone read it, "2026-03-28T00:00 → 2026-03-30T00:00". */
const local = (occurrence: Occurrence | null, zone: string) =>
  occurrence ? `${wallClockText(occurrence.start, zone)} → ${wallClockText(occurrence.end, zone)}` : null;
const hours = (occurrence: Occurrence | null) =>
  occurrence ? (occurrence.end.getTime() - occurrence.start.getTime()) / 3_600_000 : null;

const weekend = schedule({ type: "weekly", days: [6, 7] });

describe("weekly: every weekend", () => {
  it.each([
    // Saturday noon, Sunday late, the first and last instants.
    ["Europe/Paris", "2026-06-13T10:00:00Z", "2026-06-13T00:00 → 2026-06-15T00:00"],
    ["Europe/Paris", "2026-06-14T21:59:59Z", "2026-06-13T00:00 → 2026-06-15T00:00"],
    ["Europe/Paris", "2026-06-12T22:00:00Z", "2026-06-13T00:00 → 2026-06-15T00:00"],
    ["America/New_York", "2026-06-15T03:59:59Z", "2026-06-13T00:00 → 2026-06-15T00:00"],
  ])("%s at %s runs %s", (zone, instant, expected) => {
    expect(local(occurrenceAt(weekend, at(instant), zone), zone)).toBe(expected);
  });

  it.each([
    ["Europe/Paris", "2026-06-12T21:59:59Z"], // Friday 23:59:59 in Paris
    ["Europe/Paris", "2026-06-14T22:00:00Z"], // Monday 00:00 in Paris
    ["America/New_York", "2026-06-15T04:00:00Z"],
  ])("%s at %s is not on", (zone, instant) => {
    expect(occurrenceAt(weekend, at(instant), zone)).toBeNull();
  });

  it.each([
    // Clocks go forward on Sunday 29 March 2026 in Paris: a 47-hour weekend.
    ["Europe/Paris", "2026-03-28T12:00:00Z", "2026-03-28T00:00 → 2026-03-30T00:00", 47],
    // And back on Sunday 25 October: 49 hours.
    ["Europe/Paris", "2026-10-25T12:00:00Z", "2026-10-24T00:00 → 2026-10-26T00:00", 49],
    ["America/New_York", "2026-03-08T12:00:00Z", "2026-03-07T00:00 → 2026-03-09T00:00", 47],
    ["America/New_York", "2026-11-01T12:00:00Z", "2026-10-31T00:00 → 2026-11-02T00:00", 49],
    // Sydney's clocks go back on Sunday 5 April 2026 and forward on Sunday 4 October.
    ["Australia/Sydney", "2026-04-04T12:00:00Z", "2026-04-04T00:00 → 2026-04-06T00:00", 49],
    ["Australia/Sydney", "2026-10-03T12:00:00Z", "2026-10-03T00:00 → 2026-10-05T00:00", 47],
  ])("across a DST change in %s (%s): %s, %d hours", (zone, instant, expected, length) => {
    const occurrence = occurrenceAt(weekend, at(instant), zone);
    expect(local(occurrence, zone)).toBe(expected);
    expect(hours(occurrence)).toBe(length);
  });

  it("a Sunday-and-Monday schedule is one run across the week's turn", () => {
    const sundayMonday = schedule({ type: "weekly", days: [7, 1] });
    expect(local(occurrenceAt(sundayMonday, at("2026-06-15T12:00:00Z"), "UTC"), "UTC")).toBe(
      "2026-06-14T00:00 → 2026-06-16T00:00",
    );
  });

  it("every day of the week is cut into weeks from Monday", () => {
    const everyDay = schedule({ type: "weekly", days: [1, 2, 3, 4, 5, 6, 7] });
    expect(local(occurrenceAt(everyDay, at("2026-06-17T12:00:00Z"), "Europe/Paris"), "Europe/Paris")).toBe(
      "2026-06-15T00:00 → 2026-06-22T00:00",
    );
  });

  it("the next weekend after a Wednesday, and after a Saturday", () => {
    expect(local(nextOccurrence(weekend, at("2026-06-17T12:00:00Z"), "Europe/Paris"), "Europe/Paris")).toBe(
      "2026-06-20T00:00 → 2026-06-22T00:00",
    );
    expect(local(nextOccurrence(weekend, at("2026-06-13T12:00:00Z"), "Europe/Paris"), "Europe/Paris")).toBe(
      "2026-06-20T00:00 → 2026-06-22T00:00",
    );
  });
});

describe("monthly", () => {
  const endOfMonth = schedule({ type: "monthly", fromDay: 25, toDay: 31 });

  it.each([
    // toDay 31 means the month's last day: February, April, a leap February.
    ["2026-02-27T12:00:00Z", "2026-02-25T00:00 → 2026-03-01T00:00"],
    ["2028-02-29T12:00:00Z", "2028-02-25T00:00 → 2028-03-01T00:00"],
    ["2026-04-30T12:00:00Z", "2026-04-25T00:00 → 2026-05-01T00:00"],
    ["2026-12-31T12:00:00Z", "2026-12-25T00:00 → 2027-01-01T00:00"],
  ])("25th to the end at %s: %s", (instant, expected) => {
    expect(local(occurrenceAt(endOfMonth, at(instant), "UTC"), "UTC")).toBe(expected);
  });

  it("the 31st only, in a 30-day month, is its last day", () => {
    const last = schedule({ type: "monthly", fromDay: 31, toDay: 31 });
    expect(local(occurrenceAt(last, at("2026-04-30T12:00:00Z"), "UTC"), "UTC")).toBe(
      "2026-04-30T00:00 → 2026-05-01T00:00",
    );
    expect(occurrenceAt(last, at("2026-04-29T12:00:00Z"), "UTC")).toBeNull();
    expect(local(nextOccurrence(last, at("2027-02-01T00:00:00Z"), "UTC"), "UTC")).toBe(
      "2027-02-28T00:00 → 2027-03-01T00:00",
    );
  });

  it("the first week of each month, in Sydney, across the April DST change", () => {
    const firstWeek = schedule({ type: "monthly", fromDay: 1, toDay: 7 });
    const zone = "Australia/Sydney";
    const occurrence = occurrenceAt(firstWeek, at("2026-04-05T12:00:00Z"), zone);
    expect(local(occurrence, zone)).toBe("2026-04-01T00:00 → 2026-04-08T00:00");
    expect(hours(occurrence)).toBe(7 * 24 + 1);
  });

  it("a February toDay 29 runs into March 1..29 when February ends before it", () => {
    const untilThe29th = schedule({ type: "monthly", fromDay: 1, toDay: 29 });
    expect(local(occurrenceAt(untilThe29th, at("2026-02-10T00:00:00Z"), "UTC"), "UTC")).toBe(
      "2026-02-01T00:00 → 2026-03-30T00:00",
    );
  });
});

describe("yearly: each December", () => {
  const december = schedule({ type: "yearly", months: [12] });

  it.each([
    ["Europe/Paris", "2026-12-15T12:00:00Z", "2026-12-01T00:00 → 2027-01-01T00:00"],
    ["America/New_York", "2027-01-01T04:59:59Z", "2026-12-01T00:00 → 2027-01-01T00:00"],
    ["Australia/Sydney", "2026-11-30T13:00:00Z", "2026-12-01T00:00 → 2027-01-01T00:00"],
  ])("%s at %s: %s", (zone, instant, expected) => {
    expect(local(occurrenceAt(december, at(instant), zone), zone)).toBe(expected);
  });

  it("is off in November, and next on 1 December", () => {
    expect(occurrenceAt(december, at("2026-11-15T00:00:00Z"), "Europe/Paris")).toBeNull();
    expect(nextOccurrence(december, at("2026-11-15T00:00:00Z"), "Europe/Paris")?.start).toEqual(
      at("2026-11-30T23:00:00Z"),
    );
  });
});

describe("bounds", () => {
  const bounded = schedule({ type: "weekly", days: [6, 7], startsOn: "2026-06-14", endsOn: "2026-06-20" });

  it("startsOn and endsOn cut the runs (both days inclusive)", () => {
    expect(occurrenceAt(bounded, at("2026-06-13T12:00:00Z"), "UTC")).toBeNull();
    expect(local(occurrenceAt(bounded, at("2026-06-14T12:00:00Z"), "UTC"), "UTC")).toBe(
      "2026-06-14T00:00 → 2026-06-15T00:00",
    );
    expect(local(occurrenceAt(bounded, at("2026-06-20T23:59:00Z"), "UTC"), "UTC")).toBe(
      "2026-06-20T00:00 → 2026-06-21T00:00",
    );
    expect(occurrenceAt(bounded, at("2026-06-21T12:00:00Z"), "UTC")).toBeNull();
    expect(nextOccurrence(bounded, at("2026-06-20T12:00:00Z"), "UTC")).toBeNull();
  });

  it("a start far ahead is found", () => {
    const later = schedule({ type: "yearly", months: [12], startsOn: "2030-12-10" });
    expect(local(nextOccurrence(later, at("2026-01-01T00:00:00Z"), "UTC"), "UTC")).toBe(
      "2030-12-10T00:00 → 2031-01-01T00:00",
    );
  });
});

describe("once", () => {
  const blackFriday = schedule({
    type: "once",
    startsAt: "2026-11-27T00:00:00+01:00",
    endsAt: "2026-11-30T00:00:00+01:00",
  });
  it("runs from its start (inclusive) to its end (exclusive)", () => {
    expect(occurrenceAt(blackFriday, at("2026-11-26T22:59:59Z"), "Europe/Paris")).toBeNull();
    expect(occurrenceAt(blackFriday, at("2026-11-26T23:00:00Z"), "Europe/Paris")).toEqual({
      start: at("2026-11-26T23:00:00Z"),
      end: at("2026-11-29T23:00:00Z"),
    });
    expect(occurrenceAt(blackFriday, at("2026-11-29T23:00:00Z"), "Europe/Paris")).toBeNull();
    expect(nextOccurrence(blackFriday, at("2026-11-01T00:00:00Z"), "UTC")?.start).toEqual(at("2026-11-26T23:00:00Z"));
    expect(nextOccurrence(blackFriday, at("2026-11-27T00:00:00Z"), "UTC")).toBeNull();
    expect(occurrencesBetween(blackFriday, at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"), "UTC")).toHaveLength(
      1,
    );
  });
});

describe("occurrencesBetween", () => {
  it("lists each weekend of June 2026 in Paris, whole", () => {
    const found = occurrencesBetween(weekend, at("2026-06-01T00:00:00Z"), at("2026-07-01T00:00:00Z"), "Europe/Paris");
    expect(found.map((o) => wallClockText(o.start, "Europe/Paris").slice(0, 10))).toEqual([
      "2026-06-06",
      "2026-06-13",
      "2026-06-20",
      "2026-06-27",
    ]);
  });
  it("is empty for an empty range", () => {
    expect(occurrencesBetween(weekend, at("2026-06-13T12:00:00Z"), at("2026-06-13T12:00:00Z"), "UTC")).toEqual([]);
  });
});

describe("campaignPhase and runningCampaigns", () => {
  const campaign = (definition: unknown, active = true): Campaign => ({
    ...campaignDefinitionSchema.parse(definition),
    id: "c1",
    title: "Double points weekend",
    translations: {},
    active,
    position: 0,
  });
  const doubleWeekend = campaign({
    schedule: { type: "weekly", days: [6, 7], endsOn: "2026-06-30" },
    effect: { type: "multiplier", multiplierHundredths: 200 },
  });

  it.each([
    ["2026-06-13T12:00:00Z", "running"],
    ["2026-06-17T12:00:00Z", "scheduled"],
    ["2026-07-01T12:00:00Z", "ended"],
  ] as const)("at %s it is %s", (instant, phase) => {
    expect(campaignPhase(doubleWeekend, at(instant), "UTC")).toBe(phase);
  });

  it("a paused campaign is paused whatever its schedule, and never runs", () => {
    const paused = { ...doubleWeekend, active: false };
    expect(campaignPhase(paused, at("2026-06-13T12:00:00Z"), "UTC")).toBe("paused");
    expect(runningCampaigns([paused], at("2026-06-13T12:00:00Z"), "UTC")).toEqual([]);
  });

  it("a running campaign ends with its occurrence", () => {
    const [running] = runningCampaigns([doubleWeekend], at("2026-06-13T12:00:00Z"), "Europe/Paris");
    expect(running?.endsAt).toEqual(at("2026-06-14T22:00:00Z"));
  });
});

// Properties over random recurring schedules, instants and zones.
const ZONES = ["UTC", "Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata"] as const;
const zone = fc.constantFrom(...ZONES);
const T0 = Date.parse("2026-01-01T00:00:00Z");
const instant = fc.integer({ min: T0, max: T0 + 3 * 366 * 86_400_000 }).map((ms) => new Date(ms));
const dateText = fc
  .integer({ min: 0, max: 3 * 366 })
  .map((days) => new Date(T0 + days * 86_400_000).toISOString().slice(0, 10));
const bounds = fc
  .record({ startsOn: dateText, endsOn: dateText }, { requiredKeys: [] })
  .map((b) => (b.startsOn && b.endsOn && b.endsOn < b.startsOn ? { startsOn: b.endsOn, endsOn: b.startsOn } : b));
const recurring: fc.Arbitrary<Schedule> = fc
  .tuple(
    fc.oneof(
      fc.record({
        type: fc.constant("weekly" as const),
        days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      }),
      fc
        .tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 31 }))
        .map(([a, b]) => ({ type: "monthly" as const, fromDay: Math.min(a, b), toDay: Math.max(a, b) })),
      fc.record({
        type: fc.constant("yearly" as const),
        months: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 }),
      }),
    ),
    bounds,
  )
  .map(([pattern, b]) => schedule({ ...pattern, ...b }));

describe("schedule properties", () => {
  it("occurrenceAt(x) contains x, and the occurrence is the same from any instant inside it", () => {
    fc.assert(
      fc.property(recurring, instant, zone, (s, x, z) => {
        const occurrence = occurrenceAt(s, x, z);
        if (!occurrence) return;
        expect(occurrence.start.getTime()).toBeLessThanOrEqual(x.getTime());
        expect(occurrence.end.getTime()).toBeGreaterThan(x.getTime());
        // Another instant inside (the start, the last millisecond) sees the same occurrence.
        expect(occurrenceAt(s, occurrence.start, z)).toEqual(occurrence);
        expect(occurrenceAt(s, new Date(occurrence.end.getTime() - 1), z)).toEqual(occurrence);
      }),
      { numRuns: 300 },
    );
  });

  it("occurrencesBetween are sorted, disjoint, at local midnights, and every instant is in at most one", () => {
    fc.assert(
      fc.property(recurring, instant, fc.integer({ min: 1, max: 120 }), zone, (s, from, days, z) => {
        const to = new Date(from.getTime() + days * 86_400_000);
        const found = occurrencesBetween(s, from, to, z);
        for (const [i, o] of found.entries()) {
          expect(o.start < o.end).toBe(true);
          expect(wallClockText(o.start, z).endsWith("T00:00")).toBe(true);
          expect(wallClockText(o.end, z).endsWith("T00:00")).toBe(true);
          if (i > 0) expect(found[i - 1]!.end.getTime()).toBeLessThanOrEqual(o.start.getTime());
          expect(o.start < to && o.end > from).toBe(true);
        }
        // Every instant of the range that is on lies in exactly the one listed occurrence.
        for (let step = 0; step <= 8; step++) {
          const x = new Date(from.getTime() + ((to.getTime() - from.getTime() - 1) * step) / 8);
          const containing = found.filter((o) => o.start <= x && x < o.end);
          expect(containing.length).toBeLessThanOrEqual(1);
          expect(containing[0] ?? null).toEqual(occurrenceAt(s, x, z));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("nextOccurrence starts after the instant, and nothing is on between the instant and it", () => {
    fc.assert(
      fc.property(recurring, instant, zone, (s, x, z) => {
        const next = nextOccurrence(s, x, z);
        if (!next) return;
        expect(next.start > x).toBe(true);
        expect(occurrenceAt(s, next.start, z)).toEqual(next);
        // The instant just before it is in no occurrence, or in one that started at or before x.
        const before = occurrenceAt(s, new Date(next.start.getTime() - 1), z);
        if (before) expect(before.start <= x).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
