import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NO_EARNING_CONTEXT, type EarningContext } from "./earning-context";
import {
  needsOrderHistory,
  orderEarnings,
  purchaseOffers,
  purchasePointsPerUnit,
  purchasePolicy,
  readEarnComponents,
  settingsRateRule,
  untieredPoints,
  type OrderEarningContext,
  type PurchasePolicy,
} from "./order-earnings";
import { ruleSchema, type Rule, type RuleInput } from "./rules";
import { rule as parsedRule } from "./rules/test-fixtures";
import { orderPaidEvent, spendHistory, type OrderForRules } from "./spend-pricing";

const spendRule = (overrides: Partial<Extract<RuleInput, { kind: "spend" }>> = {}): Rule =>
  ruleSchema.parse({ id: "r-spend", name: "Purchases", kind: "spend", pointsPerUnit: 1, ...overrides });

const now = new Date("2026-06-15T12:00:00Z");
const gold = (multiplierHundredths = 150, multiplyEngagement = false): EarningContext => ({
  ...NO_EARNING_CONTEXT,
  tier: { id: "tier-gold", name: "Gold", multiplierHundredths, multiplyEngagement },
});

const context = (earning: EarningContext = NO_EARNING_CONTEXT): OrderEarningContext => ({
  now,
  timeZone: "UTC",
  member: { id: "42", createdAt: new Date("2025-01-01T00:00:00Z"), verified: false },
  history: [],
  earning,
});

const spendPolicy = (rules: Rule[]): PurchasePolicy =>
  purchasePolicy(
    rules.map((r) => ({ kind: r.kind, rule: r })),
    1,
  );

const price = (
  rules: Rule[],
  order: OrderForRules,
  tags = new Map<string, string[]>(),
  isFirstOrder = false,
  earning: EarningContext = NO_EARNING_CONTEXT,
) => orderEarnings(spendPolicy(rules), orderPaidEvent(order, { productTags: tags, isFirstOrder }), context(earning));

const atSettingsRate = (rate: number, order: OrderForRules, earning: EarningContext = NO_EARNING_CONTEXT) =>
  orderEarnings(
    purchasePolicy([], rate),
    orderPaidEvent(order, { productTags: new Map(), isFirstOrder: false }),
    context(earning),
  );

const order = (overrides: Partial<OrderForRules> = {}): OrderForRules => ({
  id: 1001,
  currency: "USD",
  subtotal_price: "100.00",
  source_name: "web",
  line_items: [
    { product_id: 1, price: "60.00", quantity: 1 },
    { product_id: 2, price: "20.00", quantity: 2 },
  ],
  ...overrides,
});

describe("untieredPoints", () => {
  const components = JSON.stringify([
    { source: "spend_rule", ruleId: "r1", points: 100 },
    { source: "first_order_bonus", ruleId: "r1", points: 20 },
    { source: "tier_multiplier", ruleId: null, points: 60, tierId: "gold" },
  ]);

  it("is what the order earned without its tier's share", () => {
    expect(untieredPoints({ earnedPoints: 180, reversedPoints: 0, earnComponents: components })).toBe(120);
  });

  it("takes back in the proportion the order was reversed", () => {
    expect(untieredPoints({ earnedPoints: 180, reversedPoints: 90, earnComponents: components })).toBe(60);
    expect(untieredPoints({ earnedPoints: 180, reversedPoints: 180, earnComponents: components })).toBe(0);
  });

  it("counts an order stored before components, or whose parts do not add up, whole", () => {
    expect(untieredPoints({ earnedPoints: 42, reversedPoints: 2, earnComponents: "[]" })).toBe(40);
    expect(untieredPoints({ earnedPoints: 200, reversedPoints: 0, earnComponents: components })).toBe(200);
    expect(untieredPoints({ earnedPoints: 0, reversedPoints: 0, earnComponents: components })).toBe(0);
  });
});

