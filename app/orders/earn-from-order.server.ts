/**
 * orders/paid → points. One transaction: remember the delivery, enrol the customer, post
 * the earn entry keyed by the order. A redelivery (same event id) and the same order under
 * a new event id both end in no second award.
 */
import type { Db } from "../db.server";
import { pointsForOrder, type OrderAmounts } from "../domain/earning";
import { ledgerKeys } from "../domain/ledger";
import { inLedgerTransaction, postEntry } from "../ledger/ledger.server";
import { ensureMember } from "../members/members.server";
import { ensureShop } from "../shops/shops.server";
import { recordDelivery } from "../webhooks/deliveries.server";

export interface PaidOrder extends OrderAmounts {
  id: number | string;
  customer?: { id: number | string; email?: string | null; first_name?: string | null; last_name?: string | null } | null;
}

export type EarnOutcome =
  | { status: "awarded"; points: number; memberId: string }
  | { status: "duplicate_delivery" }
  | { status: "already_awarded"; memberId: string }
  | { status: "no_customer" }
  | { status: "nothing_to_award"; memberId: string };

export async function earnFromPaidOrder(
  db: Db,
  input: { shopDomain: string; eventId: string; topic: string; order: PaidOrder },
): Promise<EarnOutcome> {
  const { order } = input;
  const shop = await ensureShop(db, input.shopDomain, order.currency);

  return inLedgerTransaction(db, async (tx) => {
    if (!(await recordDelivery(tx, shop.id, input.eventId, input.topic))) return { status: "duplicate_delivery" };
    if (!order.customer?.id) return { status: "no_customer" };

    const member = await ensureMember(tx, shop.id, {
      id: String(order.customer.id),
      email: order.customer.email,
      firstName: order.customer.first_name,
      lastName: order.customer.last_name,
    });
    const points = pointsForOrder(order, shop.pointsPerUnit);
    if (points <= 0) return { status: "nothing_to_award", memberId: member.id };

    const orderId = String(order.id);
    const posted = await postEntry(tx, {
      shopId: shop.id,
      memberId: member.id,
      points,
      kind: "earn",
      causeType: "order",
      causeId: orderId,
      idempotencyKey: ledgerKeys.orderEarn(orderId),
    });
    return posted.status === "posted"
      ? { status: "awarded", points, memberId: member.id }
      : { status: "already_awarded", memberId: member.id };
  });
}
