/**
 * The order transaction's two paths (docs/decisions/0020): the same deliveries through each
 * write the same rows and answer the same outcomes; the direct path converges under
 * concurrent deliveries; and the transaction exported for pgbench writes what the app writes.
 * On SQLite there is only the Prisma path: both ways are then that path, which is what the
 * first test holds.
 */
import { describe, expect, it } from "vitest";
import { db, postgresPoolOf } from "../../app/db.server";
import { ledgerKeys } from "../../app/domain/ledger";
import { paidOrderTransaction } from "../../app/orders/order-store-postgres.server";
import { orderTransactionPath, type OrderTransactionPath } from "../../app/orders/order-store.server";
import { createRule } from "../../app/rules/rules.server";
import { createDeliveryBatch } from "../../app/webhooks/batch.server";
import { dispatchWebhook } from "../../app/webhooks/dispatch.server";
import { parseWebhookBody } from "../../app/webhooks/json-body";
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
import type { JsonObject } from "../support/webhook-fixtures";

const onPostgres = postgresPoolOf(db) !== null;

type Delivery = { topic: string; payload: JsonObject; eventId: string; triggeredAt?: string };

/** What the route would hand the dispatch: the payload as sent, read back as JSON. */
async function deliver(domain: string, delivery: Delivery, path: OrderTransactionPath) {
  const batch = createDeliveryBatch(db, { orderTransactions: path });
  return dispatchWebhook(
    db,
    {
      shopDomain: domain,
      topic: delivery.topic,
      deliveryId: delivery.eventId,
      triggeredAt: delivery.triggeredAt ?? null,
      payload: parseWebhookBody(JSON.stringify(delivery.payload)),
    },
    batch,
  );
}

/** A shop's order rows with what differs by construction (ids, clocks) named by what it stands for. */
async function rowsOf(shopId: string) {
  const members = await db.member.findMany({ where: { shopId }, orderBy: { customerId: "asc" } });
  const rules = await db.rule.findMany({ where: { shopId }, orderBy: { position: "asc" } });
  const names = new Map<string, string>([
    ...members.map((m) => [m.id, `member:${m.customerId}`] as const),
    ...rules.map((r, i) => [r.id, `rule:${i}`] as const),
  ]);
  const named = (text: string | null) =>
    text === null ? null : [...names].reduce((out, [id, name]) => out.split(id).join(name), text);
  const at = (date: Date | null) => date !== null;
  return {
    members: members.map((m) => ({
      customerId: m.customerId,
      email: m.email,
      firstName: m.firstName,
      lastName: m.lastName,
      searchText: m.searchText,
      balance: m.balance,
      pending: m.pending,
      lifetimeEarned: m.lifetimeEarned,
      lifetimeRedeemed: m.lifetimeRedeemed,
      lastActivityAt: at(m.lastActivityAt),
      profileSyncedAt: m.profileSyncedAt?.toISOString() ?? null,
      referredByCustomerId: m.referredByCustomerId,
    })),
    accounts: (await db.orderAccount.findMany({ where: { shopId }, orderBy: { orderId: "asc" } })).map((a) => ({
      ...a,
      shopId: undefined,
      memberId: named(a.memberId),
      spendAwards: JSON.parse(named(a.spendAwards)!).map((award: { ruleId: string }) => award.ruleId),
      earnComponents: JSON.parse(named(a.earnComponents)!) as unknown,
      paidAt: at(a.paidAt),
      fulfilledAt: at(a.fulfilledAt),
      cancelledAt: at(a.cancelledAt),
      createdAt: undefined,
      updatedAt: undefined,
    })),
    entries: (await db.ledgerEntry.findMany({ where: { shopId }, orderBy: { idempotencyKey: "asc" } })).map((e) => ({
      memberId: named(e.memberId),
      points: e.points,
      kind: e.kind,
      causeType: e.causeType,
      causeId: e.causeId,
      reason: named(e.reason),
      idempotencyKey: e.idempotencyKey,
      fingerprint: named(e.fingerprint),
      balanceAfter: e.balanceAfter,
    })),
    lots: (await db.pointLot.findMany({ where: { shopId }, include: { entry: true } }))
      .sort((x, y) => x.entry.idempotencyKey.localeCompare(y.entry.idempotencyKey))
      .map((l) => ({
        entry: l.entry.idempotencyKey,
        memberId: named(l.memberId),
        amount: l.amount,
        remaining: l.remaining,
        expires: at(l.expiresAt),
      })),
    deliveries: (await db.webhookDelivery.findMany({ where: { shopId }, orderBy: { eventId: "asc" } })).map((d) => ({
      eventId: d.eventId,
      topic: d.topic,
    })),
    // The dashboard's order facts (the date is the payload's, which the bench sample does not carry).
    facts: (await db.orderFact.findMany({ where: { shopId }, orderBy: { orderId: "asc" } })).map((f) => ({
      orderId: f.orderId,
      totalMinor: f.totalMinor,
      refundedMinor: f.refundedMinor,
      currencyCode: f.currencyCode,
      memberId: named(f.memberId),
      buyerKey: f.buyerKey !== null,
      source: f.source,
      cancelledAt: at(f.cancelledAt),
    })),
    refunds: (await db.orderRefund.findMany({ where: { shopId }, orderBy: { refundId: "asc" } })).map((r) => ({
      refundId: r.refundId,
      orderId: r.orderId,
      amountMinor: r.amountMinor,
    })),
  };
}

