/**
 * Refunds take points back in proportion, a cancellation takes back the rest, and no
 * delivery pattern (duplicates, new event ids, refunds before payment, concurrency) takes
 * back more than the order earned.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { postEntry } from "../../app/ledger/ledger.server";
import {
  cancelledOrderPayload,
  customerFixture,
  installShop,
  paidOrderPayload,
  refundPayload,
  uniqueId,
} from "../support/factories";
import { webhookRequest } from "../support/signed-requests";
import { deliverWebhook } from "../support/deliver";

async function deliver(shop: string, topic: string, payload: unknown, eventId?: string) {
  const response = await deliverWebhook(webhookRequest({ shop, topic, payload, eventId }));
  expect(response.status).toBe(200);
}

async function state(shopId: string, customerId: string, orderId: string) {
  const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });
  const { _sum } = await db.ledgerEntry.aggregate({ where: { memberId: member.id }, _sum: { points: true } });
  expect(member.balance, "the cached balance equals the sum of entries").toBe(_sum.points ?? 0);
  const account = await db.orderAccount.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId } } });
  return { balance: member.balance, lifetimeEarned: member.lifetimeEarned, account };
}

/** The member spends `points` on a redemption, as the redeem route would post it. */
async function spendPoints(shopId: string, customerId: string, points: number, idempotencyKey: string) {
  const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });
  await db.$transaction((tx) =>
    postEntry(tx, {
      shopId,
      memberId: member.id,
      points: -points,
      kind: "redeem",
      causeType: "redemption",
      causeId: "r",
      idempotencyKey,
    }),
  );
}

async function paidOrder(subtotal = "200.00") {
  const shop = await installShop(db);
  const customer = customerFixture();
  const orderId = uniqueId();
  await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: orderId, customer, subtotal }));
  return { shop, customer, orderId };
}

describe("refunds and cancellations", () => {
  it("a refund takes back points in proportion to the refunded amount, once however delivered", async () => {
    const { shop, customer, orderId } = await paidOrder("200.00");
    const refund = refundPayload({ orderId, subtotals: ["30.00", "20.00"] });
    const eventId = `evt-${uniqueId()}`;

    await deliver(shop.domain, "refunds/create", refund, eventId);
    await deliver(shop.domain, "refunds/create", refund, eventId); // same delivery again
    await deliver(shop.domain, "refunds/create", refund); // same refund, new event id

    const { balance, account } = await state(shop.id, customer.id, orderId);
    expect(balance).toBe(150);
    expect(account).toMatchObject({ earnedPoints: 200, refundedMinor: 5000n, reversedPoints: 50 });
    const reversal = await db.ledgerEntry.findFirstOrThrow({ where: { shopId: shop.id, kind: "reverse" } });
    expect(reversal).toMatchObject({
      points: -50,
      causeType: "order",
      causeId: orderId,
      reason: expect.stringContaining("Refund"),
    });
  });

  it("a cancellation takes back the rest, and a second cancellation nothing", async () => {
    const { shop, customer, orderId } = await paidOrder("80.00");
    await deliver(shop.domain, "refunds/create", refundPayload({ orderId, subtotals: ["20.00"] }));
    await deliver(shop.domain, "orders/cancelled", cancelledOrderPayload(orderId));
    await deliver(shop.domain, "orders/cancelled", cancelledOrderPayload(orderId));

    const { balance, lifetimeEarned, account } = await state(shop.id, customer.id, orderId);
    expect(balance).toBe(0);
    expect(lifetimeEarned).toBe(0);
    expect(account.reversedPoints).toBe(80);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id, kind: "reverse" } })).toBe(2);
  });

  it("a refund or cancellation that arrives before the paid webhook applies when it does", async () => {
    const shop = await installShop(db);
    const customer = customerFixture();
    const refunded = uniqueId();
    const cancelled = uniqueId();

    await deliver(shop.domain, "refunds/create", refundPayload({ orderId: refunded, subtotals: ["25.00"] }));
    await deliver(shop.domain, "orders/cancelled", cancelledOrderPayload(cancelled));
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: refunded, customer, subtotal: "100.00" }));
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: cancelled, customer, subtotal: "40.00" }));

    expect((await state(shop.id, customer.id, refunded)).account.reversedPoints).toBe(25);
    const after = await state(shop.id, customer.id, cancelled);
    expect(after.account.reversedPoints).toBe(40);
    expect(after.balance).toBe(75);
  });

  it("refunds above the order's subtotal never take back more than it earned", async () => {
    const { shop, customer, orderId } = await paidOrder("50.00");
    await deliver(shop.domain, "refunds/create", refundPayload({ orderId, subtotals: ["40.00"] }));
    await deliver(shop.domain, "refunds/create", refundPayload({ orderId, subtotals: ["40.00"] }));
    await deliver(shop.domain, "orders/cancelled", cancelledOrderPayload(orderId));
    const { balance, account } = await state(shop.id, customer.id, orderId);
    expect(account.reversedPoints).toBe(50);
    expect(balance).toBe(0);
  });

  it("when the points were spent, the balance goes negative where the shop allows it", async () => {
    const { shop, customer, orderId } = await paidOrder("100.00");
    await spendPoints(shop.id, customer.id, 90, `r-${orderId}`);
    await deliver(shop.domain, "orders/cancelled", cancelledOrderPayload(orderId));
    const { balance, account } = await state(shop.id, customer.id, orderId);
    expect(balance).toBe(-90);
    expect(account).toMatchObject({ reversedPoints: 100, shortfallPoints: 0 });
  });

  it("when the points were spent, a shop that caps at zero stops there and records the shortfall", async () => {
    const { shop, customer, orderId } = await paidOrder("100.00");
    await db.shop.update({ where: { id: shop.id }, data: { reversalPolicy: "cap_at_zero" } });
    await spendPoints(shop.id, customer.id, 90, `r-${orderId}`);
    await deliver(shop.domain, "refunds/create", refundPayload({ orderId, subtotals: ["50.00"] }));
    await deliver(shop.domain, "orders/cancelled", cancelledOrderPayload(orderId));
    const { balance, account } = await state(shop.id, customer.id, orderId);
    expect(balance).toBe(0);
    expect(account).toMatchObject({ reversedPoints: 100, shortfallPoints: 90 });
  });

  it("concurrent refunds, cancellations and duplicates converge on the same result", async () => {
    const { shop, customer, orderId } = await paidOrder("300.00");
    const refunds = [["10.00"], ["20.00"], ["30.00"]].map((subtotals) => refundPayload({ orderId, subtotals }));
    const deliveries = [...refunds, ...refunds].map((refund) => deliver(shop.domain, "refunds/create", refund));
    await Promise.all(deliveries);
    let { balance, account } = await state(shop.id, customer.id, orderId);
    expect(account).toMatchObject({ refundedMinor: 6000n, reversedPoints: 60 });
    expect(balance).toBe(240);

    await Promise.all([1, 2, 3].map(() => deliver(shop.domain, "orders/cancelled", cancelledOrderPayload(orderId))));
    ({ balance, account } = await state(shop.id, customer.id, orderId));
    expect(account.reversedPoints).toBe(300);
    expect(balance).toBe(0);
  });
});
