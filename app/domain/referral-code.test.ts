import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  generateReferralCode,
  liveReferralRules,
  normalizeReferralCode,
  REFERRAL_CODE_ALPHABET,
  REFERRAL_CODE_LENGTH,
  referralCodeOfOrder,
  referralUrl,
} from "./referral-code";
import { ruleSchema } from "./rules";

describe("generateReferralCode", () => {
  it("makes codes of unambiguous characters only, from any random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        let calls = 0;
        // The fixed bytes first, then a sequence that always yields usable bytes.
        const code = generateReferralCode((size) =>
          calls++ === 0 ? bytes.slice(0, size) : Uint8Array.from({ length: size }, (_, i) => i),
        );
        expect(code).toHaveLength(REFERRAL_CODE_LENGTH);
        expect(code).toMatch(/^[2-9A-HJKMNP-Z]+$/);
        expect(normalizeReferralCode(code)).toBe(code);
      }),
    );
    expect(REFERRAL_CODE_ALPHABET).not.toMatch(/[01IOL]/);
  });

  it("skips bytes that would bias the alphabet", () => {
    // 248..255 are above the largest multiple of 31: skipped, not wrapped onto the first letters.
    const code = generateReferralCode((size) => Uint8Array.from({ length: size }, (_, i) => (i % 2 === 0 ? 250 : 0)));
    expect(code).toBe("22222222");
  });
});

describe("normalizeReferralCode", () => {
  it.each<[unknown, string | null]>([
    ["abcd2345", "ABCD2345"],
    ["  ABCD2345 ", "ABCD2345"],
    ["ABCD234", null], // too short
    ["ABCD23450", null], // 0 is never in a code
    ["ABCDI234", null],
    [42, null],
    [null, null],
  ])("%j → %j", (raw, expected) => {
    expect(normalizeReferralCode(raw)).toBe(expected);
  });
});

describe("referralCodeOfOrder", () => {
  it("reads the loyalty_referral cart attribute first, then ?ref= in the landing site", () => {
    expect(
      referralCodeOfOrder({
        note_attributes: [
          { name: "gift_note", value: "hi" },
          { name: "loyalty_referral", value: "abcd2345" },
        ],
        landing_site: "/?ref=ZZZZ2345",
      }),
    ).toBe("ABCD2345");
    expect(referralCodeOfOrder({ landing_site: "/products/shirt?utm_source=x&ref=zzzz2345" })).toBe("ZZZZ2345");
    expect(referralCodeOfOrder({ landing_site: "https://shop.example/?ref=ZZZZ2345" })).toBe("ZZZZ2345");
  });

  it("finds nothing in an order without a valid code", () => {
    expect(referralCodeOfOrder({})).toBeNull();
    expect(
      referralCodeOfOrder({ note_attributes: [{ name: "loyalty_referral", value: "nope" }], landing_site: "/" }),
    ).toBeNull();
    expect(referralCodeOfOrder({ landing_site: "/?ref=" })).toBeNull();
    expect(referralCodeOfOrder({ landing_site: "http://[bad" })).toBeNull();
  });
});

describe("referralUrl and liveReferralRules", () => {
  it("links to the shop's home page with the code", () => {
    expect(referralUrl("shop.myshopify.com", "ABCD2345")).toBe("https://shop.myshopify.com/?ref=ABCD2345");
  });

  it("keeps referral rules that are on and within their dates", () => {
    const now = new Date("2026-06-15T12:00:00Z");
    const referral = (overrides: object) =>
      ruleSchema.parse({
        id: "r",
        name: "Refer",
        kind: "referral",
        referrerPoints: 100,
        friendPoints: 50,
        ...overrides,
      });
    const rules = [
      referral({ id: "on" }),
      referral({ id: "off", active: false }),
      referral({ id: "ended", endsAt: "2026-06-15T12:00:00Z" }),
      referral({ id: "later", startsAt: "2026-06-16T00:00:00Z" }),
      ruleSchema.parse({ id: "visit", name: "Visit", kind: "visit", points: 5 }),
    ];
    expect(liveReferralRules(rules, now).map((r) => r.id)).toEqual(["on"]);
  });
});
