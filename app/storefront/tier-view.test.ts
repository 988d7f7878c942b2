import { describe, expect, it } from "vitest";
import type { TierStanding } from "../domain/tiers/progress";
import { NO_TIER, tierViewOf } from "./tier-view";

const program = {
  timeZone: "Europe/Paris",
  tiers: [
    { id: "bronze", threshold: 0 },
    { id: "silver", threshold: 500 },
    { id: "gold", threshold: 1000 },
  ],
} as unknown as Parameters<typeof tierViewOf>[1];

const silver: TierStanding = {
  tier: { id: "silver", name: "Silver", perks: ["percent_off:5", "Early access"] },
  nextTier: { id: "gold", name: "Gold", remaining: 380, unit: "points" },
  keep: null,
  value: 620,
};

describe("tierViewOf", () => {
  it("answers the tier, and the next tier with its threshold so the bar can show where the member stands", () => {
    expect(tierViewOf(silver, program)).toEqual({
      tier: { id: "silver", name: "Silver", perks: ["percent_off:5", "Early access"] },
      nextTier: { id: "gold", name: "Gold", remaining: 380, unit: "points", threshold: 1000 },
      tierKeep: null,
    });
  });

  it("says the last day to act by in the shop's calendar, whatever the shopper's time zone", () => {
    // The last instant of 31 January in Paris is 22:59:59.999 UTC.
    const by = new Date("2027-01-31T22:59:59.999Z");
    const view = tierViewOf({ ...silver, keep: { tierId: "silver", remaining: 4000, unit: "money", by } }, program);
    expect(view.tierKeep).toEqual({ tierId: "silver", remaining: 4000, unit: "money", by: "2027-01-31" });
  });

  it("answers no tier, nothing next and nothing to keep for a member without a tier", () => {
    expect(tierViewOf({ tier: null, nextTier: null, keep: null, value: 0 }, program)).toEqual(NO_TIER);
  });

  it("drops a next tier the programme no longer has, and nothing left to do", () => {
    const gone = { ...silver, nextTier: { id: "platinum", name: "Platinum", remaining: 5, unit: "points" as const } };
    expect(tierViewOf(gone, program).nextTier).toBeNull();
    const kept = { ...silver, keep: { tierId: "silver", remaining: 0, unit: "points" as const, by: new Date() } };
    expect(tierViewOf(kept, program).tierKeep).toBeNull();
  });
});