describe("purchasePolicy", () => {
  const visit = parsedRule({ id: "visit-1", name: "Daily visit", kind: "visit", points: 5 });

  it("is the Settings rate as the default spend rule while the shop has no spend rule", () => {
    expect(purchasePolicy([{ kind: "visit", rule: visit }], 2)).toEqual({
      source: "settings_rate",
      pointsPerUnit: 2,
      rules: [settingsRateRule(2)],
    });
    expect(purchasePolicy([], 0)).toEqual({ source: "settings_rate", pointsPerUnit: 0, rules: [] });
  });

  it("is the spend rules as soon as one exists, the other kinds left out", () => {
    expect(
      purchasePolicy(
        [
          { kind: "visit", rule: visit },
          { kind: "spend", rule: spendRule() },
        ],
        1,
      ),
    ).toEqual({
      source: "spend_rules",
      rules: [spendRule()],
    });
  });

  it("stays with the rules when the only spend rule is paused or unreadable", () => {
    expect(purchasePolicy([{ kind: "spend", rule: spendRule({ active: false }) }], 1).source).toBe("spend_rules");
    expect(purchasePolicy([{ kind: "spend", rule: null }], 1)).toEqual({ source: "spend_rules", rules: [] });
  });

  it("reads the member's other orders only for the merchant's own spend rules", () => {
    expect(needsOrderHistory(purchasePolicy([], 1))).toBe(false);
    expect(needsOrderHistory(spendPolicy([spendRule()]))).toBe(true);
  });
});

describe("orderEarnings at the Settings rate", () => {
  it("prices every channel at the flat rate, rounded down, as one settings_rate component", () => {
    for (const source_name of ["web", "pos", "shopify_draft_order", "iphone", null]) {
      const priced = atSettingsRate(2, order({ subtotal_price: "10.99", source_name }));
      expect(priced.points).toBe(21);
      expect(priced.components).toEqual([{ source: "settings_rate", ruleId: null, points: 21 }]);
      // No reason of its own and no limits history: as the flat rate always was.
      expect(priced.reason).toBeNull();
      expect(priced.paidBy).toEqual([]);
    }
  });

  it("gives what the old flat rate gave, for any spend and rate", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_00 }), fc.integer({ min: 0, max: 1000 }), (cents, rate) => {
        const subtotal = (cents / 100).toFixed(2);
        expect(atSettingsRate(rate, order({ subtotal_price: subtotal })).points).toBe(Math.floor((cents * rate) / 100));
      }),
    );
  });

  it("multiplies by the member's tier, what the tier adds kept as its own component", () => {
    const priced = atSettingsRate(1, order(), gold(150));
    expect(priced.points).toBe(150);
    expect(priced.components).toEqual([
      { source: "settings_rate", ruleId: null, points: 100 },
      { source: "tier_multiplier", ruleId: null, points: 50, tierId: "tier-gold" },
    ]);
  });

  it("earns nothing at a rate of 0, whatever the tier", () => {
    expect(atSettingsRate(0, order(), gold(300))).toMatchObject({ points: 0, components: [] });
  });
});

describe("orderEarnings under the spend rules", () => {
  it("prices with the rule's rate and rounding, and names the rule in the reason", () => {
    const priced = price(
      [spendRule({ name: "Double points", pointsPerUnit: 1.5, rounding: "nearest" })],
      order({ subtotal_price: "10.33" }),
    );
    expect(priced.points).toBe(15); // 15.495 → 15
    expect(priced.reason).toBe("Double points: 15 points for a $10.33 order");
  });

  it("takes out the lines with an excluded tag, whatever their case", () => {
    const rule = spendRule({ excludedProductTags: ["gift card"] });
    expect(price([rule], order(), new Map([["1", ["Gift Card"]]])).points).toBe(40);
  });

  it("adds the first-order bonus to the one award only when told it is the first order", () => {
    const rule = spendRule({ firstOrderBonusPoints: 50 });
    expect(price([rule], order(), new Map(), true).points).toBe(150);
    expect(price([rule], order(), new Map(), false).points).toBe(100);
  });

  it("ignores other kinds of rules and sums the spend rules that pay", () => {
    const rules = [
      spendRule({ id: "a", name: "Base" }),
      spendRule({ id: "b", name: "Web bonus", pointsPerUnit: 0.5, channels: [{ type: "online_store" }] }),
      ruleSchema.parse({ id: "v", name: "Visit", kind: "visit", points: 5 }),
      ruleSchema.parse({ id: "ref", name: "Referral", kind: "referral", referrerPoints: 100, friendPoints: 0 }),
    ];
    const priced = price(rules, order());
    expect(priced.points).toBe(150);
    expect(priced.awards.map((a) => a.ruleId)).toEqual(["a", "b"]);
    expect(priced.reason).toBe("Base: 100 points for a $100.00 order; Web bonus: 50 points for a $100.00 order");
  });

  it("pays nothing, without error, where no rule covers the channel or the location", () => {
    const online = spendRule({ channels: [{ type: "online_store" }] });
    const downtown = spendRule({ channels: [{ type: "pos", locationIds: ["1"] }] });
    const atPos = order({ source_name: "pos", location_id: 2 });
    expect(price([online], atPos)).toMatchObject({
      points: 0,
      reason: null,
      refusals: [expect.objectContaining({ code: "channel_not_included" })],
    });
    expect(price([downtown], atPos).points).toBe(0);
    expect(price([downtown], order({ source_name: "pos", location_id: 1 })).points).toBe(100);
  });

  it("a switched-off spend rule pays nothing (and says so)", () => {
    expect(price([spendRule({ active: false })], order())).toMatchObject({
      points: 0,
      refusals: [expect.objectContaining({ code: "inactive" })],
    });
  });
});

