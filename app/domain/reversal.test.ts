import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_POINTS } from "./ledger";
import { reversalStep, reversalTarget } from "./reversal";

describe("reversalTarget", () => {
  it.each([
    ["nothing refunded", { earnedPoints: 100, spendMinor: 10_000, refundedMinor: 0, cancelled: false }, 0],
    ["a quarter refunded", { earnedPoints: 100, spendMinor: 10_000, refundedMinor: 2_500, cancelled: false }, 25],
    [
      "rounds down in the shopper's favour",
      { earnedPoints: 99, spendMinor: 10_000, refundedMinor: 3_333, cancelled: false },
      32,
    ],
    ["everything refunded", { earnedPoints: 100, spendMinor: 10_000, refundedMinor: 10_000, cancelled: false }, 100],
    [
      "refunds above the spend (shipping, duplicates) are capped",
      { earnedPoints: 100, spendMinor: 10_000, refundedMinor: 50_000, cancelled: false },
      100,
    ],
    [
      "a cancellation takes back the rest",
      { earnedPoints: 100, spendMinor: 10_000, refundedMinor: 2_500, cancelled: true },
      100,
    ],
    [
      "an order that earned nothing gives nothing back",
      { earnedPoints: 0, spendMinor: 10_000, refundedMinor: 10_000, cancelled: true },
      0,
    ],
  ])("%s", (_label, state, expected) => {
    expect(reversalTarget(state)).toBe(expected);
  });

  it("is exact for large orders, where points × minor units is past what doubles hold exactly", () => {
    // A refund of exactly 1,409,881,806 / 1,866,989,589 of the spend: doubles gave one point less.
    const state = { earnedPoints: 1_866_989_589, spendMinor: 7_299_740_727_041_511, cancelled: false };
    expect(reversalTarget({ ...state, refundedMinor: 5_512_495_463_397_594 })).toBe(1_409_881_806);
    expect(
      reversalTarget({
        earnedPoints: MAX_POINTS,
        spendMinor: 9_000_000_000_000_000,
        refundedMinor: 9_000_000_000_000_000,
        cancelled: false,
      }),
    ).toBe(MAX_POINTS);
  });

  it("never exceeds what the order earned and only grows as refunds add up", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 10 }),
        fc.boolean(),
        (earned, spend, refunds, cancelled) => {
          let refunded = 0;
          let previous = 0;
          for (const refund of refunds) {
            refunded += refund;
            const target = reversalTarget({
              earnedPoints: earned,
              spendMinor: spend,
              refundedMinor: refunded,
              cancelled: false,
            });
            expect(target).toBeGreaterThanOrEqual(previous);
            expect(target).toBeLessThanOrEqual(earned);
            previous = target;
          }
          if (cancelled) {
            expect(
              reversalTarget({ earnedPoints: earned, spendMinor: spend, refundedMinor: refunded, cancelled }),
            ).toBe(earned);
          }
        },
      ),
    );
  });

  it("reaches the same total whatever order the refunds arrive in", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 300_000 }), { minLength: 1, maxLength: 8 }),
        (earned, spend, refunds) => {
          const total = refunds.reduce((a, b) => a + b, 0);
          const state = { earnedPoints: earned, spendMinor: spend, cancelled: false };
          const forward = reversalTarget({ ...state, refundedMinor: total });
          const reversed = reversalTarget({
            ...state,
            refundedMinor: [...refunds].reverse().reduce((a, b) => a + b, 0),
          });
          expect(forward).toBe(reversed);
        },
      ),
    );
  });
});

