import { describe, expect, it } from "vitest";
import { tierSchema, type TierInput } from "./definition";
import { paidMembershipEnd, productBuysTier, sellsByTag, sellsMemberships, tiersBoughtBy } from "./paid-membership";

const tier = (input: Partial<TierInput> & { id: string }) =>
  tierSchema.parse({ name: input.id, position: 0, threshold: 0, ...input });

describe("which tiers an order buys", () => {
  const byId = tier({ id: "club", paidProductId: "111" });
  const byTag = tier({ id: "vip", paidProductTag: "VIP Membership" });
  const earned = tier({ id: "gold" });

  it("a product buys the tier it is the product of, or whose tag it carries (any case)", () => {
    expect(productBuysTier(byId, { productId: "111", tags: [] })).toBe(true);
    expect(productBuysTier(byId, { productId: "112", tags: [] })).toBe(false);
    expect(productBuysTier(byTag, { productId: "5", tags: ["sale", " vip membership"] })).toBe(true);
    expect(productBuysTier(byTag, { productId: "5", tags: ["vip"] })).toBe(false);
    expect(productBuysTier(earned, { productId: "111", tags: ["VIP Membership"] })).toBe(false);
  });

  it("each tier once, however many lines buy it", () => {
    const products = [
      { productId: "111", tags: [] },
      { productId: "111", tags: ["vip membership"] },
      { productId: "9", tags: [] },
    ];
    expect(tiersBoughtBy([earned, byId, byTag], products).map((t) => t.id)).toEqual(["club", "vip"]);
    expect(tiersBoughtBy([earned, byId, byTag], [])).toEqual([]);
  });

  it("tags are asked for only when some tier sells by tag", () => {
    expect(sellsByTag([earned, byId])).toBe(false);
    expect(sellsByTag([earned, byTag])).toBe(true);
    expect(sellsMemberships([earned])).toBe(false);
    expect(sellsMemberships([earned, byId])).toBe(true);
  });
});

describe("paidMembershipEnd", () => {
  it("lifetime has no end", () => {
    expect(paidMembershipEnd(new Date("2025-03-10T12:00:00Z"), null)).toBeNull();
  });

  it("adds calendar months, keeping the time of day and clamping to a shorter month's last day", () => {
    expect(paidMembershipEnd(new Date("2025-03-10T12:34:56.789Z"), 12)).toEqual(new Date("2026-03-10T12:34:56.789Z"));
    expect(paidMembershipEnd(new Date("2025-01-31T08:00:00Z"), 1)).toEqual(new Date("2025-02-28T08:00:00Z"));
    expect(paidMembershipEnd(new Date("2024-01-31T08:00:00Z"), 1)).toEqual(new Date("2024-02-29T08:00:00Z"));
    expect(paidMembershipEnd(new Date("2025-11-30T00:00:00Z"), 3)).toEqual(new Date("2026-02-28T00:00:00Z"));
    expect(paidMembershipEnd(new Date("2025-08-15T00:00:00Z"), 120)).toEqual(new Date("2035-08-15T00:00:00Z"));
  });
});
