/**
 * One signed webhook delivery, from its raw body to what Shopify is answered: handled or
 * kept as a dead letter (both 200: retrying would not help), or "retry" (503) when the
 * app needed Shopify's Admin API and did not get an answer.
 */
import type { Db } from "../db.server";
import { ShopifyGatewayError } from "../shopify/gateway.server";
import type { DeliveryBatch } from "./batch.server";
import { storeDeadLetter } from "./dead-letters.server";
import { dispatchWebhook, topicOf } from "./dispatch.server";
import { parseWebhookBody } from "./json-body";

export interface SignedDelivery {
  shopDomain: string;
  topic: string;
  deliveryId: string;
  webhookId?: string | null;
  triggeredAt?: string | null;
  /** The body exactly as signed. */
  body: string;
  customShopDomains?: readonly string[];
}

export type Receipt = "handled" | "dead_letter" | "retry";

/** `batch`: the batch a queue worker fetched the delivery with (app/webhooks/batch.server.ts). */
export async function receiveWebhook(db: Db, delivery: SignedDelivery, batch?: DeliveryBatch): Promise<Receipt> {
  let payload: unknown;
  try {
    payload = parseWebhookBody(delivery.body);
  } catch (error) {
    await storeDeadLetter(db, {
      ...delivery,
      topic: topicOf(delivery.topic) ?? delivery.topic,
      reason: `body is not JSON: ${(error as Error).message}`,
    });
    return "dead_letter";
  }
  try {
    const outcome = await dispatchWebhook(db, { ...delivery, payload }, batch);
    if (outcome.status === "handled") return "handled";
    await storeDeadLetter(db, {
      ...delivery,
      topic: topicOf(delivery.topic) ?? delivery.topic,
      reason: outcome.reason,
    });
    return "dead_letter";
  } catch (error) {
    if (!(error instanceof ShopifyGatewayError)) throw error;
    // Nothing was written: Shopify delivers again later, when its API may answer.
    console.warn(`[webhooks] ${delivery.shopDomain} ${delivery.topic} deferred, Shopify will retry: ${error.message}`);
    return "retry";
  }
}
