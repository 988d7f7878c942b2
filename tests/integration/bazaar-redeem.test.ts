import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { REWARD_KINDS, type RewardKind } from "../../app/domain/rewards/catalogue";
import { cancelRedemption } from "../../app/rewards/cancel.server";
import { listRewards, moveReward, shownRewards } from "../../app/rewards/catalogue.server";
import { markRedemptionCodesUsed } from "../../app/rewards/codes-used.server";
import {
  RedemptionNotCancellableError,
  RedemptionNotFoundError,
  RewardLockedError,
  RewardNotFoundError,
} from "../../app/rewards/errors";
import { fulfilRedemption, listFulfilmentRequests } from "../../app/rewards/fulfilment.server";
import { redeemReward } from "../../app/rewards/redeem.server";
import {
  listUnconfirmedStoreCredit,
  resolveUnconfirmedStoreCredit,
  UNCONFIRMED_AFTER_MS,
} from "../../app/rewards/unconfirmed-credit.server";
import { setShopifyGateway, ShopifyRefusedError, ShopifyThrottledError } from "../../app/shopify/gateway.server";
import { dispatchWebhook } from "../../app/webhooks/dispatch.server";
import { createFakeShopify, type FakeShopify } from "../../demo/fake-shopify";
import {
  createdOrderPayload,
  customerFixture,
  installShop,
  memberWithBalance,
  orderLineItem,
  rewardFixture,
} from "../support/factories";

let shopify: FakeShopify;
let restore: () => void;
beforeEach(() => {
  shopify = createFakeShopify();
  restore = setShopifyGateway(shopify);
});
afterEach(() => restore());

async function shopWithReward(kind: RewardKind, overrides: Parameters<typeof rewardFixture>[1] = {}) {
  const shop = await installShop(db);
  const reward = await db.reward.create({ data: { shopId: shop.id, ...rewardFixture(kind, overrides) } });
  return { shop, reward };
}

const redeemAs = (shop: { id: string; domain: string }, customerId: string, rewardId: string, extra = {}) =>
  redeemReward(db, { shopId: shop.id, shopDomain: shop.domain, currencyCode: "USD", customerId, rewardId, ...extra });

async function balanceOf(memberId: string) {
  return (await db.member.findUniqueOrThrow({ where: { id: memberId } })).balance;
}
async function entriesOf(memberId: string) {
  return db.ledgerEntry.findMany({ where: { memberId }, orderBy: { createdAt: "asc" } });
}

describe("redeeming under concurrency", () => {
  it("lets exactly 3 of 50 concurrent redemptions of a stock-3 reward through", async () => {
    const { shop, reward } = await shopWithReward("custom", { stockRemaining: 3, costPoints: 100 });
    const customers = Array.from({ length: 50 }, () => customerFixture());
    for (const c of customers) await memberWithBalance(db, shop.id, c, 100);

    const results = await Promise.allSettled(customers.map((c) => redeemAs(shop, c.id, reward.id)));

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refusals = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(refusals).toHaveLength(47);
    for (const e of refusals) expect(e).toMatchObject({ name: "RewardLockedError", lockedReason: "out_of_stock" });
    expect((await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).stockRemaining).toBe(0);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id, kind: "redeem" } })).toBe(3);
    expect(await db.redemption.count({ where: { shopId: shop.id, status: "issued" } })).toBe(3);
  });

  it("holds a per-customer total limit against concurrent clicks", async () => {
    const { shop, reward } = await shopWithReward("amount_off", { limitPerCustomer: 2, costPoints: 100 });
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, 2000);

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => redeemAs(shop, customer.id, reward.id)));

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    for (const r of results)
      if (r.status === "rejected") expect(r.reason).toMatchObject({ lockedReason: "limit_reached" });
    expect(await balanceOf(member.id)).toBe(1800);
    expect(shopify.discounts).toHaveLength(2);
  });

  it("holds a per-period limit under concurrency and opens again once the period passes", async () => {
    const { shop, reward } = await shopWithReward("amount_off", {
      limitPerPeriod: 1,
      limitPeriodDays: 30,
      costPoints: 100,
    });
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, 1000);
    const now = new Date();

    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => redeemAs(shop, customer.id, reward.id, { now })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results)
      if (r.status === "rejected") expect(r.reason).toMatchObject({ lockedReason: "period_limit_reached" });

    const later = new Date(now.getTime() + 31 * 86_400_000);
    await redeemAs(shop, customer.id, reward.id, { now: later });
    expect(await balanceOf(member.id)).toBe(800);
  });
});

