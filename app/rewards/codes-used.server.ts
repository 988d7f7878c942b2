/**
 * A reward code shows as used once an order carries it (orders/create, and orders/paid for
 * orders created before the app saw them): from the webhook's `discount_codes[].code`. The
 * first order to name a code records it; later deliveries change nothing.
 *
 * A code whose points came back can still reach an order: the shopper completed checkout
 * with it, then cancelled it before this order's webhook arrived (or, rarer, a redemption
 * released as failed whose code Shopify created anyway and could not delete) (Shopify deletes the code,
 * but an order already placed keeps its discount). The shopper then has both, so the points
 * the cancellation gave back are taken again, once, as an order reversal takes points back:
 * under the shop's reversal policy (below zero, or capped at zero), with the unit of stock the
 * cancellation returned, and the redemption is used after all.
 */
import type { Db } from "../db.server";
import { ledgerKeys } from "../domain/ledger";
import { reversalStep, type ReversalPolicy } from "../domain/reversal";
import { inLedgerTransaction } from "../ledger/ledger.server";
import { prismaRedeemStore } from "./redeem-store.server";

export interface OrderCodes {
  id: string | number;
  created_at?: string | null;
  discount_codes?: { code?: string | null }[] | null;
}

/** The states whose points came back (settle-redemptions.server.ts, cancel.server.ts). */
const RETURNED = ["cancelled", "failed"] as const;

export interface CodesUsed {
  /** Unused codes this order marked used. */
  marked: number;
  /** Cancelled codes it used anyway, whose points were taken back. */
  reclaimed: number;
}

/** Which of the shop's redemptions this order used. */
export async function markRedemptionCodesUsed(
  db: Db,
  shopId: string,
  order: OrderCodes,
  now = new Date(),
): Promise<CodesUsed> {
  // Shopify keeps a code's case as created; ours are upper case, a shopper may type lower.
  const codes = [
    ...new Set((order.discount_codes ?? []).flatMap((d) => (d.code ? [d.code.trim().toUpperCase()] : []))),
  ];
  if (codes.length === 0) return { marked: 0, reclaimed: 0 };
  const placedAt = order.created_at ? new Date(order.created_at) : null;
  const used = {
    usedAt: placedAt && !Number.isNaN(placedAt.getTime()) ? placedAt : now,
    usedOrderId: String(order.id),
  };
  const marked = await db.redemption.updateMany({
    where: { shopId, code: { in: codes }, usedAt: null, status: { notIn: [...RETURNED] } },
    data: used,
  });
  const cancelled = await db.redemption.findMany({
    where: { shopId, code: { in: codes }, usedAt: null, status: { in: [...RETURNED] } },
    select: { id: true },
  });
  let reclaimed = 0;
  for (const { id } of cancelled) if (await reclaimCancelledCode(db, shopId, id, used, order.id)) reclaimed++;
  return { marked: marked.count, reclaimed };
}

async function reclaimCancelledCode(
  db: Db,
  shopId: string,
  redemptionId: string,
  used: { usedAt: Date; usedOrderId: string },
  orderId: string | number,
): Promise<boolean> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { reversalPolicy: true } });
  const policy = shop.reversalPolicy as ReversalPolicy;
  // One transaction: the claim (of two deliveries of this order, one reclaims) and the debit.
  return inLedgerTransaction(db, async (tx) => {
    const claimed = await tx.redemption.updateMany({
      where: { id: redemptionId, shopId, status: { in: [...RETURNED] }, usedAt: null },
      data: { status: "issued", ...used },
    });
    if (claimed.count !== 1) return false;
    const redemption = await tx.redemption.findFirstOrThrow({ where: { id: redemptionId, shopId } });
    // The member first, then the reward, as redeem and cancel lock them.
    const store = prismaRedeemStore(tx);
    const locked = await store.lockMember(shopId, redemption.memberId);
    // The unit the cancellation put back was used after all (none is taken when none is left).
    if (redemption.rewardId) await store.takeStock(shopId, redemption.rewardId);
    const { debit } = reversalStep({
      target: redemption.pointsSpent,
      alreadyReversed: 0,
      balance: locked?.balance ?? 0,
      policy,
    });
    if (locked && debit > 0) {
      await store.debit({
        shopId,
        memberId: redemption.memberId,
        points: -debit,
        kind: "redeem",
        causeType: "redemption",
        causeId: redemption.id,
        reason: `Order ${orderId} used the code after it was cancelled: points taken back.`,
        idempotencyKey: ledgerKeys.redemptionReclaim(redemption.id),
        allowNegative: policy === "allow_negative",
      });
    }
    return true;
  });
}
