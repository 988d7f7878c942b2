import { reverseForCancellation } from "../../orders/order-points.server";
import { settleOrderTier } from "../../tiers/movement.server";
import { revokePaidTiersOfCancelledOrder } from "../../tiers/grants.server";
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
  // Paid membership (app/tiers/grants.server.ts): settles the member itself, before the order does.
  await revokePaidTiersOfCancelledOrder(db, await batch.shop(delivery.shopDomain), String(order.id));
  // A cancelled order no longer counts toward a tier (also on a duplicate: see orders-paid).
  await settleOrderTier(db, (await batch.shop(delivery.shopDomain))?.id, String(order.id));
  return outcome;
});
