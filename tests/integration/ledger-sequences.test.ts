/**
 * Random sequences of order events (created, paid, fulfilled, refunds, cancellations, with
 * exact redeliveries, the same refund under new event ids, and any order of arrival),
 * redemptions, staff adjustments and expiry runs, under each release rule and reversal
 * policy, run through the real webhook route, ledger and jobs against the database, and
 * compared with an independent in-memory model after every sequence. Together they post
 * every kind of entry: earn, hold, release, void, redeem, reverse, expire and adjust.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { balancesFromTotals } from "../../app/domain/reconcile";
import { adjustPoints } from "../../app/ledger/adjust.server";
import { expireDuePoints } from "../../app/ledger/expire.server";
import { inLedgerTransaction, InsufficientPointsError, postEntry } from "../../app/ledger/ledger.server";
import {
  cancelledOrderPayload,
  customerFixture,
  fulfilledOrderPayload,
  installShop,
  paidOrderPayload,
  refundPayload,
  uniqueId,
} from "../support/factories";
import { webhookRequest } from "../support/signed-requests";
import { deliverWebhook } from "../support/deliver";

type Op =
  | { type: "created"; order: number }
  | { type: "fulfilled"; order: number }
  | { type: "expire" }
  | { type: "paid"; order: number }
  | { type: "refund"; order: number; refund: number; cents: number }
  | { type: "cancel"; order: number }
  | { type: "redeliver"; pick: number }
  | { type: "redeem"; points: number }
  | { type: "adjust"; points: number };

const ORDERS = 3;
const SUBTOTALS = [100_00, 250_00, 40_00]; // cents; 1 point per dollar

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ type: fc.constant("created" as const), order: fc.nat(ORDERS - 1) }),
  fc.record({ type: fc.constant("fulfilled" as const), order: fc.nat(ORDERS - 1) }),
  fc.record({ type: fc.constant("expire" as const) }),
  fc.record({ type: fc.constant("paid" as const), order: fc.nat(ORDERS - 1) }),
  fc.record({
    type: fc.constant("refund" as const),
    order: fc.nat(ORDERS - 1),
    refund: fc.nat(3),
    cents: fc.integer({ min: 1, max: 120_00 }),
  }),
  fc.record({ type: fc.constant("cancel" as const), order: fc.nat(ORDERS - 1) }),
  fc.record({ type: fc.constant("redeliver" as const), pick: fc.nat() }),
  fc.record({ type: fc.constant("redeem" as const), points: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ type: fc.constant("adjust" as const), points: fc.integer({ min: -50, max: 80 }).filter((n) => n !== 0) }),
);

type Rule = "payment" | "fulfilment";
type Policy = "allow_negative" | "cap_at_zero";

/**
 * The model, written from the product rules rather than from the app's code: each order's
 * points are placed once (spendable at once when the shop releases on payment and the order
 * is paid, pending otherwise), refunds and cancellations take back up to
 * floor(earned × refunded / subtotal) (everything when cancelled), pending points first, and
 * pending points become spendable when the rule is met.
 */
class Model {
  balance = 0;
  pending = 0;
  shortfall = 0;
  orders = SUBTOTALS.map((cents) => ({
    cents,
    known: false,
    paid: false,
    fulfilled: false,
    cancelled: false,
    refunded: 0,
    state: "none" as "none" | "held" | "released",
    held: 0,
    reversed: 0,
  }));
  refundsSeen = new Set<string>();

  constructor(
    readonly policy: Policy,
    readonly rule: Rule,
  ) {}

