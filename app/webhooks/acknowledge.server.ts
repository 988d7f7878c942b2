/**
 * The acknowledgement of a verified delivery: it is committed to the queue, and only then
 * answered 200. Nothing else happens before the answer (Shopify waits 5 s at most, and a
 * flash sale is when it would run out): parsing, validation and every handler run in the
 * queue's workers (app/queue/). A delivery the queue could not take is answered 503, so
 * Shopify delivers it again.
 */
import type { Db } from "../db.server";
import { logEvent } from "../observability/log.server";
import type { QueuedDelivery } from "../queue/delivery-queue";
import { deliveryQueue } from "../queue/queue.server";
import type { WebhookHeaderFields } from "./signature";

export type Acknowledgement = { status: 200 } | { status: 503 };

/** The delivery as the queue keeps it: the signed text, decoded as the library decodes it. */
export function queuedDelivery(body: Uint8Array | string, fields: WebhookHeaderFields, receivedAt = new Date()) {
  return {
    shopDomain: fields.domain,
    topic: fields.topic,
    deliveryId: fields.eventId ?? fields.webhookId,
    webhookId: fields.webhookId,
    triggeredAt: fields.triggeredAt ?? null,
    body: typeof body === "string" ? body : new TextDecoder().decode(body),
    receivedAt: receivedAt.toISOString(),
  } satisfies QueuedDelivery;
}

export async function acknowledgeWebhook(db: Db, delivery: QueuedDelivery): Promise<Acknowledgement> {
  try {
    await (await deliveryQueue(db)).enqueue(delivery);
    return { status: 200 };
  } catch (error) {
    logEvent("queue_error", {
      message: `delivery not enqueued, Shopify will retry: ${(error as Error).message}`,
      shop: delivery.shopDomain,
      topic: delivery.topic,
      deliveryId: delivery.deliveryId,
    });
    return { status: 503 };
  }
}
