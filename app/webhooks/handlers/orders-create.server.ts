import { holdForCreatedOrder } from "../../orders/order-points.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const ordersCreate = topicHandler(webhookPayloads.order, (db, delivery, order, batch) =>
  holdForCreatedOrder(
    db,
    {
      shopDomain: delivery.shopDomain,
      eventId: delivery.deliveryId,
      topic: "ORDERS_CREATE",
      order,
      triggeredAt: delivery.triggeredAt,
    },
    batch,
  ),
);
