/**
 * Shopify delivers webhooks at least once and in no particular order. An order's points
 * converge on the same balance whatever the arrival order of its orders/create, orders/paid,
 * refunds/create and orders/cancelled deliveries, each delivered twice (same
 * X-Shopify-Event-Id). Every permutation is played, one customer per permutation.
 * (tests/integration/order-reversals.test.ts covers single sequences, concurrency and the
 * reversal policies; tests/integration/webhook-storm.test.ts the same at volume.)
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import {
  cancelledOrderPayload,
  createdOrderPayload,
  customerFixture,
  installShop,
  paidOrderPayload,
  refundPayload,
  uniqueId,
} from "../support/factories";
import { webhookRequest } from "../support/signed-requests";
import { deliverWebhook } from "../support/deliver";

interface Delivery {
  topic: string;
  payload: unknown;
  eventId: string;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** Plays the deliveries in the given order, each redelivered at the end in reverse order. */
async function play(shop: string, deliveries: Delivery[]) {
  for (const delivery of [...deliveries, ...[...deliveries].reverse()]) {
    const response = await deliverWebhook(webhookRequest({ shop, ...delivery }));
    expect(response.status).toBe(200);
  }
}

async function outcome(shopId: string, customerId: string, orderId: string) {
  const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });
  const account = await db.orderAccount.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId } } });
  const { _sum } = await db.ledgerEntry.aggregate({
    where: { memberId: member.id, kind: { in: ["earn", "release", "reverse"] } },
    _sum: { points: true },
  });
  return {
    balance: member.balance,
    pending: member.pending,
    lifetimeEarned: member.lifetimeEarned,
    reversedPoints: account.reversedPoints,
    balanceFromEntries: _sum.points ?? 0,
  };
}

describe("webhook arrival order", () => {
  it("a refunded order ends with the same points whatever order create, paid and two refunds arrive in", async () => {
    const shop = await installShop(db);
    const orders = permutations([0, 1, 2, 3]).map((order) => {
      const customer = customerFixture();
      const orderId = uniqueId();
      const events: Delivery[] = [
        {
          topic: "orders/create",
          payload: createdOrderPayload({ id: orderId, customer, subtotal: "100.00" }),
          eventId: uniqueId(),
        },
        {
          topic: "orders/paid",
          payload: paidOrderPayload({ id: orderId, customer, subtotal: "100.00" }),
          eventId: uniqueId(),
        },
        { topic: "refunds/create", payload: refundPayload({ orderId, subtotals: ["30.00"] }), eventId: uniqueId() },
        {
          topic: "refunds/create",
          payload: refundPayload({ orderId, subtotals: ["15.50", "4.50"] }),
          eventId: uniqueId(),
        },
      ];
      return { customer, orderId, deliveries: order.map((i) => events[i]!) };
    });
    expect(orders).toHaveLength(24);

    // One customer per order, so the orders may be played side by side.
    await Promise.all(orders.map(({ deliveries }) => play(shop.domain, deliveries)));

    for (const { customer, orderId, deliveries } of orders) {
      expect(await outcome(shop.id, customer.id, orderId), deliveries.map((d) => d.topic).join(" → ")).toEqual({
        balance: 50,
        pending: 0,
        lifetimeEarned: 50,
        reversedPoints: 50,
        balanceFromEntries: 50,
      });
    }
  });

  it("a cancelled order gives everything back whatever order create, paid, a refund and the cancellation arrive in", async () => {
    const shop = await installShop(db);
    const orders = permutations([0, 1, 2, 3]).map((order) => {
      const customer = customerFixture();
      const orderId = uniqueId();
      const events: Delivery[] = [
        {
          topic: "orders/create",
          payload: createdOrderPayload({ id: orderId, customer, subtotal: "80.00" }),
          eventId: uniqueId(),
        },
        {
          topic: "orders/paid",
          payload: paidOrderPayload({ id: orderId, customer, subtotal: "80.00" }),
          eventId: uniqueId(),
        },
        { topic: "refunds/create", payload: refundPayload({ orderId, subtotals: ["20.00"] }), eventId: uniqueId() },
        { topic: "orders/cancelled", payload: cancelledOrderPayload(orderId), eventId: uniqueId() },
      ];
      return { customer, orderId, deliveries: order.map((i) => events[i]!) };
    });

    // One customer per order, so the orders may be played side by side.
    await Promise.all(orders.map(({ deliveries }) => play(shop.domain, deliveries)));

    for (const { customer, orderId, deliveries } of orders) {
      expect(await outcome(shop.id, customer.id, orderId), deliveries.map((d) => d.topic).join(" → ")).toEqual({
        balance: 0,
        pending: 0,
        lifetimeEarned: 0,
        reversedPoints: 80,
        balanceFromEntries: 0,
      });
    }
  });
});
