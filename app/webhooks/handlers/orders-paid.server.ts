import { IdempotencyConflictError } from "../../ledger/ledger.server";
import { earnFromPaidOrder } from "../../orders/order-points.server";
import type { Db } from "../../db.server";
import type { DeliveryBatch } from "../batch.server";
import { markRedemptionCodesUsed } from "../../rewards/codes-used.server";
import { settleOrderChallengesOf } from "../../challenges/order-challenges.server";
import { settleTiersAfterOrderEvent } from "../../tiers/order-tiers.server";
import { topicHandler, type WebhookDelivery } from "../handler";
import { webhookPayloads, type OrderWebhook } from "../payloads";

export const ordersPaid = topicHandler(webhookPayloads.order, async (db, delivery, order, batch) => {
  const outcome = await earnPaidOrder(db, delivery, order, batch);
  await settleTiersAfterOrderEvent(db, batch, delivery.shopDomain, { kind: "paid", order });
  const shop = await batch.shop(delivery.shopDomain, order.currency);
  // Challenges count the order from its account, also on a duplicate (a retry repairs a crash between).
  await settleOrderChallengesOf(db, batch, delivery.shopDomain, String(order.id));
  if (shop) await markRedemptionCodesUsed(db, shop.id, order);
  return outcome;
});

async function earnPaidOrder(db: Db, delivery: WebhookDelivery, order: OrderWebhook, batch: DeliveryBatch) {
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
}
