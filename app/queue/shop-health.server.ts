/**
 * One shop's deliveries in the queue, for its admin: only that shop's, never another's. When
 * the queue cannot be read the page still loads (null: "status unavailable"); the deliveries
 * themselves are safe in the queue or with Shopify, which retries what was not acknowledged.
 */
import type { Db } from "../db.server";
import { logEvent } from "../observability/log.server";
import type { QueueHealth } from "./delivery-queue";
import { deliveryQueue } from "./queue.server";

export async function shopQueueHealth(client: Db, shopDomain: string): Promise<QueueHealth | null> {
  try {
    return await (await deliveryQueue(client)).health({ shopDomain });
  } catch (error) {
    logEvent("queue_error", { message: `shop health unavailable: ${(error as Error).message}`, shop: shopDomain });
    return null;
  }
}
