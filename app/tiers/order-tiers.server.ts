/**
 * What an order webhook does for tiers once the order's points committed: a paid membership
 * bought, revoked or kept (./grants.server.ts), then the order's member settled
 * (./movement.server.ts), also on a duplicate delivery, so a retry repairs a crash between
 * the order's transaction and these. Grants go first so that buying a membership is one
 * move in the member's history.
 *
 * A shop without tiers (most orders of most shops) pays nothing here: the delivery batch has
 * read its tiers once for order pricing already, and a tiered shop's are not read again.
 */
import type { Db } from "../db.server";
import type { DeliveryBatch } from "../webhooks/batch.server";
import type { OrderWebhook, RefundWebhook } from "../webhooks/payloads";
import { grantPaidTiersForOrder, revokePaidTiersForRefund, revokePaidTiersOfCancelledOrder } from "./grants.server";
import { settleCustomerTier, settleOrderTier } from "./movement.server";

export type OrderTierEvent =
  | { kind: "paid"; order: OrderWebhook }
  | { kind: "refunded"; refund: RefundWebhook }
  | { kind: "cancelled"; orderId: string }
  | { kind: "fulfilled"; orderId: string };

export async function settleTiersAfterOrderEvent(
  db: Db,
  batch: DeliveryBatch,
  shopDomain: string,
  event: OrderTierEvent,
): Promise<void> {
  const shop = await batch.shop(shopDomain);
  const tiers = shop ? await batch.tiers(shop.id) : [];
  if (!shop || tiers.length === 0) return;
  const settled = { tiered: true };
  switch (event.kind) {
    case "paid":
      await grantPaidTiersForOrder(db, shop, event.order, new Date(), { tiers });
      await settleOrderTier(db, shop.id, String(event.order.id), settled);
      return settleReferrer(db, shop.id, event.order);
    case "refunded":
      await revokePaidTiersForRefund(db, shop, event.refund);
      return void (await settleOrderTier(db, shop.id, String(event.refund.order_id), settled));
    case "cancelled":
      await revokePaidTiersOfCancelledOrder(db, shop, event.orderId);
      return void (await settleOrderTier(db, shop.id, event.orderId, settled));
    case "fulfilled":
      // Points released on fulfilment count toward a points tier.
      return void (await settleOrderTier(db, shop.id, event.orderId, settled));
  }
}

/**
 * A first order may complete a referral, which pays the referrer rule points inside the
 * order's transaction (app/orders/order-referral.server.ts): those count toward a points tier,
 * so the referrer is settled too. Idempotent, so settling them when nothing was paid is harmless.
 */
async function settleReferrer(db: Db, shopId: string, order: OrderWebhook): Promise<void> {
  if (!order.customer?.id) return;
  const friend = await db.member.findUnique({
    where: { shopId_customerId: { shopId, customerId: String(order.customer.id) } },
    select: { referredByCustomerId: true },
  });
  if (friend?.referredByCustomerId) {
    await settleCustomerTier(db, shopId, friend.referredByCustomerId, { tiered: true });
  }
}