describe("a Shopify failure gives the points and the stock back, for every kind", () => {
  for (const kind of REWARD_KINDS) {
    it(kind, async () => {
      const { shop, reward } = await shopWithReward(kind, { stockRemaining: 5 });
      const customer = customerFixture();
      const member = await memberWithBalance(db, shop.id, customer, 5000);
      // Throttled: Shopify ran nothing (the one failure every kind, store credit too, can be sure of).
      const throttled = async () => {
        throw new ShopifyThrottledError("Throttled", 1000);
      };
      shopify.createCodeDiscount = throttled;
      shopify.createFreeShippingCode = throttled;
      shopify.creditStoreCredit = throttled;

      const attempt = redeemAs(shop, customer.id, reward.id);
      if (kind === "custom") {
        // Nothing at Shopify to fail: the request is issued (requested) straight away.
        await attempt;
        expect(await db.redemption.findFirstOrThrow({ where: { memberId: member.id } })).toMatchObject({
          status: "issued",
        });
        return;
      }
      await expect(attempt).rejects.toMatchObject({ name: "RedemptionFailedError" });
      expect(await balanceOf(member.id)).toBe(5000);
      expect((await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).stockRemaining).toBe(5);
      const entries = await entriesOf(member.id);
      expect(entries.filter((e) => e.kind === "reverse")).toHaveLength(1);
      expect(await db.redemption.findFirstOrThrow({ where: { memberId: member.id } })).toMatchObject({
        status: "failed",
        kind,
      });
    });
  }

  it("gives store credit's points back at once when Shopify refuses it with user errors", async () => {
    const { shop, reward } = await shopWithReward("store_credit", { stockRemaining: 2 });
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, 1500);
    // A definite answer (the mutation ran and wrote nothing), unlike a lost one: no need to ask.
    shopify.creditStoreCredit = async () => {
      throw new ShopifyRefusedError("Shopify did not credit store credit: Owner does not exist (OWNER_NOT_FOUND)");
    };
    await expect(redeemAs(shop, customer.id, reward.id)).rejects.toMatchObject({ name: "RedemptionFailedError" });
    expect(await balanceOf(member.id)).toBe(1500);
    expect((await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).stockRemaining).toBe(2);
    expect(await db.redemption.findFirstOrThrow({ where: { memberId: member.id } })).toMatchObject({
      status: "failed",
    });
  });

  it("leaves a lost store credit answer to the merchant, who settles it once either way", async () => {
    const { shop, reward } = await shopWithReward("store_credit", { stockRemaining: 4 });
    const [lost, credited] = [customerFixture(), customerFixture()];
    const lostMember = await memberWithBalance(db, shop.id, lost, 600);
    const creditedMember = await memberWithBalance(db, shop.id, credited, 600);
    // Store credit cannot be looked up: the redemption stays pending, the points held.
    shopify.failNext(2, "refused");
    for (const c of [lost, credited])
      await expect(redeemAs(shop, c.id, reward.id)).rejects.toMatchObject({ name: "RedemptionUnconfirmedError" });
    expect(await balanceOf(lostMember.id)).toBe(100);

    const { settleStaleRedemptions } = await import("../../app/rewards/settle-redemptions.server");
    const later = new Date(Date.now() + UNCONFIRMED_AFTER_MS + 1000);
    // The sweeper cannot tell either, so it leaves store credit alone (and is not starved by it).
    expect(await settleStaleRedemptions(db, { olderThan: later, shopId: shop.id })).toEqual({
      issued: 0,
      released: 0,
      unresolved: 0,
    });
    // Too recent: a redeem request may still be waiting for Shopify.
    expect(await listUnconfirmedStoreCredit(db, shop.id)).toHaveLength(0);
    const waiting = await listUnconfirmedStoreCredit(db, shop.id, later);
    expect(waiting.map((r) => r.memberId).sort()).toEqual([lostMember.id, creditedMember.id].sort());

    const redemptionOf = (memberId: string) => waiting.find((r) => r.memberId === memberId)!.id;
    const notCredited = { shopId: shop.id, redemptionId: redemptionOf(lostMember.id), credited: false, now: later };
    const results = await Promise.allSettled([
      resolveUnconfirmedStoreCredit(db, notCredited),
      resolveUnconfirmedStoreCredit(db, notCredited),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await balanceOf(lostMember.id)).toBe(600);
    expect((await entriesOf(lostMember.id)).filter((e) => e.kind === "reverse")).toHaveLength(1);

    const wasCredited = { shopId: shop.id, redemptionId: redemptionOf(creditedMember.id), credited: true, now: later };
    expect(await resolveUnconfirmedStoreCredit(db, wasCredited)).toBe("issued");
    await expect(resolveUnconfirmedStoreCredit(db, wasCredited)).rejects.toBeInstanceOf(RedemptionNotFoundError);
    expect(await balanceOf(creditedMember.id)).toBe(100);
    // One unit back for the one not credited; the credited one keeps its unit.
    expect((await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).stockRemaining).toBe(3);

    // Another shop cannot settle this shop's redemptions.
    const other = await installShop(db);
    await expect(resolveUnconfirmedStoreCredit(db, { ...wasCredited, shopId: other.id })).rejects.toBeInstanceOf(
      RedemptionNotFoundError,
    );
  });
});

