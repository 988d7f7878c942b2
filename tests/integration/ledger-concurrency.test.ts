/**
 * Many connections at once (four app instances, each with its own pool) deliver order
 * events (created, paid, fulfilled, refunded, cancelled, each twice), redemptions and adjustments for one member and for many. Every call either
 * succeeds or is refused for want of points; no deadlock or race escapes to a caller; and
 * afterwards the ledger's invariants hold and reconciliation finds no drift.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, db, type Db } from "../../app/db.server";
import { balancesFromTotals } from "../../app/domain/reconcile";
import { reversalTarget } from "../../app/domain/reversal";
import { adjustPoints } from "../../app/ledger/adjust.server";
import { inLedgerTransaction, InsufficientPointsError, postEntry } from "../../app/ledger/ledger.server";
import { reconcileShop } from "../../app/ledger/reconcile.server";
import {
  earnFromPaidOrder,
  holdForCreatedOrder,
  releaseOnFulfilment,
  reverseForCancellation,
  reverseForRefund,
} from "../../app/orders/order-points.server";
import {
  customerFixture,
  installShop,
  parsedOrderPayload,
  parsedRefundPayload,
  uniqueId,
  type CustomerFixture,
} from "../support/factories";

let instances: Db[] = [];
beforeAll(() => {
  instances = [db, ...Array.from({ length: 3 }, () => createDb(process.env.DATABASE_URL!))];
});
afterAll(async () => {
  await Promise.all(instances.slice(1).map((client) => client.$disconnect()));
});

const instance = (i: number) => instances[i % instances.length]!;
const refusedForPoints = (error: unknown) =>
  error instanceof InsufficientPointsError ? "refused" : Promise.reject(error);

interface OrderPlan {
  id: string;
  customer: CustomerFixture;
  subtotal: string;
  refunds: { id: string; subtotal: string }[];
  cancel: boolean;
}

function plansFor(customers: CustomerFixture[], perCustomer: number): OrderPlan[] {
  return customers.flatMap((customer, c) =>
    Array.from({ length: perCustomer }, (_, k) => ({
      id: uniqueId(),
      customer,
      subtotal: `${100 + ((c * 7 + k * 13) % 200)}.00`,
      refunds: Array.from({ length: (c + k) % 3 }, (_, r) => ({ id: uniqueId(), subtotal: `${10 + r * 15}.00` })),
      cancel: (c + k) % 4 === 0,
    })),
  );
}

/** Every event of every order, each twice (a redelivery under a new event id), shuffled. */
function eventsFor(
  shopDomain: string,
  plans: OrderPlan[],
  memberIds: () => Promise<Map<string, string>>,
  shopId: string,
) {
  const calls: ((i: number) => Promise<unknown>)[] = [];
  for (const plan of plans) {
    for (let copy = 0; copy < 2; copy++) {
      calls.push((i) =>
        holdForCreatedOrder(instance(i), {
          shopDomain,
          eventId: uniqueId(),
          topic: "ORDERS_CREATE",
          order: parsedOrderPayload({ id: plan.id, customer: plan.customer, subtotal: plan.subtotal }),
        }),
      );
      calls.push((i) =>
        releaseOnFulfilment(instance(i), {
          shopDomain,
          eventId: uniqueId(),
          topic: "ORDERS_FULFILLED",
          orderId: plan.id,
        }),
      );
      calls.push((i) =>
        earnFromPaidOrder(instance(i), {
          shopDomain,
          eventId: uniqueId(),
          topic: "ORDERS_PAID",
          order: parsedOrderPayload({ id: plan.id, customer: plan.customer, subtotal: plan.subtotal }),
        }),
      );
      for (const refund of plan.refunds) {
        calls.push((i) =>
          reverseForRefund(instance(i), {
            shopDomain,
            eventId: uniqueId(),
            topic: "REFUNDS_CREATE",
            refund: parsedRefundPayload({ orderId: plan.id, id: refund.id, subtotals: [refund.subtotal] }),
          }),
        );
      }
      if (plan.cancel) {
        calls.push((i) =>
          reverseForCancellation(instance(i), {
            shopDomain,
            eventId: uniqueId(),
            topic: "ORDERS_CANCELLED",
            orderId: plan.id,
          }),
        );
      }
    }
  }
  // Spending while the events land.
  for (let n = 0; n < plans.length * 2; n++) {
    calls.push(async (i) => {
      const ids = [...(await memberIds()).values()];
      if (ids.length === 0) return "no member yet";
      const memberId = ids[n % ids.length]!;
      const key = `redemption:${uniqueId()}`;
      return inLedgerTransaction(instance(i), (tx) =>
        postEntry(tx, {
          shopId,
          memberId,
          points: -40,
          kind: "redeem",
          causeType: "redemption",
          causeId: key,
          idempotencyKey: key,
        }),
      ).catch(refusedForPoints);
    });
    calls.push(async (i) => {
      const ids = [...(await memberIds()).values()];
      if (ids.length === 0) return "no member yet";
      return adjustPoints(instance(i), {
        shopId,
        memberId: ids[n % ids.length]!,
        points: n % 2 ? 15 : -15,
        reason: "concurrency",
        staffMember: "s",
        requestId: uniqueId(),
      }).catch(refusedForPoints);
    });
  }
  return calls.sort(() => Math.random() - 0.5);
}