describe("spend rule limits", () => {
  const capped = spendRule({ limits: { perDay: 1 } });
  const priceWith = (history: ReturnType<typeof spendHistory>) =>
    orderEarnings(
      purchasePolicy([{ kind: "spend", rule: capped }], 1),
      orderPaidEvent(order({ id: 2002 }), { productTags: new Map(), isFirstOrder: false }),
      { ...context(), history },
    );

  it("count the member's other orders that the rule paid: at most one order a day earns", () => {
    const first = priceWith([]);
    expect(first.points).toBe(100);
    expect(first.paidBy).toEqual([{ ruleId: "r-spend", at: now.toISOString() }]);

    const sameDay = spendHistory([
      { orderId: "1001", spendAwards: JSON.stringify([{ ruleId: "r-spend", at: "2026-06-15T08:00:00Z" }]) },
    ]);
    const second = priceWith(sameDay);
    expect(second.points).toBe(0);
    expect(second.paidBy).toEqual([]);
    expect(second.refusals.map((r) => r.code)).toEqual(["limit_reached"]);

    const dayBefore = spendHistory([
      { orderId: "1001", spendAwards: JSON.stringify([{ ruleId: "r-spend", at: "2026-06-14T08:00:00Z" }]) },
    ]);
    expect(priceWith(dayBefore).points).toBe(100);
  });
});

describe("orderEarnings with a tier", () => {
  it("multiplies rate and first-order bonus, each part its own component", () => {
    const rule = spendRule({ firstOrderBonusPoints: 20 });
    const priced = price([rule], order({ subtotal_price: "10.00" }), new Map(), true, gold(150));
    expect(priced.points).toBe(45); // (10 + 20) × 1.5
    expect(priced.components).toEqual([
      { source: "spend_rule", ruleId: "r-spend", points: 10 },
      { source: "first_order_bonus", ruleId: "r-spend", points: 20 },
      { source: "tier_multiplier", ruleId: "r-spend", points: 15, tierId: "tier-gold" },
    ]);
    expect(priced.reason).toBe("Purchases: 45 points for a $10.00 order, first-order bonus included");
  });

  it("a ×1 tier adds nothing and no component", () => {
    expect(price([spendRule()], order(), new Map(), false, gold(100)).components).toEqual([
      { source: "spend_rule", ruleId: "r-spend", points: 100 },
    ]);
  });

  it("components always add up to the points, never negative, the tier's share never more than it promises", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            pointsPerUnit: fc.integer({ min: 1, max: 1000 }).map((n) => n / 100),
            firstOrderBonusPoints: fc.integer({ min: 0, max: 500 }),
            rounding: fc.constantFrom("down" as const, "nearest" as const),
          }),
          { minLength: 0, maxLength: 4 },
        ),
        fc.integer({ min: 0, max: 100_000_00 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 100, max: 1000 }), { nil: null }),
        fc.boolean(),
        (defs, cents, first, hundredths, settings) => {
          const rules = defs.map((d, i) => spendRule({ ...d, id: `r${i}`, name: `Rule ${i}` }));
          const earning = hundredths === null ? NO_EARNING_CONTEXT : gold(hundredths);
          const policy = settings ? purchasePolicy([], 3) : spendPolicy(rules);
          const event = orderPaidEvent(order({ subtotal_price: (cents / 100).toFixed(2) }), {
            productTags: new Map(),
            isFirstOrder: first,
          });
          const priced = orderEarnings(policy, event, context(earning));
          const plain = orderEarnings(policy, event, context());
          expect(priced.components.reduce((sum, c) => sum + c.points, 0)).toBe(priced.points);
          expect(priced.components.every((c) => c.points > 0)).toBe(true);
          // Without the tier's component, exactly what the member would earn without a tier.
          const untiered = priced.components.filter((c) => c.source !== "tier_multiplier");
          expect(untiered.reduce((sum, c) => sum + c.points, 0)).toBe(plain.points);
          const extra = priced.points - plain.points;
          expect(extra).toBeGreaterThanOrEqual(0);
          expect(extra).toBeLessThanOrEqual(Math.floor((plain.points * ((hundredths ?? 100) - 100)) / 100));
          // The tier changes the points, never which rules paid (limits history) or what was refused.
          expect(priced.paidBy).toEqual(plain.paidBy);
          expect(priced.refusals).toEqual(plain.refusals);
        },
      ),
    );
  });
});

