/**
 * The demo's order history for the economics dashboard: the seeded members' orders dated over
 * the last 90 days, and guests' orders (no customer: an OrderFact keyed by the e-mail's hash,
 * no member, no points), some of them repeat buyers, through the same orders/paid path as a
 * webhook. Guests change no member's balance or tier, so the browser specs' figures stay.
 */
import type { Db } from "../app/db.server";
import { earnFromPaidOrder } from "../app/orders/order-points.server";
import { parsedOrderPayload } from "../tests/support/factories";

const DAY_MS = 86_400_000;

/** The n-th seeded order's date: spread over the last 90 days, the same on every seed. */
export function demoOrderPlacedAt(n: number, now: Date = new Date()): string {
  return new Date(now.getTime() - (((n * 37) % 88) + 1) * DAY_MS).toISOString();
}

/** How many orders each demo guest placed (a third come back). */
const GUEST_ORDERS = [3, 1, 1, 2, 1, 1, 2, 1, 1, 1, 4, 1, 1, 2, 1, 1, 1, 1, 2, 1, 1, 1];

export async function seedGuestOrders(db: Db, shopDomain: string, firstOrderNumber: number): Promise<number> {
  let number = firstOrderNumber;
  for (const [guest, count] of GUEST_ORDERS.entries()) {
    for (let i = 0; i < count; i++) {
      const id = String(number++);
      const subtotal = `${15 + ((number * 29) % 140)}.${String((number * 17) % 100).padStart(2, "0")}`;
      const order = { ...parsedOrderPayload({ id, customer: null, subtotal }), email: `guest${guest + 1}@example.net` };
      await earnFromPaidOrder(db, {
        shopDomain,
        eventId: `demo-guest-order-${id}`,
        topic: "ORDERS_PAID",
        order: { ...order, processed_at: demoOrderPlacedAt(number) },
      });
    }
  }
  return number;
}
