/**
 * A redemption is pending between the debit of its points and Shopify's answer. Settling it
 * either marks it issued (Shopify has the code) or releases it (points back, with a reason).
 * Each settles once: the first to move the row out of "pending" wins, so the request that
 * redeemed and a sweeper on another instance can never both act.
 */
import type { Db } from "../db.server";
import { ledgerKeys } from "../domain/ledger";
import { inLedgerTransaction, postEntry } from "../ledger/ledger.server";
import { shopifyGateway } from "../shopify/gateway.server";

export async function markIssued(
  db: Db,
  input: { shopId: string; redemptionId: string; discountId: string },
): Promise<boolean> {
  const claimed = await db.redemption.updateMany({
    where: { id: input.redemptionId, shopId: input.shopId, status: "pending" },
    data: { status: "issued", discountId: input.discountId },
  });
  return claimed.count === 1;
}

export async function releaseRedemption(
  db: Db,
  input: { shopId: string; redemptionId: string; reason: string },
): Promise<boolean> {
  return inLedgerTransaction(db, async (tx) => {
    const claimed = await tx.redemption.updateMany({
      where: { id: input.redemptionId, shopId: input.shopId, status: "pending" },
      data: { status: "failed", failureReason: input.reason.slice(0, 500) },
    });
    if (claimed.count === 0) return false;
    const redemption = await tx.redemption.findFirstOrThrow({
      where: { id: input.redemptionId, shopId: input.shopId },
    });
    await postEntry(tx, {
      shopId: input.shopId,
      memberId: redemption.memberId,
      points: redemption.pointsSpent,
      kind: "reverse",
      causeType: "redemption",
      causeId: redemption.id,
      reason: input.reason,
      idempotencyKey: ledgerKeys.redemptionRestore(redemption.id),
    });
    return true;
  });
}

export interface SettleReport {
  issued: number;
  released: number;
  /** Shopify could not be asked; tried again on the next run. */
  unresolved: number;
}

/**
 * Redemptions left pending longer than any request lasts (the process died, or Shopify's
 * answer was lost): ask Shopify whether the code exists, then mark issued or release.
 */
export async function settleStaleRedemptions(
  db: Db,
  options: { olderThan: Date; shopId?: string },
): Promise<SettleReport> {
  const stale = await db.redemption.findMany({
    where: {
      status: "pending",
      createdAt: { lt: options.olderThan },
      ...(options.shopId ? { shopId: options.shopId } : {}),
    },
    include: { shop: { select: { domain: true } } },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  const report: SettleReport = { issued: 0, released: 0, unresolved: 0 };
  for (const redemption of stale) {
    let found: { discountId: string } | null;
    try {
      found = await shopifyGateway().findDiscountCode(redemption.shop.domain, redemption.code);
    } catch {
      report.unresolved++;
      continue;
    }
    if (found) {
      if (
        await markIssued(db, { shopId: redemption.shopId, redemptionId: redemption.id, discountId: found.discountId })
      )
        report.issued++;
    } else if (
      await releaseRedemption(db, {
        shopId: redemption.shopId,
        redemptionId: redemption.id,
        reason: "The reward's code was never created in Shopify: points returned.",
      })
    ) {
      report.released++;
    }
  }
  return report;
}
