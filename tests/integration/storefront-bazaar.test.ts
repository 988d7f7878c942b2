/**
 * The Rewards Bazaar through the app proxy, from signed requests: what GET /customer lists and
 * why a reward is locked, POST /redeem with points and its refusals, POST /cancel of the
 * shopper's own unused code (and not someone else's), and the history the points leave. Every
 * answer is held to its schema in app/storefront/storefront-api.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import type { RewardKind } from "../../app/domain/rewards/catalogue";
import { loader as customerLoader } from "../../app/routes/proxy.customer";
import { action as cancelAction } from "../../app/routes/proxy.cancel";
import { action as redeemAction } from "../../app/routes/proxy.redeem";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import {
  cancelAnswerSchema,
  customerViewSchema,
  insufficientPointsSchema,
  invalidPointsSchema,
  lockedAnswerSchema,
  proxyErrorSchema,
  redeemAnswerSchema,
} from "../../app/storefront/storefront-api";
import { createFakeShopify } from "../../demo/fake-shopify";
import { customerFixture, installShop, memberWithBalance, rewardFixture } from "../support/factories";
import { callRoute, proxyRequest } from "../support/signed-requests";
import { bronzeSilverGold } from "../support/storefront-tiers";
import type { ZodTypeAny } from "zod";

let shopify: ReturnType<typeof createFakeShopify>;
let restore: () => void;
beforeEach(() => {
  shopify = createFakeShopify();
  restore = setShopifyGateway(shopify);
});
afterEach(() => restore());

const DAY = 86_400_000;

/** The answer's status and body, the body held to `schema`. */
async function answer(response: Response, status: number, schema: ZodTypeAny) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  const body = JSON.parse(text);
  const parsed = schema.safeParse(body);
  expect(parsed.success, `${parsed.error?.message}\n${text}`).toBe(true);
  return body;
}

async function shopWithShopper(balance: number) {
  const shop = await installShop(db);
  // Only this test's rewards: the shop's default one is archived.
  await db.reward.updateMany({ where: { shopId: shop.id }, data: { archivedAt: new Date() } });
  const customer = customerFixture();
  const member = await memberWithBalance(db, shop.id, customer, balance);
  const reward = (kind: RewardKind, overrides: Parameters<typeof rewardFixture>[1] = {}) =>
    db.reward.create({ data: { shopId: shop.id, ...rewardFixture(kind, overrides) } });
  const view = async (customerId: string | null = customer.id, locale?: string) =>
    answer(
      await callRoute(
        customerLoader,
        proxyRequest({
          shop: shop.domain,
          path: "customer",
          customerId,
          ...(locale ? { shopperQuery: { locale } } : {}),
        }),
      ),
      200,
      customerViewSchema,
    );
  const post = (path: "redeem" | "cancel", body: unknown, customerId = customer.id) =>
    callRoute(
      path === "redeem" ? redeemAction : cancelAction,
      proxyRequest({ shop: shop.domain, path, customerId, body }),
    );
  return { shop, customer, member, reward, view, post };
}

