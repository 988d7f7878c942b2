import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { rewardProgress, type RewardPrice } from "./progress";

const tote: RewardPrice = { id: "tote", costPoints: 500 };
const mug: RewardPrice = { id: "mug", costPoints: 1000 };
const hoodie: RewardPrice = { id: "hoodie", costPoints: 2500 };

describe("rewardProgress", () => {
  it.each<[string, number, RewardPrice[], ReturnType<typeof rewardProgress>]>([
    ["no rewards", 100, [], { affordable: [], next: null }],
    [
      "empty balance",
      0,
      [tote],
      { affordable: [], next: { rewardId: "tote", costPoints: 500, pointsNeeded: 500, percent: 0 } },
    ],
    [
      "half way",
      250,
      [tote],
      { affordable: [], next: { rewardId: "tote", costPoints: 500, pointsNeeded: 250, percent: 50 } },
    ],
    [
      "percent is floored, never rounded up to 100",
      999,
      [mug],
      { affordable: [], next: { rewardId: "mug", costPoints: 1000, pointsNeeded: 1, percent: 99 } },
    ],
    ["exactly enough", 500, [tote], { affordable: ["tote"], next: null }],
    [
      "unsorted input: cheapest first, next is the cheapest not covered",
      600,
      [hoodie, mug, tote],
      { affordable: ["tote"], next: { rewardId: "mug", costPoints: 1000, pointsNeeded: 400, percent: 60 } },
    ],
    ["everything covered", 5000, [mug, hoodie, tote], { affordable: ["tote", "mug", "hoodie"], next: null }],
    [
      "rewards without a positive cost are ignored",
      10,
      [{ id: "free", costPoints: 0 }, { id: "broken", costPoints: -5 }, tote],
      { affordable: [], next: { rewardId: "tote", costPoints: 500, pointsNeeded: 490, percent: 2 } },
    ],
  ])("%s", (_label, balance, rewards, expected) => {
    expect(rewardProgress(balance, rewards)).toEqual(expected);
  });

  it("treats a negative balance as zero progress", () => {
    const { next, affordable } = rewardProgress(-50, [tote]);
    expect(affordable).toEqual([]);
    expect(next?.percent).toBe(0);
    expect(next?.pointsNeeded).toBeGreaterThan(0);
  });

  it("does not reorder the caller's array", () => {
    const rewards = [hoodie, tote, mug];
    rewardProgress(700, rewards);
    expect(rewards).toEqual([hoodie, tote, mug]);
  });

  const rewardsArb = fc.uniqueArray(
    fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), costPoints: fc.integer({ min: -10, max: 10_000_000 }) }),
    { selector: (r) => r.id, maxLength: 12 },
  );
  const balanceArb = fc.integer({ min: -1000, max: 20_000_000 });
  // Balances right at, just under and just over a reward's cost, where off-by-one bugs live.
  const caseArb = rewardsArb.chain((rewards) =>
    fc.tuple(
      rewards.length === 0
        ? balanceArb
        : fc.oneof(
            balanceArb,
            fc
              .tuple(fc.constantFrom(...rewards.map((r) => r.costPoints)), fc.integer({ min: -1, max: 1 }))
              .map(([cost, delta]) => cost + delta),
          ),
      fc.constant(rewards),
    ),
  );

  it("keeps percent within 0..100, and below 100 while a reward is still out of reach", () => {
    fc.assert(
      fc.property(caseArb, ([balance, rewards]) => {
        const { next } = rewardProgress(balance, rewards);
        if (!next) return;
        expect(Number.isInteger(next.percent)).toBe(true);
        expect(next.percent).toBeGreaterThanOrEqual(0);
        expect(next.percent).toBeLessThan(100);
      }),
    );
  });

  it("needs a positive number of points whenever next is set, and exactly cost − balance for balance ≥ 0", () => {
    fc.assert(
      fc.property(caseArb, ([balance, rewards]) => {
        const { next } = rewardProgress(balance, rewards);
        if (!next) return;
        expect(next.pointsNeeded).toBeGreaterThan(0);
        if (balance >= 0) expect(next.pointsNeeded).toBe(next.costPoints - balance);
      }),
    );
  });

  it("lists as affordable exactly the rewards costing 1..balance, cheapest first; next is the cheapest other one", () => {
    fc.assert(
      fc.property(caseArb, ([balance, rewards]) => {
        const { affordable, next } = rewardProgress(balance, rewards);
        const priced = rewards.filter((r) => r.costPoints > 0);
        const costOf = new Map(rewards.map((r) => [r.id, r.costPoints]));

        expect(new Set(affordable)).toEqual(new Set(priced.filter((r) => r.costPoints <= balance).map((r) => r.id)));
        expect(affordable).toHaveLength(new Set(affordable).size);
        const costs = affordable.map((id) => costOf.get(id)!);
        expect(costs).toEqual([...costs].sort((a, b) => a - b));

        const outOfReach = priced.filter((r) => r.costPoints > balance);
        if (outOfReach.length === 0) {
          expect(next).toBeNull();
        } else {
          expect(next).not.toBeNull();
          expect(next!.costPoints).toBe(Math.min(...outOfReach.map((r) => r.costPoints)));
          expect(costOf.get(next!.rewardId)).toBe(next!.costPoints);
        }
      }),
    );
  });
});
