/**
 * What the webhook queue promises when things go wrong (issue 9): a delivery acknowledged
 * before a crash is processed after the restart, once; a worker that dies holding a batch
 * loses it when its lease runs out, to a worker that processes it once (even when the dead one
 * had committed the order); a delivery Shopify's Admin API failed is retried later with
 * backoff and ends as a dead letter the replay command credits once; and an unusable payload
 * is a dead letter at once without holding up its batch. On both queues: the embedded one on
 * SQLite, pg-boss on PostgreSQL. Time is moved by the queues' clocks, never waited for.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PgBoss, TestClock } from "pg-boss";
import { databaseUrlOf, db, isPostgresClient } from "../../app/db.server";
import {
  DELIVERY_LEASE_SECONDS,
  DELIVERY_RETRIES,
  type DeliveryQueue,
  type QueuedDelivery,
  type Settlement,
} from "../../app/queue/delivery-queue";
import { createEmbeddedQueue } from "../../app/queue/embedded-queue.server";
import { batchProcessor, type ClaimedDelivery } from "../../app/queue/process-batch.server";
import {
  deliveryQueueName,
  openDeliveryQueue,
  stopDeliveryQueues,
  type QueueOptions,
} from "../../app/queue/queue.server";
import { createRule } from "../../app/rules/rules.server";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { deadLetterSummary, replayDeadLetters } from "../../app/webhooks/dead-letters.server";
import { createFakeShopify, type FakeShopify } from "../../demo/fake-shopify";
import { acknowledge } from "../support/deliver";
import { customerFixture, installShop, orderLineItem, paidOrderPayload, uniqueId } from "../support/factories";
import { webhookRequest } from "../support/signed-requests";

const onPostgres = isPostgresClient(db);
const queueName = deliveryQueueName();

let shopify: FakeShopify;
let restoreGateway: () => void;
beforeEach(() => {
  shopify = createFakeShopify();
  restoreGateway = setShopifyGateway(shopify);
});
afterEach(() => restoreGateway());

/** Queues opened by a test, stopped after it (a failing test included). */
const opened: DeliveryQueue[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.stop()));
});

/** A worker on this file's queue, as a second process or a restarted one would be. */
async function worker(options: QueueOptions = {}) {
  const settled: { delivery: QueuedDelivery; settlement: Settlement }[] = [];
  const queue = await openDeliveryQueue(db, {
    queueName,
    ...options,
    onSettled: (delivery, settlement) => settled.push({ delivery, settlement }),
  });
  opened.push(queue);
  return { queue, settled };
}

/**
 * pg-boss's clock for this file: one for every test, moved only forward, because pg-boss keeps
 * the time it last supervised a queue and supervises it again only a minute after that.
 */
const pgClock = onPostgres ? new TestClock() : null;

/**
 * A clock the test moves: the embedded queue reads `now`, pg-boss a TestClock (which its SQL
 * reads too). Made after the deliveries it is about were enqueued, so they are not in its future.
 */
async function movableTime() {
  if (pgClock) {
    await pgClock.setTime(Math.max(pgClock.now(), Date.now()));
    return {
      options: { clock: pgClock } satisfies QueueOptions,
      advance: (seconds: number) => pgClock.setTime(pgClock.now() + seconds * 1000),
      reads: () => 0,
    };
  }
  let at = Date.now();
  let reads = 0;
  return {
    options: {
      now: () => {
        reads++;
        return new Date(at);
      },
    } satisfies QueueOptions,
    advance: async (seconds: number) => {
      at += seconds * 1000;
    },
    /** How often the queue has asked the time: each claim does, so this counts its attempts. */
    reads: () => reads,
  };
}
type MovableTime = Awaited<ReturnType<typeof movableTime>>;

async function ack(shopDomain: string, payload: unknown, eventId = `evt-${uniqueId()}`, topic = "orders/paid") {
  const response = await acknowledge(webhookRequest({ shop: shopDomain, topic, payload, eventId }));
  expect(response.status).toBe(200);
  return eventId;
}

async function balanceOf(shopId: string, customerId: string) {
  const member = await db.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
  return member?.balance ?? 0;
}

const orderEntries = (shopId: string) => db.ledgerEntry.findMany({ where: { shopId, causeType: "order" } });

