/**
 * One store can never read or change another's data: through the admin (session token),
 * webhooks (HMAC) or the storefront (app proxy signature).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { loader as membersLoader } from "../../app/routes/app.members._index";
import { action as settingsAction } from "../../app/routes/app.settings";
import { loader as customerLoader } from "../../app/routes/proxy.customer";
import { action as redeemAction } from "../../app/routes/proxy.redeem";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { createFakeShopify } from "../../demo/fake-shopify";
import { customerFixture, installShop, memberWithBalance, paidOrderPayload } from "../support/factories";
import { adminRequest, callRoute, proxyRequest, webhookRequest } from "../support/signed-requests";
import { deliverWebhook } from "../support/deliver";

let restore: () => void;
beforeEach(() => {
  restore = setShopifyGateway(createFakeShopify());
});
afterEach(() => restore());

async function twoShops() {
  const a = await installShop(db);
  const b = await installShop(db);
  // Same Shopify customer id in both stores: only the shop tells them apart.
  const customer = customerFixture({ first_name: "Shared" });
  const memberA = await memberWithBalance(db, a.id, { ...customer, email: "a-side@example.com" }, 100);
  const memberB = await memberWithBalance(db, b.id, { ...customer, email: "b-side@example.com" }, 900);
  const rewardB = await db.reward.findFirstOrThrow({ where: { shopId: b.id } });
  return { a, b, customer, memberA, memberB, rewardB };
}

describe("shop isolation", () => {
  it("an admin session of shop A lists only A's members, whatever the URL says", async () => {
    const { a, b } = await twoShops();
    const response = await callRoute(membersLoader, adminRequest(a.domain, `/app/members?shop=${b.domain}&q=shared`));
    expect(response.status).toBe(200);
    const body = JSON.parse(await response.text());
    expect(body.result.members.map((m: { email: string }) => m.email)).toEqual(["a-side@example.com"]);
    expect(JSON.stringify(body)).not.toContain("b-side@example.com");
  });

  it("an admin session of shop A changes only A's settings", async () => {
    const { a, b } = await twoShops();
    const form = new URLSearchParams({
      pointsPerUnit: "7",
      rewardTitle: "A's reward",
      rewardCostPoints: "300",
      rewardValue: "3.00",
    });
    const response = await callRoute(
      settingsAction,
      adminRequest(a.domain, `/app/settings?shop=${b.domain}`, {
        method: "POST",
        body: form,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );
    expect(response.status).toBe(200);
    expect((await db.shop.findUniqueOrThrow({ where: { id: a.id } })).pointsPerUnit).toBe(7);
    expect((await db.shop.findUniqueOrThrow({ where: { id: b.id } })).pointsPerUnit).toBe(1);
    expect((await db.reward.findFirstOrThrow({ where: { shopId: b.id } })).title).not.toBe("A's reward");
  });

  it("a webhook from shop A only changes A's member", async () => {
    const { a, customer, memberA, memberB } = await twoShops();
    const payload = paidOrderPayload({ customer, subtotal: "50.00" });
    expect((await deliverWebhook(webhookRequest({ shop: a.domain, topic: "orders/paid", payload }))).status).toBe(200);
    expect((await db.member.findUniqueOrThrow({ where: { id: memberA.id } })).balance).toBe(150);
    expect((await db.member.findUniqueOrThrow({ where: { id: memberB.id } })).balance).toBe(900);
  });

  it("a storefront request signed for shop A sees A's balance and cannot spend B's points or rewards", async () => {
    const { a, customer, memberB, rewardB } = await twoShops();
    const view = JSON.parse(
      await (
        await callRoute(customerLoader, proxyRequest({ shop: a.domain, path: "customer", customerId: customer.id }))
      ).text(),
    );
    expect(view.balance).toBe(100);
    expect(JSON.stringify(view)).not.toContain(rewardB.id);

    const redeem = await callRoute(
      redeemAction,
      proxyRequest({ shop: a.domain, path: "redeem", customerId: customer.id, body: { rewardId: rewardB.id } }),
    );
    expect(redeem.status).toBe(404);
    expect((await db.member.findUniqueOrThrow({ where: { id: memberB.id } })).balance).toBe(900);
    expect(await db.redemption.count({ where: { shopId: memberB.shopId } })).toBe(0);
  });

  it("refuses an admin request without a valid session token", async () => {
    const { a } = await twoShops();
    const forged = new Request(`https://loyalty.example.test/app?shop=${a.domain}`, {
      headers: { authorization: "Bearer not-a-token" },
    });
    const response = await callRoute(membersLoader, forged);
    expect(response.status).toBe(401);
  });
});
