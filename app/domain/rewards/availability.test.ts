import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LOCKED_REASONS } from "../../storefront/storefront-api";
import {
  COUNTING_STATUSES,
  isRewardShown,
  periodWindowStart,
  rewardAvailability,
  type AvailabilityContext,
  type LockedReason,
} from "./availability";
import { readRewardRow } from "./catalogue";
import { redemptionQuote } from "./pricing";
import { instantArb, reward, rewardRowArb } from "./test-rewards";

const NOW = new Date("2026-03-10T12:00:00Z");
const DAY = 86_400_000;
const TIERS = [
  { id: "silver", name: "Silver", position: 1 },
  { id: "gold", name: "Gold", position: 2 },
];

const ctx = (overrides: Partial<AvailabilityContext> = {}): AvailabilityContext => ({
  now: NOW,
  signedIn: true,
  balance: 10_000,
  memberTier: null,
  tiers: TIERS,
  redeemed: { total: 0, inWindow: [] },
  ...overrides,
});

describe("isRewardShown", () => {
  it("shows an active reward inside its show window, from inclusive, until exclusive", () => {
    expect(isRewardShown(reward(), NOW)).toBe(true);
    expect(isRewardShown(reward({ active: false }), NOW)).toBe(false);
    expect(isRewardShown(reward({ showFrom: NOW }), NOW)).toBe(true);
    expect(isRewardShown(reward({ showFrom: new Date(NOW.getTime() + 1) }), NOW)).toBe(false);
    expect(isRewardShown(reward({ showUntil: NOW }), NOW)).toBe(false);
    expect(isRewardShown(reward({ showUntil: new Date(NOW.getTime() + 1) }), NOW)).toBe(true);
  });
});