/** A paid order of `subtotal` for a new customer. */
function paidOrder(subtotal = "40.00") {
  const customer = customerFixture();
  return { customer, payload: paidOrderPayload({ customer, subtotal }) };
}

describe("a crash after the acknowledgement", () => {
  it("leaves the delivery to the next process, which credits it once, and Shopify's redeliveries change nothing", async () => {
    const shop = await installShop(db);
    const { customer, payload } = paidOrder("40.00");
    const eventId = await ack(shop.domain, payload);

    // The process goes away with the delivery acknowledged and never processed.
    await stopDeliveryQueues();
    expect(await balanceOf(shop.id, customer.id)).toBe(0);

    const restarted = await worker();
    expect(await restarted.queue.health()).toMatchObject({ waiting: 1, active: 0 });
    expect(await restarted.queue.drain()).toEqual({ processed: 1 });
    expect(await balanceOf(shop.id, customer.id)).toBe(40);
    expect(await restarted.queue.drain()).toEqual({ processed: 0 });

    // Shopify did not hear the 200 and sends it again; and the same order comes as a new event.
    await ack(shop.domain, payload, eventId);
    await ack(shop.domain, payload);
    expect(await restarted.queue.drain()).toEqual({ processed: 2 });

    expect(restarted.settled.map(({ settlement }) => settlement.status)).toEqual(["done", "done", "done"]);
    expect(await balanceOf(shop.id, customer.id)).toBe(40);
    expect(await orderEntries(shop.id)).toHaveLength(1);
    expect(await restarted.queue.health()).toMatchObject({ waiting: 0, active: 0, retrying: 0 });
  });
});

/**
 * A worker that claims the queue's next batch and dies holding it: it never settles. With
 * `commitFirst`, it processed the batch (the orders are committed) before dying.
 */
