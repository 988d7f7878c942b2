import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { NO_EARNING_CONTEXT, type EarningContext } from "../earning-context";
import { orderEarnings, purchaseOffers, purchasePolicy, settingsRateRule } from "../order-earnings";
import { ruleSchema, type Rule, type RuleEvent, type RuleInput, type SpendRule } from "../rules";
import { orderPaidEvent, type OrderForRules } from "../spend-pricing";
import { attributeExtra, awardBoost, combineFactors, earningHooks, taggedShare } from "./boost";
import { campaignDefinitionSchema, STACKING_POLICIES, type StackingPolicy } from "./definition";
import type { RunningCampaign } from "./schedule";

const rule = (input: RuleInput): Rule => ruleSchema.parse(input);
const spend = rule({ id: "spend", name: "Purchases", kind: "spend", pointsPerUnit: 1 }) as SpendRule;
const visit = rule({ id: "visit", name: "Visit", kind: "visit", points: 10 });

const campaign = (id: string, effect: unknown, title = id): RunningCampaign => ({
  ...campaignDefinitionSchema.parse({ schedule: { type: "weekly", days: [6, 7] }, effect }),
  id,
  title,
  translations: {},
  active: true,
  position: 0,
  endsAt: new Date("2026-06-15T00:00:00Z"),
});
const times = (id: string, hundredths: number, targeting = {}) =>
  campaign(id, { type: "multiplier", multiplierHundredths: hundredths, targeting });
const bonus = (id: string, points: number, targeting = {}) => campaign(id, { type: "bonus", points, targeting });

const gold = { id: "gold", name: "Gold", multiplierHundredths: 150, multiplyEngagement: false };
const earning = (overrides: Partial<EarningContext>): EarningContext => ({ ...NO_EARNING_CONTEXT, ...overrides });

const order = (overrides: Partial<OrderForRules> = {}): OrderForRules => ({
  id: 1001,
  currency: "EUR",
  subtotal_price: "100.00",
  source_name: "web",
  line_items: [
    { product_id: 1, price: "50.00", quantity: 1 },
    { product_id: 2, price: "50.00", quantity: 1 },
  ],
  ...overrides,
});
const tags = new Map([
  ["1", ["summer"]],
  ["2", ["basics"]],
]);
const paid = (o = order()) => orderPaidEvent(o, { productTags: tags, isFirstOrder: false });
const visitEvent: RuleEvent = { type: "visit" };

describe("awardBoost: which campaigns apply", () => {
  it.each([
    ["every award", times("c", 200), spend, paid(), 2],
    ["a chosen rule", times("c", 200, { ruleIds: ["spend"] }), spend, paid(), 2],
    ["another rule", times("c", 200, { ruleIds: ["other"] }), spend, paid(), 1],
    ["an order's channel", times("c", 200, { channels: [{ type: "online_store" }] }), spend, paid(), 2],
    ["another channel", times("c", 200, { channels: [{ type: "pos" }] }), spend, paid(), 1],
    ["a visit, where channels are chosen", times("c", 200, { channels: [{ type: "every" }] }), visit, visitEvent, 1],
    ["a visit", times("c", 200), visit, visitEvent, 2],
    // Half the spend is on "summer" products: ×2 on half is ×1.5.
    ["half the spend by product tag", times("c", 200, { productTags: ["Summer"] }), spend, paid(), 1.5],
    ["a visit, where product tags are chosen", times("c", 200, { productTags: ["summer"] }), visit, visitEvent, 1],
  ] as const)("%s", (_, c, r, event, factor) => {
    expect(awardBoost(earning({ campaigns: [c] }), r, event).factor).toBeCloseTo(factor, 9);
  });

  it("tiers and customer tags narrow to members who have them", () => {
    const vip = times("c", 200, { tierIds: ["gold"], customerTags: ["VIP"] });
    expect(awardBoost(earning({ campaigns: [vip] }), visit, visitEvent).factor).toBe(1);
    expect(awardBoost(earning({ campaigns: [vip], tier: gold }), visit, visitEvent).factor).toBe(1);
    expect(awardBoost(earning({ campaigns: [vip], tier: gold, customerTags: ["vip"] }), visit, visitEvent).factor).toBe(
      2,
    );
  });

  it("a bonus by product tag needs one such line; reward price campaigns change no award", () => {
    const summer = bonus("b", 50, { productTags: ["summer"] });
    expect(awardBoost(earning({ campaigns: [summer] }), spend, paid()).bonuses).toEqual([
      { campaignId: "b", points: 50 },
    ]);
    const winter = bonus("b", 50, { productTags: ["winter"] });
    expect(awardBoost(earning({ campaigns: [winter] }), spend, paid()).bonuses).toEqual([]);
    const price = campaign("p", { type: "reward_price", costPercentOff: 20 });
    expect(awardBoost(earning({ campaigns: [price] }), spend, paid())).toEqual({
      factor: 1,
      multipliers: [],
      bonuses: [],
    });
  });

  it("the share by tag is of what the rule counts: excluded lines are left out", () => {
    const excluding = rule({ id: "s", name: "S", kind: "spend", pointsPerUnit: 1, excludedProductTags: ["basics"] });
    expect(taggedShare(excluding, paid(), ["summer"])).toBe(1);
    expect(taggedShare(spend, paid(), ["summer"])).toBe(0.5);
  });
});