describe("rewardAvailability", () => {
  it("is available when nothing gates it", () => {
    expect(rewardAvailability(reward(), ctx())).toEqual({
      available: true,
      lockedReason: null,
      pointsNeeded: null,
      unlockTier: null,
      redeemFrom: null,
      availableAgainOn: null,
    });
  });

  it("asks a guest to sign in", () => {
    expect(rewardAvailability(reward(), ctx({ signedIn: false, balance: 0 })).lockedReason).toBe("sign_in");
  });

  it("says how many more points it takes", () => {
    const a = rewardAvailability(reward({ costPoints: 500 }), ctx({ balance: 120 }));
    expect(a).toMatchObject({ available: false, lockedReason: "points", pointsNeeded: 380 });
    expect(rewardAvailability(reward({ costPoints: 500 }), ctx({ balance: 500 })).available).toBe(true);
  });

  it("needs one step of a points_to_discount reward", () => {
    const r = reward({ kind: "points_to_discount", costPoints: 100, valueMinor: 100, maxPoints: 2000 });
    expect(rewardAvailability(r, ctx({ balance: 99 })).pointsNeeded).toBe(1);
    expect(rewardAvailability(r, ctx({ balance: 100 })).available).toBe(true);
  });

  it("tells when a reward not yet open opens, and closes it at its end", () => {
    const from = new Date(NOW.getTime() + DAY);
    expect(rewardAvailability(reward({ redeemFrom: from }), ctx())).toMatchObject({
      lockedReason: "not_started",
      redeemFrom: from,
    });
    expect(rewardAvailability(reward({ redeemFrom: NOW }), ctx()).available).toBe(true);
    expect(rewardAvailability(reward({ redeemUntil: NOW }), ctx()).lockedReason).toBe("ended");
  });

  it("unlocks at the minimum tier or any tier above it", () => {
    const gold = reward({ minTierId: "gold" });
    expect(rewardAvailability(gold, ctx())).toMatchObject({
      lockedReason: "tier",
      unlockTier: { id: "gold", name: "Gold" },
    });
    expect(rewardAvailability(gold, ctx({ memberTier: { id: "silver", position: 1 } })).lockedReason).toBe("tier");
    expect(rewardAvailability(gold, ctx({ memberTier: { id: "gold", position: 2 } })).available).toBe(true);
    const silver = reward({ minTierId: "silver" });
    expect(rewardAvailability(silver, ctx({ memberTier: { id: "gold", position: 2 } })).available).toBe(true);
  });

  it("stays locked when its minimum tier no longer exists", () => {
    expect(
      rewardAvailability(reward({ minTierId: "gone" }), ctx({ memberTier: { id: "gold", position: 2 } })),
    ).toMatchObject({ lockedReason: "tier", unlockTier: null });
  });

  it("is out of stock at zero", () => {
    expect(rewardAvailability(reward({ stockRemaining: 0 }), ctx()).lockedReason).toBe("out_of_stock");
    expect(rewardAvailability(reward({ stockRemaining: 1 }), ctx()).available).toBe(true);
  });

  it("holds the per-customer total limit", () => {
    expect(
      rewardAvailability(reward({ limitPerCustomer: 1 }), ctx({ redeemed: { total: 1, inWindow: [] } })).lockedReason,
    ).toBe("limit_reached");
    expect(
      rewardAvailability(reward({ limitPerCustomer: 2 }), ctx({ redeemed: { total: 1, inWindow: [] } })).available,
    ).toBe(true);
  });

  it("holds the period limit and says when the next slot opens", () => {
    const r = reward({ limitPerPeriod: 2, limitPeriodDays: 7 });
    const older = new Date(NOW.getTime() - 5 * DAY);
    const newer = new Date(NOW.getTime() - 1 * DAY);
    const a = rewardAvailability(r, ctx({ redeemed: { total: 2, inWindow: [newer, older] } }));
    expect(a).toMatchObject({
      lockedReason: "period_limit_reached",
      availableAgainOn: new Date(older.getTime() + 7 * DAY),
    });
    // One left the window already: a slot is free.
    const gone = new Date(NOW.getTime() - 7 * DAY);
    expect(rewardAvailability(r, ctx({ redeemed: { total: 2, inWindow: [newer, gone] } })).available).toBe(true);
  });

  it("frees the period slot exactly at availableAgainOn", () => {
    const r = reward({ limitPerPeriod: 1, limitPeriodDays: 30 });
    const made = new Date(NOW.getTime() - 2 * DAY);
    const a = rewardAvailability(r, ctx({ redeemed: { total: 1, inWindow: [made] } }));
    expect(a.availableAgainOn).toEqual(new Date(made.getTime() + 30 * DAY));
    const later = ctx({ now: a.availableAgainOn!, redeemed: { total: 1, inWindow: [made] } });
    expect(rewardAvailability(r, later).available).toBe(true);
  });

  it("reads the period window from periodWindowStart", () => {
    expect(periodWindowStart(reward(), NOW)).toBeNull();
    expect(periodWindowStart(reward({ limitPerPeriod: 1, limitPeriodDays: 7 }), NOW)).toEqual(
      new Date(NOW.getTime() - 7 * DAY),
    );
  });

  it("names the reasons in the documented order when several apply", () => {
    const everything = reward({
      redeemFrom: new Date(NOW.getTime() + DAY),
      minTierId: "gold",
      stockRemaining: 0,
      limitPerCustomer: 1,
      limitPerPeriod: 1,
      limitPeriodDays: 7,
      costPoints: 500,
    });
    const redeemed = { total: 5, inWindow: [new Date(NOW.getTime() - DAY)] };
    const order: LockedReason[] = [];
    let r = everything;
    const base = ctx({ signedIn: false, balance: 0, redeemed });
    order.push(rewardAvailability(r, base).lockedReason!);
    const signedIn = { ...base, signedIn: true };
    order.push(rewardAvailability(r, signedIn).lockedReason!);
    r = readRewardRow({ ...rowOf(everything), redeemFrom: null, redeemUntil: NOW });
    order.push(rewardAvailability(r, signedIn).lockedReason!);
    r = readRewardRow({ ...rowOf(everything), redeemFrom: null });
    order.push(rewardAvailability(r, signedIn).lockedReason!);
    const gold = { ...signedIn, memberTier: { id: "gold", position: 2 } };
    order.push(rewardAvailability(r, gold).lockedReason!);
    r = readRewardRow({ ...rowOf(everything), redeemFrom: null, stockRemaining: 3 });
    order.push(rewardAvailability(r, gold).lockedReason!);
    r = readRewardRow({ ...rowOf(everything), redeemFrom: null, stockRemaining: 3, limitPerCustomer: null });
    order.push(rewardAvailability(r, gold).lockedReason!);
    r = readRewardRow({
      ...rowOf(everything),
      redeemFrom: null,
      stockRemaining: 3,
      limitPerCustomer: null,
      limitPerPeriod: null,
      limitPeriodDays: null,
    });
    order.push(rewardAvailability(r, gold).lockedReason!);
    expect(order).toEqual([
      "sign_in",
      "not_started",
      "ended",
      "tier",
      "out_of_stock",
      "limit_reached",
      "period_limit_reached",
      "points",
    ]);
  });

  it("counts pending, issued and fulfilled redemptions only", () => {
    expect([...COUNTING_STATUSES].sort()).toEqual(["fulfilled", "issued", "pending"]);
  });
});

