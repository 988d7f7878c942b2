import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { evaluate } from "./evaluate";
import { channelIncludes, spendPoints } from "./spend";
import type { Channel, RuleInput } from "./rule";
import { context, event, past, rule } from "./test-fixtures";

describe("spendPoints", () => {
  it.each<[number, number, number, "down" | "nearest", number]>([
    [2550, 2, 1, "down", 25],
    [2550, 2, 1, "nearest", 26], // 25.50 → half rounds up
    [2549, 2, 1, "nearest", 25],
    [1000, 2, 0.1, "down", 1], // 0.1 held exactly: 10.00 × 0.1 = 1, not 0.9999
    [3000, 2, 0.1, "down", 3],
    [1999, 2, 1.5, "down", 29], // 29.985
    [1999, 2, 1.5, "nearest", 30],
    [1000, 0, 1, "down", 1000], // JPY
    [1234, 3, 10, "down", 12], // KWD
    [0, 2, 5, "nearest", 0],
    [-100, 2, 5, "nearest", 0],
    [9_007_199_254_740, 2, 100, "down", 9_007_199_254_740], // large orders stay exact
  ])("%i minor (exp %i) at %d/unit, %s → %i", (spend, exponent, rate, rounding, expected) => {
    expect(spendPoints(spend, exponent, rate, rounding)).toBe(expected);
  });

  it("rounding down never exceeds the promise; nearest is within half a point of it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (spend, centiRate) => {
          const exact = (spend * centiRate) / 10_000; // exponent 2, rate in hundredths
          const down = spendPoints(spend, 2, centiRate / 100, "down");
          const nearest = spendPoints(spend, 2, centiRate / 100, "nearest");
          expect(down).toBeLessThanOrEqual(exact + 1e-6);
          expect(exact - down).toBeLessThan(1 + 1e-6);
          expect(Math.abs(nearest - exact)).toBeLessThanOrEqual(0.5 + 1e-6);
        },
      ),
    );
  });
});

describe("channelIncludes", () => {
  it.each<[Channel, string, string | undefined, boolean]>([
    [{ type: "online_store" }, "web", undefined, true],
    [{ type: "online_store" }, "pos", "loc-1", false],
    [{ type: "pos" }, "pos", "loc-1", true],
    [{ type: "pos" }, "pos", undefined, true],
    [{ type: "pos", locationIds: ["loc-1"] }, "pos", "loc-1", true],
    [{ type: "pos", locationIds: ["loc-1"] }, "pos", "loc-2", false],
    [{ type: "pos", locationIds: ["loc-1"] }, "pos", undefined, false],
    [{ type: "draft_order" }, "shopify_draft_order", undefined, true],
    [{ type: "draft_order" }, "web", undefined, false],
    [{ type: "source_name", sourceName: "iphone" }, "iPhone", undefined, true],
    [{ type: "source_name", sourceName: "1234567" }, "web", undefined, false],
  ])("%o, source %s, location %s → %s", (channel, sourceName, locationId, expected) => {
    expect(channelIncludes(channel, { sourceName, locationId })).toBe(expected);
  });
});

describe("spend rule", () => {
  const base: RuleInput = { id: "spend", kind: "spend", name: "Purchases", pointsPerUnit: 1 };
  const order = (overrides: Record<string, unknown> = {}) =>
    event({ type: "order_paid", orderId: "1001", currency: "USD", spendMinor: 5000, sourceName: "web", ...overrides });

  it.each<[string, Partial<RuleInput> & Record<string, unknown>, Record<string, unknown>, number | string]>([
    ["1 point per $1", {}, {}, 50],
    ["2.5 points per $1", { pointsPerUnit: 2.5 }, { spendMinor: 1999 }, 49], // 49.975 down
    ["2.5 points per $1, nearest", { pointsPerUnit: 2.5, rounding: "nearest" }, { spendMinor: 1999 }, 50],
    ["JPY order", {}, { currency: "JPY", spendMinor: 1200 }, 1200],
    ["minimum met exactly", { minimumOrderMinor: 5000 }, {}, 50],
    ["below the minimum", { minimumOrderMinor: 5001 }, {}, "below_minimum"],
    [
      "excluded tag: that line's spend is taken out",
      { excludedProductTags: ["gift-card"] },
      {
        lines: [
          { productTags: ["Gift-Card"], spendMinor: 2000 },
          { productTags: ["shirt"], spendMinor: 3000 },
        ],
      },
      30,
    ],
    [
      "only excluded products",
      { excludedProductTags: ["gift-card"] },
      { lines: [{ productTags: ["gift-card"], spendMinor: 5000 }] },
      "excluded_product",
    ],
    ["POS counts by default", {}, { sourceName: "pos", locationId: "store-9" }, 50],
    ["draft orders count by default", {}, { sourceName: "shopify_draft_order" }, 50],
    ["another sales channel is not included by default", {}, { sourceName: "tiktok" }, "channel_not_included"],
    [
      "online store only: POS refused",
      { channels: [{ type: "online_store" }] },
      { sourceName: "pos" },
      "channel_not_included",
    ],
    [
      "POS at a chosen location",
      { channels: [{ type: "pos", locationIds: ["paris"] }] },
      { sourceName: "pos", locationId: "paris" },
      50,
    ],
    [
      "POS at another location",
      { channels: [{ type: "pos", locationIds: ["paris"] }] },
      { sourceName: "pos", locationId: "lyon" },
      "channel_not_included",
    ],
    ["a named source", { channels: [{ type: "source_name", sourceName: "tiktok" }] }, { sourceName: "tiktok" }, 50],
    ["first-order bonus", { firstOrderBonusPoints: 100 }, { isFirstOrder: true }, 150],
    ["no bonus on a later order", { firstOrderBonusPoints: 100 }, { isFirstOrder: false }, 50],
    ["less than one point", {}, { spendMinor: 99 }, "no_points"],
  ])("%s", (_label, overrides, orderOverrides, expected) => {
    const result = evaluate([rule({ ...base, ...overrides } as RuleInput)], order(orderOverrides), [], context());
    if (typeof expected === "number") {
      expect(result.refusals).toEqual([]);
      expect(result.awards.map((a) => a.points)).toEqual([expected]);
      expect(result.awards[0]?.idempotencyKey).toBe("rule:spend:order:1001");
    } else {
      expect(result.awards).toEqual([]);
      expect(result.refusals.map((r) => r.code)).toEqual([expected]);
    }
  });

  it("no first-order bonus when history shows an earlier award, whatever the caller says", () => {
    const r = rule({ ...base, firstOrderBonusPoints: 100 } as RuleInput);
    const result = evaluate(
      [r],
      order({ isFirstOrder: true }),
      [past("spend", "2026-01-01T00:00:00Z", "rule:spend:order:900")],
      context(),
    );
    expect(result.awards.map((a) => a.points)).toEqual([50]);
  });

  it("reads as a sentence", () => {
    const result = evaluate(
      [rule({ ...base, firstOrderBonusPoints: 100 } as RuleInput)],
      order({ isFirstOrder: true }),
      [],
      context(),
    );
    expect(result.awards[0]?.reason).toBe("150 points for a $50.00 order, first-order bonus included");
  });
});
