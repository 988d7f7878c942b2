/**
 * Several app instances on one database (issue 9): two workers on the same queue, draining it
 * at once or running as `npm start` runs them, settle every delivery exactly once between them
 * and credit every order once. And on SQLite the queue is the embedded one: the database file
 * is all it needs.
 */
import { afterEach, describe, expect, it } from "vitest";
import { db, isPostgresClient } from "../../app/db.server";
import type { DeliveryQueue, QueuedDelivery, Settlement } from "../../app/queue/delivery-queue";
import { deliveryQueue, deliveryQueueName, openDeliveryQueue } from "../../app/queue/queue.server";
import { acknowledge } from "../support/deliver";
import { customerFixture, installShop, paidOrderPayload, uniqueId } from "../support/factories";
import { webhookRequest } from "../support/signed-requests";

const DELIVERIES = 200;
const CUSTOMERS = 20;

const opened: DeliveryQueue[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.stop()));
});

/** Settlements seen by every worker, by delivery id. */
function settlementLog() {
  const byDelivery = new Map<string, Settlement[]>();
  return {
    byDelivery,
    record: (delivery: QueuedDelivery, settlement: Settlement) =>
      byDelivery.set(delivery.deliveryId, [...(byDelivery.get(delivery.deliveryId) ?? []), settlement]),
  };
}

/** A worker of another instance: its own queue client on this file's queue. */
async function instance(onSettled: (delivery: QueuedDelivery, settlement: Settlement) => void) {
  let settled = 0;
  const queue = await openDeliveryQueue(db, {
    queueName: deliveryQueueName(),
    onSettled: (delivery, settlement) => {
      settled++;
      onSettled(delivery, settlement);
    },
  });
  opened.push(queue);
  return { queue, settled: () => settled };
}

/** A shop, CUSTOMERS customers and DELIVERIES paid orders of 1.00 to 10.00 spread over them. */
async function orders() {
  const shop = await installShop(db);
  const customers = Array.from({ length: CUSTOMERS }, () => customerFixture());
  const deliveries = Array.from({ length: DELIVERIES }, (_, i) => {
    const customer = customers[i % CUSTOMERS]!;
    const points = 1 + (i % 10);
    return {
      customer,
      points,
      eventId: `evt-${uniqueId()}`,
      payload: paidOrderPayload({ customer, subtotal: `${points}.00` }),
    };
  });
  return { shop, customers, deliveries };
}

async function ackAll(shopDomain: string, deliveries: Awaited<ReturnType<typeof orders>>["deliveries"]) {
  // Several at a time, as Shopify sends them.
  for (let i = 0; i < deliveries.length; i += 10) {
    const statuses = await Promise.all(
      deliveries.slice(i, i + 10).map(async ({ payload, eventId }) => {
        const response = await acknowledge(
          webhookRequest({ shop: shopDomain, topic: "orders/paid", payload, eventId }),
        );
        return response.status;
      }),
    );
    expect(statuses).toEqual(Array(statuses.length).fill(200));
  }
}

/** Every delivery settled exactly once, "done"; every order credited once, to its customer. */
async function expectEachOnce(
  { shop, customers, deliveries }: Awaited<ReturnType<typeof orders>>,
  log: ReturnType<typeof settlementLog>,
) {
  expect(log.byDelivery.size).toBe(DELIVERIES);
  const notOnce = [...log.byDelivery].filter(([, settlements]) => settlements.length !== 1);
  expect(notOnce).toEqual([]);
  expect(new Set([...log.byDelivery.values()].map(([settlement]) => settlement!.status))).toEqual(new Set(["done"]));

  const entries = await db.ledgerEntry.findMany({ where: { shopId: shop.id, causeType: "order" } });
  expect(entries).toHaveLength(DELIVERIES);
  expect(new Set(entries.map((entry) => entry.causeId)).size).toBe(DELIVERIES);
  const members = await db.member.findMany({ where: { shopId: shop.id } });
  const balances = new Map(members.map((member) => [member.customerId, member.balance]));
  const expected = new Map(customers.map((customer) => [customer.id, 0]));
  for (const { customer, points } of deliveries) expected.set(customer.id, expected.get(customer.id)! + points);
  expect(balances).toEqual(expected);
  expect(await db.webhookDeadLetter.count({ where: { shopDomain: shop.domain } })).toBe(0);
}

describe("two instances on one database", () => {
  it("drain one queue at once and settle each delivery exactly once between them", async () => {
    const story = await orders();
    await ackAll(story.shop.domain, story.deliveries);
    const log = settlementLog();
    const [a, b] = [await instance(log.record), await instance(log.record)];

    const [drainedA, drainedB] = await Promise.all([a.queue.drain(), b.queue.drain()]);

    expect(drainedA.processed + drainedB.processed).toBe(DELIVERIES);
    expect(a.settled() + b.settled()).toBe(DELIVERIES);
    await expectEachOnce(story, log);
    expect(await a.queue.health()).toMatchObject({ waiting: 0, active: 0, retrying: 0 });
  });

  it("running their workers while the deliveries arrive, settle each exactly once between them", async () => {
    const story = await orders();
    const log = settlementLog();
    const [a, b] = [await instance(log.record), await instance(log.record)];
    await a.queue.startWorkers();
    await b.queue.startWorkers();

    await ackAll(story.shop.domain, story.deliveries);
    // Waits for the workers to finish what they hold (and takes what they have not yet).
    await a.queue.drain();

    expect(a.settled() + b.settled()).toBe(DELIVERIES);
    await expectEachOnce(story, log);
  });
});

describe("the queue of a deployment", () => {
  it(
    isPostgresClient(db)
      ? "is pg-boss on PostgreSQL"
      : "is the embedded queue on SQLite, in the app's own database file: nothing else to run",
    async () => {
      const queue = await deliveryQueue(db);
      expect(queue.kind).toBe(isPostgresClient(db) ? "pg-boss" : "embedded");
      if (isPostgresClient(db)) return;
      // Everything it keeps is a row of the app's database.
      const shop = await installShop(db);
      const customer = customerFixture();
      await acknowledge(
        webhookRequest({
          shop: shop.domain,
          topic: "orders/paid",
          payload: paidOrderPayload({ customer, subtotal: "7.00" }),
        }),
      );
      expect(await db.queuedWebhook.count({ where: { queue: deliveryQueueName(), shopDomain: shop.domain } })).toBe(1);
      expect(await queue.drain()).toEqual({ processed: 1 });
      expect(await db.queuedWebhook.count({ where: { queue: deliveryQueueName(), shopDomain: shop.domain } })).toBe(0);
      expect((await db.member.findFirstOrThrow({ where: { shopId: shop.id, customerId: customer.id } })).balance).toBe(
        7,
      );
    },
  );
});
