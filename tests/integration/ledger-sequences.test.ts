/**
 * Random sequences of order events (paid, refunds, cancellations, with exact redeliveries,
 * the same refund under new event ids, and any order of arrival), redemptions and staff
 * adjustments, run through the real webhook route and ledger against the database, and
 * compared with an independent in-memory model after every sequence.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { adjustPoints } from "../../app/ledger/adjust.server";
import { inLedgerTransaction, InsufficientPointsError, postEntry } from "../../app/ledger/ledger.server";
import { action as webhook } from "../../app/routes/webhooks";
import { customerFixture, installShop, paidOrderPayload, refundPayload, uniqueId } from "../support/factories";
import { callRoute, webhookRequest } from "../support/signed-requests";

type Op =
  | { type: "paid"; order: number }
  | { type: "refund"; order: number; refund: number; cents: number }
  | { type: "cancel"; order: number }
  | { type: "redeliver"; pick: number }
  | { type: "redeem"; points: number }
  | { type: "adjust"; points: number };

const ORDERS = 3;
const SUBTOTALS = [100_00, 250_00, 40_00]; // cents; 1 point per dollar

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ type: fc.constant("paid" as const), order: fc.nat(ORDERS - 1) }),
  fc.record({ type: fc.constant("refund" as const), order: fc.nat(ORDERS - 1), refund: fc.nat(3), cents: fc.integer({ min: 1, max: 120_00 }) }),
  fc.record({ type: fc.constant("cancel" as const), order: fc.nat(ORDERS - 1) }),
  fc.record({ type: fc.constant("redeliver" as const), pick: fc.nat() }),
  fc.record({ type: fc.constant("redeem" as const), points: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ type: fc.constant("adjust" as const), points: fc.integer({ min: -50, max: 80 }).filter((n) => n !== 0) }),
);

/** The model: what each order earned and gave back, and the member's balance. */
class Model {
  balance = 0;
  shortfall = 0;
  orders = SUBTOTALS.map((cents) => ({ cents, paid: false, earned: 0, refunded: 0, cancelled: false, reversed: 0 }));
  refundsSeen = new Set<string>();

  constructor(readonly policy: "allow_negative" | "cap_at_zero") {}

  private settle(k: number) {
    const o = this.orders[k]!;
    if (!o.paid || o.earned === 0) return;
    const target = o.cancelled ? o.earned : Math.min(o.earned, Math.floor((o.earned * Math.min(o.refunded, o.cents)) / o.cents));
    const due = Math.max(0, target - o.reversed);
    const debit = this.policy === "allow_negative" ? due : Math.min(due, Math.max(0, this.balance));
    this.balance -= debit;
    this.shortfall += due - debit;
    o.reversed = Math.max(o.reversed, target);
  }
  paid(k: number) {
    const o = this.orders[k]!;
    if (o.paid) return;
    o.paid = true;
    o.earned = Math.floor(o.cents / 100);
    this.balance += o.earned;
    this.settle(k);
  }
  refund(k: number, id: string, cents: number) {
    if (this.refundsSeen.has(id)) return;
    this.refundsSeen.add(id);
    this.orders[k]!.refunded += cents;
    this.settle(k);
  }
  cancel(k: number) {
    this.orders[k]!.cancelled = true;
    this.settle(k);
  }
  /** Debits succeed only when the balance covers them. */
  debit(points: number): boolean {
    if (this.balance < points) return false;
    this.balance -= points;
    return true;
  }
}

