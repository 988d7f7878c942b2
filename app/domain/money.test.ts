import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  AmountOutOfRangeError,
  currencyExponent,
  decimalText,
  formatMoney,
  formatOneUnit,
  fromMinorUnits,
  minorFromStored,
  requireMinorUnits,
  sumMinor,
  toMinorUnits,
} from "./money";

describe("currencyExponent", () => {
  it.each([
    ["USD", 2],
    ["EUR", 2],
    ["usd", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["KWD", 3],
    ["BHD", 3],
    ["NOPE", 2], // not an ISO code: falls back to 2
    ["", 2],
  ])("%s has %i decimals", (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
  });
});

describe("toMinorUnits (strings)", () => {
  it.each<[string, number, number | null]>([
    ["12.30", 2, 1230],
    ["12.3", 2, 1230],
    ["12", 2, 1200],
    ["0.01", 2, 1],
    [" 7.50 ", 2, 750],
    ["12.345", 2, 1234], // truncated, never rounded up
    ["12.999", 2, 1299],
    ["-1.239", 2, -123], // truncated toward zero
    ["1000", 0, 1000],
    ["1.9", 0, 1],
    ["0.001", 3, 1],
    ["1.2345", 3, 1234],
    ["007.00", 2, 700],
    ["", 2, null],
    ["abc", 2, null],
    ["1,000.00", 2, null],
    ["1e3", 2, null],
    ["+5", 2, null],
    ["1.", 2, null],
    [".5", 2, null],
    ["--1", 2, null],
    ["90071992547409.93", 2, null], // 9007199254740993 is not a safe integer
  ])("%j with exponent %i → %s", (text, exponent, expected) => {
    expect(toMinorUnits(text, exponent)).toBe(expected);
  });

  it("is floor(amount × 10^exponent) for any non-negative decimal string", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{1,9}$/),
        fc.stringMatching(/^[0-9]{0,8}$/),
        fc.integer({ min: 0, max: 4 }),
        (whole, fraction, exponent) => {
          const text = fraction ? `${whole}.${fraction}` : whole;
          const minor = toMinorUnits(text, exponent);
          expect(minor).not.toBeNull();
          // exact = (whole.fraction) × 10^exponent; compare as integers scaled by 10^fraction.length
          const scaled = BigInt(whole + fraction) * 10n ** BigInt(exponent);
          const unit = 10n ** BigInt(fraction.length);
          expect(BigInt(minor!) * unit <= scaled).toBe(true);
          expect((BigInt(minor!) + 1n) * unit > scaled).toBe(true);
        },
      ),
    );
  });
});

describe("toMinorUnits (numbers)", () => {
  it.each<[number, number, number]>([
    [12.3, 2, 1230],
    [5, 0, 5],
    [0, 2, 0],
    [19.99, 2, 1999],
  ])("%d with exponent %i → %i", (amount, exponent, expected) => {
    expect(toMinorUnits(amount, exponent)).toBe(expected);
  });

  // Regression: numbers once went through toFixed(exponent), which rounds.
  it("truncates numbers toward zero like strings (0.999 → 99, 12.345 → 1234, -1.999 → -199)", () => {
    expect({
      "0.999": toMinorUnits(0.999, 2),
      "12.345": toMinorUnits(12.345, 2),
      "-1.999": toMinorUnits(-1.999, 2),
    }).toEqual({ "0.999": 99, "12.345": 1234, "-1.999": -199 });
  });

  // Regression: toFixed(exponent + 6) showed the double's binary expansion, 12345678901.22999954.
  it("reads a number's own decimal, without floating-point error (12345678901.23 → 1234567890123)", () => {
    expect(toMinorUnits(12345678901.23, 2)).toBe(1234567890123);
    expect(toMinorUnits(1e21, 2)).toBeNull();
  });
});

