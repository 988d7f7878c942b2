import { reverseForRefund } from "../../orders/order-points.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const refundsCreate = topicHandler(webhookPayloads.refund, (db, delivery, refund, batch) =>
  reverseForRefund(
    db,
    {
      shopDomain: delivery.shopDomain,
      eventId: delivery.deliveryId,
      topic: "REFUNDS_CREATE",
      refund,
    },
    batch,
  ),
);