describe("each kind issues", () => {
  it("a code bound to the customer for code kinds, credit for store credit, a request for custom", async () => {
    const shop = await installShop(db);
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, 100_000);
    for (const kind of REWARD_KINDS) {
      const reward = await db.reward.create({
        data: { shopId: shop.id, ...rewardFixture(kind, { codeExpiryDays: 30 }) },
      });
      const { redemptionId } = await redeemAs(
        shop,
        customer.id,
        reward.id,
        kind === "points_to_discount" ? { points: 300 } : {},
      );
      const row = await db.redemption.findUniqueOrThrow({ where: { id: redemptionId } });
      expect(row).toMatchObject({ status: "issued", kind, rewardTitle: reward.title });
      if (kind === "store_credit") expect(row.storeCreditTransactionId).toBeTruthy();
      else if (kind === "custom") expect(row.code).toBeNull();
      else {
        expect(row.discountId).toBeTruthy();
        expect(row.expiresAt).not.toBeNull();
      }
      if (kind === "points_to_discount") expect(row).toMatchObject({ pointsSpent: 300, valueMinor: 300 });
    }
    expect(shopify.storeCreditBalance(shop.domain, customer.id, "USD")).toBe(1000);
    expect(await balanceOf(member.id)).toBe(100_000 - 500 * 6 - 300);
  });

  it("refuses a points_to_discount amount off its steps", async () => {
    const { shop, reward } = await shopWithReward("points_to_discount");
    const customer = customerFixture();
    await memberWithBalance(db, shop.id, customer, 5000);
    await expect(redeemAs(shop, customer.id, reward.id, { points: 150 })).rejects.toMatchObject({
      name: "InvalidPointsError",
      step: 100,
      maxPoints: 2000,
    });
  });
});