  private update(k: number) {
    const o = this.orders[k]!;
    const earned = Math.floor(o.cents / 100);
    if (o.state === "none" && o.known) {
      if (this.rule === "payment" && o.paid && !o.cancelled) {
        this.balance += earned;
        o.state = "released";
      } else {
        o.held = earned;
        this.pending += earned;
        o.state = "held";
      }
    }
    if (o.state !== "none") {
      const target = o.cancelled
        ? earned
        : Math.min(earned, Math.floor((earned * Math.min(o.refunded, o.cents)) / o.cents));
      const due = Math.max(0, target - o.reversed);
      const fromPending = Math.min(o.held, due);
      o.held -= fromPending;
      this.pending -= fromPending;
      const fromBalance = due - fromPending;
      const debit = this.policy === "allow_negative" ? fromBalance : Math.min(fromBalance, Math.max(0, this.balance));
      this.balance -= debit;
      this.shortfall += fromBalance - debit;
      o.reversed = Math.max(o.reversed, target);
    }
    const releaseDue = o.paid && (this.rule === "payment" || o.fulfilled);
    if (o.state === "held" && releaseDue && !o.cancelled) {
      this.balance += o.held;
      this.pending -= o.held;
      o.held = 0;
      o.state = "released";
    }
  }
  created(k: number) {
    this.orders[k]!.known = true;
    this.update(k);
  }
  paid(k: number) {
    Object.assign(this.orders[k]!, { known: true, paid: true });
    this.update(k);
  }
  fulfilled(k: number) {
    this.orders[k]!.fulfilled = true;
    this.update(k);
  }
  refund(k: number, id: string, cents: number) {
    if (this.refundsSeen.has(id)) return;
    this.refundsSeen.add(id);
    this.orders[k]!.refunded += cents;
    this.update(k);
  }
  cancel(k: number) {
    this.orders[k]!.cancelled = true;
    this.update(k);
  }
  /** Every spendable point expires (the run is far past every lot's date); debts stay. */
  expire() {
    this.balance = Math.min(this.balance, 0);
  }
  /** Debits succeed only when the balance covers them. */
  debit(points: number): boolean {
    if (this.balance < points) return false;
    this.balance -= points;
    return true;
  }
}

