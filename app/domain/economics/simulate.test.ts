import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { campaignDefinitionSchema } from "../campaigns/definition";
import { reward } from "../rewards/test-rewards";
import { rule } from "../rules/test-fixtures";
import { facts, points, program, SILVER } from "../tiers/test-program";
import { simulate, type SimEntry, type SimOrder, type SimulationHistory } from "./simulate";

const from = new Date("2026-03-01T00:00:00Z");
const to = new Date("2026-05-30T00:00:00Z");
const at = (day: number) => new Date(from.getTime() + day * 86_400_000);

const settings = (p: number) => ({ source: "settings_rate", ruleId: null, points: p });
const order = (orderId: string, memberId: string, components: object[], day = 10): SimOrder => {
  const earned = components.reduce((sum, c) => sum + (c as { points: number }).points, 0);
  return {
    orderId,
    memberId,
    paidAt: at(day),
    earnedPoints: earned,
    reversedPoints: 0,
    earnComponents: JSON.stringify(components),
  };
};
const entry = (kind: string, causeType: string, causeId: string, p: number, memberId = "m1", day = 10): SimEntry => ({
  memberId,
  kind,
  causeType,
  causeId,
  points: p,
  at: at(day),
});

const visit = rule({ id: "visit", kind: "visit", name: "Visit", points: 5 });
const spendRule = rule({ id: "spend-1", kind: "spend", name: "Spend", pointsPerUnit: 3 });
const fiveOff = reward({ id: "five", costPoints: 500, valueMinor: 500 });

function history(over: Partial<SimulationHistory> = {}): SimulationHistory {
  return {
    period: { from, to },
    orders: [
      // A silver member's order at the Settings rate, raised ×1.25, and a campaign bonus.
      order("o1", "m1", [
        settings(100),
        { ...settings(25), source: "tier_multiplier", tierId: "silver" },
        { source: "campaign_bonus", ruleId: null, points: 10, campaignId: "c1" },
      ]),
      // Held, then released.
      order("o2", "m2", [settings(33)]),
      // Refunded in part; priced before components were kept.
      { ...order("o3", "m2", []), earnedPoints: 80, reversedPoints: 20 },
    ],
    entries: [
      entry("earn", "order", "o1", 135),
      entry("hold", "order", "o2", 33, "m2"),
      entry("release", "order", "o2", 33, "m2", 20),
      entry("earn", "order", "o3", 80, "m2"),
      entry("reverse", "order", "o3", -20, "m2", 30),
      entry("earn", "rule", "visit", 5),
      entry("earn", "rule", "visit", 5, "m2"),
      entry("earn", "tier", "silver", 50),
      entry("redeem", "redemption", "r1", -500),
      entry("expire", "expiry", "x", -10, "m2"),
    ],
    members: [
      { id: "m1", tierId: "silver", customerTags: [] },
      { id: "m2", tierId: null, customerTags: [] },
    ],
    redemptions: [{ id: "r1", at: at(40), rewardId: "five", pointsSpent: 500, valueMinor: 500 }],
    rewards: [fiveOff],
    rules: [visit],
    pointsPerUnit: 1,
    purchasesPricedBy: "settings_rate",
    stacking: "multiply",
    timeZone: "UTC",
    revenue: { minor: 100_000, basis: "order_facts" },
    outstandingPoints: 2_000,
    pendingPoints: 0,
    yearExpiredPoints: 100,
    yearIssuedPoints: 1_000,
    tiers: null,
    ...over,
  };
}

