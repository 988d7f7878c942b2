import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { spendRuleRewardRate, type ShopReward } from "./cost";

describe("spendRuleRewardRate", () => {
  it.each<[string, number, ShopReward[], string, string | null]>([
    ["1 point per $1, $5 off for 500 points", 1, [{ costPoints: 500, valueMinor: 500 }], "USD", "~1% back"],
    ["1.5 points per €1, €10 off for 1000 points", 1.5, [{ costPoints: 1000, valueMinor: 1000 }], "EUR", "~1.5% back"],
    [
      "10 points per ¥1, ¥500 off for 1000 points (JPY has no minor unit)",
      10,
      [{ costPoints: 1000, valueMinor: 500 }],
      "JPY",
      "~500% back",
    ],
    [
      "a range across rewards: bigger rewards are better value",
      1,
      [
        { costPoints: 500, valueMinor: 500 },
        { costPoints: 1000, valueMinor: 1500 },
      ],
      "USD",
      "~1–1.5% back",
    ],
    [
      "rewards without a money value are left out",
      1,
      [
        { costPoints: 300, valueMinor: 0 },
        { costPoints: 500, valueMinor: 500 },
      ],
      "USD",
      "~1% back",
    ],
    ["no priced reward: no rate", 1, [{ costPoints: 300, valueMinor: 0 }], "USD", null],
    ["no rewards at all", 1, [], "USD", null],
    ["a third of a percent", 1, [{ costPoints: 300, valueMinor: 100 }], "USD", "~0.33% back"],
  ])("%s", (_label, rate, rewards, currency, expected) => {
    expect(spendRuleRewardRate({ pointsPerUnit: rate }, rewards, currency)?.label ?? null).toBe(expected);
  });

  it("doubles when the earn rate doubles, and best ≥ lowest", () => {
    const reward = fc.record({
      costPoints: fc.integer({ min: 1, max: 100_000 }),
      valueMinor: fc.integer({ min: 1, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(reward, { minLength: 1, maxLength: 5 }),
        (centiRate, rewards) => {
          const once = spendRuleRewardRate({ pointsPerUnit: centiRate / 100 }, rewards, "USD");
          const twice = spendRuleRewardRate({ pointsPerUnit: (2 * centiRate) / 100 }, rewards, "USD");
          expect(once && twice).toBeTruthy();
          expect(twice!.best).toBeCloseTo(2 * once!.best, 9);
          expect(once!.best).toBeGreaterThanOrEqual(once!.lowest);
        },
      ),
    );
  });
});
