import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { purchaseOffers, purchasePricing } from "./purchase-pricing";
import { rule } from "./rules/test-fixtures";

const NOW = new Date("2026-06-15T12:00:00Z");
const spend = (overrides: Record<string, unknown> = {}) =>
  rule({ id: "spend-1", name: "Purchases", kind: "spend", pointsPerUnit: 5, ...overrides } as Parameters<
    typeof rule
  >[0]);
const visit = rule({ id: "visit-1", name: "Daily visit", kind: "visit", points: 5 });

describe("purchasePricing", () => {
  it("is the Settings rate while the shop has no spend rule", () => {
    expect(purchasePricing([{ kind: "visit", rule: visit }], 1)).toEqual({ source: "settings_rate", pointsPerUnit: 1 });
  });

  it("is the spend rules as soon as one exists, the other kinds left out", () => {
    const pricing = purchasePricing(
      [
        { kind: "visit", rule: visit },
        { kind: "spend", rule: spend() },
      ],
      1,
    );
    expect(pricing).toEqual({ source: "spend_rules", rules: [spend()] });
  });

  it("stays with the rules when the only spend rule is paused or unreadable", () => {
    expect(purchasePricing([{ kind: "spend", rule: spend({ active: false }) }], 1).source).toBe("spend_rules");
    expect(purchasePricing([{ kind: "spend", rule: null }], 1)).toEqual({ source: "spend_rules", rules: [] });
  });
});

describe("purchaseOffers", () => {
  it("offers the Settings rate when no rule prices orders", () => {
    expect(purchaseOffers(purchasePricing([], 2), NOW)).toEqual([
      { pointsPerUnit: 2, minimumOrderMinor: 0, firstOrderBonusPoints: 0 },
    ]);
    expect(purchaseOffers(purchasePricing([], 0), NOW)).toEqual([]);
  });

  it("offers what the spend rule gives, not the Settings rate (the widget once said 1 point while the rule gave 5)", () => {
    const pricing = purchasePricing(
      [{ kind: "spend", rule: spend({ minimumOrderMinor: 2000, firstOrderBonusPoints: 50 }) }],
      1,
    );
    expect(purchaseOffers(pricing, NOW)).toEqual([
      { pointsPerUnit: 5, minimumOrderMinor: 2000, firstOrderBonusPoints: 50 },
    ]);
  });

  it("leaves out rules that would not pay an online-store order now", () => {
    const stored = [
      spend({ id: "paused", active: false }),
      spend({ id: "later", startsAt: "2026-07-01T00:00:00Z" }),
      spend({ id: "over", endsAt: NOW.toISOString() }),
      spend({ id: "pos", channels: [{ type: "pos" }] }),
    ].map((r) => ({ kind: "spend", rule: r }));
    expect(purchaseOffers(purchasePricing(stored, 1), NOW)).toEqual([]);
  });

  it("never falls back to the Settings rate once a spend rule exists, whatever the rules say", () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 100 }),
        (actives, rate) => {
          const stored = actives.map((active, i) => ({
            kind: "spend",
            rule: spend({ id: `s${i}`, active, pointsPerUnit: i + 1 }),
          }));
          const offers = purchaseOffers(purchasePricing(stored, rate * 1000), NOW);
          expect(offers.every((offer) => offer.pointsPerUnit <= actives.length)).toBe(true);
          expect(offers).toHaveLength(actives.filter(Boolean).length);
        },
      ),
    );
  });
});