describe("reversalTarget over earn components", () => {
  // An order's components: each a whole number of points, adding up to what it earned.
  const components = fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 5 });
  const stateOf = (points: readonly number[], spend: number, refunded: number, cancelled = false) => ({
    earnedPoints: points.reduce((a, b) => a + b, 0),
    componentPoints: points,
    spendMinor: spend,
    refundedMinor: refunded,
    cancelled,
  });

  it("takes back each component in proportion, rounded down per component", () => {
    // 100 for the rate, 50 from the tier: a third refunded takes back 33 + 16, not 50.
    expect(reversalTarget(stateOf([100, 50], 9_000, 3_000))).toBe(49);
    expect(reversalTarget(stateOf([100, 50], 9_000, 9_000))).toBe(150);
    expect(reversalTarget(stateOf([100, 50], 9_000, 3_000, true))).toBe(150);
  });

  it("is monotone in the amount refunded and never above what the order earned", () => {
    fc.assert(
      fc.property(
        components,
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 10 }),
        (points, spend, refunds) => {
          let refunded = 0;
          let previous = 0;
          for (const refund of refunds) {
            refunded += refund;
            const target = reversalTarget(stateOf(points, spend, refunded));
            expect(target).toBeGreaterThanOrEqual(previous);
            expect(target).toBeLessThanOrEqual(points.reduce((a, b) => a + b, 0));
            // Never more than the whole taken back in proportion, at most a point per component less.
            const whole = reversalTarget({ ...stateOf(points, spend, refunded), componentPoints: [] });
            expect(target).toBeLessThanOrEqual(whole);
            expect(target).toBeGreaterThanOrEqual(whole - points.length + 1);
            previous = target;
          }
        },
      ),
    );
  });

  it("takes everything back on cancellation or a full refund", () => {
    fc.assert(
      fc.property(components, fc.integer({ min: 1, max: 10_000_000 }), fc.nat(), (points, spend, extra) => {
        const earned = points.reduce((a, b) => a + b, 0);
        expect(reversalTarget(stateOf(points, spend, extra % (spend + 1), true))).toBe(earned);
        expect(reversalTarget(stateOf(points, spend, spend + extra))).toBe(earned);
      }),
    );
  });

  it("reverses an order stored before components as one component of its earned points", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.boolean(),
        (earned, spend, refunded, cancelled) => {
          const state = { earnedPoints: earned, spendMinor: spend, refundedMinor: refunded, cancelled };
          const single = reversalTarget({ ...state, componentPoints: [earned] });
          expect(reversalTarget({ ...state, componentPoints: [] })).toBe(single);
          expect(reversalTarget(state)).toBe(single);
          // Components that do not add up to what was earned are not trusted either.
          expect(reversalTarget({ ...state, componentPoints: [earned + 1, 3] })).toBe(single);
        },
      ),
    );
  });
});

describe("reversalStep", () => {
  it("takes the whole distance when the shop allows negative balances", () => {
    expect(reversalStep({ target: 80, alreadyReversed: 30, balance: 10, policy: "allow_negative" })).toEqual({
      debit: 50,
      shortfall: 0,
    });
  });

  it("stops at zero and records the rest as a shortfall when the shop caps", () => {
    expect(reversalStep({ target: 80, alreadyReversed: 30, balance: 10, policy: "cap_at_zero" })).toEqual({
      debit: 10,
      shortfall: 40,
    });
    expect(reversalStep({ target: 80, alreadyReversed: 30, balance: -5, policy: "cap_at_zero" })).toEqual({
      debit: 0,
      shortfall: 50,
    });
  });

  it("does nothing once the target is reached, however often it is asked", () => {
    expect(reversalStep({ target: 80, alreadyReversed: 80, balance: 100, policy: "allow_negative" })).toEqual({
      debit: 0,
      shortfall: 0,
    });
    expect(reversalStep({ target: 20, alreadyReversed: 80, balance: 100, policy: "cap_at_zero" })).toEqual({
      debit: 0,
      shortfall: 0,
    });
  });

  it("always splits the distance exactly into debit and shortfall, never leaving a capped balance negative", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.constantFrom("allow_negative" as const, "cap_at_zero" as const),
        (target, already, balance, policy) => {
          const { debit, shortfall } = reversalStep({ target, alreadyReversed: already, balance, policy });
          expect(debit + shortfall).toBe(Math.max(0, target - already));
          expect(debit).toBeGreaterThanOrEqual(0);
          expect(shortfall).toBeGreaterThanOrEqual(0);
          if (policy === "cap_at_zero") expect(balance - debit).toBeGreaterThanOrEqual(Math.min(0, balance));
        },
      ),
    );
  });
});
