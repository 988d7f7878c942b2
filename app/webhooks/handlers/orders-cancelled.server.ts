import { reverseForCancellation } from "../../orders/order-points.server";
import { settleOrderChallengesOf } from "../../challenges/order-challenges.server";
import { settleTiersAfterOrderEvent } from "../../tiers/order-tiers.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const ordersCancelled = topicHandler(webhookPayloads.orderReference, async (db, delivery, order, batch) => {
  const outcome = await reverseForCancellation(
    db,
    {
      shopDomain: delivery.shopDomain,
      eventId: delivery.deliveryId,
      topic: "ORDERS_CANCELLED",
      orderId: String(order.id),
    },
    batch,
  );
  await settleTiersAfterOrderEvent(db, batch, delivery.shopDomain, { kind: "cancelled", orderId: String(order.id) });
  // Challenges follow the order's state, also on a duplicate (a retry repairs a crash between).
  await settleOrderChallengesOf(db, batch, delivery.shopDomain, String(order.id));
  return outcome;
});
