/**
 * A reward code shows as used once an order carries it (orders/create, and orders/paid for
 * orders created before the app saw them): from the webhook's `discount_codes[].code`. The
 * first order to name a code records it; later deliveries change nothing.
 */
import type { Db } from "../db.server";

export interface OrderCodes {
  id: string | number;
  created_at?: string | null;
  discount_codes?: { code?: string | null }[] | null;
}

/** How many of the shop's redemptions this order marked used. */
export async function markRedemptionCodesUsed(
  db: Db,
  shopId: string,
  order: OrderCodes,
  now = new Date(),
): Promise<number> {
  // Shopify keeps a code's case as created; ours are upper case, a shopper may type lower.
  const codes = [
    ...new Set((order.discount_codes ?? []).flatMap((d) => (d.code ? [d.code.trim().toUpperCase()] : []))),
  ];
  if (codes.length === 0) return 0;
  const placedAt = order.created_at ? new Date(order.created_at) : null;
  const marked = await db.redemption.updateMany({
    where: { shopId, code: { in: codes }, usedAt: null },
    data: {
      usedAt: placedAt && !Number.isNaN(placedAt.getTime()) ? placedAt : now,
      usedOrderId: String(order.id),
    },
  });
  return marked.count;
}