describe("cancelling", () => {
  it("returns an unused code's points exactly once under a concurrent double cancel, and deletes the code", async () => {
    const { shop, reward } = await shopWithReward("amount_off", { stockRemaining: 2 });
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, 700);
    const { redemptionId } = await redeemAs(shop, customer.id, reward.id);
    expect(shopify.discounts).toHaveLength(1);

    const cancel = () =>
      cancelRedemption(db, {
        shopId: shop.id,
        shopDomain: shop.domain,
        redemptionId,
        by: "shopper",
        memberId: member.id,
      });
    const results = await Promise.allSettled([cancel(), cancel()]);

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(RedemptionNotCancellableError);
    expect(shopify.discounts).toHaveLength(0);
    expect(await balanceOf(member.id)).toBe(700);
    expect((await entriesOf(member.id)).filter((e) => e.kind === "reverse")).toHaveLength(1);
    expect((await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).stockRemaining).toBe(2);
    expect(await db.redemption.findUniqueOrThrow({ where: { id: redemptionId } })).toMatchObject({
      status: "cancelled",
      cancelledBy: "shopper",
    });
  });

  it("will not let a shopper cancel someone else's redemption, nor a used code", async () => {
    const { shop, reward } = await shopWithReward("amount_off");
    const [ada, bob] = [customerFixture(), customerFixture()];
    const adaMember = await memberWithBalance(db, shop.id, ada, 1000);
    const bobMember = await memberWithBalance(db, shop.id, bob, 0);
    const { redemptionId } = await redeemAs(shop, ada.id, reward.id);
    await expect(
      cancelRedemption(db, {
        shopId: shop.id,
        shopDomain: shop.domain,
        redemptionId,
        by: "shopper",
        memberId: bobMember.id,
      }),
    ).rejects.toBeInstanceOf(RedemptionNotFoundError);

    const { code } = await db.redemption.findUniqueOrThrow({ where: { id: redemptionId } });
    expect(await markRedemptionCodesUsed(db, shop.id, { id: 9001, discount_codes: [{ code }] })).toEqual({
      marked: 1,
      reclaimed: 0,
    });
    await expect(
      cancelRedemption(db, {
        shopId: shop.id,
        shopDomain: shop.domain,
        redemptionId,
        by: "shopper",
        memberId: adaMember.id,
      }),
    ).rejects.toMatchObject({ status: "used" });
    expect(await balanceOf(adaMember.id)).toBe(500);
  });

  it("fulfils or cancels a custom request from the queue, points back once on cancel", async () => {
    const { shop, reward } = await shopWithReward("custom", { stockRemaining: 3 });
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, 1000);
    const first = await redeemAs(shop, customer.id, reward.id);
    const second = await redeemAs(shop, customer.id, reward.id);
    expect((await listFulfilmentRequests(db, shop.id, { status: "open" })).map((r) => r.id)).toEqual([
      first.redemptionId,
      second.redemptionId,
    ]);

    await fulfilRedemption(db, { shopId: shop.id, redemptionId: first.redemptionId, note: "Handed over in store" });
    await expect(fulfilRedemption(db, { shopId: shop.id, redemptionId: first.redemptionId })).rejects.toMatchObject({
      name: "RequestNotOpenError",
    });
    const cancel = () =>
      cancelRedemption(db, {
        shopId: shop.id,
        shopDomain: shop.domain,
        redemptionId: second.redemptionId,
        by: "merchant",
      });
    const results = await Promise.allSettled([cancel(), cancel()]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await balanceOf(member.id)).toBe(500);
    expect((await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).stockRemaining).toBe(2);
    expect((await listFulfilmentRequests(db, shop.id, { status: "fulfilled" }))[0]).toMatchObject({
      id: first.redemptionId,
      merchantNote: "Handed over in store",
    });
    expect((await listFulfilmentRequests(db, shop.id, { status: "cancelled" })).map((r) => r.id)).toEqual([
      second.redemptionId,
    ]);
  });
});

