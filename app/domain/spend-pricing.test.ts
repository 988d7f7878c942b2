import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { eligibleSpendMinor } from "./earning";
import { ruleSchema, type Rule, type RuleInput } from "./rules";
import {
  allocateProportionally,
  lineSpends,
  needsProductTags,
  orderPaidEvent,
  orderTime,
  priceWithSpendRules,
  spendHistory,
  type OrderForRules,
} from "./spend-pricing";

const spendRule = (overrides: Partial<Extract<RuleInput, { kind: "spend" }>> = {}): Rule =>
  ruleSchema.parse({ id: "r-spend", name: "Purchases", kind: "spend", pointsPerUnit: 1, ...overrides });

const now = new Date("2026-06-15T12:00:00Z");
const price = (rules: Rule[], order: OrderForRules, tags = new Map<string, string[]>(), isFirstOrder = false) =>
  priceWithSpendRules(rules, orderPaidEvent(order, { productTags: tags, isFirstOrder }), {
    now,
    timeZone: "UTC",
    customerId: "42",
  });

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

describe("allocateProportionally", () => {
  it.each<[number, number[], number[]]>([
    [100, [3, 1], [75, 25]],
    [100, [1, 1, 1], [34, 33, 33]], // the earlier line takes the odd unit
    [10, [0, 5], [0, 10]],
    [0, [5, 5], [0, 0]],
    [50, [0, 0], [0, 0]],
    [7, [], []],
  ])("%i over %j → %j", (total, weights, expected) => {
    expect(allocateProportionally(total, weights)).toEqual(expected);
  });

  it("always adds up to the total, never gives a zero-weight line anything, and stays exact for large amounts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_000_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const shares = allocateProportionally(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(sum > 0 ? total : 0);
          shares.forEach((share, i) => {
            if (weights[i] === 0) expect(share).toBe(0);
            if (sum > 0) expect(Math.abs(share - (total * weights[i]!) / sum)).toBeLessThan(1 + 1e-6);
          });
        },
      ),
    );
  });
});

describe("lineSpends", () => {
  it("shares the order's eligible spend over the lines by what each cost after its discounts", () => {
    const discounted = order({
      subtotal_price: "90.00",
      line_items: [
        { product_id: 1, price: "60.00", quantity: 1, discount_allocations: [{ amount: "6.00" }, { amount: "4.00" }] },
        { product_id: 2, price: "20.00", quantity: 2, total_discount: "0.00" },
      ],
    });
    expect(lineSpends(discounted)).toEqual([
      { productId: "1", spendMinor: 5000 },
      { productId: "2", spendMinor: 4000 },
    ]);
  });

  it("uses total_discount when a line has no allocations, and takes included tax out per line", () => {
    const taxed = order({
      subtotal_price: "120.00",
      total_tax: "20.00",
      taxes_included: true,
      line_items: [
        { product_id: 1, price: "72.00", quantity: 1, tax_lines: [{ price: "12.00" }] },
        { product_id: 2, price: "50.00", quantity: 1, total_discount: "2.00", tax_lines: [{ price: "8.00" }] },
      ],
    });
    expect(eligibleSpendMinor(taxed)).toBe(10000);
    expect(lineSpends(taxed)).toEqual([
      { productId: "1", spendMinor: 6000 },
      { productId: "2", spendMinor: 4000 },
    ]);
  });

  it("keeps lines without a product (custom items) and orders without lines", () => {
    expect(lineSpends(order({ line_items: [{ product_id: null, price: "100.00", quantity: 1 }] }))).toEqual([
      { spendMinor: 10000 },
    ]);
    expect(lineSpends(order({ line_items: undefined }))).toEqual([]);
  });
});

describe("orderPaidEvent", () => {
  it("carries the channel, the POS location as text, the lines' tags and the first-order flag", () => {
    const tags = new Map([["1", ["Gift card"]]]);
    const event = orderPaidEvent(order({ source_name: "pos", location_id: 655 }), {
      productTags: tags,
      isFirstOrder: true,
    });
    expect(event).toEqual({
      type: "order_paid",
      orderId: "1001",
      currency: "USD",
      spendMinor: 10000,
      lines: [
        { productId: "1", productTags: ["Gift card"], spendMinor: 6000 },
        { productId: "2", productTags: [], spendMinor: 4000 },
      ],
      sourceName: "pos",
      locationId: "655",
      isFirstOrder: true,
    });
  });

  it("an order without a source matches no channel", () => {
    expect(
      orderPaidEvent(order({ source_name: null }), { productTags: new Map(), isFirstOrder: false }).sourceName,
    ).toBe("");
  });
});

describe("priceWithSpendRules", () => {
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

describe("orderTime and needsProductTags", () => {
  it("uses the order's creation time unless it is missing, unreadable or in the future", () => {
    expect(orderTime({ created_at: "2026-06-14T09:00:00-04:00" }, now)).toEqual(new Date("2026-06-14T13:00:00Z"));
    expect(orderTime({ created_at: "yesterday" }, now)).toBe(now);
    expect(orderTime({ created_at: null }, now)).toBe(now);
    expect(orderTime({ created_at: "2027-01-01T00:00:00Z" }, now)).toBe(now);
  });

  it("asks for tags only for an active spend rule that excludes some", () => {
    expect(needsProductTags([spendRule()])).toBe(false);
    expect(needsProductTags([spendRule({ excludedProductTags: ["sale"], active: false })])).toBe(false);
    expect(needsProductTags([spendRule({ excludedProductTags: ["sale"] })])).toBe(true);
  });
});

describe("spend rule limits", () => {
  const capped = spendRule({ limits: { perDay: 1 } });
  const priceWith = (history: ReturnType<typeof spendHistory>) =>
    priceWithSpendRules(
      [capped],
      orderPaidEvent(order({ id: 2002 }), { productTags: new Map(), isFirstOrder: false }),
      { now, timeZone: "UTC", customerId: "42" },
      history,
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

  it("read unreadable history as nothing, never as an error", () => {
    expect(
      spendHistory([
        { orderId: "1", spendAwards: "not json" },
        { orderId: "2", spendAwards: "{}" },
        { orderId: "3", spendAwards: '[{"ruleId":5},{"at":"x"}]' },
      ]),
    ).toEqual([]);
    expect(spendHistory([{ orderId: "7", spendAwards: '[{"ruleId":"r","at":"2026-06-15T08:00:00Z"}]' }])).toEqual([
      { ruleId: "r", key: "rule:r:order:7", at: new Date("2026-06-15T08:00:00Z") },
    ]);
  });
});
