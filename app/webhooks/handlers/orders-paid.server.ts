import { IdempotencyConflictError } from "../../ledger/ledger.server";
import { earnFromPaidOrder } from "../../orders/order-points.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const ordersPaid = topicHandler(webhookPayloads.order, async (db, delivery, order, batch) => {
  try {
    return await earnFromPaidOrder(
      db,
      {
        shopDomain: delivery.shopDomain,
        eventId: delivery.deliveryId,
        topic: "ORDERS_PAID",
        order,
        triggeredAt: delivery.triggeredAt,
      },
      batch,
    );
  } catch (error) {
    // Same order, different points (the rate changed between two deliveries): the first
    // award stands. Acknowledge, or Shopify retries for two days and drops the subscription.
    if (!(error instanceof IdempotencyConflictError)) throw error;
    console.warn(`[webhooks] ${delivery.shopDomain} orders/paid: ${error.message}`);
    return { status: "idempotency_conflict" };
  }
});