describe("simulate: no change", () => {
  it("reproduces what the ledger recorded in the period", () => {
    const h = history();
    const result = simulate(h, { kind: "none" });
    expect(result.proposed).toEqual(result.today);
    // Earned and released entries: 135 + 33 + 80 + 5 + 5 + 50.
    expect(result.today.pointsIssued).toBe(308);
    expect(result.today.purchasePoints).toBe(248);
    expect(result.today.liability.outstandingPoints).toBe(2_000);
    // 1 minor unit a point (the redemption), 10% breakage: 2,000 × 0.9.
    expect(result.today.liability.outstandingMinor).toBe(1_800);
    // Net of the reversal: 308 − 20 points at 1 each, over 100,000 of revenue.
    expect(result.today.costMinor).toBe(288);
    expect(result.today.costShareOfRevenue).toBeCloseTo(0.00288, 10);
  });

  it("any ledger, any change that touches nothing: the recorded points (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5_000 }), { maxLength: 20 }), (earned) => {
        const orders = earned.map((p, i) => order(`o${i}`, "m2", [settings(p)]));
        const h = history({ orders, entries: orders.map((o) => entry("earn", "order", o.orderId, o.earnedPoints)) });
        const result = simulate(h, { kind: "rule", ruleId: "no-such-rule", points: 99 });
        expect(result.proposed.pointsIssued).toBe(earned.reduce((a, b) => a + b, 0));
        expect(result.proposed).toEqual(result.today);
      }),
    );
  });
});

