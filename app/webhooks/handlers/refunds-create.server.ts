import { reverseForRefund } from "../../orders/order-points.server";
import { settleOrderChallengesOf } from "../../challenges/order-challenges.server";
import { settleTiersAfterOrderEvent } from "../../tiers/order-tiers.server";
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
  await settleTiersAfterOrderEvent(db, batch, delivery.shopDomain, { kind: "refunded", refund });
  // Challenges follow the order's state, also on a duplicate (a retry repairs a crash between).
  await settleOrderChallengesOf(db, batch, delivery.shopDomain, String(refund.order_id));
  return outcome;
});