/** Each delivery's outcome, with member ids named by customer. */
async function outcomesNamed(shopId: string, outcomes: unknown[]) {
  const members = await db.member.findMany({ where: { shopId } });
  const text = members.reduce((out, m) => out.split(m.id).join(`member:${m.customerId}`), JSON.stringify(outcomes));
  return JSON.parse(text) as unknown;
}

/** A life of orders: new and known customers, redelivery, refunds, cancellation, guest checkout. */
function orderLife(): Delivery[] {
  const ada = customerFixture();
  const bob = customerFixture();
  const first = paidOrderPayload({ customer: ada, subtotal: "120.00" });
  const second = paidOrderPayload({ customer: ada, subtotal: "35.50" });
  const third = createdOrderPayload({ customer: bob, subtotal: "80.00" });
  const guest = paidOrderPayload({ customer: null, subtotal: "10.00" });
  const refund = refundPayload({ orderId: first.id, subtotals: ["20.00", "5.00"] });
  const e = (name: string) => `event-${name}-${uniqueId()}`;
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 12, minutes)).toISOString();
  const paidFirst = { topic: "orders/paid", payload: first, eventId: e("paid-1"), triggeredAt: at(1) };
  return [
    paidFirst,
    paidFirst, // the same delivery again
    { topic: "orders/paid", payload: first, eventId: e("paid-1-again"), triggeredAt: at(2) },
    { topic: "orders/paid", payload: second, eventId: e("paid-2"), triggeredAt: at(0) }, // older details
    { topic: "orders/create", payload: third, eventId: e("created-3"), triggeredAt: at(3) },
    { topic: "refunds/create", payload: refund, eventId: e("refund-1") },
    { topic: "refunds/create", payload: refund, eventId: e("refund-1-again") },
    { topic: "orders/fulfilled", payload: fulfilledOrderPayload(third.id), eventId: e("fulfilled-3") },
    { topic: "orders/paid", payload: { ...third, financial_status: "paid" }, eventId: e("paid-3"), triggeredAt: at(4) },
    { topic: "orders/cancelled", payload: cancelledOrderPayload(second.id), eventId: e("cancelled-2") },
    { topic: "orders/paid", payload: guest, eventId: e("paid-guest") },
  ];
}

const SHOPS = {
  "releases on payment, refunds may go negative": {},
  "releases on fulfilment, refunds capped at zero": { pointsReleaseRule: "fulfilment", reversalPolicy: "cap_at_zero" },
} as const;

