/**
 * What a queue worker does with one signed delivery, from its raw body to its settlement:
 * handled, a known repeat, or kept as a dead letter ("done"); or tried again later ("retry")
 * when the app needed Shopify's Admin API and did not get an answer, or failed itself. On the
 * last attempt a failure becomes a dead letter too, so nothing is ever dropped unseen.
 */
import type { Db } from "../db.server";
import type { Attempt, QueuedDelivery, Settlement } from "../queue/delivery-queue";
import { ShopifyGatewayError } from "../shopify/gateway.server";
import type { DeliveryBatch } from "./batch.server";
import { storeDeadLetter } from "./dead-letters.server";
import { dispatchWebhook, topicOf } from "./dispatch.server";
import { parseWebhookBody } from "./json-body";

export interface ReceiveOptions {
  attempt: Attempt;
  customShopDomains?: readonly string[];
}

/** `batch`: the batch a queue worker claimed the delivery with (app/webhooks/batch.server.ts). */
export async function receiveWebhook(
  db: Db,
  delivery: QueuedDelivery,
  options: ReceiveOptions,
  batch?: DeliveryBatch,
): Promise<Settlement> {
  const deadLetter = async (reason: string): Promise<Settlement> => {
    await storeDeadLetter(db, { ...delivery, topic: topicOf(delivery.topic) ?? delivery.topic, reason });
    return { status: "done" };
  };
  let payload: unknown;
  try {
    payload = parseWebhookBody(delivery.body);
  } catch (error) {
    return deadLetter(`body is not JSON: ${(error as Error).message}`);
  }
  try {
    const outcome = await dispatchWebhook(
      db,
      { ...delivery, payload, customShopDomains: options.customShopDomains },
      batch,
    );
    return outcome.status === "handled" ? { status: "done" } : deadLetter(outcome.reason);
  } catch (error) {
    // Nothing was written: every handler commits all of its writes or none.
    const cause =
      error instanceof ShopifyGatewayError
        ? `Shopify's Admin API did not answer: ${error.message}`
        : `the app failed: ${error instanceof Error ? error.message : String(error)}`;
    const { number, last } = options.attempt;
    if (last) return deadLetter(`${cause} (attempt ${number}, no retry left)`);
    return { status: "retry", reason: cause };
  }
}