describe("stacking: a Gold member (×1.5) during a ×2 campaign", () => {
  it.each([
    ["multiply", 3],
    ["add", 2.5],
    ["highest", 2],
  ] as const)("%s: ×%d", (stacking, factor) => {
    const boost = awardBoost(earning({ tier: gold, campaigns: [times("c", 200)], stacking }), spend, paid());
    expect(boost.factor).toBeCloseTo(factor, 9);
  });

  it("under highest the tier still counts when it is the larger", () => {
    const boost = awardBoost(earning({ tier: gold, campaigns: [times("c", 120)], stacking: "highest" }), spend, paid());
    expect(boost.factor).toBe(1.5);
    expect(attributeExtra(50, boost, "highest")).toEqual([{ source: "tier", id: "gold", points: 50 }]);
  });
});

describe("orderEarnings with campaigns", () => {
  const policy = purchasePolicy([], 1);
  const price = (context: Partial<EarningContext>, o = order()) =>
    orderEarnings(policy, paid(o), {
      now: new Date("2026-06-13T12:00:00Z"),
      timeZone: "UTC",
      member: { id: "cust-1", createdAt: new Date("2025-01-01T00:00:00Z"), verified: true },
      history: [],
      earning: earning(context),
    });

  it("a ×2 weekend doubles a 100-point order and says so", () => {
    const priced = price({ campaigns: [times("double", 200, {})] });
    expect(priced.points).toBe(200);
    expect(priced.components).toEqual([
      { source: "settings_rate", ruleId: null, points: 100 },
      { source: "campaign_multiplier", ruleId: null, points: 100, campaignId: "double" },
    ]);
    expect(priced.reason).toBe("double ×2");
  });

  it.each([
    // Under multiply the 200 extra points are shared 0.5 : 1 (what each adds over ×1 alone).
    ["multiply", 300, [67, 133]],
    ["add", 250, [50, 100]],
    ["highest", 200, [0, 100]],
  ] as const)("Gold × a ×2 campaign + a 25-point bonus, %s", (stacking, multiplied, [tierPart, campaignPart]) => {
    const priced = price({
      tier: gold,
      stacking,
      campaigns: [
        { ...times("double", 200), title: "Double points weekend" },
        { ...bonus("welcome", 25), title: "Welcome week" },
      ],
    });
    expect(priced.points).toBe(multiplied + 25);
    const by = (source: string) => priced.components.find((c) => c.source === source)?.points ?? 0;
    expect(by("tier_multiplier")).toBe(tierPart);
    expect(by("campaign_multiplier")).toBe(campaignPart);
    expect(by("campaign_bonus")).toBe(25);
    expect(priced.reason).toBe("Double points weekend ×2, Welcome week +25");
  });

  it("a bonus is given once per order, however many rules pay it", () => {
    const two = { source: "spend_rules" as const, rules: [spend, { ...spend, id: "spend-2", name: "More" }] };
    const priced = orderEarnings(two, paid(), {
      now: new Date("2026-06-13T12:00:00Z"),
      timeZone: "UTC",
      member: { id: "cust-1", createdAt: new Date("2025-01-01T00:00:00Z"), verified: true },
      history: [],
      earning: earning({ campaigns: [bonus("b", 30)] }),
    });
    expect(priced.points).toBe(230);
    expect(priced.components.filter((c) => c.source === "campaign_bonus")).toEqual([
      { source: "campaign_bonus", ruleId: "spend", points: 30, campaignId: "b" },
    ]);
  });
});

describe("purchaseOffers with campaigns", () => {
  it("an online order's offer includes a running ×2 and a bonus, not a product-tag campaign", () => {
    const offers = purchaseOffers(
      purchasePolicy([], 1),
      new Date(),
      earning({ tier: gold, campaigns: [times("c", 200), bonus("b", 40), times("t", 300, { productTags: ["x"] })] }),
    );
    expect(offers).toEqual([
      {
        pointsPerUnit: 3,
        minimumOrderMinor: 0,
        firstOrderBonusPoints: 0,
        multiplierHundredths: 300,
        campaignBonusPoints: 40,
      },
    ]);
  });
});

