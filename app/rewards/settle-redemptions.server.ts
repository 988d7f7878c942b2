/**
 * A redemption is pending between the debit of its points and Shopify's answer. Settling it
 * either marks it issued (Shopify has it) or releases it (points and stock back, with a
 * reason). Each settles once: the first to move the row out of "pending" wins, so the request
 * that redeemed and a sweeper on another instance can never both act.
 */
import type { Db, Tx } from "../db.server";
import { ledgerKeys } from "../domain/ledger";
import { readRewardRow, type RewardKind } from "../domain/rewards/catalogue";
import { inLedgerTransaction, postEntry } from "../ledger/ledger.server";
import { issuerFor } from "./issuers.server";
import type { IssueRequest, Issued } from "./issuing";

/** What the row keeps of what Shopify holds. */
function issuedColumns(issued: Issued) {
  switch (issued.kind) {
    case "discount":
      return { discountId: issued.discountId };
    case "store_credit":
      return { storeCreditTransactionId: issued.transactionId };
    case "none":
      return {};
  }
}

/** What Shopify holds for a stored redemption (to revoke it). */
export function issuedOf(row: {
  kind: string;
  discountId: string | null;
  storeCreditTransactionId: string | null;
}): Issued {
  if (row.discountId) return { kind: "discount", discountId: row.discountId };
  if (row.storeCreditTransactionId) return { kind: "store_credit", transactionId: row.storeCreditTransactionId };
  return { kind: "none" };
}

export async function markIssued(
  db: Db,
  input: { shopId: string; redemptionId: string; issued: Issued },
): Promise<boolean> {
  const claimed = await db.redemption.updateMany({
    where: { id: input.redemptionId, shopId: input.shopId, status: "pending" },
    data: { status: "issued", ...issuedColumns(input.issued) },
  });
  return claimed.count === 1;
}

/**
 * Points and stock back for a redemption, in the caller's transaction, after the caller
 * claimed the row (moved it out of its state by a conditional update): one reversing entry
 * under redemptionRestore's key, so they come back once whichever path runs.
 */
export async function restorePointsAndStock(
  tx: Tx,
  redemption: { id: string; shopId: string; memberId: string; rewardId: string | null; pointsSpent: number },
  reason: string,
): Promise<number> {
  // A reward a challenge granted cost no points: only its stock comes back (the caller's
  // claim of the row already makes that happen once).
  if (redemption.pointsSpent === 0) {
    await restoreStock(tx, redemption);
    const member = await tx.member.findFirstOrThrow({
      where: { id: redemption.memberId, shopId: redemption.shopId },
      select: { balance: true },
    });
    return member.balance;
  }
  const posted = await postEntry(tx, {
    shopId: redemption.shopId,
    memberId: redemption.memberId,
    points: redemption.pointsSpent,
    kind: "reverse",
    causeType: "redemption",
    causeId: redemption.id,
    reason,
    idempotencyKey: ledgerKeys.redemptionRestore(redemption.id),
  });
  if (posted.status === "posted") await restoreStock(tx, redemption);
  return posted.entry.balanceAfter;
}

async function restoreStock(tx: Tx, redemption: { shopId: string; rewardId: string | null }): Promise<void> {
  if (!redemption.rewardId) return;
  await tx.reward.updateMany({
    where: { id: redemption.rewardId, shopId: redemption.shopId, stockRemaining: { not: null } },
    data: { stockRemaining: { increment: 1 } },
  });
}

/** A stored redemption as its issuer is asked about it (the sweeper, a challenge's grant). */
export function storedIssueRequest(redemption: {
  id: string;
  currencyCode: string;
  code: string | null;
  valueMinor: number;
  expiresAt: Date | null;
  shop: { domain: string };
  member: { customerId: string };
  reward: Parameters<typeof readRewardRow>[0];
}): IssueRequest {
  return {
    shopDomain: redemption.shop.domain,
    currencyCode: redemption.currencyCode,
    customerId: redemption.member.customerId,
    reward: readRewardRow(redemption.reward),
    redemption: {
      id: redemption.id,
      code: redemption.code,
      valueMinor: redemption.valueMinor,
      expiresAt: redemption.expiresAt,
    },
  };
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
    await restorePointsAndStock(tx, redemption, input.reason);
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
 * answer was lost): ask the kind's issuer what Shopify holds, then mark issued or release.
 * Store credit is left out: Shopify cannot say whether it was credited, so the merchant
 * settles it (unconfirmed-credit.server.ts); asked on every run, it would also fill the
 * batch and starve the codes behind it.
 */
export async function settleStaleRedemptions(
  db: Db,
  options: { olderThan: Date; shopId?: string },
): Promise<SettleReport> {
  const stale = await db.redemption.findMany({
    where: {
      status: "pending",
      kind: { not: "store_credit" },
      createdAt: { lt: options.olderThan },
      ...(options.shopId ? { shopId: options.shopId } : {}),
    },
    include: { shop: { select: { domain: true } }, member: { select: { customerId: true } }, reward: true },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  const report: SettleReport = { issued: 0, released: 0, unresolved: 0 };
  for (const redemption of stale) {
    // A reward deleted since: nothing to ask Shopify about with; the merchant settles it.
    if (!redemption.reward) {
      report.unresolved++;
      continue;
    }
    let request: IssueRequest;
    try {
      request = storedIssueRequest({ ...redemption, reward: redemption.reward });
    } catch {
      // A reward row this version cannot read: left for the merchant, the rest still settled.
      report.unresolved++;
      continue;
    }
    let found: Issued | null | "unknown";
    try {
      found = await issuerFor(redemption.kind as RewardKind).confirm(request);
    } catch {
      report.unresolved++;
      continue;
    }
    if (found === "unknown") {
      report.unresolved++;
    } else if (found) {
      if (await markIssued(db, { shopId: redemption.shopId, redemptionId: redemption.id, issued: found }))
        report.issued++;
    } else if (
      await releaseRedemption(db, {
        shopId: redemption.shopId,
        redemptionId: redemption.id,
        reason: "The reward was never created in Shopify: points returned.",
      })
    ) {
      report.released++;
    }
  }
  return report;
}
