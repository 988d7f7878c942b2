import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  earnSummary,
  eligibleSpendMinor,
  pointsForOrder,
  pointsForSpend,
  rewardRate,
  type OrderAmounts,
} from "./earning";
import { currencyExponent, fromMinorUnits } from "./money";

describe("eligibleSpendMinor", () => {
  it.each<[string, OrderAmounts, number]>([
    [
      "tax added on top: subtotal as is, tax ignored",
      { currency: "USD", subtotal_price: "100.00", total_tax: "8.00", taxes_included: false },
      10000,
    ],
    [
      "taxes_included unset: subtotal as is",
      { currency: "USD", subtotal_price: "100.00", total_tax: "8.00", taxes_included: null },
      10000,
    ],
    [
      "tax-inclusive shop: item tax taken out",
      { currency: "EUR", subtotal_price: "120.00", total_tax: "20.00", taxes_included: true },
      10000,
    ],
    [
      "tax-inclusive shop: shipping tax is in total_tax but not in the subtotal",
      {
        currency: "EUR",
        subtotal_price: "120.00",
        total_tax: "22.00",
        taxes_included: true,
        shipping_lines: [{ tax_lines: [{ price: "2.00" }] }],
      },
      10000,
    ],
    [
      "tax-inclusive shop: several shipping lines and tax lines",
      {
        currency: "CAD",
        subtotal_price: "113.00",
        total_tax: "15.60",
        taxes_included: true,
        shipping_lines: [
          { tax_lines: [{ price: "0.50" }, { price: "0.65" }] },
          { tax_lines: [{ price: "1.45" }] },
          { tax_lines: null },
          { tax_lines: [{ price: null }, {}] },
        ],
      },
      10000,
    ],
    [
      "tax-inclusive shop, shipping_lines null",
      { currency: "EUR", subtotal_price: "12.10", total_tax: "2.10", taxes_included: true, shipping_lines: null },
      1000,
    ],
    [
      "JPY has no minor unit",
      { currency: "JPY", subtotal_price: "1100", total_tax: "100", taxes_included: true },
      1000,
    ],
    ["JPY sent with decimals", { currency: "JPY", subtotal_price: "1100.00" }, 1100],
    ["KWD has three decimals", { currency: "KWD", subtotal_price: "1.234" }, 1234],
    ["sub-cent digits are truncated", { currency: "USD", subtotal_price: "10.999" }, 1099],
    ["missing subtotal", { currency: "USD" }, 0],
    ["null subtotal", { currency: "USD", subtotal_price: null }, 0],
    ["unparseable subtotal", { currency: "USD", subtotal_price: "ten dollars" }, 0],
    ["negative subtotal", { currency: "USD", subtotal_price: "-5.00" }, 0],
    [
      "tax larger than subtotal never goes negative",
      { currency: "USD", subtotal_price: "1.00", total_tax: "5.00", taxes_included: true },
      0,
    ],
    [
      "unparseable tax counts as zero",
      { currency: "USD", subtotal_price: "10.00", total_tax: "n/a", taxes_included: true },
      1000,
    ],
  ])("%s", (_label, order, expected) => {
    expect(eligibleSpendMinor(order)).toBe(expected);
  });

  const currency = fc.constantFrom("USD", "EUR", "JPY", "KWD", "GBP");

  it("is exactly the net item spend for well-formed orders (shipping and tax excluded)", () => {
    fc.assert(
      fc.property(
        currency,
        fc.integer({ min: 0, max: 10_000_000 }), // items after discounts, before tax
        fc.integer({ min: 0, max: 3_000_000 }), // tax on the items
        fc.array(fc.array(fc.integer({ min: 0, max: 50_000 }), { maxLength: 3 }), { maxLength: 3 }), // shipping tax lines
        fc.boolean(),
        (code, netItems, itemTax, shippingTaxLines, taxesIncluded) => {
          const e = currencyExponent(code);
          const shippingTax = shippingTaxLines.flat().reduce((a, b) => a + b, 0);
          const order: OrderAmounts = {
            currency: code,
            // Shopify's subtotal: after discounts, before shipping; contains item tax only in tax-inclusive shops.
            subtotal_price: fromMinorUnits(netItems + (taxesIncluded ? itemTax : 0), e),
            total_tax: fromMinorUnits(itemTax + shippingTax, e),
            taxes_included: taxesIncluded,
            shipping_lines: shippingTaxLines.map((lines) => ({
              tax_lines: lines.map((minor) => ({ price: fromMinorUnits(minor, e) })),
            })),
          };
          expect(eligibleSpendMinor(order)).toBe(netItems);
        },
      ),
    );
  });

  const amount = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.string({ maxLength: 8 }),
    fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => fromMinorUnits(n, 2)),
  );

  it("is a non-negative whole number for any payload, however malformed", () => {
    fc.assert(
      fc.property(
        currency,
        amount,
        amount,
        fc.option(fc.boolean()),
        fc.option(fc.array(fc.record({ tax_lines: fc.option(fc.array(fc.record({ price: amount }))) }))),
        (code, subtotal, tax, included, shipping) => {
          const spend = eligibleSpendMinor({
            currency: code,
            subtotal_price: subtotal,
            total_tax: tax,
            taxes_included: included,
            shipping_lines: shipping,
          });
          expect(Number.isSafeInteger(spend)).toBe(true);
          expect(spend).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe("pointsForSpend", () => {
  it.each<[number, number, number, number]>([
    [1000, 2, 1, 10],
    [999, 2, 1, 9],
    [1999, 2, 3, 59], // 19.99 × 3 = 59.97
    [100, 2, 1000, 1000],
    [1, 2, 1, 0],
    [0, 2, 5, 0],
    [-100, 2, 1, 0],
    [100, 2, 0, 0],
    [100, 2, -1, 0],
    [1000, 0, 1, 1000],
    [1234, 3, 10, 12],
  ])("spend %i (exponent %i) at %i points/unit → %i", (spend, exponent, rate, expected) => {
    expect(pointsForSpend(spend, exponent, rate)).toBe(expected);
  });

  const exponent = fc.integer({ min: 0, max: 3 });
  const rate = fc.integer({ min: 1, max: 1000 });
  const spend = fc.integer({ min: -1000, max: 1_000_000_000_000 });

  it("is monotonic in spend", () => {
    fc.assert(
      fc.property(spend, spend, exponent, rate, (a, b, e, r) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(pointsForSpend(lo, e, r)).toBeLessThanOrEqual(pointsForSpend(hi, e, r));
      }),
    );
  });

  it("never exceeds spend × rate, and misses it by less than one point", () => {
    fc.assert(
      fc.property(spend, exponent, rate, (s, e, r) => {
        const points = pointsForSpend(s, e, r);
        expect(Number.isSafeInteger(points)).toBe(true);
        const promised = BigInt(Math.max(0, s)) * BigInt(r); // in points × 10^e
        const unit = 10n ** BigInt(e);
        expect(BigInt(points) * unit <= promised).toBe(true);
        expect((BigInt(points) + 1n) * unit > promised).toBe(true);
      }),
    );
  });
});

describe("pointsForOrder", () => {
  it("uses the eligible spend and the currency's exponent", () => {
    const order: OrderAmounts = {
      currency: "EUR",
      subtotal_price: "119.99",
      total_tax: "22.00",
      taxes_included: true,
      shipping_lines: [{ tax_lines: [{ price: "2.00" }] }],
    };
    expect(pointsForOrder(order, 2)).toBe(199); // net 99.99 × 2 = 199.98 → 199
    expect(pointsForOrder({ currency: "JPY", subtotal_price: "1999" }, 1)).toBe(1999);
  });
});

describe("rewardRate", () => {
  it.each<[number, { costPoints: number; valueMinor: number }, number, number]>([
    [1, { costPoints: 500, valueMinor: 500 }, 2, 0.01], // $5 for 500 points at 1/$ → 1 % back
    [10, { costPoints: 100, valueMinor: 500 }, 2, 0.5],
    [1, { costPoints: 1000, valueMinor: 500 }, 0, 0.5],
    [1, { costPoints: 0, valueMinor: 500 }, 2, 0],
    [1, { costPoints: -5, valueMinor: 500 }, 2, 0],
  ])("%i pts/unit, reward %o, exponent %i → %d", (ppu, reward, exponent, expected) => {
    expect(rewardRate(ppu, reward, exponent)).toBeCloseTo(expected, 10);
  });
});

describe("earnSummary", () => {
  it.each([
    [1, "USD", "1 point for every $1 spent"],
    [5, "JPY", "5 points for every ¥1 spent"],
    [2, "EUR", "2 points for every €1 spent"],
  ])("%i %s → %s", (ppu, code, expected) => {
    expect(earnSummary(ppu, code)).toBe(expected);
  });
});
