import { releaseOnFulfilment } from "../../orders/order-points.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const ordersFulfilled = topicHandler(webhookPayloads.orderReference, (db, delivery, order, batch) =>
  releaseOnFulfilment(
    db,
    {
      shopDomain: delivery.shopDomain,
      eventId: delivery.deliveryId,
      topic: "ORDERS_FULFILLED",
      orderId: String(order.id),
    },
    batch,
  ),
);
