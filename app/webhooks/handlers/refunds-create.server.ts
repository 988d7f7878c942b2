import { reverseForRefund } from "../../orders/order-points.server";
import { settleOrderTier } from "../../tiers/movement.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const refundsCreate = topicHandler(webhookPayloads.refund, async (db, delivery, refund, batch) => {
  const outcome = await reverseForRefund(
    db,
    {
      shopDomain: delivery.shopDomain,
      eventId: delivery.deliveryId,
      topic: "REFUNDS_CREATE",
      refund,
    },
    batch,
  );
  // A refund counts against qualification at once (also on a duplicate: see orders-paid).
  await settleOrderTier(db, (await batch.shop(delivery.shopDomain))?.id, String(refund.order_id));
  return outcome;
});