describe("GET /customer: the Bazaar", () => {
  it("lists the shown rewards in the merchant's order, each with why it is locked, in the shopper's language", async () => {
    const { shop, member, reward, view } = await shopWithShopper(700);
    const { silver, gold } = await bronzeSilverGold(db, shop.id);
    await db.member.update({ where: { id: member.id }, data: { tierId: silver.id } });
    const now = Date.now();
    const coffee = await reward("free_product", {
      title: "Free coffee",
      costPoints: 50,
      position: 0,
      translations: JSON.stringify({ fr: { title: "Café offert", description: "Un café, au comptoir." } }),
    });
    const gala = await reward("custom", { title: "Gala", costPoints: 100, minTierId: gold.id, position: 1 });
    const silverOnly = await reward("percent_off", { costPoints: 600, minTierId: silver.id, position: 2 });
    const soldOut = await reward("amount_off", { stockRemaining: 0, position: 3 });
    const later = await reward("free_shipping", { redeemFrom: new Date(now + 3 * DAY), position: 4 });
    const once = await reward("store_credit", { limitPerCustomer: 1, costPoints: 100, position: 5 });
    const big = await reward("points_to_discount", { costPoints: 1000, maxPoints: 3000, position: 6 });
    await reward("amount_off", { title: "Not yet shown", showFrom: new Date(now + DAY), position: 7 });
    await reward("amount_off", { title: "Paused", active: false, position: 8 });
    await db.redemption.create({
      data: {
        shopId: shop.id,
        memberId: member.id,
        rewardId: once.id,
        kind: "store_credit",
        rewardTitle: once.title,
        pointsSpent: 100,
        valueMinor: 1000,
        currencyCode: "USD",
        status: "issued",
      },
    });

    const body = await view(undefined, "fr-CA");

    expect(body.rewards.map((r: { id: string }) => r.id)).toEqual(
      [coffee, gala, silverOnly, soldOut, later, once, big].map((r) => r.id),
    );
    const byId = Object.fromEntries(body.rewards.map((r: { id: string }) => [r.id, r]));
    expect(byId[coffee.id]).toMatchObject({
      kind: "free_product",
      title: "Café offert",
      description: "Un café, au comptoir.",
      value: { amountMinor: 350, currency: "USD" },
      available: true,
      lockedReason: null,
    });
    expect(byId[gala.id]).toMatchObject({ lockedReason: "tier", unlockTier: { id: gold.id, name: "Gold" } });
    expect(byId[silverOnly.id]).toMatchObject({ available: true, percentOff: 10, value: null });
    expect(byId[soldOut.id]).toMatchObject({ lockedReason: "out_of_stock", stockRemaining: 0 });
    expect(byId[later.id]).toMatchObject({ lockedReason: "not_started", redeemFrom: later.redeemFrom!.toISOString() });
    expect(byId[once.id]).toMatchObject({ lockedReason: "limit_reached" });
    expect(byId[big.id]).toMatchObject({ lockedReason: "points", pointsNeeded: 300, maxPoints: 3000 });
    // The way to the next reward skips the ones points alone would not open (the gala).
    expect(body.progress).toMatchObject({ rewardId: big.id, pointsNeeded: 300 });
    expect(body.redemptions).toEqual([
      expect.objectContaining({ kind: "store_credit", status: "credited", cancellable: false, code: null }),
    ]);

    // No translation for the language asked: the merchant's own words.
    expect((await view(undefined, "de")).rewards[0]).toMatchObject({ title: "Free coffee" });
  });

  it("shows a guest every reward locked until they sign in, and nothing of anyone's", async () => {
    const { reward, view } = await shopWithShopper(5000);
    await reward("amount_off", { costPoints: 10 });

    const body = await view(null);

    expect(body).toMatchObject({ loggedIn: false, balance: 0, redemptions: [], history: [] });
    expect(body.rewards).toEqual([expect.objectContaining({ available: false, lockedReason: "sign_in" })]);
    expect(body.progress).toMatchObject({ costPoints: 10, pointsNeeded: 10 });
  });
});