describe("order transactions, Prisma and direct", () => {
  it("are direct by default on PostgreSQL only: SQLite has the Prisma path alone", () => {
    expect(orderTransactionPath(db, "direct")).toBe(onPostgres ? "direct" : "prisma");
    expect(orderTransactionPath(db, "prisma")).toBe("prisma");
    expect(createDeliveryBatch(db, { orderTransactions: "direct" }).orderTransactions).toBe(
      onPostgres ? "direct" : "prisma",
    );
  });

  for (const [settings, data] of Object.entries(SHOPS)) {
    for (const pricing of ["the shop's rate", "spend rules"] as const) {
      it(`write the same rows and answer the same for the same deliveries (${settings}, ${pricing})`, async () => {
        const life = orderLife();
        const results: Record<OrderTransactionPath, { rows: unknown; outcomes: unknown }> = {} as never;
        for (const path of ["prisma", "direct"] as const) {
          const shop = await installShop(db);
          await db.shop.update({ where: { id: shop.id }, data });
          if (pricing === "spend rules") {
            await createRule(db, shop.id, {
              kind: "spend",
              name: "Double",
              pointsPerUnit: 2,
              firstOrderBonusPoints: 7,
            });
          }
          const outcomes = [];
          for (const delivery of life) outcomes.push(await deliver(shop.domain, delivery, path));
          results[path] = { rows: await rowsOf(shop.id), outcomes: await outcomesNamed(shop.id, outcomes) };
        }
        expect(results.direct.rows).toEqual(results.prisma.rows);
        expect(results.direct.outcomes).toEqual(results.prisma.outcomes);
        // Not an empty comparison: points were placed, given back and refused.
        expect(JSON.stringify(results.direct.outcomes)).toContain("duplicate_delivery");
        expect((results.direct.rows as Awaited<ReturnType<typeof rowsOf>>).entries.length).toBeGreaterThan(3);
      });
    }
  }

  it("converge on the direct path when one order's deliveries race: once each, balances match the ledger", async () => {
    const shop = await installShop(db);
    const customer = customerFixture();
    const order = paidOrderPayload({ customer, subtotal: "60.00" });
    const other = paidOrderPayload({ customer, subtotal: "15.00" });
    const eventId = `event-${uniqueId()}`;
    const refund = refundPayload({ orderId: order.id, subtotals: ["10.00"] });
    const racing: Delivery[] = [
      ...Array.from({ length: 4 }, () => ({ topic: "orders/paid", payload: order, eventId })),
      ...Array.from({ length: 3 }, (_, i) => ({ topic: "orders/paid", payload: order, eventId: `${eventId}-${i}` })),
      { topic: "orders/paid", payload: other, eventId: `event-${uniqueId()}` },
      ...Array.from({ length: 2 }, (_, i) => ({ topic: "refunds/create", payload: refund, eventId: `refund-${i}` })),
    ];
    const outcomes = await Promise.all(racing.map((delivery) => deliver(shop.domain, delivery, "direct")));

    expect(outcomes.every((o) => o.status === "handled")).toBe(true);
    const results = outcomes.map((o) => (o.status === "handled" ? (o.result as { status: string }).status : null));
    expect(results.filter((s) => s === "awarded")).toHaveLength(2);
    expect(results.filter((s) => s === "duplicate_delivery")).toHaveLength(3);
    const members = await db.member.findMany({ where: { shopId: shop.id } });
    expect(members).toHaveLength(1);
    const entries = await db.ledgerEntry.findMany({ where: { shopId: shop.id } });
    const keys = entries.map((e) => e.idempotencyKey).sort();
    expect(keys).toEqual(
      [
        ledgerKeys.orderEarn(String(order.id)),
        ledgerKeys.orderEarn(String(other.id)),
        ledgerKeys.orderReversedTo(String(order.id), 10),
      ].sort(),
    );
    expect(members[0]!.balance).toBe(entries.reduce((sum, e) => sum + e.points, 0));
    expect(members[0]!.balance).toBe(60 + 15 - 10);
    const lots = await db.pointLot.findMany({ where: { shopId: shop.id } });
    expect(lots.reduce((sum, l) => sum + l.remaining, 0)).toBe(members[0]!.balance);
    expect(await db.webhookDelivery.count({ where: { shopId: shop.id } })).toBe(1 + 3 + 1 + 2);
  });

  it("exports the paid-order transaction for pgbench, which writes what the app writes", async () => {
    const statements = paidOrderTransaction();
    expect(statements[0]!.text).toBe("BEGIN");
    expect(statements.at(-1)!.text).toBe("COMMIT");
    for (const statement of statements) {
      const highest = Math.max(0, ...[...statement.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      expect(statement.parameters).toHaveLength(highest);
      expect(statement.values).toHaveLength(highest);
    }
    const pool = postgresPoolOf(db);
    if (!pool) return; // SQLite: nothing runs these statements.

    const customer = customerFixture();
    const order = paidOrderPayload({ customer, subtotal: "42.00" });
    const triggeredAt = new Date(Date.UTC(2026, 10, 2, 9, 30)).toISOString();
    const eventId = `event-${uniqueId()}`;
    const app = await installShop(db);
    await deliver(app.domain, { topic: "orders/paid", payload: order, eventId, triggeredAt }, "direct");

    const bench = await installShop(db);
    const client = await pool.connect();
    try {
      const sample = {
        shopId: bench.id,
        eventId,
        orderId: String(order.id),
        customerId: customer.id,
        email: customer.email,
        firstName: customer.first_name,
        lastName: customer.last_name,
        spendMinor: 4200,
        points: 42,
        producedAt: new Date(triggeredAt),
      };
      for (const statement of paidOrderTransaction(sample)) await client.query(statement.text, statement.values);
    } finally {
      client.release();
    }
    expect(await rowsOf(bench.id)).toEqual(await rowsOf(app.id));
  });
});
