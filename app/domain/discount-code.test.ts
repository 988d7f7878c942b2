import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { discountCodeFrom } from "./discount-code";

const UNAMBIGUOUS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const SHAPE = new RegExp(`^LOYAL-[${UNAMBIGUOUS}]{4}-[${UNAMBIGUOUS}]{4}$`);

describe("discountCodeFrom", () => {
  it.each<[string, number[], string]>([
    ["all zero bytes", [0, 0, 0, 0, 0, 0, 0, 0], "LOYAL-AAAA-AAAA"],
    ["each byte picks one character", [0, 1, 2, 3, 27, 28, 29, 30], "LOYAL-ABCD-6789"],
    ["bytes wrap around the 31-character alphabet", [31, 62, 255, 32, 0, 0, 0, 0], "LOYAL-AAHB-AAAA"], // 255 % 31 = 7 → H
  ])("%s", (_label, bytes, expected) => {
    expect(discountCodeFrom(Uint8Array.from(bytes))).toBe(expected);
  });

  it("refuses fewer than 8 bytes", () => {
    expect(() => discountCodeFrom(new Uint8Array(7))).toThrow(/8 random bytes/);
    expect(() => discountCodeFrom(new Uint8Array(0))).toThrow();
  });

  it("takes a custom prefix", () => {
    expect(discountCodeFrom(new Uint8Array(8), "VIP")).toBe("VIP-AAAA-AAAA");
  });

  it("can produce every character of the alphabet, and nothing else", () => {
    const seen = new Set<string>();
    for (let b = 0; b < 256; b++) {
      for (const c of discountCodeFrom(new Uint8Array(8).fill(b)).slice("LOYAL-".length).replace("-", "")) seen.add(c);
    }
    expect([...seen].sort().join("")).toBe([...UNAMBIGUOUS].sort().join(""));
  });

  it("has the LOYAL-XXXX-XXXX shape, only unambiguous characters, and depends only on the first 8 bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 32 }), (bytes) => {
        const code = discountCodeFrom(bytes);
        expect(code).toMatch(SHAPE);
        expect(code.slice("LOYAL-".length)).not.toMatch(/[01OIL]/);
        expect(discountCodeFrom(bytes.slice(0, 8))).toBe(code);
        expect(discountCodeFrom(Uint8Array.from(bytes))).toBe(code); // deterministic
      }),
    );
  });

  it("maps different 8-byte inputs modulo 31 to different codes", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        (a, b) => {
          const sameResidues = a.every((x, i) => x % 31 === b[i]! % 31);
          expect(discountCodeFrom(a) === discountCodeFrom(b)).toBe(sameResidues);
        },
      ),
    );
  });
});
