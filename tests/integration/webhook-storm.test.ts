/**
 * A webhook storm through the real route and the queue: thousands of signed orders/create,
 * orders/paid, refunds/create, orders/cancelled and orders/fulfilled deliveries for many
 * customers, about 30 % of them redelivered (same X-Shopify-Event-Id), shuffled and sent many
 * at a time, acknowledged while the queue's workers process them, and then by four draining
 * workers at once (so deliveries of one order are processed concurrently).
 * Afterwards every member's balance and pending points equal what an independent, simple
 * model of the programme gives for the final state of their orders, reconciliation finds no
 * drift, and no delivery failed.
 *
 * The model (the shop has no spend rule rows, so Shop.pointsPerUnit earns): an order with a
 * known customer earns E = floor(subtotal × pointsPerUnit); refunds R of subtotal S take back
 * floor(E × min(R, S) / S), a cancellation all of E; what is left is spendable once the order
 * is paid (release on payment) and pending until then, and nothing of a cancelled order stays.
 *
 * PostgreSQL plays 5,000 deliveries with 50 in flight; SQLite, one writer at a time, 500 with 8.
 */
import { describe, expect, it } from "vitest";
import { db, isPostgresClient } from "../../app/db.server";
import { reconcileShop } from "../../app/ledger/reconcile.server";
import {
  cancelledOrderPayload,
  createdOrderPayload,
  fulfilledOrderPayload,
  installShop,
  paidOrderPayload,
  refundPayload,
  uniqueId,
  type CustomerFixture,
} from "../support/factories";
import { webhookRequest } from "../support/signed-requests";
import { acknowledge, drainWebhooks } from "../support/deliver";
import { deliveryQueue } from "../../app/queue/queue.server";

const SCALE = isPostgresClient(db)
  ? { deliveries: 5_000, customers: 200, concurrency: 50 }
  : { deliveries: 500, customers: 40, concurrency: 8 };
const DUPLICATE_SHARE = 0.3;
const POINTS_PER_UNIT = 3;
const SEED = Number(process.env.STORM_SEED ?? 20261123);

/** A small seeded generator (mulberry32): a failing storm can be replayed with STORM_SEED. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    shuffle: <T>(items: T[]) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return items;
    },
  };
}

interface Delivery {
  topic: string;
  payload: unknown;
  eventId: string;
}

/** What happened to one order in the end (the final state Shopify's deliveries describe). */
interface OrderStory {
  id: string;
  customerId: string;
  subtotalMinor: number;
  created: boolean;
  paid: boolean;
  refundsMinor: number[];
  cancelled: boolean;
}

const money = (minor: number) => (minor / 100).toFixed(2);

function storm(rng: ReturnType<typeof random>) {
  const customers: CustomerFixture[] = Array.from({ length: SCALE.customers }, (_, i) => ({
    id: uniqueId(),
    email: `storm${i}@example.com`,
    first_name: "Storm",
    last_name: `Customer ${i}`,
  }));
  const stories: OrderStory[] = [];
  const unique: Delivery[] = [];
  const target = Math.round(SCALE.deliveries * (1 - DUPLICATE_SHARE));
  const event = (topic: string, payload: unknown) => unique.push({ topic, payload, eventId: `storm-${uniqueId()}` });

  while (unique.length < target) {
    // Every customer has an order before any has two.
    const customer = stories.length < customers.length ? customers[stories.length]! : rng.pick(customers);
    const id = uniqueId();
    const subtotalMinor = rng.int(100, 30_000);
    const story: OrderStory = {
      id,
      customerId: customer.id,
      subtotalMinor,
      created: rng.chance(0.6),
      // Some orders are never seen paid or created: their refunds and cancellations find no customer.
      paid: rng.chance(0.8),
      refundsMinor: [],
      cancelled: rng.chance(0.12),
    };
    const refunds = rng.chance(0.45) ? rng.int(1, 3) : 0;
    for (let r = 0; r < refunds; r++) story.refundsMinor.push(rng.int(1, Math.ceil(subtotalMinor / 2)));
    stories.push(story);

    const order = { id, customer, subtotal: money(subtotalMinor) };
    if (story.created) event("orders/create", createdOrderPayload(order));
    if (story.paid) event("orders/paid", paidOrderPayload(order));
    for (const amount of story.refundsMinor) {
      // A refund in one or two lines: the app adds its line subtotals.
      const lines =
        amount > 1 && rng.chance(0.3) ? [Math.floor(amount / 2), amount - Math.floor(amount / 2)] : [amount];
      event("refunds/create", refundPayload({ orderId: id, subtotals: lines.map(money) }));
    }
    if (story.cancelled) event("orders/cancelled", cancelledOrderPayload(id));
    if (rng.chance(0.4)) event("orders/fulfilled", fulfilledOrderPayload(id));
  }
  const redeliveries = Array.from({ length: SCALE.deliveries - unique.length }, () => rng.pick(unique));
  return { stories, unique, deliveries: rng.shuffle([...unique, ...redeliveries]) };
}

