import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REWARD_KINDS } from "./catalogue";
import { rewardRate } from "../earning";
import { affordablePoints, pricedRewards, redemptionQuote, rewardCostRate } from "./pricing";
import { reward, rewardOfKind } from "./test-rewards";

const spendAny = reward({ kind: "points_to_discount", costPoints: 100, valueMinor: 100, maxPoints: 2000 });

describe("redemptionQuote", () => {
  it("prices points_to_discount in steps up to its maximum", () => {
    expect(redemptionQuote(spendAny, 300)).toEqual({ ok: true, points: 300, valueMinor: 300 });
    expect(redemptionQuote(spendAny, 2000)).toEqual({ ok: true, points: 2000, valueMinor: 2000 });
    expect(redemptionQuote(spendAny)).toEqual({ ok: true, points: 100, valueMinor: 100 });
    for (const bad of [0, -100, 150, 2100, 100.5, Number.NaN]) {
      expect(redemptionQuote(spendAny, bad)).toEqual({ ok: false, step: 100, maxPoints: 2000 });
    }
  });

  it("charges every other kind its price whatever was asked", () => {
    expect(redemptionQuote(rewardOfKind("amount_off"), 7)).toEqual({ ok: true, points: 500, valueMinor: 500 });
    expect(redemptionQuote(rewardOfKind("store_credit"))).toEqual({ ok: true, points: 500, valueMinor: 1000 });
    expect(redemptionQuote(rewardOfKind("percent_off"))).toEqual({ ok: true, points: 500, valueMinor: 0 });
    expect(redemptionQuote(rewardOfKind("free_shipping"))).toEqual({ ok: true, points: 500, valueMinor: 0 });
  });

  it("values a valid points_to_discount quote at whole steps", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: -1000, max: 2_000_000 }),
        (step, steps, valueMinor, asked) => {
          const r = reward({ kind: "points_to_discount", costPoints: step, valueMinor, maxPoints: step * steps });
          const q = redemptionQuote(r, asked);
          if (q.ok) {
            expect(q.points % step).toBe(0);
            expect(q.points).toBeGreaterThan(0);
            expect(q.points).toBeLessThanOrEqual(step * steps);
            expect(q.valueMinor).toBe((q.points / step) * valueMinor);
            expect(Number.isSafeInteger(q.valueMinor)).toBe(true);
          } else {
            expect(asked > 0 && asked % step === 0 && asked <= step * steps).toBe(false);
          }
        },
      ),
    );
  });
});

describe("affordablePoints", () => {
  it("is the largest step the balance and the maximum allow", () => {
    expect(affordablePoints(spendAny, 99)).toBe(0);
    expect(affordablePoints(spendAny, 350)).toBe(300);
    expect(affordablePoints(spendAny, 50_000)).toBe(2000);
    expect(affordablePoints(rewardOfKind("amount_off"), 499)).toBe(0);
    expect(affordablePoints(rewardOfKind("amount_off"), 5000)).toBe(500);
  });

  it("always quotes and never passes the balance", () => {
    fc.assert(
      fc.property(fc.constantFrom(...REWARD_KINDS), fc.integer({ min: 0, max: 100_000 }), (kind, balance) => {
        const r = rewardOfKind(kind);
        const points = affordablePoints(r, balance);
        expect(points).toBeLessThanOrEqual(balance);
        if (points > 0) expect(redemptionQuote(r, points)).toMatchObject({ ok: true, points });
      }),
    );
  });
});

describe("rewardCostRate", () => {
  it("prices value kinds with rewardRate: $5 for 500 points at 1 point per $1 is 1% back", () => {
    expect(rewardCostRate(rewardOfKind("amount_off"), 1, 2)).toEqual({ rate: 0.01, basis: "value" });
    const custom = rewardOfKind("custom", { costPoints: 1000, valueMinor: 2000 });
    expect(rewardCostRate(custom, 1, 2)).toEqual({ rate: 0.02, basis: "value" });
    expect(rewardCostRate(spendAny, 2, 2)).toEqual({ rate: 0.02, basis: "value" });
  });

  it("values percent_off on its minimum order, or else as the percentage itself", () => {
    const anyOrder = rewardOfKind("percent_off", { minimumOrderMinor: null });
    expect(rewardCostRate(anyOrder, 1, 2)).toEqual({ rate: 0.1, basis: "percent" });
    // 10% of $50 = $5 for 800 points at 1 point per $1: 0.625% back.
    const r = rewardOfKind("percent_off", { costPoints: 800, minimumOrderMinor: 5000 });
    expect(rewardCostRate(r, 1, 2)?.rate).toBeCloseTo(0.00625, 10);
  });

  it("values free_shipping at its maximum shipping price, and has no rate without one", () => {
    expect(rewardCostRate(rewardOfKind("free_shipping", { costPoints: 300 }), 1, 2)).toEqual({
      rate: 0.05,
      basis: "max_shipping",
    });
    expect(rewardCostRate(rewardOfKind("free_shipping", { maxShippingMinor: null }), 1, 2)).toBeNull();
  });

  it("counts in the currency's own exponent", () => {
    expect(rewardCostRate(rewardOfKind("amount_off", { valueMinor: 500 }), 1, 0)?.rate).toBe(1);
  });
});

describe("pricedRewards", () => {
  it("puts the money value the cost rates use on each reward, leaving out what has none", () => {
    const rewards = [
      rewardOfKind("amount_off", { costPoints: 500, valueMinor: 500 }),
      rewardOfKind("percent_off", { costPoints: 800, percentOff: 10, minimumOrderMinor: 5000 }),
      rewardOfKind("percent_off", { costPoints: 800, percentOff: 10, minimumOrderMinor: null }),
      rewardOfKind("free_shipping", { costPoints: 300, maxShippingMinor: 1500 }),
      rewardOfKind("free_shipping", { costPoints: 300, maxShippingMinor: null }),
      rewardOfKind("custom", { costPoints: 1200, valueMinor: 0 }),
    ];
    expect(pricedRewards(rewards)).toEqual([
      { costPoints: 500, valueMinor: 500 },
      { costPoints: 800, valueMinor: 500 },
      { costPoints: 300, valueMinor: 1500 },
    ]);
  });

  it("agrees with rewardCostRate wherever both put a number on a reward", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REWARD_KINDS),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 20 }),
        (kind, costPoints, valueMinor, pointsPerUnit) => {
          const r = rewardOfKind(kind, {
            costPoints,
            valueMinor,
            minimumOrderMinor: valueMinor,
            maxShippingMinor: valueMinor,
          });
          const [priced] = pricedRewards([r]);
          const rate = rewardCostRate(r, pointsPerUnit, 2);
          if (!priced) return;
          expect(rate?.rate).toBeCloseTo(rewardRate(pointsPerUnit, priced, 2), 12);
        },
      ),
    );
  });
});