describe("POST /redeem and POST /cancel", () => {
  it("spends a chosen number of points in steps, and refuses points off the steps with the step and the maximum", async () => {
    const { reward, post, view } = await shopWithShopper(1000);
    const anyAmount = await reward("points_to_discount");

    const off = await answer(await post("redeem", { rewardId: anyAmount.id, points: 750 }), 400, invalidPointsSchema);
    expect(off).toMatchObject({ error: "invalid_points", step: 100, maxPoints: 2000 });
    const redeemed = await answer(
      await post("redeem", { rewardId: anyAmount.id, points: 700 }),
      200,
      redeemAnswerSchema,
    );

    expect(redeemed).toMatchObject({
      balance: 300,
      redemption: {
        kind: "points_to_discount",
        pointsSpent: 700,
        value: { amountMinor: 700, currency: "USD" },
        status: "unused",
        cancellable: true,
      },
    });
    expect(shopify.discounts).toHaveLength(1);
    const shown = await view();
    expect(shown.redemptions).toEqual([redeemed.redemption]);
    expect(shown.history.map((h: { points: number; reason: string }) => [h.points, h.reason])).toEqual([
      [-700, "redemption"],
      [1000, "adjustment"],
    ]);
  });

  it("refuses a locked reward with its reason and too few points with what it takes, spending nothing", async () => {
    const { shop, reward, post, view } = await shopWithShopper(200);
    const { gold } = await bronzeSilverGold(db, shop.id);
    const gala = await reward("custom", { costPoints: 100, minTierId: gold.id });
    const dear = await reward("amount_off", { costPoints: 500 });

    expect(await answer(await post("redeem", { rewardId: gala.id }), 409, lockedAnswerSchema)).toMatchObject({
      lockedReason: "tier",
    });
    const short = await answer(await post("redeem", { rewardId: dear.id }), 409, insufficientPointsSchema);
    expect(short).toMatchObject({ error: "insufficient_points", needed: 500, available: 200 });
    expect(await answer(await post("redeem", { rewardId: "gone" }), 404, proxyErrorSchema)).toMatchObject({
      error: "reward_not_found",
    });
    expect(
      await answer(await post("redeem", { rewardId: dear.id, points: "lots" }), 400, proxyErrorSchema),
    ).toMatchObject({ error: "invalid_request" });
    expect((await view()).balance).toBe(200);
  });

  it("cancels the shopper's own unused code once, for the points back; someone else's is not found", async () => {
    const { shop, reward, post, view } = await shopWithShopper(800);
    const fiveOff = await reward("amount_off", { stockRemaining: 4 });
    const { redemption } = await answer(await post("redeem", { rewardId: fiveOff.id }), 200, redeemAnswerSchema);
    expect(await db.reward.findUniqueOrThrow({ where: { id: fiveOff.id } })).toMatchObject({ stockRemaining: 3 });

    const stranger = customerFixture();
    await memberWithBalance(db, shop.id, stranger, 10);
    const theirs = await post("cancel", { redemptionId: redemption.id }, stranger.id);
    expect(await answer(theirs, 404, proxyErrorSchema)).toMatchObject({ error: "redemption_not_found" });
    const unknownShopper = await post("cancel", { redemptionId: redemption.id }, customerFixture().id);
    expect(await answer(unknownShopper, 404, proxyErrorSchema)).toMatchObject({ error: "redemption_not_found" });
    expect(shopify.discounts).toHaveLength(1);

    const cancelled = await answer(await post("cancel", { redemptionId: redemption.id }), 200, cancelAnswerSchema);
    expect(cancelled).toMatchObject({
      balance: 800,
      redemption: { id: redemption.id, status: "cancelled", cancellable: false },
    });
    expect(shopify.discounts).toHaveLength(0);
    expect(await db.reward.findUniqueOrThrow({ where: { id: fiveOff.id } })).toMatchObject({ stockRemaining: 4 });

    const again = await post("cancel", { redemptionId: redemption.id });
    expect(await answer(again, 409, proxyErrorSchema)).toMatchObject({ error: "not_cancellable" });
    expect(await answer(await post("cancel", {}), 400, proxyErrorSchema)).toMatchObject({ error: "invalid_request" });

    const shown = await view();
    expect(shown.balance).toBe(800);
    type Shown = { points: number; reason: string; title: string | null };
    expect(shown.history.map((h: Shown) => [h.points, h.reason, h.title])).toEqual([
      [500, "redemption_returned", fiveOff.title],
      [-500, "redemption", fiveOff.title],
      [800, "adjustment", null],
    ]);
  });

  it("a custom reward is a request the shopper sees but cannot cancel from the widget", async () => {
    const { reward, post } = await shopWithShopper(1500);
    const tote = await reward("custom", { title: "Tote bag", costPoints: 1200 });

    const { redemption } = await answer(await post("redeem", { rewardId: tote.id }), 200, redeemAnswerSchema);
    expect(redemption).toMatchObject({
      kind: "custom",
      status: "requested",
      code: null,
      value: null,
      cancellable: false,
    });
    const refused = await post("cancel", { redemptionId: redemption.id });
    expect(await answer(refused, 409, proxyErrorSchema)).toMatchObject({ error: "not_cancellable" });
  });
});
