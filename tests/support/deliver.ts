/**
 * How integration tests send webhooks: through the route, which only acknowledges (commits the
 * delivery to the queue and answers), then through the queue's workers, as production does.
 */
import { db } from "../../app/db.server";
import type { DrainOptions } from "../../app/queue/delivery-queue";
import { deliveryQueue } from "../../app/queue/queue.server";
import { action as webhookRoute } from "../../app/routes/webhooks";
import { callRoute } from "./signed-requests";

/** Posts a signed delivery to the webhook route and returns its answer, without processing it. */
export function acknowledge(request: Request): Promise<Response> {
  return callRoute(webhookRoute, request);
}

/** Processes every delivery this test file's queue holds; resolves once none is waiting or in hand. */
export async function drainWebhooks(options?: DrainOptions): Promise<{ processed: number }> {
  return (await deliveryQueue(db)).drain(options);
}

/** Acknowledges a delivery, then processes it (and anything else queued): Shopify's send, end to end. */
export async function deliverWebhook(request: Request): Promise<Response> {
  const response = await acknowledge(request);
  await drainWebhooks();
  return response;
}
