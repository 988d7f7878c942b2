/**
 * Taking a redemption back for its points: an unused, unexpired code (the shopper or the
 * merchant), or a custom request not yet fulfilled (the merchant). Shopify first: the code
 * is deleted there (already gone counts as done), so it can no longer be used; then the row
 * is claimed (issued → cancelled, conditional) and the points and stock come back in the
 * same transaction. Two cancels at once both delete at Shopify, one claims, the other is told
 * the redemption is already cancelled: the points come back exactly once.
 */
import type { Db } from "../db.server";
import { isMerchantCancellable, isShopperCancellable, redemptionStatus } from "../domain/rewards/redemption-status";
import type { RewardKind } from "../domain/rewards/catalogue";
import { inLedgerTransaction } from "../ledger/ledger.server";
import { RedemptionNotCancellableError, RedemptionNotFoundError } from "./errors";
import { issuerFor } from "./issuers.server";
import { issuedOf, restorePointsAndStock } from "./settle-redemptions.server";

export interface CancelInput {
  shopId: string;
  shopDomain: string;
  redemptionId: string;
  /** "challenge": a reward a challenge granted, taken back with its reversed completion. */
  by: "shopper" | "merchant" | "challenge";
  /** A shopper's own member id (from the signed app proxy): someone else's redemption is not found. */
  memberId?: string;
  now?: Date;
}

export async function cancelRedemption(db: Db, input: CancelInput): Promise<{ balance: number }> {
  const now = input.now ?? new Date();
  const { shopId } = input;
  if (input.by === "shopper" && !input.memberId) throw new RedemptionNotFoundError("No such redemption.");
  const redemption = await db.redemption.findFirst({
    where: { id: input.redemptionId, shopId, ...(input.memberId ? { memberId: input.memberId } : {}) },
  });
  if (!redemption) throw new RedemptionNotFoundError("No such redemption.");
  const view = { ...redemption, kind: redemption.kind as RewardKind };
  const cancellable = input.by === "shopper" ? isShopperCancellable(view, now) : isMerchantCancellable(view, now);
  if (!cancellable) throw new RedemptionNotCancellableError(redemptionStatus(view, now));

  await issuerFor(view.kind).revoke(input.shopDomain, issuedOf(redemption));

  const reason = {
    shopper: "Cancelled by the shopper: points returned.",
    merchant: "Cancelled by the merchant: points returned.",
    challenge: "Taken back: the challenge completion that granted it was reversed.",
  }[input.by];
  return inLedgerTransaction(db, async (tx) => {
    const claimed = await tx.redemption.updateMany({
      where: { id: redemption.id, shopId, status: "issued", usedAt: null },
      data: { status: "cancelled", cancelledAt: now, cancelledBy: input.by },
    });
    if (claimed.count === 0) {
      const current = await tx.redemption.findFirstOrThrow({ where: { id: redemption.id, shopId } });
      throw new RedemptionNotCancellableError(redemptionStatus({ ...current, kind: view.kind }, now));
    }
    return { balance: await restorePointsAndStock(tx, redemption, reason) };
  });
}
