import { reverseForRefund } from "../../orders/order-points.server";
import { settleOrderTier } from "../../tiers/movement.server";
import { revokePaidTiersForRefund } from "../../tiers/grants.server";
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
  // Paid membership (app/tiers/grants.server.ts): settles the member itself, before the order does.
  await revokePaidTiersForRefund(db, await batch.shop(delivery.shopDomain), refund);
  // A refund counts against qualification at once (also on a duplicate: see orders-paid).
  await settleOrderTier(db, (await batch.shop(delivery.shopDomain))?.id, String(refund.order_id));
  return outcome;
});
