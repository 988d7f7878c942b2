import { describe, expect, it } from "vitest";
import { tierStanding } from "./progress";
import { GOLD, SILVER, facts, points, program } from "./test-program";

describe("tierStanding", () => {
  it("shows the tier with its perks and what the next one needs, in the shop's unit", () => {
    const standing = tierStanding(
      program({ metric: "spend" }),
      facts({ contributions: [points("2026-01-01T10:00:00Z", 60)] }), // 600 in minor units
      new Date("2026-06-01T12:00:00Z"),
    );
    expect(standing).toEqual({
      tier: { id: "silver", name: "silver", perks: [] },
      nextTier: { id: "gold", name: "gold", remaining: 400, unit: "money" },
      keep: null,
      value: 600,
    });
  });

  it("at the top, lists text perks and Shopify perk codes and has no next tier", () => {
    const standing = tierStanding(
      program(),
      facts({ contributions: [points("2026-01-01T10:00:00Z", 1000)] }),
      new Date("2026-06-01T12:00:00Z"),
    );
    expect(standing.tier).toEqual({
      id: "gold",
      name: "gold",
      perks: ["Early access", "free_shipping", "percent_off:10"],
    });
    expect(standing.nextTier).toBeNull();
  });

  it("tells a calendar-year member in the grace period what keeps the tier, and by when", () => {
    const p = program({ period: "calendar_year", graceDays: 31, timeZone: "America/New_York" });
    const contributions = [points("2025-03-01T12:00:00Z", 1000), points("2026-03-01T12:00:00Z", 700)];
    const standing = tierStanding(p, facts({ contributions }), new Date("2027-01-10T12:00:00Z"));
    expect(standing.tier?.id).toBe("gold");
    expect(standing.keep).toEqual({
      tierId: "gold",
      remaining: 300,
      unit: "points",
      by: new Date("2027-02-01T04:59:59.999Z"),
    });
    // Months before the year ends, nothing is at risk yet.
    expect(tierStanding(p, facts({ contributions }), new Date("2026-06-10T12:00:00Z")).keep).toBeNull();
  });

  it("warns of a fall even when a rise comes first (found by the property test)", () => {
    // A refund of an order already out of the window ages out first and lifts the member to
    // gold for a day; then the order it follows ages out and, after the grace, nothing is left.
    const p = program({ period: "rolling_12_months", graceDays: 3, tiers: [SILVER, GOLD] });
    const contributions = [points("2025-06-01T12:00:00Z", -1), points("2025-06-02T12:00:00Z", 1000)];
    const standing = tierStanding(p, facts({ contributions }), new Date("2026-05-31T12:00:00Z"));
    expect(standing.tier?.id).toBe("silver");
    expect(standing.keep).toEqual({
      tierId: "silver",
      remaining: 500,
      unit: "points",
      by: new Date("2026-06-04T23:59:59.999Z"),
    });
  });
});
