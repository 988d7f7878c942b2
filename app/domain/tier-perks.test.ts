import { describe, expect, it } from "vitest";
import { tierTag } from "./customer-facts";
import { perkDiscountSpec, planTierPerks, tierSegmentSpec } from "./tier-perks";

const gold = { id: "g", name: "Gold", shopifyPerks: [{ type: "free_shipping" as const }] };

describe("tier perks plan", () => {
  it("creates a segment of the tier's tagged members and a discount per perk", () => {
    const plan = planTierPerks([gold, { id: "s", name: "Silver", shopifyPerks: [] }], { segments: [], discounts: [] });
    expect(plan.createSegments).toEqual([
      { tierId: "g", name: "Loyalty tier: Gold", query: `customer_tags CONTAINS '${tierTag("Gold")}'` },
    ]);
    expect(plan.createDiscounts).toEqual([
      { tierId: "g", perk: "free_shipping", spec: { title: "Gold members: free shipping", percent: null } },
    ]);
    expect(plan.deleteDiscounts).toEqual([]);
  });

  it("sends nothing when Shopify already matches", () => {
    const segment = { tierId: "g", segmentId: "S1", ...tierSegmentSpec(gold) };
    const discount = {
      tierId: "g",
      perk: "free_shipping" as const,
      discountId: "D1",
      spec: perkDiscountSpec(gold, gold.shopifyPerks[0]!),
    };
    const plan = planTierPerks([gold], { segments: [segment], discounts: [discount] });
    expect(Object.values(plan).every((list) => list.length === 0)).toBe(true);
  });

  it("follows a rename and a new percentage, and removes what a tier no longer has", () => {
    const segment = { tierId: "g", segmentId: "S1", ...tierSegmentSpec(gold) };
    const shipping = {
      tierId: "g",
      perk: "free_shipping" as const,
      discountId: "D1",
      spec: perkDiscountSpec(gold, { type: "free_shipping" }),
    };
    const percent = {
      tierId: "g",
      perk: "percent_off" as const,
      discountId: "D2",
      spec: perkDiscountSpec(gold, { type: "percent_off", percent: 5 }),
    };
    const renamed = { id: "g", name: "Aurum", shopifyPerks: [{ type: "percent_off" as const, percent: 10 }] };
    const plan = planTierPerks([renamed], { segments: [segment], discounts: [shipping, percent] });
    expect(plan.updateSegments).toEqual([{ tierId: "g", segmentId: "S1", ...tierSegmentSpec(renamed) }]);
    expect(plan.updateDiscounts).toEqual([
      { tierId: "g", perk: "percent_off", discountId: "D2", spec: { title: "Aurum members: 10% off", percent: 10 } },
    ]);
    expect(plan.deleteDiscounts).toEqual([{ tierId: "g", perk: "free_shipping", discountId: "D1" }]);
    expect(plan.deleteSegments).toEqual([]);

    const gone = planTierPerks([], { segments: [segment], discounts: [shipping] });
    expect(gone.deleteDiscounts).toEqual([{ tierId: "g", perk: "free_shipping", discountId: "D1" }]);
    expect(gone.deleteSegments).toEqual([{ tierId: "g", segmentId: "S1" }]);
  });
});
