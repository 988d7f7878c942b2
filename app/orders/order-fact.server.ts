/**
 * An order webhook's OrderFact (app/economics/order-facts.server.ts): its total and date, the
 * member who placed it or, for a guest, a keyed hash of the e-mail. Written in the order's own
 * transaction by the order store, one statement (docs/decisions/0032).
 */
import { buyerKey } from "../economics/buyer-key.server";
import type { OrderFactInput } from "../economics/order-facts.server";
import { currencyExponent, minorFromStored, toMinorUnits } from "../domain/money";
import type { OrderWebhook } from "../webhooks/payloads";
import type { OrderAccount } from "./order-store.server";

/** An unreadable date is not a refusal: the fact is dated when it arrived. */
function dateOr(text: string | null | undefined, fallback: Date): Date {
  const at = text ? new Date(text) : null;
  return at && !Number.isNaN(at.getTime()) ? at : fallback;
}

/**
 * The fact as the order payload and its (locked) account tell it. `memberId`: the member the
 * order's customer is (null for a guest). Refunds and a cancellation are taken from the
 * account, so a refund that arrived before the order is still counted.
 */
export function orderFactOf(
  shopId: string,
  order: OrderWebhook,
  account: OrderAccount | null,
  memberId: string | null,
  now: Date = new Date(),
): OrderFactInput {
  const total = toMinorUnits(order.total_price ?? order.subtotal_price ?? "0", currencyExponent(order.currency));
  return {
    orderId: String(order.id),
    placedAt: dateOr(order.processed_at ?? order.created_at, now),
    totalMinor: Math.max(0, total ?? 0),
    currencyCode: order.currency,
    memberId,
    buyerKey: memberId ? null : buyerKey(shopId, { customerId: order.customer?.id, email: order.email }),
    source: "webhook",
    cancelledAt: account?.cancelledAt ?? null,
    // Without the account (a guest's orders/paid), what a refund wrote stays as it is.
    ...(account ? { refundedMinor: minorFromStored(`Order ${account.orderId}'s refunds`, account.refundedMinor) } : {}),
  };
}
