import { holdForCreatedOrder } from "../../orders/order-points.server";
import { markRedemptionCodesUsed } from "../../rewards/codes-used.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const ordersCreate = topicHandler(webhookPayloads.order, async (db, delivery, order, batch) => {
  const outcome = await holdForCreatedOrder(
    db,
    {
      shopDomain: delivery.shopDomain,
      eventId: delivery.deliveryId,
      topic: "ORDERS_CREATE",
      order,
      triggeredAt: delivery.triggeredAt,
    },
    batch,
  );
  const shop = await batch.shop(delivery.shopDomain, order.currency);
  if (shop) await markRedemptionCodesUsed(db, shop.id, order);
  return outcome;
});
