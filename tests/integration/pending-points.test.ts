/**
 * Pending points: an order's points wait until the shop's release rule is met (payment,
 * the end of a return window, or fulfilment), are voided by refunds and cancellations
 * while they wait, and never become spendable twice.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { releaseDuePendingPoints } from "../../app/orders/order-points.server";
import { loader as customerLoader } from "../../app/routes/proxy.customer";
import {
  cancelledOrderPayload,
  createdOrderPayload,
  customerFixture,
  fulfilledOrderPayload,
  installShop,
  paidOrderPayload,
  refundPayload,
  uniqueId,
} from "../support/factories";
import { callRoute, proxyRequest, webhookRequest } from "../support/signed-requests";
import { deliverWebhook } from "../support/deliver";

const DAY = 86_400_000;

async function shopWithRule(rule: "payment" | "return_window" | "fulfilment", returnWindowDays = 14) {
  const shop = await installShop(db);
  await db.shop.update({ where: { id: shop.id }, data: { pointsReleaseRule: rule, returnWindowDays } });
  return shop;
}

async function deliver(shop: string, topic: string, payload: unknown) {
  expect((await deliverWebhook(webhookRequest({ shop, topic, payload }))).status).toBe(200);
}

async function memberState(shopId: string, customerId: string) {
  const m = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });
  const { _sum } = await db.ledgerEntry.aggregate({
    where: { memberId: m.id, kind: { in: ["earn", "release", "reverse", "redeem", "adjust", "expire"] } },
    _sum: { points: true },
  });
  const pendingSum = await db.ledgerEntry.aggregate({
    where: { memberId: m.id, kind: { in: ["hold", "void", "release"] } },
    _sum: { points: true },
  });
  const releases = await db.ledgerEntry.aggregate({
    where: { memberId: m.id, kind: "release" },
    _sum: { points: true },
  });
  expect(m.balance, "balance = its entries").toBe(_sum.points ?? 0);
  expect(m.pending, "pending = holds - voids - releases").toBe(
    (pendingSum._sum.points ?? 0) - 2 * (releases._sum.points ?? 0),
  );
  return { balance: m.balance, pending: m.pending, lifetimeEarned: m.lifetimeEarned };
}

describe("pending points", () => {
  it("an order placed before payment is pending, shown to the shopper, and released when paid", async () => {
    const shop = await shopWithRule("payment");
    const customer = customerFixture();
    const id = uniqueId();
    await deliver(shop.domain, "orders/create", createdOrderPayload({ id, customer, subtotal: "80.00" }));
    expect(await memberState(shop.id, customer.id)).toEqual({ balance: 0, pending: 80, lifetimeEarned: 0 });
    const view = JSON.parse(
      await (
        await callRoute(customerLoader, proxyRequest({ shop: shop.domain, path: "customer", customerId: customer.id }))
      ).text(),
    );
    expect(view).toMatchObject({ balance: 0, pending: 80 });

    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id, customer, subtotal: "80.00" }));
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id, customer, subtotal: "80.00" }));
    expect(await memberState(shop.id, customer.id)).toEqual({ balance: 80, pending: 0, lifetimeEarned: 80 });
  });

  it("a return window keeps paid points pending until it is over; the release job runs once", async () => {
    const shop = await shopWithRule("return_window", 14);
    const customer = customerFixture();
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ customer, subtotal: "50.00" }));
    expect(await memberState(shop.id, customer.id)).toMatchObject({ balance: 0, pending: 50 });

    expect(await releaseDuePendingPoints(db, { shopId: shop.id, now: new Date(Date.now() + 13 * DAY) })).toEqual({
      orders: 0,
      points: 0,
    });
    const later = new Date(Date.now() + 15 * DAY);
    const runs = await Promise.all([1, 2, 3].map(() => releaseDuePendingPoints(db, { shopId: shop.id, now: later })));
    expect(runs.reduce((s, r) => s + r.points, 0)).toBe(50);
    expect(await releaseDuePendingPoints(db, { shopId: shop.id, now: later })).toEqual({ orders: 0, points: 0 });
    expect(await memberState(shop.id, customer.id)).toEqual({ balance: 50, pending: 0, lifetimeEarned: 50 });
  });

  it("releasing on fulfilment waits for both payment and fulfilment, in either order", async () => {
    const shop = await shopWithRule("fulfilment");
    const customer = customerFixture();
    const first = uniqueId();
    const second = uniqueId();
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: first, customer, subtotal: "30.00" }));
    await deliver(shop.domain, "orders/fulfilled", fulfilledOrderPayload(second));
    expect(await memberState(shop.id, customer.id)).toMatchObject({ balance: 0, pending: 30 });
    await deliver(shop.domain, "orders/fulfilled", fulfilledOrderPayload(first));
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: second, customer, subtotal: "20.00" }));
    expect(await memberState(shop.id, customer.id)).toEqual({ balance: 50, pending: 0, lifetimeEarned: 50 });
  });

  it("refunds and cancellations while pending take from pending points, never from the balance", async () => {
    const shop = await shopWithRule("fulfilment");
    const customer = customerFixture();
    const refunded = uniqueId();
    const cancelled = uniqueId();
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: refunded, customer, subtotal: "100.00" }));
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: cancelled, customer, subtotal: "60.00" }));
    await deliver(shop.domain, "refunds/create", refundPayload({ orderId: refunded, subtotals: ["25.00"] }));
    await deliver(shop.domain, "orders/cancelled", cancelledOrderPayload(cancelled));
    expect(await memberState(shop.id, customer.id)).toEqual({ balance: 0, pending: 75, lifetimeEarned: 0 });
    await deliver(shop.domain, "orders/fulfilled", fulfilledOrderPayload(refunded));
    await deliver(shop.domain, "orders/fulfilled", fulfilledOrderPayload(cancelled));
    expect(await memberState(shop.id, customer.id)).toEqual({ balance: 75, pending: 0, lifetimeEarned: 75 });
  });

  it("pending points cannot be spent", async () => {
    const shop = await shopWithRule("fulfilment");
    const customer = customerFixture();
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ customer, subtotal: "900.00" }));
    const reward = await db.reward.findFirstOrThrow({ where: { shopId: shop.id } });
    const { action: redeem } = await import("../../app/routes/proxy.redeem");
    const response = await callRoute(
      redeem,
      proxyRequest({ shop: shop.domain, path: "redeem", customerId: customer.id, body: { rewardId: reward.id } }),
    );
    expect(response.status).toBe(409);
    expect(await memberState(shop.id, customer.id)).toMatchObject({ balance: 0, pending: 900 });
  });
});

describe("pending points in the admin", () => {
  it("the member page shows pending points and says what each pending entry was", async () => {
    const { loader: memberPage } = await import("../../app/routes/app.members.$memberId");
    const { adminRequest } = await import("../support/signed-requests");
    const shop = await shopWithRule("fulfilment");
    const customer = customerFixture();
    const id = uniqueId();
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id, customer, subtotal: "70.00" }));
    await deliver(shop.domain, "refunds/create", refundPayload({ orderId: id, subtotals: ["10.00"] }));
    const member = await db.member.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shop.id, customerId: customer.id } },
    });

    const response = await callRoute(
      (args) => memberPage({ ...args, params: { memberId: member.id } } as Parameters<typeof memberPage>[0]),
      adminRequest(shop.domain, `/app/members/${member.id}`),
    );
    const page = JSON.parse(await response.text());
    expect(page.member).toMatchObject({ balance: 0, pending: 60 });
    expect(page.entries.map((e: { description: string }) => e.description)).toEqual([
      `Pending points of order ${id} taken back (refunded or cancelled)`,
      `Pending from order ${id} (not spendable yet)`,
    ]);
  });
});