async function checkInvariants(shopId: string, plans: OrderPlan[]) {
  const members = await db.member.findMany({ where: { shopId } });
  for (const member of members) {
    const totals = await db.ledgerEntry.groupBy({
      by: ["kind", "causeType"],
      where: { memberId: member.id },
      _sum: { points: true },
    });
    const fromEntries = balancesFromTotals(
      totals.map((t) => ({ kind: t.kind, causeType: t.causeType, points: t._sum.points ?? 0 })),
    );
    expect(
      { balance: member.balance, pending: member.pending },
      `member ${member.id}: cached balances = its entries`,
    ).toEqual({
      balance: fromEntries.balance,
      pending: fromEntries.pending,
    });
  }
  // Each order's points are placed once: earned outright, or held (a cancellation that won
  // the race against payment leaves them pending, then voids them).
  const placements = await db.ledgerEntry.groupBy({
    by: ["causeId"],
    where: { shopId, kind: { in: ["earn", "hold"] } },
    _count: true,
  });
  expect(
    placements.every((e) => e._count === 1),
    "no order placed its points twice",
  ).toBe(true);
  expect(placements).toHaveLength(plans.length);
  for (const member of members)
    expect(member.pending, "nothing left pending once every order is paid or cancelled").toBe(0);
  for (const plan of plans) {
    const account = await db.orderAccount.findUniqueOrThrow({
      where: { shopId_orderId: { shopId, orderId: plan.id } },
    });
    const refundedMinor = plan.refunds.reduce((s, r) => s + Math.round(Number(r.subtotal) * 100), 0);
    expect(Number(account.refundedMinor)).toBe(refundedMinor);
    expect(account.reversedPoints).toBe(
      reversalTarget({
        earnedPoints: account.earnedPoints,
        spendMinor: Number(account.spendMinor),
        refundedMinor,
        cancelled: plan.cancel,
      }),
    );
  }
  expect((await reconcileShop(db, shopId)).drifted).toEqual([]);
}

async function runConcurrently(
  customers: CustomerFixture[],
  perCustomer: number,
  rule: "payment" | "fulfilment" = "payment",
) {
  const shop = await installShop(db);
  await db.shop.update({ where: { id: shop.id }, data: { pointsReleaseRule: rule } });
  const plans = plansFor(customers, perCustomer);
  const memberIds = async () =>
    new Map(
      (await db.member.findMany({ where: { shopId: shop.id }, select: { id: true, customerId: true } })).map((m) => [
        m.customerId,
        m.id,
      ]),
    );
  const calls = eventsFor(shop.domain, plans, memberIds, shop.id);
  const results = await Promise.allSettled(calls.map((call, i) => call(i)));
  const escaped = results
    .filter((r): r is PromiseRejectedResult => r.status === "rejected")
    .map((r) => String(r.reason));
  expect(escaped, "errors that reached a caller").toEqual([]);
  await checkInvariants(shop.id, plans);
}

describe("the ledger under concurrent load from several instances", () => {
  it("one member: every event of eight orders, twice, with spending and adjustments", async () => {
    await runConcurrently([customerFixture()], 8);
  });

  it("many members at once", async () => {
    await runConcurrently(
      Array.from({ length: 12 }, () => customerFixture()),
      2,
    );
  });

  it("points pending until fulfilment, with creation, payment and fulfilment racing", async () => {
    await runConcurrently(
      Array.from({ length: 6 }, () => customerFixture()),
      2,
      "fulfilment",
    );
  });
});