describe("readEarnComponents", () => {
  it("reads stored components, and older or unreadable values as none", () => {
    const stored = [{ source: "settings_rate", ruleId: null, points: 42 }];
    expect(readEarnComponents(JSON.stringify(stored))).toEqual(stored);
    expect(readEarnComponents("[]")).toEqual([]);
    expect(readEarnComponents("not json")).toEqual([]);
    expect(readEarnComponents('[{"source":"gift","ruleId":null,"points":1}]')).toEqual([]);
  });
});

describe("purchaseOffers", () => {
  it("offers the Settings rate when no rule prices orders", () => {
    expect(purchaseOffers(purchasePolicy([], 2), now)).toEqual([
      {
        pointsPerUnit: 2,
        minimumOrderMinor: 0,
        firstOrderBonusPoints: 0,
        multiplierHundredths: 100,
        campaignBonusPoints: 0,
      },
    ]);
    expect(purchaseOffers(purchasePolicy([], 0), now)).toEqual([]);
  });

  it("offers what the spend rule gives, not the Settings rate (the widget once said 1 point while the rule gave 5)", () => {
    const policy = spendPolicy([spendRule({ pointsPerUnit: 5, minimumOrderMinor: 2000, firstOrderBonusPoints: 50 })]);
    expect(purchaseOffers(policy, now)).toEqual([
      {
        pointsPerUnit: 5,
        minimumOrderMinor: 2000,
        firstOrderBonusPoints: 50,
        multiplierHundredths: 100,
        campaignBonusPoints: 0,
      },
    ]);
  });

  it("includes the member's tier multiplier, as the order would be priced", () => {
    const policy = spendPolicy([spendRule({ pointsPerUnit: 1.25, firstOrderBonusPoints: 15 })]);
    expect(purchaseOffers(policy, now, gold(150))).toEqual([
      {
        pointsPerUnit: 1.875,
        minimumOrderMinor: 0,
        firstOrderBonusPoints: 22,
        multiplierHundredths: 150,
        campaignBonusPoints: 0,
      },
    ]);
    expect(purchaseOffers(purchasePolicy([], 1), now, gold(125))[0]).toMatchObject({
      pointsPerUnit: 1.25,
      multiplierHundredths: 125,
    });
  });

  it("leaves out rules that would not pay an online-store order now", () => {
    const policy = spendPolicy([
      spendRule({ id: "paused", active: false }),
      spendRule({ id: "later", startsAt: "2026-07-01T00:00:00Z" }),
      spendRule({ id: "over", endsAt: now.toISOString() }),
      spendRule({ id: "pos", channels: [{ type: "pos" }] }),
    ]);
    expect(purchaseOffers(policy, now)).toEqual([]);
  });

  it("never falls back to the Settings rate once a spend rule exists, whatever the rules say", () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 100 }),
        (actives, rate) => {
          const stored = actives.map((active, i) => ({
            kind: "spend",
            rule: spendRule({ id: `s${i}`, active, pointsPerUnit: i + 1 }),
          }));
          const offers = purchaseOffers(purchasePolicy(stored, rate * 1000), now);
          expect(offers.every((offer) => offer.pointsPerUnit <= actives.length)).toBe(true);
          expect(offers).toHaveLength(actives.filter(Boolean).length);
        },
      ),
    );
  });
});

describe("purchasePointsPerUnit", () => {
  it("is the Settings rate without spend rules, and 0 when it earns nothing", () => {
    expect(purchasePointsPerUnit(purchasePolicy([], 3), now)).toBe(3);
    expect(purchasePointsPerUnit(purchasePolicy([], 0), now)).toBe(0);
  });

  it("adds up the live spend rules (the engine pays each) and leaves out a paused one, not the Settings rate", () => {
    const policy = spendPolicy([
      spendRule({ id: "r-a", pointsPerUnit: 2 }),
      spendRule({ id: "r-b", pointsPerUnit: 1.5 }),
      spendRule({ id: "r-c", pointsPerUnit: 9, active: false }),
    ]);
    expect(purchasePointsPerUnit(policy, now)).toBe(3.5);
    expect(purchasePointsPerUnit(spendPolicy([spendRule({ active: false })]), now)).toBe(0);
  });
});
