/**
 * DeliveryQueue.health({ shopDomain }) on both queues: each count (waiting, in hand, waiting
 * for a retry) and the oldest wait are the shop's own. The states are reached as each queue
 * reaches them: pg-boss by fetching and failing the job, the embedded queue by the lease and
 * backoff columns its worker writes.
 */
import { afterAll, describe, expect, it } from "vitest";
import { db, isPostgresClient } from "../../app/db.server";
import type { DeliveryQueue, QueueHealth } from "../../app/queue/delivery-queue";
import { openDeliveryQueue } from "../../app/queue/queue.server";
import { uniqueShopDomain } from "../support/factories";

const queueName = `health-filter-${process.pid}-${Date.now().toString(36)}`;
const opened: DeliveryQueue[] = [];

afterAll(async () => {
  await Promise.all(opened.map((queue) => queue.stop()));
});

const delivery = (shopDomain: string, n: number) => ({
  shopDomain,
  topic: "orders/paid",
  deliveryId: `${shopDomain}-${n}`,
  webhookId: null,
  triggeredAt: null,
  body: "{}",
  receivedAt: new Date().toISOString(),
});

const none: QueueHealth = { waiting: 0, active: 0, retrying: 0, oldestWaitingSeconds: null };

describe("queue health for one shop", () => {
  it("counts only that shop's deliveries, in each state", async () => {
    const queue = await openDeliveryQueue(db, { queueName });
    opened.push(queue);
    const [mine, theirs] = [uniqueShopDomain("mine"), uniqueShopDomain("theirs")];
    await queue.enqueue(delivery(mine, 1));
    await queue.enqueue(delivery(theirs, 1));
    await queue.enqueue(delivery(theirs, 2));

    expect(await queue.health({ shopDomain: mine })).toEqual({
      ...none,
      waiting: 1,
      oldestWaitingSeconds: expect.any(Number),
    });
    expect(await queue.health({ shopDomain: theirs })).toMatchObject({ waiting: 2, active: 0, retrying: 0 });
    expect(await queue.health({ shopDomain: uniqueShopDomain("quiet") })).toEqual(none);
    expect(await queue.health()).toMatchObject({ waiting: 3, active: 0, retrying: 0 });

    const { hold, deferRetry } = await stateOf(queue, mine);
    await hold();
    expect(await queue.health({ shopDomain: mine })).toEqual({ ...none, active: 1 });
    expect(await queue.health({ shopDomain: theirs })).toMatchObject({ waiting: 2, active: 0, retrying: 0 });

    await deferRetry();
    expect(await queue.health({ shopDomain: mine })).toEqual({ ...none, retrying: 1 });
    expect(await queue.health({ shopDomain: theirs })).toMatchObject({ waiting: 2, active: 0, retrying: 0 });
    expect(await queue.health()).toMatchObject({ waiting: 2, active: 0, retrying: 1 });
  });
});

/** Puts `shopDomain`'s (first, oldest) delivery in hand, then back as a retry whose backoff has not passed. */
async function stateOf(queue: DeliveryQueue, shopDomain: string) {
  if (isPostgresClient(db)) {
    const { boss } = queue as DeliveryQueue & { boss: import("pg-boss").PgBoss };
    let job: import("pg-boss").Job<unknown> | undefined;
    return {
      hold: async () => {
        [job] = await boss.fetch(queueName, { batchSize: 1 });
        expect((job!.data as { shopDomain: string }).shopDomain).toBe(shopDomain);
      },
      // The queue's retryDelay (30 s) puts the retry in the future.
      deferRetry: async () => void (await boss.fail(queueName, job!.id, { reason: "test" })),
    };
  }
  const where = { queue: queueName, shopDomain };
  return {
    hold: async () => {
      await db.queuedWebhook.updateMany({ where, data: { leaseUntil: new Date(Date.now() + 60_000), attempts: 1 } });
    },
    deferRetry: async () => {
      await db.queuedWebhook.updateMany({ where, data: { leaseUntil: null, runAfter: new Date(Date.now() + 30_000) } });
    },
  };
}
