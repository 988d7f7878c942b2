import { releaseOnFulfilment } from "../../orders/order-points.server";
import { settleTiersAfterOrderEvent } from "../../tiers/order-tiers.server";
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
  await settleTiersAfterOrderEvent(db, batch, delivery.shopDomain, { kind: "fulfilled", orderId: String(order.id) });
  return outcome;
});