async function dyingWorker(options: { commitFirst: boolean } & QueueOptions) {
  const process = batchProcessor(db);
  const run = async (claimed: readonly ClaimedDelivery[]) => {
    if (options.commitFirst) await process(claimed);
  };
  if (onPostgres) {
    const boss = new PgBoss({
      connectionString: databaseUrlOf(db),
      schema: "pgboss",
      supervise: false,
      schedule: false,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    await boss.start();
    const jobs = await boss.fetch<QueuedDelivery>(queueName, { batchSize: 25 });
    await run(jobs.map((job) => ({ delivery: job.data, attempt: { number: 1, last: false } })));
    // Gone without completing or failing them: its jobs stay active until they expire.
    await boss.stop({ graceful: false });
    return { claimed: jobs.length };
  }
  let claimed!: (count: number) => void;
  const claimedCount = new Promise<number>((resolve) => (claimed = resolve));
  const dead = createEmbeddedQueue({
    db,
    queueName,
    log: () => {},
    now: options.now,
    process: async (batch) => {
      await run(batch);
      claimed(batch.length);
      return new Promise<never>(() => {});
    },
  });
  void dead.drain();
  return { claimed: await claimedCount };
}

/** Another worker asks for the batch: pg-boss's fetch; on SQLite, the drain's claims. */
async function expectNotTaken(live: Awaited<ReturnType<typeof worker>>, time: MovableTime) {
  if (onPostgres) {
    const boss = (live.queue as DeliveryQueue & { boss: PgBoss }).boss;
    // Its supervisor does not expire the lease yet, and a fetch gets nothing, deferred or not.
    await boss.supervise(queueName);
    expect(await boss.fetch(queueName, { batchSize: 25, ignoreStartAfter: true })).toEqual([]);
    return {
      drained: async () => {
        await boss.supervise(queueName);
        return live.queue.drain({ includeDeferred: true });
      },
    };
  }
  // The live worker's drain keeps claiming (each claim reads the clock) and takes nothing.
  let finished = false;
  const draining = live.queue.drain().finally(() => (finished = true));
  const before = time.reads();
  while (time.reads() < before + 10 && !finished) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(live.settled).toEqual([]);
  expect(finished).toBe(false);
  return { drained: () => draining };
}

describe("a worker that dies holding a batch", () => {
  it.each([
    ["before it processed anything", false],
    ["after it committed the order", true],
  ])(
    "keeps it from others until its lease runs out, then another processes it once (%s)",
    async (_case, commitFirst) => {
      const shop = await installShop(db);
      const { customer, payload } = paidOrder("25.00");
      await ack(shop.domain, payload);

      const time = await movableTime();
      const dead = await dyingWorker({ commitFirst, ...time.options });
      expect(dead.claimed).toBe(1);
      expect(await balanceOf(shop.id, customer.id)).toBe(commitFirst ? 25 : 0);

      const live = await worker(time.options);
      expect(await live.queue.health()).toMatchObject({ waiting: 0, active: 1 });
      const { drained } = await expectNotTaken(live, time);

      await time.advance(DELIVERY_LEASE_SECONDS + 1);
      expect(await drained()).toEqual({ processed: 1 });
      expect(live.settled.map(({ settlement }) => settlement)).toEqual([{ status: "done" }]);
      expect(await balanceOf(shop.id, customer.id)).toBe(25);
      expect(await orderEntries(shop.id)).toHaveLength(1);
      // The second processing met the first one's record: a duplicate, not a second credit.
      expect(await db.webhookDelivery.count({ where: { shopId: shop.id } })).toBe(1);
      expect(await live.queue.health()).toMatchObject({ waiting: 0, active: 0 });
    },
  );
});

/** A shop whose spend rule leaves out gift cards: pricing its orders asks Shopify for product tags. */
async function shopAskingShopify() {
  const shop = await installShop(db);
  await createRule(db, shop.id, {
    kind: "spend",
    name: "Purchases",
    pointsPerUnit: 1,
    excludedProductTags: ["gift-card"],
  });
  shopify.productTagsById.set("501", ["gift-card"]);
  const customer = customerFixture();
  const payload = {
    ...paidOrderPayload({ customer, subtotal: "80.00" }),
    line_items: [
      orderLineItem({ id: 1, product_id: 501, price: "30.00" }),
      orderLineItem({ id: 2, product_id: 502, price: "50.00" }),
    ],
  };
  return { shop, customer, payload };
}

describe("a delivery Shopify's Admin API failed", () => {
  it("is retried after its backoff, not at once, and credited once Shopify answers", async () => {
    const { shop, customer, payload } = await shopAskingShopify();
    shopify.failProductTags(2);
    await ack(shop.domain, payload);
    const time = await movableTime();
    const { queue, settled } = await worker(time.options);

    expect(await queue.drain()).toEqual({ processed: 1 });
    expect(settled.at(-1)!.settlement).toMatchObject({ status: "retry", reason: expect.stringContaining("Shopify") });
    expect(await queue.health()).toMatchObject({ waiting: 0, active: 0, retrying: 1 });
    expect(await queue.drain()).toEqual({ processed: 0 });
    expect(await balanceOf(shop.id, customer.id)).toBe(0);

    // The first retry waits DELIVERY_RETRIES.firstDelaySeconds (pg-boss adds up to as much again as jitter).
    await time.advance(DELIVERY_RETRIES.firstDelaySeconds - 1);
    expect(await queue.drain()).toEqual({ processed: 0 });
    await time.advance(DELIVERY_RETRIES.firstDelaySeconds * 1 + 2);
    expect(await queue.drain()).toEqual({ processed: 1 });
    expect(settled.map(({ settlement }) => settlement.status)).toEqual(["retry", "retry"]);

    // The second waits twice as long.
    await time.advance(2 * DELIVERY_RETRIES.firstDelaySeconds - 1);
    expect(await queue.drain()).toEqual({ processed: 0 });
    await time.advance(2 * DELIVERY_RETRIES.firstDelaySeconds + 2);
    expect(await queue.drain()).toEqual({ processed: 1 });

    expect(settled.map(({ settlement }) => settlement.status)).toEqual(["retry", "retry", "done"]);
    expect(shopify.productTagRequests).toHaveLength(3);
    expect(await balanceOf(shop.id, customer.id)).toBe(50);
    expect(await db.webhookDeadLetter.count({ where: { shopDomain: shop.domain } })).toBe(0);
    expect(await queue.health()).toMatchObject({ waiting: 0, active: 0, retrying: 0 });
  });

  it("ends as a dead letter after its last attempt, which the replay credits once however often it runs", async () => {
    const { shop, customer, payload } = await shopAskingShopify();
    const attempts = DELIVERY_RETRIES.limit + 1;
    shopify.failProductTags(attempts);
    const eventId = await ack(shop.domain, payload);
    const time = await movableTime();
    const { queue, settled } = await worker(time.options);

    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await time.advance(DELIVERY_RETRIES.maxDelaySeconds + 1);
      expect(await queue.drain()).toEqual({ processed: 1 });
      expect(await deadLetterSummary(db, shop.domain)).toMatchObject({ count: attempt < attempts ? 0 : 1 });
    }
    expect(settled.map(({ settlement }) => settlement.status)).toEqual([...Array(attempts - 1).fill("retry"), "done"]);
    expect(shopify.productTagRequests).toHaveLength(attempts);
    await time.advance(DELIVERY_RETRIES.maxDelaySeconds + 1);
    expect(await queue.drain({ includeDeferred: true })).toEqual({ processed: 0 });
    expect(await queue.health()).toMatchObject({ waiting: 0, active: 0, retrying: 0 });
    expect(await balanceOf(shop.id, customer.id)).toBe(0);

    const summary = await deadLetterSummary(db, shop.domain);
    expect(summary.newest).toEqual([
      expect.objectContaining({ topic: "orders/paid", reason: expect.stringMatching(/Shopify.*no retry left/) }),
    ]);

    // Shopify answers again; `npm run webhooks:replay` sends the dead letter through once.
    expect(await replayDeadLetters(db, { shopDomain: shop.domain })).toEqual([
      expect.objectContaining({ deliveryId: eventId, status: "replayed" }),
    ]);
    expect(await replayDeadLetters(db, { shopDomain: shop.domain })).toEqual([]);
    const [letter] = await db.webhookDeadLetter.findMany({ where: { shopDomain: shop.domain } });
    expect(await replayDeadLetters(db, { shopDomain: shop.domain, ids: [letter!.id] })).toEqual([
      expect.objectContaining({ status: "replayed" }),
    ]);
    expect(await balanceOf(shop.id, customer.id)).toBe(50);
    expect(await orderEntries(shop.id)).toHaveLength(1);
    expect(await deadLetterSummary(db, shop.domain)).toMatchObject({ count: 0 });
  });
});

describe("a delivery whose last attempt's worker dies holding it", () => {
  it("is still processed once its lease runs out, and ends as a dead letter, not lost", async () => {
    const { shop, customer, payload } = await shopAskingShopify();
    shopify.failProductTags(DELIVERY_RETRIES.limit + 1);
    await ack(shop.domain, payload);
    const time = await movableTime();
    const { queue } = await worker(time.options);
    for (let attempt = 1; attempt <= DELIVERY_RETRIES.limit; attempt++) {
      if (attempt > 1) await time.advance(DELIVERY_RETRIES.maxDelaySeconds + 1);
      expect(await queue.drain()).toEqual({ processed: 1 });
    }
    expect(await deadLetterSummary(db, shop.domain)).toMatchObject({ count: 0 });

    // The last attempt is claimed by a worker that dies before settling it.
    await time.advance(DELIVERY_RETRIES.maxDelaySeconds + 1);
    expect((await dyingWorker({ commitFirst: false, ...time.options })).claimed).toBe(1);
    await time.advance(DELIVERY_LEASE_SECONDS + 1);
    if (onPostgres) await (queue as DeliveryQueue & { boss: PgBoss }).boss.supervise(queueName);

    expect(await queue.drain({ includeDeferred: true })).toEqual({ processed: 1 });
    expect(await deadLetterSummary(db, shop.domain)).toMatchObject({
      count: 1,
      newest: [expect.objectContaining({ reason: expect.stringContaining("no retry left") })],
    });
    expect(await queue.health()).toMatchObject({ waiting: 0, active: 0, retrying: 0 });
    expect(await balanceOf(shop.id, customer.id)).toBe(0);
  });
});

describe("a delivery whose workers die on each of its last attempts", () => {
  it("ends as a dead letter, neither processed again (it may be what kills them) nor lost", async () => {
    const { shop, customer, payload } = await shopAskingShopify();
    shopify.failProductTags(DELIVERY_RETRIES.limit);
    await ack(shop.domain, payload);
    const time = await movableTime();
    const { queue } = await worker(time.options);
    for (let attempt = 1; attempt <= DELIVERY_RETRIES.limit; attempt++) {
      if (attempt > 1) await time.advance(DELIVERY_RETRIES.maxDelaySeconds + 1);
      expect(await queue.drain()).toEqual({ processed: 1 });
    }
    const asked = shopify.productTagRequests.length;

    // The last attempt, and the one allowed after it, each die with their worker.
    for (let dying = 0; dying < 2; dying++) {
      await time.advance(DELIVERY_RETRIES.maxDelaySeconds + 1);
      expect((await dyingWorker({ commitFirst: false, ...time.options })).claimed).toBe(1);
      await time.advance(DELIVERY_LEASE_SECONDS + 1);
      if (onPostgres) await (queue as DeliveryQueue & { boss: PgBoss }).boss.supervise(queueName);
    }

    expect(await queue.drain({ includeDeferred: true })).toEqual({ processed: 1 });
    expect(shopify.productTagRequests, "not processed again").toHaveLength(asked);
    expect(await deadLetterSummary(db, shop.domain)).toMatchObject({
      count: 1,
      newest: [expect.objectContaining({ reason: expect.stringContaining("processing never finished") })],
    });
    await time.advance(DELIVERY_RETRIES.maxDelaySeconds + 1);
    expect(await queue.drain({ includeDeferred: true })).toEqual({ processed: 0 });
    expect(await queue.health()).toMatchObject({ waiting: 0, active: 0, retrying: 0 });
    expect(await balanceOf(shop.id, customer.id)).toBe(0);

    // Once the cause is found, the replay credits it.
    expect(await replayDeadLetters(db, { shopDomain: shop.domain })).toEqual([
      expect.objectContaining({ status: "replayed" }),
    ]);
    expect(await balanceOf(shop.id, customer.id)).toBe(50);
  });
});

describe("a poison payload", () => {
  it("is a dead letter at its first processing, holds up none of its batch, and the replay reports it still unusable", async () => {
    const shop = await installShop(db);
    const first = paidOrder("10.00");
    const last = paidOrder("20.00");
    await ack(shop.domain, first.payload);
    const poison = [
      await acknowledgeBody(shop.domain, "orders/paid", "{not json"),
      await acknowledgeBody(shop.domain, "orders/paid", JSON.stringify({ id: "not an order" })),
      await acknowledgeBody(shop.domain, "orders/exploded", JSON.stringify({ id: 1 })),
    ];
    await ack(shop.domain, last.payload);

    const { queue, settled } = await worker();
    expect(await queue.drain()).toEqual({ processed: 5 });

    // Each settled once, at its first attempt, and nothing left to retry.
    expect(settled.map(({ settlement }) => settlement.status)).toEqual(["done", "done", "done", "done", "done"]);
    expect(new Set(settled.map(({ delivery }) => delivery.deliveryId)).size).toBe(5);
    expect(await queue.health()).toMatchObject({ waiting: 0, active: 0, retrying: 0 });
    expect(await balanceOf(shop.id, first.customer.id)).toBe(10);
    expect(await balanceOf(shop.id, last.customer.id)).toBe(20);

    const letters = await db.webhookDeadLetter.findMany({ where: { shopDomain: shop.domain } });
    expect(new Map(letters.map((letter) => [letter.deliveryId, letter.reason]))).toEqual(
      new Map([
        [poison[0], expect.stringContaining("not JSON")],
        [poison[1], expect.stringContaining("orders/paid payload")],
        [poison[2], expect.stringContaining("no handler for topic")],
      ]),
    );
    expect(await deadLetterSummary(db, shop.domain)).toMatchObject({ count: 3 });

    const replayed = await replayDeadLetters(db, { shopDomain: shop.domain });
    expect(replayed.map((result) => result.status)).toEqual(["still_unusable", "still_unusable", "still_unusable"]);
    expect(await deadLetterSummary(db, shop.domain)).toMatchObject({ count: 3 });
    expect(await orderEntries(shop.id)).toHaveLength(2);
  });
});

/** Acknowledges a signed body sent as it is (not necessarily JSON); returns its event id. */
async function acknowledgeBody(shopDomain: string, topic: string, body: string) {
  const eventId = `evt-${uniqueId()}`;
  const response = await acknowledge(webhookRequest({ shop: shopDomain, topic, body, eventId }));
  expect(response.status).toBe(200);
  return eventId;
}
