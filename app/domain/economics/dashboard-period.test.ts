import { describe, expect, it } from "vitest";
import { dashboardPeriod } from "./dashboard-period";

const NOW = new Date("2026-12-02T03:00:00Z");
const period = (query: string, timeZone = "UTC") => dashboardPeriod(new URLSearchParams(query), timeZone, NOW);

describe("the dashboard's period", () => {
  it("is the last 90 days, today included, by default", () => {
    expect(period("")).toMatchObject({ days: { from: "2026-09-04", to: "2026-12-02" }, problem: null });
    expect(period("").instants).toEqual({
      from: new Date("2026-09-04T00:00:00Z"),
      to: new Date("2026-12-03T00:00:00Z"),
    });
  });

  it("is the shop's days: in New York it is still the 1st", () => {
    const ny = period("", "America/New_York");
    expect(ny.days.to).toBe("2026-12-01");
    expect(ny.instants.to).toEqual(new Date("2026-12-02T05:00:00Z"));
  });

  it("takes the merchant's days, both included", () => {
    expect(period("from=2026-11-01&to=2026-11-30")).toMatchObject({
      days: { from: "2026-11-01", to: "2026-11-30" },
      instants: { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") },
      problem: null,
    });
  });

  it.each([
    ["from=2026-11-30&to=2026-11-01", /must not be after the last/],
    ["from=yesterday&to=2026-11-01", /YYYY-MM-DD/],
    ["from=2026-11-01", /YYYY-MM-DD/],
    ["from=2020-01-01&to=2026-11-01", /at most three years/],
  ])("explains %s and shows the default", (query, problem) => {
    const read = period(query);
    expect(read.problem).toMatch(problem);
    expect(read.days).toMatchObject({ from: "2026-09-04", to: "2026-12-02" });
  });
});