describe("simulate: the Settings rate", () => {
  it("doubled, doubles purchase points exactly (property over rate parts, tier parts, holds, releases and refunds)", () => {
    const orderArb = fc.record({
      base: fc.integer({ min: 0, max: 10_000 }),
      tier: fc.integer({ min: 0, max: 5_000 }),
      held: fc.boolean(),
      refunded: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(
        fc.array(orderArb, { minLength: 1, maxLength: 15 }),
        fc.integer({ min: 1, max: 20 }),
        (specs, rate) => {
          const orders: SimOrder[] = [];
          const entries: SimEntry[] = [];
          specs.forEach((s, i) => {
            const components = [
              settings(s.base),
              ...(s.tier > 0 ? [{ ...settings(s.tier), source: "tier_multiplier", tierId: "silver" }] : []),
            ];
            const o = order(`o${i}`, "m1", components);
            const reversed = Math.floor((o.earnedPoints * s.refunded) / 100);
            orders.push({ ...o, reversedPoints: reversed });
            if (s.held) {
              entries.push(
                entry("hold", "order", o.orderId, o.earnedPoints),
                entry("release", "order", o.orderId, o.earnedPoints),
              );
            } else entries.push(entry("earn", "order", o.orderId, o.earnedPoints));
            if (reversed > 0) entries.push(entry("reverse", "order", o.orderId, -reversed));
          });
          const h = history({ orders, entries, pointsPerUnit: rate });
          const result = simulate(h, { kind: "settings_rate", pointsPerUnit: rate * 2 });
          expect(result.proposed.purchasePoints).toBe(2 * result.today.purchasePoints);
          expect(result.proposed.liability.outstandingPoints - h.outstandingPoints).toBe(
            entries.filter((e) => e.kind !== "hold").reduce((sum, e) => sum + e.points, 0),
          );
        },
      ),
    );
  });

  it("raises the rate's part and what the tier added to it, not the campaign's bonus; rule awards stay", () => {
    const result = simulate(history(), { kind: "settings_rate", pointsPerUnit: 2 });
    // o1: 200 + 50 + 10; o2: 66 held and released; o3: 160 earned, 40 reversed.
    expect(result.proposed.purchasePoints).toBe(260 + 66 + 160);
    expect(result.proposed.pointsIssued - result.proposed.purchasePoints).toBe(60);
    expect(result.proposed.liability.outstandingPoints).toBe(2_000 + (260 - 135) + 33 + (160 - 80) - 20);
    expect(result.proposed.costShareOfRevenue).toBeGreaterThan(result.today.costShareOfRevenue!);
  });

  it("a shop pricing by its own spend rules: the Settings rate changes nothing, orders it priced before included", () => {
    const orders = [
      order("s1", "m1", [{ source: "spend_rule", ruleId: "spend-1", points: 300 }]),
      order("s0", "m1", [settings(40)]),
    ];
    const h = history({
      orders,
      entries: [entry("earn", "order", "s1", 300), entry("earn", "order", "s0", 40)],
      rules: [spendRule],
      purchasesPricedBy: "spend_rules",
    });
    const result = simulate(h, { kind: "settings_rate", pointsPerUnit: 10 });
    expect(result.proposed).toEqual(result.today);
  });
});

describe("simulate: a rule", () => {
  it("an engagement rule's points scale its awards", () => {
    const result = simulate(history(), { kind: "rule", ruleId: "visit", points: 20 });
    expect(result.proposed.pointsIssued - result.today.pointsIssued).toBe(30);
    expect(result.proposed.purchasePoints).toBe(result.today.purchasePoints);
  });

  it("a spend rule's rate scales the parts it paid, its first-order bonus stays", () => {
    const orders = [
      order("s1", "m1", [
        { source: "spend_rule", ruleId: "spend-1", points: 300 },
        { source: "first_order_bonus", ruleId: "spend-1", points: 50 },
        { source: "spend_rule", ruleId: "other", points: 7 },
      ]),
    ];
    const h = history({ orders, entries: [entry("earn", "order", "s1", 357)], rules: [spendRule] });
    const result = simulate(h, { kind: "rule", ruleId: "spend-1", pointsPerUnit: 1 });
    expect(result.proposed.purchasePoints).toBe(100 + 50 + 7);
  });
});

describe("simulate: tiers", () => {
  const tiers = (silverThreshold = 500) => ({
    program: program(),
    members: [
      {
        memberId: "m1",
        facts: facts({
          currentTierId: "silver",
          currentSource: "earned",
          contributions: [points("2026-01-01T00:00:00Z", 600)],
          rewardedTierIds: ["bronze", "silver"],
        }),
        purchasePointsLast12Months: 100,
      },
      {
        memberId: "m2",
        facts: facts({
          currentTierId: "bronze",
          currentSource: "earned",
          contributions: [points("2026-01-01T00:00:00Z", 100)],
          rewardedTierIds: ["bronze"],
        }),
        purchasePointsLast12Months: 113,
      },
    ],
    silverThreshold,
  });

  it("a new multiplier recomputes the tier's part of its members' orders", () => {
    const t = tiers();
    const after = program({
      tiers: program().tiers.map((x) => (x.id === "silver" ? { ...SILVER, multiplierHundredths: 200 } : x)),
    });
    const result = simulate(history({ tiers: t }), { kind: "tier", program: after });
    // o1: the tier's 25 becomes 100.
    expect(result.proposed.purchasePoints - result.today.purchasePoints).toBe(75);
    expect(result.today.membersChangingTier).toBe(0);
    expect(result.proposed.membersChangingTier).toBe(0);
  });

  it("a higher threshold moves members down (the tier engine decides) and their orders lose the tier's part", () => {
    const after = program({
      tiers: program().tiers.map((x) => (x.id === "silver" ? { ...SILVER, threshold: 800 } : x)),
    });
    const result = simulate(history({ tiers: tiers() }), { kind: "tier", program: after });
    expect(result.proposed.membersChangingTier).toBe(1);
    expect(result.proposed.purchasePoints - result.today.purchasePoints).toBe(-25);
  });
});

describe("simulate: tiers under other changes", () => {
  it("a doubled rate on a points ladder: the tier engine sees the replayed points, and the entry reward is due", () => {
    const members = [
      {
        memberId: "m2",
        facts: facts({
          currentTierId: "bronze",
          currentSource: "earned",
          contributions: [points("2026-01-01T00:00:00Z", 450)],
          rewardedTierIds: ["bronze"],
        }),
        purchasePointsLast12Months: 0,
      },
    ];
    const h = history({ tiers: { program: program(), members } });
    const unchanged = simulate(h, { kind: "none" });
    expect(unchanged.today.membersChangingTier).toBe(0);
    expect(unchanged.proposed).toEqual(unchanged.today);

    const result = simulate(h, { kind: "settings_rate", pointsPerUnit: 2 });
    // m2's qualifying points in the period: 33 released + 80 earned − 20 reversed, doubled: 93 more, 543 ≥ 500.
    expect(result.today.membersChangingTier).toBe(0);
    expect(result.proposed.membersChangingTier).toBe(1);
    // Silver's entry reward (50) is issued besides the doubled purchases.
    expect(result.proposed.pointsIssued - result.proposed.purchasePoints).toBe(60 + 50);
  });
});

describe("simulate: a campaign", () => {
  it("a new bonus campaign over the period adds its points to every order and award in it", () => {
    const definition = campaignDefinitionSchema.parse({
      schedule: { type: "once", startsAt: at(0).toISOString(), endsAt: at(15).toISOString() },
      effect: { type: "bonus", points: 7 },
    });
    const result = simulate(history(), { kind: "campaign", campaignId: null, definition });
    // o1, o2 (hold and release of one order) and o3 at day 10; both visit awards.
    expect(result.proposed.purchasePoints - result.today.purchasePoints).toBe(7 + 7 + 7);
    expect(result.proposed.pointsIssued - result.today.pointsIssued).toBe(21 + 14);
  });

  it("an edited campaign: its recorded bonus replaced by the proposed one", () => {
    const definition = campaignDefinitionSchema.parse({
      schedule: { type: "once", startsAt: at(0).toISOString(), endsAt: at(15).toISOString() },
      effect: { type: "bonus", points: 30, targeting: { tierIds: ["silver"] } },
    });
    const result = simulate(history(), { kind: "campaign", campaignId: "c1", definition });
    // o1's bonus 10 becomes 30; the awards: only m1 is silver.
    expect(result.proposed.purchasePoints - result.today.purchasePoints).toBe(20);
    expect(result.proposed.pointsIssued - result.today.pointsIssued).toBe(20 + 30);
  });

  it("a reward-price campaign over a redemption: the points shoppers would not have spent stay on their balances", () => {
    const definition = campaignDefinitionSchema.parse({
      schedule: { type: "once", startsAt: at(35).toISOString(), endsAt: at(45).toISOString() },
      effect: { type: "reward_price", rewardIds: ["five"], costPercentOff: 20 },
    });
    const result = simulate(history(), { kind: "campaign", campaignId: null, definition });
    expect(result.proposed.pointsIssued).toBe(result.today.pointsIssued);
    expect(result.proposed.liability.outstandingPoints - result.today.liability.outstandingPoints).toBe(100);
  });
});

describe("simulate: a reward", () => {
  it("a cheaper reward: the same redemption spends fewer points, a point is worth more", () => {
    const result = simulate(history(), {
      kind: "reward",
      rewardId: "five",
      costPoints: 250,
      valueMinor: 500,
      stored: { costPoints: 500, valueMinor: 500 },
    });
    expect(result.proposed.pointsIssued).toBe(result.today.pointsIssued);
    expect(result.proposed.liability.outstandingPoints).toBe(2_250);
    expect(result.proposed.pointValue).toEqual({ minorPerPoint: 2, basis: "redemptions" });
    expect(result.proposed.liability.outstandingMinor).toBe(Math.round(2_250 * 2 * 0.9));
  });

  it("a paused reward (not in the catalogue): its redemptions are repriced all the same", () => {
    const result = simulate(history({ rewards: [] }), {
      kind: "reward",
      rewardId: "five",
      costPoints: 1_000,
      valueMinor: 500,
      stored: { costPoints: 500, valueMinor: 500 },
    });
    expect(result.proposed.liability.outstandingPoints).toBe(1_500);
    expect(result.proposed.pointValue).toEqual({ minorPerPoint: 0.5, basis: "redemptions" });
  });
});