/** The reward back as the row it was read from (the test builds variants of one row). */
function rowOf(r: ReturnType<typeof reward>) {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    description: r.description,
    imageUrl: r.imageUrl,
    translations: JSON.stringify(r.translations),
    costPoints: r.costPoints,
    valueMinor: "valueMinor" in r ? r.valueMinor : 0,
    percentOff: r.kind === "percent_off" ? r.percentOff : null,
    minimumOrderMinor: "minimumOrderMinor" in r ? r.minimumOrderMinor : null,
    maxShippingMinor: r.kind === "free_shipping" ? r.maxShippingMinor : null,
    productId: r.kind === "free_product" ? r.productId : null,
    variantId: r.kind === "free_product" ? r.variantId : null,
    maxPoints: r.kind === "points_to_discount" ? r.maxPoints : null,
    stockRemaining: r.stockRemaining,
    limitPerCustomer: r.limits.perCustomer,
    limitPerPeriod: r.limits.perPeriod?.count ?? null,
    limitPeriodDays: r.limits.perPeriod?.days ?? null,
    redeemFrom: r.redeemWindow.from,
    redeemUntil: r.redeemWindow.until,
    showFrom: r.showWindow.from,
    showUntil: r.showWindow.until,
    minTierId: r.minTierId,
    codeExpiryDays: r.codeExpiryDays,
    combinesWithOrder: r.combines.order,
    combinesWithProduct: r.combines.product,
    combinesWithShipping: r.combines.shipping,
    position: r.position,
    active: r.active,
  };
}

describe("rewardAvailability properties", () => {
  const ctxArb = fc.record({
    now: instantArb,
    signedIn: fc.boolean(),
    balance: fc.integer({ min: 0, max: 50_000 }),
    memberTier: fc.option(fc.constantFrom({ id: "silver", position: 1 }, { id: "gold", position: 2 })),
    total: fc.integer({ min: 0, max: 6 }),
    ages: fc.array(fc.integer({ min: 0, max: 90 * DAY }), { maxLength: 5 }),
  });

  it("is available exactly when there is no locked reason, and each detail only with its reason", () => {
    fc.assert(
      fc.property(rewardRowArb, ctxArb, (row, c) => {
        const a = rewardAvailability(readRewardRow(row), {
          ...c,
          tiers: TIERS,
          redeemed: { total: c.total, inWindow: c.ages.map((age) => new Date(c.now.getTime() - age)) },
        });
        expect(a.available).toBe(a.lockedReason === null);
        if (a.lockedReason !== null) expect(LOCKED_REASONS).toContain(a.lockedReason);
        expect(a.pointsNeeded !== null).toBe(a.lockedReason === "points");
        if (a.pointsNeeded !== null) expect(a.pointsNeeded).toBeGreaterThan(0);
        if (a.unlockTier !== null) expect(a.lockedReason).toBe("tier");
        expect(a.redeemFrom !== null).toBe(a.lockedReason === "not_started");
        expect(a.availableAgainOn !== null).toBe(a.lockedReason === "period_limit_reached");
        if (a.availableAgainOn) expect(a.availableAgainOn.getTime()).toBeGreaterThan(c.now.getTime());
        if (!c.signedIn) expect(a.lockedReason).toBe("sign_in");
      }),
    );
  });

  it("never offers a redemption whose price the balance does not cover", () => {
    fc.assert(
      fc.property(rewardRowArb, ctxArb, (row, c) => {
        const r = readRewardRow(row);
        const a = rewardAvailability(r, { ...c, tiers: TIERS, redeemed: { total: 0, inWindow: [] } });
        const quote = redemptionQuote(r);
        if (a.available) {
          expect(quote.ok).toBe(true);
          if (quote.ok) expect(quote.points).toBeLessThanOrEqual(c.balance);
        }
      }),
    );
  });

  it("becomes available again at availableAgainOn when nothing else changes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.integer({ min: 0, max: 60 * DAY }), { minLength: 1, maxLength: 6 }),
        (count, days, ages) => {
          const r = reward({ limitPerPeriod: count, limitPeriodDays: days });
          const inWindow = ages.map((age) => new Date(NOW.getTime() - age));
          const a = rewardAvailability(r, ctx({ redeemed: { total: 0, inWindow } }));
          if (a.availableAgainOn === null) return;
          const justBefore = new Date(a.availableAgainOn.getTime() - 1);
          expect(rewardAvailability(r, ctx({ now: justBefore, redeemed: { total: 0, inWindow } })).available).toBe(
            false,
          );
          expect(
            rewardAvailability(r, ctx({ now: a.availableAgainOn, redeemed: { total: 0, inWindow } })).available,
          ).toBe(true);
        },
      ),
    );
  });
});
