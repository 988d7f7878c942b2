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
import { setShopifyGateway, ShopifyThrottledError } from "../../app/shopify/gateway.server";
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

  it("releases a lost store credit answer only through the sweeper's hands, never twice", async () => {
    const { shop, reward } = await shopWithReward("store_credit");
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, 600);
    shopify.failNext(1, "refused");
    // Store credit cannot be looked up: the redemption stays pending, the points held.
    await expect(redeemAs(shop, customer.id, reward.id)).rejects.toMatchObject({ name: "RedemptionUnconfirmedError" });
    expect(await balanceOf(member.id)).toBe(100);
    const { settleStaleRedemptions } = await import("../../app/rewards/settle-redemptions.server");
    expect(await settleStaleRedemptions(db, { olderThan: new Date(Date.now() + 1000), shopId: shop.id })).toEqual({
      issued: 0,
      released: 0,
      unresolved: 1,
    });
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
    expect(await markRedemptionCodesUsed(db, shop.id, { id: 9001, discount_codes: [{ code }] })).toBe(1);
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

  it("keeps shops apart: another shop's reward cannot be redeemed, moved or cancelled", async () => {
    const { shop, reward } = await shopWithReward("amount_off");
    const other = await installShop(db);
    const customer = customerFixture();
    await memberWithBalance(db, other.id, customer, 1000);
    await expect(redeemAs(other, customer.id, reward.id)).rejects.toBeInstanceOf(RewardNotFoundError);
    await expect(moveReward(db, other.id, reward.id, "up")).rejects.toBeInstanceOf(RewardNotFoundError);
    expect((await listRewards(db, other.id)).map((e) => e.record.id)).not.toContain(reward.id);
    expect((await shownRewards(db, shop.id, new Date())).map((r) => r.id)).toContain(reward.id);
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
