import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REDEMPTION_STATUSES } from "../../storefront/storefront-api";
import { REDEMPTION_STATES } from "./availability";
import { REWARD_KINDS, type RewardKind } from "./catalogue";
import {
  isMerchantCancellable,
  isShopperCancellable,
  redemptionStatus,
  UnknownRedemptionStateError,
  type RedemptionFacts,
} from "./redemption-status";

const NOW = new Date("2026-03-10T12:00:00Z");
const later = new Date(NOW.getTime() + 86_400_000);
const code = (overrides: Partial<RedemptionFacts> = {}): RedemptionFacts => ({
  kind: "amount_off",
  status: "issued",
  code: "LOYAL-ABC",
  expiresAt: later,
  usedAt: null,
  ...overrides,
});

describe("redemptionStatus", () => {
  it("words each stored state", () => {
    expect(redemptionStatus(code({ status: "pending" }), NOW)).toBe("pending");
    expect(redemptionStatus(code(), NOW)).toBe("unused");
    expect(redemptionStatus(code({ expiresAt: null }), NOW)).toBe("unused");
    expect(redemptionStatus(code({ usedAt: NOW }), NOW)).toBe("used");
    expect(redemptionStatus(code({ expiresAt: NOW }), NOW)).toBe("expired");
    expect(redemptionStatus(code({ status: "cancelled" }), NOW)).toBe("cancelled");
    expect(redemptionStatus(code({ status: "failed" }), NOW)).toBe("cancelled");
    expect(redemptionStatus(code({ kind: "custom", code: null }), NOW)).toBe("requested");
    expect(redemptionStatus(code({ kind: "custom", code: null, status: "fulfilled" }), NOW)).toBe("fulfilled");
    expect(redemptionStatus(code({ kind: "store_credit", code: null }), NOW)).toBe("credited");
  });

  it("refuses a status it does not know", () => {
    expect(() => redemptionStatus(code({ status: "lost" }), NOW)).toThrow(UnknownRedemptionStateError);
  });
});

describe("cancellable", () => {
  it("lets shopper and merchant cancel an unused, unexpired code only", () => {
    for (const r of [code(), code({ kind: "free_shipping" }), code({ kind: "points_to_discount" })]) {
      expect(isShopperCancellable(r, NOW)).toBe(true);
      expect(isMerchantCancellable(r, NOW)).toBe(true);
    }
    for (const r of [
      code({ usedAt: NOW }),
      code({ expiresAt: NOW }),
      code({ status: "pending" }),
      code({ status: "cancelled" }),
    ]) {
      expect(isShopperCancellable(r, NOW)).toBe(false);
      expect(isMerchantCancellable(r, NOW)).toBe(false);
    }
  });

  it("lets only the merchant cancel a custom request, until it is fulfilled", () => {
    const request = code({ kind: "custom", code: null, expiresAt: null });
    expect(isShopperCancellable(request, NOW)).toBe(false);
    expect(isMerchantCancellable(request, NOW)).toBe(true);
    expect(isMerchantCancellable({ ...request, status: "fulfilled" }, NOW)).toBe(false);
  });

  it("never cancels store credit, and what a shopper may cancel the merchant may too", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<RewardKind>(...REWARD_KINDS),
        fc.constantFrom(...REDEMPTION_STATES),
        fc.option(fc.constant("CODE")),
        fc.option(fc.integer({ min: -5, max: 5 })),
        fc.option(fc.constant(NOW)),
        (kind, status, c, expiresInDays, usedAt) => {
          const r: RedemptionFacts = {
            kind,
            status,
            code: c,
            expiresAt: expiresInDays === null ? null : new Date(NOW.getTime() + expiresInDays * 86_400_000),
            usedAt,
          };
          expect(REDEMPTION_STATUSES).toContain(redemptionStatus(r, NOW));
          if (kind === "store_credit") expect(isMerchantCancellable(r, NOW)).toBe(false);
          if (isShopperCancellable(r, NOW)) expect(isMerchantCancellable(r, NOW)).toBe(true);
          if (isMerchantCancellable(r, NOW)) expect(status).toBe("issued");
        },
      ),
    );
  });
});
