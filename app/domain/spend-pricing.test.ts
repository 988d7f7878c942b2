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
  spendHistory,
  type OrderForRules,
} from "./spend-pricing";

const spendRule = (overrides: Partial<Extract<RuleInput, { kind: "spend" }>> = {}): Rule =>
  ruleSchema.parse({ id: "r-spend", name: "Purchases", kind: "spend", pointsPerUnit: 1, ...overrides });

const now = new Date("2026-06-15T12:00:00Z");

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

describe("spendHistory", () => {
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