// Properties: random tiers, campaigns, policies and awards.
const hundredths = fc.integer({ min: 101, max: 1000 });
const policyArb = fc.constantFrom<StackingPolicy>(...STACKING_POLICIES);
const tierArb = fc.option(
  fc.record({
    id: fc.constant("tier"),
    name: fc.constant("Tier"),
    multiplierHundredths: fc.integer({ min: 100, max: 1000 }),
    multiplyEngagement: fc.boolean(),
  }),
  { nil: null },
);
const campaignArb = fc.oneof(
  fc
    .tuple(hundredths, fc.constantFrom([], ["summer"], ["basics"], ["none"]))
    .map(([h, productTags]) => ({ type: "multiplier" as const, h, productTags })),
  fc.integer({ min: 1, max: 500 }).map((points) => ({ type: "bonus" as const, points })),
);
const campaignsArb = fc
  .array(campaignArb, { maxLength: 4 })
  .map((list) =>
    list.map((c, i) =>
      c.type === "multiplier" ? times(`c${i}`, c.h, { productTags: c.productTags }) : bonus(`c${i}`, c.points),
    ),
  );
const subtotal = fc.integer({ min: 0, max: 1_000_000 });
const orderArb = fc.tuple(subtotal, subtotal).map(([a, b]) =>
  order({
    subtotal_price: ((a + b) / 100).toFixed(2),
    line_items: [
      { product_id: 1, price: (a / 100).toFixed(2), quantity: 1 },
      { product_id: 2, price: (b / 100).toFixed(2), quantity: 1 },
    ],
  }),
);
const contextArb = fc.record({ tier: tierArb, campaigns: campaignsArb, stacking: policyArb });

const priceWith = (context: EarningContext, o: OrderForRules) =>
  orderEarnings(purchasePolicy([], 1.5), paid(o), {
    now: new Date("2026-06-13T12:00:00Z"),
    timeZone: "UTC",
    member: { id: "cust-1", createdAt: new Date("2025-01-01T00:00:00Z"), verified: true },
    history: [],
    earning: context,
  });

describe("boost properties", () => {
  it("components add up exactly to the order's points, each campaign named", () => {
    fc.assert(
      fc.property(contextArb, orderArb, (context, o) => {
        const priced = priceWith(earning(context), o);
        expect(priced.components.reduce((sum, c) => sum + c.points, 0)).toBe(priced.points);
        for (const c of priced.components) {
          expect(c.points).toBeGreaterThan(0);
          if (c.source.startsWith("campaign")) expect(c.campaignId).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it("attributeExtra shares any extra exactly over the multipliers", () => {
    fc.assert(
      fc.property(contextArb, orderArb, fc.integer({ min: 0, max: 1_000_000 }), (context, o, extra) => {
        const boost = awardBoost(earning(context), settingsRateRule(1), paid(o));
        const parts = attributeExtra(extra, boost, context.stacking);
        const sum = parts.reduce((total, part) => total + part.points, 0);
        expect(sum).toBe(boost.multipliers.length > 0 ? extra : 0);
      }),
      { numRuns: 300 },
    );
  });

  it("adding a multiplier campaign never lowers an order's points, under every policy", () => {
    fc.assert(
      fc.property(contextArb, orderArb, hundredths, (context, o, h) => {
        const before = priceWith(earning(context), o).points;
        const after = priceWith(earning({ ...context, campaigns: [...context.campaigns, times("new", h)] }), o).points;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it("highest never exceeds add, add never exceeds multiply, and the tier alone is a floor", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 10, noNaN: true }), { maxLength: 5 }), (factors) => {
        const [highest, add, multiply] = (["highest", "add", "multiply"] as const).map((p) =>
          combineFactors(factors, p),
        );
        expect(highest!).toBeLessThanOrEqual(add! + 1e-9);
        expect(add!).toBeLessThanOrEqual(multiply! + 1e-9);
        for (const f of factors) expect(highest!).toBeGreaterThanOrEqual(f);
      }),
    );
  });

  it("a member with a tier never earns less during a campaign than without it (VIPs are never left out)", () => {
    fc.assert(
      fc.property(contextArb, orderArb, (context, o) => {
        const during = priceWith(earning(context), o).points;
        const without = priceWith(earning({ ...context, campaigns: [] }), o).points;
        expect(during).toBeGreaterThanOrEqual(without);
      }),
      { numRuns: 300 },
    );
  });

  it("the bonus hook names every running bonus campaign, in order, with its points", () => {
    fc.assert(
      fc.property(campaignsArb, (campaigns) => {
        const hooks = earningHooks(earning({ campaigns }));
        const expected = campaigns.flatMap((c) => (c.effect.type === "bonus" ? [c.effect.points] : []));
        expect(hooks.bonus(visit, visitEvent).map((part) => part.points)).toEqual(expected);
      }),
    );
  });
});