async function runSequence(ops: Op[], policy: "allow_negative" | "cap_at_zero") {
  const shop = await installShop(db);
  await db.shop.update({ where: { id: shop.id }, data: { reversalPolicy: policy } });
  const customer = customerFixture();
  const orderIds = SUBTOTALS.map(() => uniqueId());
  const refundIds = Array.from({ length: ORDERS * 4 }, () => uniqueId());
  const model = new Model(policy);
  const sent: { topic: string; payload: unknown; eventId: string }[] = [];

  const send = async (topic: string, payload: unknown, eventId = `evt-${uniqueId()}`) => {
    const response = await callRoute(webhook, webhookRequest({ shop: shop.domain, topic, payload, eventId }));
    expect(response.status).toBe(200);
    sent.push({ topic, payload, eventId });
  };
  const memberId = async () =>
    (await db.member.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId: customer.id } } }))?.id;

  for (const op of ops) {
    switch (op.type) {
      case "paid":
        await send("orders/paid", paidOrderPayload({ id: orderIds[op.order], customer, subtotal: (SUBTOTALS[op.order]! / 100).toFixed(2) }));
        model.paid(op.order);
        break;
      case "refund": {
        const id = refundIds[op.order * 4 + op.refund]!;
        // A refund id always carries the amount it first had, as Shopify's would.
        const first = sent.find((s) => s.topic === "refunds/create" && (s.payload as { id: number }).id === Number(id));
        const cents = first ? Math.round(Number((first.payload as { refund_line_items: { subtotal: string }[] }).refund_line_items[0]!.subtotal) * 100) : op.cents;
        await send("refunds/create", refundPayload({ orderId: orderIds[op.order]!, id, subtotals: [(cents / 100).toFixed(2)] }));
        model.refund(op.order, id, cents);
        break;
      }
      case "cancel":
        await send("orders/cancelled", { id: Number(orderIds[op.order]) });
        model.cancel(op.order);
        break;
      case "redeliver": {
        if (sent.length === 0) break;
        const again = sent[op.pick % sent.length]!;
        const response = await callRoute(webhook, webhookRequest({ shop: shop.domain, topic: again.topic, payload: again.payload, eventId: again.eventId }));
        expect(response.status).toBe(200);
        break;
      }
      case "redeem": {
        const id = await memberId();
        if (!id) break;
        const expected = model.debit(op.points);
        const key = `redemption:${uniqueId()}`;
        const result = await inLedgerTransaction(db, (tx) =>
          postEntry(tx, { shopId: shop.id, memberId: id, points: -op.points, kind: "redeem", causeType: "redemption", causeId: key, idempotencyKey: key }),
        ).then(
          () => true,
          (error) => (error instanceof InsufficientPointsError ? false : Promise.reject(error)),
        );
        expect(result).toBe(expected);
        break;
      }
      case "adjust": {
        const id = await memberId();
        if (!id) break;
        const expected = op.points > 0 || model.debit(-op.points);
        if (op.points > 0) model.balance += op.points;
        const result = await adjustPoints(db, { shopId: shop.id, memberId: id, points: op.points, reason: "test", staffMember: "s", requestId: uniqueId() }).then(
          () => true,
          (error) => (error instanceof InsufficientPointsError ? false : Promise.reject(error)),
        );
        expect(result).toBe(expected);
        break;
      }
    }
  }

  const member = await db.member.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId: customer.id } } });
  const balance = member?.balance ?? 0;
  expect(balance).toBe(model.balance);
  if (member) {
    const { _sum } = await db.ledgerEntry.aggregate({ where: { memberId: member.id }, _sum: { points: true } });
    expect(_sum.points ?? 0).toBe(balance);
  }
  if (policy === "cap_at_zero") expect(balance).toBeGreaterThanOrEqual(0);
  const accounts = await db.orderAccount.findMany({ where: { shopId: shop.id } });
  for (const account of accounts) expect(account.reversedPoints).toBeLessThanOrEqual(account.earnedPoints);
  expect(accounts.reduce((s, a) => s + a.shortfallPoints, 0)).toBe(model.shortfall);
  // Nothing earned twice: one earn entry per paid order at most.
  const earns = await db.ledgerEntry.groupBy({ by: ["causeId"], where: { shopId: shop.id, kind: "earn" }, _count: true });
  for (const e of earns) expect(e._count).toBe(1);
}

describe("ledger under random event sequences", () => {
  for (const policy of ["allow_negative", "cap_at_zero"] as const) {
    it(`matches the model (${policy})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), (ops) => runSequence(ops, policy)),
        { numRuns: 12 },
      );
    });
  }
});
