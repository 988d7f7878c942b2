/**
 * The delivery queue of a database client: pg-boss on PostgreSQL, the embedded queue on
 * SQLite (./delivery-queue.ts is the contract both keep). One per client and process, made on
 * first use; the route, the workers, the admin and the drain helper all ask here.
 */
import { databaseUrlOf, db as appDb, isPostgresClient, type Db } from "../db.server";
import { logEvent } from "../observability/log.server";
import type { Clock } from "pg-boss";
import type { DeliveryQueue } from "./delivery-queue";
import { createEmbeddedQueue } from "./embedded-queue.server";
import { batchProcessor, type BatchProcessorOptions } from "./process-batch.server";

/**
 * WEBHOOK_QUEUE names the queue: every instance of one deployment must use the same. Tests give
 * each test file its own, as they give each its own shops, so that a file's drain processes its
 * own deliveries with its own stand-in for Shopify.
 */
export function deliveryQueueName(source: Record<string, string | undefined> = process.env): string {
  const name = source.WEBHOOK_QUEUE?.trim() || "webhook-deliveries";
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) {
    throw new Error(`WEBHOOK_QUEUE must be letters, digits, "_", "." or "-", got ${JSON.stringify(name)}.`);
  }
  return name;
}

const queues = new Map<Db, Promise<DeliveryQueue>>();

export interface QueueOptions extends BatchProcessorOptions {
  queueName?: string;
  /** For tests: the embedded queue's clock. */
  now?: () => Date;
  /** For tests: pg-boss's clock (its TestClock moves time for pg-boss and its SQL alike). */
  clock?: Clock;
}

/** Makes a queue on `client` that is not the process's shared one (tests: a second worker, a restart). */
export async function openDeliveryQueue(client: Db, options: QueueOptions = {}): Promise<DeliveryQueue> {
  const queueName = options.queueName ?? deliveryQueueName();
  const process = batchProcessor(client, {
    customShopDomains: options.customShopDomains ?? customShopDomains(),
    onSettled: options.onSettled,
  });
  if (isPostgresClient(client)) {
    // Loaded only on PostgreSQL: the embedded default never needs pg-boss.
    const { createPgBossQueue } = await import("./pg-boss-queue.server");
    return createPgBossQueue({
      url: databaseUrlOf(client),
      queueName,
      process,
      supervise: true,
      log: logEvent,
      clock: options.clock,
    });
  }
  return createEmbeddedQueue({ db: client, queueName, process, log: logEvent, now: options.now });
}

/** The process's queue on `client` (the app's database by default). */
export function deliveryQueue(client: Db = appDb): Promise<DeliveryQueue> {
  let queue = queues.get(client);
  if (!queue) {
    queue = openDeliveryQueue(client);
    queues.set(client, queue);
    // A failed start (the database is away) is not remembered: the next delivery tries again.
    queue.catch(() => queues.delete(client));
  }
  return queue;
}

/** Stops every queue this process opened (end of a test file, shutdown). */
export async function stopDeliveryQueues(): Promise<void> {
  const open = [...queues.values()];
  queues.clear();
  await Promise.all(open.map(async (queue) => (await queue.catch(() => null))?.stop()));
}

function customShopDomains(): string[] {
  return process.env.SHOP_CUSTOM_DOMAIN ? [process.env.SHOP_CUSTOM_DOMAIN] : [];
}