/** The independent model: what each member should hold once every delivery is in. */
function expectedPoints(stories: OrderStory[]) {
  const members = new Map<string, { balance: number; pending: number }>();
  const reversed = new Map<string, number>();
  for (const story of stories) {
    // Without orders/create or orders/paid the order's customer is never known.
    if (!story.created && !story.paid) continue;
    const earned = Math.floor((story.subtotalMinor * POINTS_PER_UNIT) / 100);
    const refunded = Math.min(
      story.refundsMinor.reduce((a, b) => a + b, 0),
      story.subtotalMinor,
    );
    const takenBack = story.cancelled
      ? earned
      : Math.min(earned, Math.floor((earned * refunded) / story.subtotalMinor));
    reversed.set(story.id, takenBack);
    const member = members.get(story.customerId) ?? { balance: 0, pending: 0 };
    if (story.paid) member.balance += earned - takenBack;
    else member.pending += earned - takenBack;
    members.set(story.customerId, member);
  }
  return { members, reversed };
}

/** Sends every delivery to the route, `concurrency` at a time; returns each acknowledgement's status. */
async function send(shop: string, deliveries: Delivery[], concurrency: number) {
  const statuses: { status: number; topic: string; error?: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++]!;
      try {
        const response = await acknowledge(webhookRequest({ shop, ...delivery }));
        statuses.push({ status: response.status, topic: delivery.topic });
      } catch (error) {
        // What Remix would answer for an action that throws.
        statuses.push({ status: 500, topic: delivery.topic, error: String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

describe("webhook storm", () => {
  it(`${SCALE.deliveries} shuffled, partly duplicated order webhooks converge on the rules' balances`, async () => {
    const shop = await installShop(db);
    await db.shop.update({ where: { id: shop.id }, data: { pointsPerUnit: POINTS_PER_UNIT } });
    expect(await db.rule.count({ where: { shopId: shop.id } }), "the model assumes no spend rule rows").toBe(0);
    const { stories, unique, deliveries } = storm(random(SEED));
    expect(deliveries).toHaveLength(SCALE.deliveries);

    const queue = await deliveryQueue(db);
    await queue.startWorkers();
    const statuses = await send(shop.domain, deliveries, SCALE.concurrency);
    await Promise.all(Array.from({ length: 4 }, () => drainWebhooks()));
    expect(await queue.health(), "every delivery settled, none retrying").toEqual({
      waiting: 0,
      active: 0,
      retrying: 0,
      oldestWaitingSeconds: null,
    });
    expect(await db.webhookDeadLetter.count({ where: { shopDomain: shop.domain } }), "no dead letter").toBe(0);

    const failures = statuses.filter((s) => s.status !== 200);
    expect(failures.slice(0, 5), `seed ${SEED}: ${failures.length} deliveries not acknowledged`).toEqual([]);
    expect(statuses).toHaveLength(SCALE.deliveries);
    expect(await db.webhookDelivery.count({ where: { shopId: shop.id } })).toBe(unique.length);

    const expected = expectedPoints(stories);
    const members = await db.member.findMany({
      where: { shopId: shop.id },
      select: { customerId: true, balance: true, pending: true },
    });
    const actual = new Map(members.map((m) => [m.customerId, { balance: m.balance, pending: m.pending }]));
    expect(actual.size, `seed ${SEED}: members`).toBe(expected.members.size);
    const wrong = [...expected.members].filter(
      ([customerId, points]) => JSON.stringify(actual.get(customerId)) !== JSON.stringify(points),
    );
    expect(
      wrong
        .slice(0, 5)
        .map(([customerId, points]) => ({ customerId, expected: points, actual: actual.get(customerId) })),
      `seed ${SEED}: ${wrong.length} members off the model`,
    ).toEqual([]);
    // The model is not trivially satisfied: points were earned, taken back and left pending.
    const totals = [...expected.members.values()].reduce(
      (t, m) => ({ balance: t.balance + m.balance, pending: t.pending + m.pending }),
      { balance: 0, pending: 0 },
    );
    expect(totals.balance).toBeGreaterThan(0);
    expect(totals.pending).toBeGreaterThan(0);
    expect([...expected.reversed.values()].some((points) => points > 0)).toBe(true);

    const accounts = await db.orderAccount.findMany({
      where: { shopId: shop.id, memberId: { not: null } },
      select: { orderId: true, reversedPoints: true },
    });
    expect(new Map(accounts.map((a) => [a.orderId, a.reversedPoints]))).toEqual(expected.reversed);

    const report = await reconcileShop(db, shop.id);
    expect(report.membersChecked).toBe(expected.members.size);
    expect(report.drifted).toEqual([]);
  }, 300_000);
});