describe("codes used and shop isolation", () => {
  it("marks a code used from a real orders/create delivery, once", async () => {
    const { shop, reward } = await shopWithReward("amount_off");
    const customer = customerFixture();
    await memberWithBalance(db, shop.id, customer, 600);
    const { redemptionId } = await redeemAs(shop, customer.id, reward.id);
    const { code } = await db.redemption.findUniqueOrThrow({ where: { id: redemptionId } });
    // Shopify's documented orders/create example, with the shopper's code in discount_codes.
    const order = {
      ...createdOrderPayload({ customer, subtotal: "40.00" }),
      line_items: [orderLineItem({ price: "40.00", product_id: 7201, variant_id: 42001 })],
      discount_codes: [{ code, amount: "5.00", type: "fixed_amount" }],
    };
    for (const deliveryId of ["d1", "d1-again"]) {
      expect(
        await dispatchWebhook(db, { topic: "orders/create", shopDomain: shop.domain, deliveryId, payload: order }),
      ).toEqual({ status: "handled", result: expect.anything() });
    }
    const used = await db.redemption.findUniqueOrThrow({ where: { id: redemptionId } });
    expect(used.usedOrderId).toBe(String(order.id));
    expect(used.usedAt).not.toBeNull();
  });

  for (const policy of ["allow_negative", "cap_at_zero"] as const) {
    it(`takes the points back once when an order used a code cancelled before its webhook (${policy})`, async () => {
      const { shop, reward } = await shopWithReward("amount_off", { costPoints: 500, stockRemaining: 4 });
      await db.shop.update({ where: { id: shop.id }, data: { reversalPolicy: policy } });
      const customer = customerFixture();
      const member = await memberWithBalance(db, shop.id, customer, 600);
      const { redemptionId } = await redeemAs(shop, customer.id, reward.id);
      const { code } = await db.redemption.findUniqueOrThrow({ where: { id: redemptionId } });
      // Checkout completed with the code; then, before the order's webhook, the shopper cancels it…
      await cancelRedemption(db, {
        shopId: shop.id,
        shopDomain: shop.domain,
        redemptionId,
        by: "shopper",
        memberId: member.id,
      });
      // …and spends the returned points on something else.
      const other = await db.reward.create({
        data: { shopId: shop.id, ...rewardFixture("custom", { costPoints: 400 }) },
      });
      await redeemAs(shop, customer.id, other.id);
      expect(await balanceOf(member.id)).toBe(200);

      const order = {
        ...createdOrderPayload({ customer, subtotal: "40.00" }),
        line_items: [orderLineItem({ price: "40.00", product_id: 7201, variant_id: 42001 })],
        discount_codes: [{ code: code!.toLowerCase(), amount: "5.00", type: "fixed_amount" }],
      };
      for (const deliveryId of ["late", "late-again"]) {
        await dispatchWebhook(db, { topic: "orders/create", shopDomain: shop.domain, deliveryId, payload: order });
      }
      await markRedemptionCodesUsed(db, shop.id, order);

      // The 500 points come off once: below zero where the shop allows it, down to zero where not.
      expect(await balanceOf(member.id)).toBe(policy === "allow_negative" ? -300 : 0);
      const reclaims = (await entriesOf(member.id)).filter((e) => e.idempotencyKey.endsWith(":reclaim"));
      expect(reclaims.map((e) => e.points)).toEqual([policy === "allow_negative" ? -500 : -200]);
      expect(await db.redemption.findUniqueOrThrow({ where: { id: redemptionId } })).toMatchObject({
        status: "issued",
        usedOrderId: String(order.id),
      });
      expect((await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).stockRemaining).toBe(3);
    });
  }

  it("takes back the points of a failed redemption whose code an order used anyway, and marks nothing else", async () => {
    const { shop, reward } = await shopWithReward("amount_off", { costPoints: 500 });
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, 600);
    shopify.createCodeDiscount = async () => {
      throw new ShopifyThrottledError("Throttled", 1000);
    };
    await expect(redeemAs(shop, customer.id, reward.id)).rejects.toMatchObject({ name: "RedemptionFailedError" });
    const failed = await db.redemption.findFirstOrThrow({ where: { memberId: member.id } });
    expect(await balanceOf(member.id)).toBe(600);

    const order = { id: 9100, discount_codes: [{ code: failed.code }] };
    expect(await markRedemptionCodesUsed(db, shop.id, order)).toEqual({ marked: 0, reclaimed: 1 });
    expect(await markRedemptionCodesUsed(db, shop.id, order)).toEqual({ marked: 0, reclaimed: 0 });
    expect(await balanceOf(member.id)).toBe(100);
    expect(await db.redemption.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      status: "issued",
      usedOrderId: "9100",
    });
  });

  it("keeps shops apart: another shop's reward cannot be redeemed, moved or cancelled", async () => {
    const { shop, reward } = await shopWithReward("amount_off");
    const other = await installShop(db);
    const customer = customerFixture();
    await memberWithBalance(db, other.id, customer, 1000);
    await expect(redeemAs(other, customer.id, reward.id)).rejects.toBeInstanceOf(RewardNotFoundError);
    await expect(moveReward(db, other.id, reward.id, "up")).rejects.toBeInstanceOf(RewardNotFoundError);
    expect((await listRewards(db, other.id)).map((e) => e.record.id)).not.toContain(reward.id);
    expect((await shownRewards(db, shop.id, new Date())).map((r) => r.id)).toContain(reward.id);

    // A redemption of this shop cannot be cancelled from the other, by its merchant or a shopper.
    const owner = customerFixture();
    const ownerMember = await memberWithBalance(db, shop.id, owner, 1000);
    const { redemptionId } = await redeemAs(shop, owner.id, reward.id);
    for (const by of ["merchant", "shopper"] as const) {
      await expect(
        cancelRedemption(db, {
          shopId: other.id,
          shopDomain: other.domain,
          redemptionId,
          by,
          ...(by === "shopper" ? { memberId: ownerMember.id } : {}),
        }),
      ).rejects.toBeInstanceOf(RedemptionNotFoundError);
    }
    expect(shopify.discounts).toHaveLength(1);
    expect(await balanceOf(ownerMember.id)).toBe(500);
  });

  it("locks a reward above the member's tier", async () => {
    const shop = await installShop(db);
    const gold = await db.tier.create({ data: { shopId: shop.id, name: "Gold", position: 2 } });
    const reward = await db.reward.create({
      data: { shopId: shop.id, ...rewardFixture("custom", { minTierId: gold.id }) },
    });
    const customer = customerFixture();
    await memberWithBalance(db, shop.id, customer, 5000);
    await expect(redeemAs(shop, customer.id, reward.id)).rejects.toEqual(new RewardLockedError("tier"));
  });
});
