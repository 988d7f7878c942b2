import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contributionsSince } from "./facts-window";
import { currentWindow } from "./periods";

const DAY = 86_400_000;

describe("contributionsSince", () => {
  it("is unbounded for a lifetime programme", () => {
    expect(contributionsSince({ period: "lifetime", timeZone: "UTC", graceDays: 30 }, new Date())).toBeNull();
  });

  it("reaches the start of the previous calendar year and its grace, whatever the time zone", () => {
    const now = new Date("2027-01-20T10:00:00Z");
    const since = contributionsSince({ period: "calendar_year", timeZone: "Pacific/Auckland", graceDays: 31 }, now)!;
    // 1 January 2026 in Auckland is 31 December 2025, 11:00 UTC.
    expect(since.getTime()).toBeLessThanOrEqual(Date.parse("2025-12-31T11:00:00Z"));
  });

  it("reaches back to every contribution a pending review can judge", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
        fc.constantFrom("calendar_year" as const, "rolling_12_months" as const),
        fc.constantFrom("UTC", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Auckland"),
        fc.integer({ min: 0, max: 365 }),
        (now, period, timeZone, graceDays) => {
          const program = { period, timeZone, graceDays };
          const since = contributionsSince(program, now)!.getTime();
          const start = currentWindow(program, now).start!.getTime();
          if (period === "calendar_year") {
            // The previous calendar year, whose review may be pending through its grace period.
            const previousYear = currentWindow(program, new Date(start - 1)).start!.getTime();
            expect(since).toBeLessThanOrEqual(previousYear);
          } else {
            // The 12 months before any day of the grace period (when the member stopped qualifying).
            expect(since).toBeLessThanOrEqual(start - graceDays * DAY);
          }
        },
      ),
    );
  });
});