async function runSequence(ops: Op[], policy: Policy, rule: Rule) {
  const shop = await installShop(db);
  // Points last a month: the expire op runs the job far enough ahead to expire them all.
  await db.shop.update({
    where: { id: shop.id },
    data: { reversalPolicy: policy, pointsReleaseRule: rule, expiryMode: "fixed", expiryMonths: 1 },
  });
  const customer = customerFixture();
  const orderIds = SUBTOTALS.map(() => uniqueId());
  const refundIds = Array.from({ length: ORDERS * 4 }, () => uniqueId());
  const model = new Model(policy, rule);
  const sent: { topic: string; payload: unknown; eventId: string }[] = [];

  const send = async (topic: string, payload: unknown, eventId = `evt-${uniqueId()}`) => {
    const response = await deliverWebhook(webhookRequest({ shop: shop.domain, topic, payload, eventId }));
    expect(response.status).toBe(200);
    sent.push({ topic, payload, eventId });
  };
  const memberId = async () =>
    (await db.member.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId: customer.id } } }))?.id;

  for (const op of ops) {
    switch (op.type) {
      case "created":
        await send(
          "orders/create",
          paidOrderPayload({ id: orderIds[op.order], customer, subtotal: (SUBTOTALS[op.order]! / 100).toFixed(2) }),
        );
        model.created(op.order);
        break;
      case "fulfilled":
        await send("orders/fulfilled", fulfilledOrderPayload(orderIds[op.order]!));
        model.fulfilled(op.order);
        break;
      case "expire":
        await expireDuePoints(db, { shopId: shop.id, now: new Date(Date.now() + 400 * 86_400_000) });
        model.expire();
        break;
      case "paid":
        await send(
          "orders/paid",
          paidOrderPayload({ id: orderIds[op.order], customer, subtotal: (SUBTOTALS[op.order]! / 100).toFixed(2) }),
        );
        model.paid(op.order);
        break;
      case "refund": {
        const id = refundIds[op.order * 4 + op.refund]!;
        // A refund id always carries the amount it first had, as Shopify's would.
        const first = sent.find((s) => s.topic === "refunds/create" && (s.payload as { id: number }).id === Number(id));
        const cents = first
          ? Math.round(
              Number((first.payload as { refund_line_items: { subtotal: string }[] }).refund_line_items[0]!.subtotal) *
                100,
            )
          : op.cents;
        await send(
          "refunds/create",
          refundPayload({ orderId: orderIds[op.order]!, id, subtotals: [(cents / 100).toFixed(2)] }),
        );
        model.refund(op.order, id, cents);
        break;
      }
      case "cancel":
        await send("orders/cancelled", cancelledOrderPayload(orderIds[op.order]!));
        model.cancel(op.order);
        break;
      case "redeliver": {
        if (sent.length === 0) break;
        const again = sent[op.pick % sent.length]!;
        const response = await deliverWebhook(
          webhookRequest({ shop: shop.domain, topic: again.topic, payload: again.payload, eventId: again.eventId }),
        );
        expect(response.status).toBe(200);
        break;
      }
      case "redeem": {
        const id = await memberId();
        if (!id) break;
        const expected = model.debit(op.points);
        const key = `redemption:${uniqueId()}`;
        const result = await inLedgerTransaction(db, (tx) =>
          postEntry(tx, {
            shopId: shop.id,
            memberId: id,
            points: -op.points,
            kind: "redeem",
            causeType: "redemption",
            causeId: key,
            idempotencyKey: key,
          }),
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
        const result = await adjustPoints(db, {
          shopId: shop.id,
          memberId: id,
          points: op.points,
          reason: "test",
          staffMember: "s",
          requestId: uniqueId(),
        }).then(
          () => true,
          (error) => (error instanceof InsufficientPointsError ? false : Promise.reject(error)),
        );
        expect(result).toBe(expected);
        break;
      }
    }
  }

  const member = await db.member.findUnique({
    where: { shopId_customerId: { shopId: shop.id, customerId: customer.id } },
  });
  const balance = member?.balance ?? 0;
  expect({ balance, pending: member?.pending ?? 0 }).toEqual({ balance: model.balance, pending: model.pending });
  if (member) {
    const totals = await db.ledgerEntry.groupBy({
      by: ["kind", "causeType"],
      where: { memberId: member.id },
      _sum: { points: true },
    });
    const fromEntries = balancesFromTotals(
      totals.map((t) => ({ kind: t.kind, causeType: t.causeType, points: t._sum.points ?? 0 })),
    );
    expect({ balance: fromEntries.balance, pending: fromEntries.pending }, "cached balances = their entries").toEqual({
      balance,
      pending: member.pending,
    });
    expect(member.pending).toBeGreaterThanOrEqual(0);
  }
  if (policy === "cap_at_zero") expect(balance).toBeGreaterThanOrEqual(0);
  const accounts = await db.orderAccount.findMany({ where: { shopId: shop.id } });
  for (const account of accounts) expect(account.reversedPoints).toBeLessThanOrEqual(account.earnedPoints);
  expect(accounts.reduce((s, a) => s + a.shortfallPoints, 0)).toBe(model.shortfall);
  for (const k of await db.ledgerEntry.groupBy({ by: ["kind"], where: { shopId: shop.id } })) kindsSeen.add(k.kind);
  // Nothing placed twice: one earn or hold entry per order at most.
  const placements = await db.ledgerEntry.groupBy({
    by: ["causeId"],
    where: { shopId: shop.id, kind: { in: ["earn", "hold"] } },
    _count: true,
  });
  for (const e of placements) expect(e._count).toBe(1);
}

/** One sequence, always run first, that posts every kind of entry under "payment". */
const everyKind: Op[] = [
  { type: "created", order: 1 }, // hold
  { type: "paid", order: 0 }, // earn
  { type: "paid", order: 1 }, // release
  { type: "created", order: 2 }, // hold
  { type: "cancel", order: 2 }, // void
  { type: "adjust", points: 60 }, // adjust
  { type: "redeem", points: 10 }, // redeem
  { type: "cancel", order: 0 }, // reverse
  { type: "expire" }, // expire
];

/** Entry kinds the sequences posted, so the property cannot pass without exercising them. */
const kindsSeen = new Set<string>();

describe("ledger under random event sequences", () => {
  afterAll(() => {
    expect([...kindsSeen].sort()).toEqual(["adjust", "earn", "expire", "hold", "redeem", "release", "reverse", "void"]);
  });

  for (const rule of ["payment", "fulfilment"] as const) {
    for (const policy of ["allow_negative", "cap_at_zero"] as const) {
      it(`matches the model (release on ${rule}, ${policy})`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), (ops) => runSequence(ops, policy, rule)),
          { numRuns: 10, examples: [[everyKind]] },
        );
      });
    }
  }
});
