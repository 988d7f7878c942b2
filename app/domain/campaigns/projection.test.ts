import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { rewardOfKind } from "../rewards/test-rewards";
import { campaignDefinitionSchema, STACKING_POLICIES } from "./definition";
import { catalogueWorthMinor } from "../economics/point-value";
import { comparablePeriod, projectCampaign, type PastOrder, type ProjectionFacts } from "./projection";

const now = new Date("2026-06-17T12:00:00Z"); // a Wednesday
const definition = (input: unknown) => campaignDefinitionSchema.parse(input);
const weekendDouble = definition({
  schedule: { type: "weekly", days: [6, 7] },
  effect: { type: "multiplier", multiplierHundredths: 200 },
});
const member = { tierId: null, customerTags: [] };
const order = (paidAt: string, points: number, overrides: Partial<PastOrder> = {}): PastOrder => ({
  paidAt: new Date(paidAt),
  earnedPoints: points,
  reversedPoints: 0,
  earnComponents: JSON.stringify([{ source: "settings_rate", ruleId: null, points }]),
  member,
  ...overrides,
});
const facts = (overrides: Partial<ProjectionFacts> = {}): ProjectionFacts => ({
  orders: [],
  awards: [],
  redemptions: [],
  rewards: [rewardOfKind("amount_off", { costPoints: 500, valueMinor: 500 })],
  ...overrides,
});

describe("comparablePeriod", () => {
  it("a once campaign: as long as it, just before it starts", () => {
    const once = definition({
      schedule: { type: "once", startsAt: "2026-07-01T00:00:00Z", endsAt: "2026-07-04T00:00:00Z" },
      effect: { type: "bonus", points: 10 },
    });
    const period = comparablePeriod(once, now, "UTC");
    expect(period).toMatchObject({ from: new Date("2026-06-14T12:00:00Z"), to: now, occurrences: 1 });
    const started = comparablePeriod(once, new Date("2026-07-02T00:00:00Z"), "UTC");
    expect(started).toMatchObject({ from: new Date("2026-06-28T00:00:00Z"), to: new Date("2026-07-01T00:00:00Z") });
  });

  it("a recurring campaign: its occurrences of the last 90 days", () => {
    const period = comparablePeriod(weekendDouble, now, "Europe/Paris");
    expect(period.to).toEqual(now);
    expect(period.from).toEqual(new Date(now.getTime() - 90 * 86_400_000));
    expect(period.occurrences).toBe(13);
    for (const w of period.windows) expect(w.start >= period.from && w.end <= now).toBe(true);
  });
});

describe("projectCampaign", () => {
  it("a ×2 weekend: the weekend orders' base again, per weekend, valued at a point's worth", () => {
    const projection = projectCampaign(
      weekendDouble,
      comparablePeriod(weekendDouble, now, "UTC"),
      "multiply",
      facts({
        orders: [
          order("2026-06-13T10:00:00Z", 130),
          order("2026-06-06T10:00:00Z", 0),
          order("2026-06-10T10:00:00Z", 999),
        ],
      }),
    );
    // 130 extra points over 13 weekends: 10 per weekend, worth 1 minor unit each.
    expect(projection).toMatchObject({ extraPoints: 10, valueMinor: 10, basis: { orders: 2, awards: 0 } });
  });

  it.each([
    ["multiply", 150],
    ["add", 100],
    ["highest", 50],
  ] as const)("with a ×1.5 tier already in the order, under %s", (stacking, extra) => {
    const once = definition({
      schedule: { type: "once", startsAt: "2026-06-20T00:00:00Z", endsAt: "2026-06-21T00:00:00Z" },
      effect: { type: "multiplier", multiplierHundredths: 200 },
    });
    const tiered = order("2026-06-17T00:00:00Z", 150, {
      earnComponents: JSON.stringify([
        { source: "settings_rate", ruleId: null, points: 100 },
        { source: "tier_multiplier", ruleId: null, points: 50, tierId: "gold" },
      ]),
    });
    const projection = projectCampaign(once, comparablePeriod(once, now, "UTC"), stacking, facts({ orders: [tiered] }));
    expect(projection.extraPoints).toBe(extra);
  });

  it("a bonus per order and award of the targeted members; refunds count out", () => {
    const bonus = definition({
      schedule: { type: "once", startsAt: "2026-06-20T00:00:00Z", endsAt: "2026-06-23T00:00:00Z" },
      effect: { type: "bonus", points: 20, targeting: { customerTags: ["vip"] } },
    });
    const vip = { tierId: null, customerTags: ["vip"] };
    const projection = projectCampaign(
      bonus,
      comparablePeriod(bonus, now, "UTC"),
      "multiply",
      facts({
        orders: [
          order("2026-06-16T00:00:00Z", 50, { member: vip }),
          order("2026-06-16T00:00:00Z", 50, { member: vip, reversedPoints: 50 }),
          order("2026-06-16T00:00:00Z", 50),
        ],
        awards: [{ at: new Date("2026-06-15T00:00:00Z"), ruleId: "visit", points: 5, member: vip }],
      }),
    );
    expect(projection.extraPoints).toBe(40);
  });

  it("a reward price: the points not spent and the value added", () => {
    const reward = rewardOfKind("amount_off", { id: "r1", costPoints: 500, valueMinor: 500 });
    const price = definition({
      schedule: { type: "once", startsAt: "2026-06-20T00:00:00Z", endsAt: "2026-06-23T00:00:00Z" },
      effect: { type: "reward_price", costPercentOff: 20, valuePercentUp: 10 },
    });
    const projection = projectCampaign(
      price,
      comparablePeriod(price, now, "UTC"),
      "multiply",
      facts({
        rewards: [reward],
        redemptions: [
          { at: new Date("2026-06-16T00:00:00Z"), pointsSpent: 500, reward },
          { at: new Date("2026-06-16T00:00:00Z"), pointsSpent: 500, reward: null },
        ],
      }),
    );
    expect(projection).toMatchObject({ extraPoints: 100, valueMinor: 100 + 50, basis: { redemptions: 2 } });
  });

  it("no priced reward: no value", () => {
    expect(catalogueWorthMinor([])).toBeNull();
    const projection = projectCampaign(
      weekendDouble,
      comparablePeriod(weekendDouble, now, "UTC"),
      "add",
      facts({ rewards: [] }),
    );
    expect(projection.valueMinor).toBeNull();
  });

  it("never negative, and a larger multiplier never projects less", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 10 }),
        fc.integer({ min: 101, max: 999 }),
        fc.constantFrom(...STACKING_POLICIES),
        (points, hundredths, stacking) => {
          const orders = points.map((p, i) => order(new Date(now.getTime() - (i + 1) * 3_600_000).toISOString(), p));
          const project = (h: number) => {
            const d = definition({
              schedule: { type: "once", startsAt: "2026-06-20T00:00:00Z", endsAt: "2026-06-21T00:00:00Z" },
              effect: { type: "multiplier", multiplierHundredths: h },
            });
            return projectCampaign(d, comparablePeriod(d, now, "UTC"), stacking, facts({ orders })).extraPoints;
          };
          expect(project(hundredths)).toBeGreaterThanOrEqual(0);
          expect(project(hundredths + 1)).toBeGreaterThanOrEqual(project(hundredths));
        },
      ),
    );
  });
});
