import { releaseOnFulfilment } from "../../orders/order-points.server";
import { settleOrderTier } from "../../tiers/movement.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const ordersFulfilled = topicHandler(webhookPayloads.orderReference, async (db, delivery, order, batch) => {
  const outcome = await releaseOnFulfilment(
    db,
    {
      shopDomain: delivery.shopDomain,
      eventId: delivery.deliveryId,
      topic: "ORDERS_FULFILLED",
      orderId: String(order.id),
    },
    batch,
  );
  // Points released on fulfilment count toward a points tier (also on a duplicate: see orders-paid).
  await settleOrderTier(db, (await batch.shop(delivery.shopDomain))?.id, String(order.id));
  return outcome;
});