describe("decimalText", () => {
  it.each<[number, string | null]>([
    [89.99, "89.99"],
    [0, "0"],
    [-0.5, "-0.5"],
    [1e-7, "0.0000001"],
    [1.5e-10, "0.00000000015"],
    [1e21, "1000000000000000000000"],
    [-1.25e22, "-12500000000000000000000"],
    [12345678901.23, "12345678901.23"],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
  ])("%d → %s", (value, expected) => {
    expect(decimalText(value)).toBe(expected);
  });

  it("reads back as the same number", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(Number(decimalText(value))).toBe(value === 0 ? 0 : value);
      }),
      { seed: 20261201 },
    );
  });
});

describe("fromMinorUnits", () => {
  it.each<[number, number, string]>([
    [1234, 2, "12.34"],
    [5, 2, "0.05"],
    [0, 2, "0.00"],
    [-5, 2, "-0.05"],
    [-1200, 2, "-12.00"],
    [1000, 0, "1000"],
    [0, 0, "0"],
    [1, 3, "0.001"],
    [123456, 3, "123.456"],
  ])("%i with exponent %i → %s", (minor, exponent, expected) => {
    expect(fromMinorUnits(minor, exponent)).toBe(expected);
  });

  it("round-trips: toMinorUnits(fromMinorUnits(n, e), e) === n", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 4 }),
        (n, exponent) => {
          expect(toMinorUnits(fromMinorUnits(n, exponent), exponent)).toBe(n);
        },
      ),
    );
  });

  it("writes exactly `exponent` decimals", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 4 }), (n, exponent) => {
        expect(fromMinorUnits(n, exponent)).toMatch(new RegExp(`^-?\\d+\\.\\d{${exponent}}$`));
      }),
    );
  });
});

describe("formatting", () => {
  it.each([
    [1234, "USD", "$12.34"],
    [1234, "JPY", "¥1,234"],
    [1234, "KWD", "KWD 1.234"],
    [0, "EUR", "€0.00"],
  ])("formatMoney(%i, %s) → %s", (minor, code, expected) => {
    expect(formatMoney(minor, code).replace(/\u00a0/g, " ")).toBe(expected);
  });

  it.each([
    ["USD", "$1"],
    ["JPY", "¥1"],
    ["EUR", "€1"],
    ["NOPE", "1 NOPE"], // unknown code: readable fallback instead of a RangeError
  ])("formatOneUnit(%s) → %s", (code, expected) => {
    expect(formatOneUnit(code)).toBe(expected);
  });
});

describe("amounts the app must count exactly", () => {
  it("reads amounts past int4 exactly (VND, UZS orders)", () => {
    expect(requireMinorUnits("Order 1's subtotal", "2500000000", 0)).toBe(2_500_000_000);
    expect(requireMinorUnits("Order 1's subtotal", "25000000.00", 2)).toBe(2_500_000_000);
    expect(requireMinorUnits("Refund 1", 89.99, 2)).toBe(8999);
  });

  it("refuses an amount past 2^53 − 1 minor units with a typed error instead of taking it as zero", () => {
    expect(() => requireMinorUnits("Refund 1", "900719925474099.99", 2)).toThrow(AmountOutOfRangeError);
    expect(() => requireMinorUnits("Refund 1", 1e300, 2)).toThrow(AmountOutOfRangeError);
    try {
      requireMinorUnits("Refund 1", "900719925474099.99", 2);
    } catch (error) {
      expect(error).toMatchObject({ code: "amount_out_of_range", what: "Refund 1" });
    }
  });

  it("refuses a sum of exact amounts that is no longer exact", () => {
    expect(sumMinor("Refund 1", [Number.MAX_SAFE_INTEGER - 1, 1])).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => sumMinor("Refund 1", [Number.MAX_SAFE_INTEGER, 1])).toThrow(AmountOutOfRangeError);
  });

  it("turns stored BigInt minor units into numbers only while they are exact", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: BigInt(Number.MIN_SAFE_INTEGER), max: BigInt(Number.MAX_SAFE_INTEGER) }),
        (stored) => {
          expect(BigInt(minorFromStored("spend", stored))).toBe(stored);
        },
      ),
    );
    expect(() => minorFromStored("spend", BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(AmountOutOfRangeError);
    expect(() => minorFromStored("spend", BigInt(Number.MIN_SAFE_INTEGER) - 1n)).toThrow(AmountOutOfRangeError);
  });
});
