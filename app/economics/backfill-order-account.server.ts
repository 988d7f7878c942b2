/**
 * A backfilled paid order's tier credit (docs/decisions/0035): the OrderAccount a paid order
 * webhook would have left, without its points. The tier engine counts spend and orders from
 * OrderAccount rows (app/tiers/tier-facts.server.ts: paid, not cancelled, spend net of
 * refunds), so the row is all a spend or orders tier needs. It earns 0 points, its points
 * state stays "none" and no ledger entry is posted, so a points tier gets no credit from it.
 *
 * Only added when the order has no account yet: a webhook's row always wins. Written outside
 * any transaction, as one INSERT: a webhook creating the row at the same moment wins the
 * unique key (or, if this one is first, its transaction finds and locks this row), and two
 * writers racing end in one row.
 */
import type { Db } from "../db.server";
import type { BackfilledOrder } from "../domain/backfill/bulk-order";

/** Adds the account of a member's paid order; false when the order already has one (or is not paid). */
export async function recordBackfilledOrderAccount(
  db: Db,
  shopId: string,
  memberId: string,
  order: BackfilledOrder,
): Promise<boolean> {
  if (!order.paidAt) return false;
  const where = { shopId_orderId: { shopId, orderId: order.orderId } };
  if (await db.orderAccount.findUnique({ where, select: { orderId: true } })) return false;
  try {
    await db.orderAccount.create({
      data: {
        shopId,
        orderId: order.orderId,
        memberId,
        currencyCode: order.currencyCode,
        spendMinor: BigInt(order.spendMinor),
        refundedMinor: BigInt(order.refundedMinor),
        paidAt: order.paidAt,
        cancelledAt: order.cancelledAt,
        earnedPoints: 0,
        pointsState: "none",
      },
    });
    return true;
  } catch (error) {
    // A webhook created the order's account meanwhile: its row stands.
    if ((error as { code?: string }).code !== "P2002") throw error;
    return false;
  }
}
