/**
 * Every order's amount and date, member or not (the OrderFact table): what the economics
 * dashboard compares members with non-members on. Written by the order webhooks and by the
 * install backfill; scoped by shop. A non-member's buyer is only a keyed hash (./buyer-key).
 */
import type { Db, Tx } from "../db.server";

type Client = Db | Tx;

export interface OrderFactInput {
  orderId: string;
  placedAt: Date;
  /** Total price in minor units of currencyCode. */
  totalMinor: number;
  currencyCode: string;
  memberId: string | null;
  /** A non-member's key (buyerKey); null for a member's order. */
  buyerKey: string | null;
  source: "webhook" | "backfill";
  cancelledAt?: Date | null;
  /** Refunded so far, minor units (an order's refund may arrive before the order). */
  refundedMinor?: number;
}

/**
 * Records the order, or brings what is known up to date (a later delivery may know the member,
 * a cancellation). Idempotent: the order is one row however often it arrives. A webhook's row
 * is written by upsert (safe inside the order's transaction on both databases); a backfilled
 * row is only added when the order is not known yet, never over what a webhook wrote (call it
 * outside a transaction: two writers racing end in one row either way).
 */
export async function recordOrderFact(client: Client, shopId: string, fact: OrderFactInput): Promise<void> {
  const where = { shopId_orderId: { shopId, orderId: fact.orderId } };
  const data = {
    placedAt: fact.placedAt,
    totalMinor: BigInt(fact.totalMinor),
    currencyCode: fact.currencyCode,
    memberId: fact.memberId,
    buyerKey: fact.memberId ? null : fact.buyerKey,
    ...(fact.cancelledAt ? { cancelledAt: fact.cancelledAt } : {}),
    ...(fact.refundedMinor !== undefined ? { refundedMinor: BigInt(fact.refundedMinor) } : {}),
  };
  if (fact.source === "webhook") {
    await client.orderFact.upsert({
      where,
      create: { shopId, orderId: fact.orderId, source: "webhook", ...data },
      update: { ...data, source: "webhook" },
    });
    return;
  }
  if (await client.orderFact.findUnique({ where, select: { orderId: true } })) return;
  try {
    await client.orderFact.create({ data: { shopId, orderId: fact.orderId, source: "backfill", ...data } });
  } catch (error) {
    // A webhook recorded the order meanwhile: its row stands.
    if ((error as { code?: string }).code !== "P2002") throw error;
  }
}
