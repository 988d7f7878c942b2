import { reverseForCancellation } from "../../orders/order-points.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const ordersCancelled = topicHandler(webhookPayloads.orderReference, (db, delivery, order, batch) =>
  reverseForCancellation(
    db,
    {
      shopDomain: delivery.shopDomain,
      eventId: delivery.deliveryId,
      topic: "ORDERS_CANCELLED",
      orderId: String(order.id),
    },
    batch,
  ),
);
