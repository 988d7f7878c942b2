import { describe, it, expect } from "vitest";
import { limitRefusal } from "./limits";
import type { Limits } from "./rule";

type Row = [label: string, limits: Limits, awardedAt: string[], now: string, timeZone: string, expected: string | null];

describe("limitRefusal", () => {
  it.each<Row>([
    ["no limits", {}, ["2026-06-15T10:00:00Z", "2026-06-15T11:00:00Z"], "2026-06-15T12:00:00Z", "UTC", null],

    ["per day: room left", { perDay: 2 }, ["2026-06-15T10:00:00Z"], "2026-06-15T12:00:00Z", "UTC", null],
    [
      "per day: full",
      { perDay: 2 },
      ["2026-06-15T10:00:00Z", "2026-06-15T11:00:00Z"],
      "2026-06-15T12:00:00Z",
      "UTC",
      "limit_reached",
    ],
    ["per day: yesterday does not count", { perDay: 1 }, ["2026-06-14T23:59:00Z"], "2026-06-15T00:01:00Z", "UTC", null],
    // Los Angeles (PDT, UTC-7): 23:30 local on 14 June = 06:30Z on 15 June; 00:10 local on 15 June = 07:10Z.
    [
      "per day, LA: 23:30 then 00:10 local are two days",
      { perDay: 1 },
      ["2026-06-15T06:30:00Z"],
      "2026-06-15T07:10:00Z",
      "America/Los_Angeles",
      null,
    ],
    [
      "per day, LA: 00:10 then 16:00 local are one day",
      { perDay: 1 },
      ["2026-06-15T07:10:00Z"],
      "2026-06-15T23:00:00Z",
      "America/Los_Angeles",
      "limit_reached",
    ],
    // ...whereas UTC would split them, and would join the first pair.
    [
      "per day, UTC: the same instants as above are one day",
      { perDay: 1 },
      ["2026-06-15T06:30:00Z"],
      "2026-06-15T07:10:00Z",
      "UTC",
      "limit_reached",
    ],
    // Paris (CEST, UTC+2): 23:30 local on 14 June = 21:30Z; 00:10 local on 15 June = 22:10Z.
    [
      "per day, Paris: 23:30 then 00:10 local are two days",
      { perDay: 1 },
      ["2026-06-14T21:30:00Z"],
      "2026-06-14T22:10:00Z",
      "Europe/Paris",
      null,
    ],

    ["per week: room left", { perWeek: 2 }, ["2026-06-15T10:00:00Z"], "2026-06-17T10:00:00Z", "UTC", null],
    [
      "per week: full (Monday and Sunday of one week)",
      { perWeek: 1 },
      ["2026-06-15T10:00:00Z"],
      "2026-06-21T22:00:00Z",
      "UTC",
      "limit_reached",
    ],
    // Paris: Sunday 21 June 23:30 local = 21:30Z; Monday 22 June 00:10 local = 22:10Z.
    [
      "per week, Paris: Sunday 23:30 then Monday 00:10 local are two weeks",
      { perWeek: 1 },
      ["2026-06-21T21:30:00Z"],
      "2026-06-21T22:10:00Z",
      "Europe/Paris",
      null,
    ],
    [
      "per week, LA: Monday 00:10 local (Monday 07:10Z) and Tuesday are one week",
      { perWeek: 1 },
      ["2026-06-22T07:10:00Z"],
      "2026-06-23T20:00:00Z",
      "America/Los_Angeles",
      "limit_reached",
    ],

    [
      "per month: room left",
      { perMonth: 3 },
      ["2026-06-01T10:00:00Z", "2026-06-02T10:00:00Z"],
      "2026-06-30T10:00:00Z",
      "UTC",
      null,
    ],
    [
      "per month: full",
      { perMonth: 2 },
      ["2026-06-01T10:00:00Z", "2026-06-02T10:00:00Z"],
      "2026-06-30T10:00:00Z",
      "UTC",
      "limit_reached",
    ],
    // LA: 30 June 23:30 local = 1 July 06:30Z; 1 July 00:10 local = 07:10Z.
    [
      "per month, LA: 30 June 23:30 then 1 July 00:10 local are two months",
      { perMonth: 1 },
      ["2026-07-01T06:30:00Z"],
      "2026-07-01T07:10:00Z",
      "America/Los_Angeles",
      null,
    ],
    [
      "per month, LA: a UTC-July award is still June locally",
      { perMonth: 1 },
      ["2026-06-10T10:00:00Z"],
      "2026-07-01T06:30:00Z",
      "America/Los_Angeles",
      "limit_reached",
    ],

    [
      "per lifetime: room left",
      { perLifetime: 3 },
      ["2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"],
      "2026-06-15T12:00:00Z",
      "UTC",
      null,
    ],
    [
      "per lifetime: full, however old",
      { perLifetime: 2 },
      ["2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"],
      "2026-06-15T12:00:00Z",
      "UTC",
      "limit_reached",
    ],

    [
      "cooldown: waited long enough",
      { cooldownSeconds: 600 },
      ["2026-06-15T11:50:00Z"],
      "2026-06-15T12:00:00Z",
      "UTC",
      null,
    ],
    [
      "cooldown: too soon",
      { cooldownSeconds: 600 },
      ["2026-06-15T11:50:01Z"],
      "2026-06-15T12:00:00Z",
      "UTC",
      "cooldown",
    ],
    [
      "cooldown: measured from the latest award",
      { cooldownSeconds: 600 },
      ["2026-06-15T11:55:00Z", "2026-06-15T08:00:00Z"],
      "2026-06-15T12:00:00Z",
      "UTC",
      "cooldown",
    ],
    [
      "cooldown: ignores the calendar (crosses midnight)",
      { cooldownSeconds: 3600 },
      ["2026-06-14T23:30:00Z"],
      "2026-06-15T00:10:00Z",
      "UTC",
      "cooldown",
    ],
    ["cooldown with no history", { cooldownSeconds: 600 }, [], "2026-06-15T12:00:00Z", "UTC", null],
  ])("%s", (_label, limits, awardedAt, now, timeZone, expected) => {
    const result = limitRefusal(
      "r",
      limits,
      awardedAt.map((at) => new Date(at)),
      new Date(now),
      timeZone,
    );
    expect(result?.code ?? null).toBe(expected);
    if (result) expect(result.message).toMatch(/\.$/);
  });

  it.each([
    [{ perDay: 1 }, "This can earn points at most once a day."],
    [{ perWeek: 2 }, "This can earn points at most twice a week."],
    [{ perMonth: 5 }, "This can earn points at most 5 times a month."],
    [{ perLifetime: 1 }, "This can earn points at most once in total."],
    [{ cooldownSeconds: 3600 }, "Try again in 60 minutes."],
  ])("explains %o in plain English", (limits, message) => {
    const now = new Date("2026-06-15T12:00:00Z");
    const full = Array.from({ length: 5 }, () => now);
    expect(limitRefusal("r", limits, full, now, "UTC")?.message).toBe(message);
  });
});
