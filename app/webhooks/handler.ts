/**
 * What one webhook topic is to the app: the schema its payload must pass and the handler
 * that acts on what the schema read. The dispatch table (./dispatch.server.ts) holds one per
 * subscribed topic; the route and the replay command both go through it.
 */
import type { z } from "zod";
import type { Db } from "../db.server";
import type { DeliveryBatch } from "./batch.server";

export interface WebhookDelivery {
  shopDomain: string;
  /** X-Shopify-Event-Id, else the webhook id: what makes a redelivery a no-op. */
  deliveryId: string;
  /** X-Shopify-Triggered-At as sent; absent on older deliveries. */
  triggeredAt?: string | null;
}

/**
 * `batch`: what the deliveries handled together share (the shop, its rules), for the life of
 * that batch only (./batch.server.ts); the dispatch makes a one-delivery batch when given none.
 */
export type HandleDelivery<Schema extends z.ZodTypeAny> = (
  db: Db,
  delivery: WebhookDelivery,
  payload: z.output<Schema>,
  batch: DeliveryBatch,
) => Promise<unknown>;

export interface TopicHandler<Schema extends z.ZodTypeAny = z.ZodTypeAny> {
  schema: Schema;
  handle(db: Db, delivery: WebhookDelivery, payload: z.output<Schema>, batch: DeliveryBatch): Promise<unknown>;
}

/** Pairs a schema with its handler, so the handler's payload type is the schema's output. */
export function topicHandler<Schema extends z.ZodTypeAny>(
  schema: Schema,
  handle: HandleDelivery<Schema>,
): TopicHandler<Schema> {
  return { schema, handle };
}

/**
 * Thrown by a handler that will never be able to use this payload, however often Shopify
 * sends it: the delivery becomes a dead letter (acknowledged, kept, replayable).
 */
export class UnusableWebhookError extends Error {
  override name = "UnusableWebhookError";
}
