/**
 * Spending points on a reward. The points leave the balance first, in one transaction with
 * a pending redemption (so twenty simultaneous clicks can never spend them twice); then
 * Shopify creates the customer's single-use code; if Shopify fails, a reversing entry puts
 * the points back and the redemption is marked failed. Marking it issued only succeeds while
 * it is still pending: a sweeper that settled it first decides (settleAfterLosingTheRace).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { postgresPoolOf, type Db } from "../db.server";
import { discountCodeFrom } from "../domain/discount-code";
import { ledgerKeys } from "../domain/ledger";
import { currencyExponent, formatMoney, fromMinorUnits } from "../domain/money";
import { inLedgerTransaction, InsufficientPointsError, postEntry } from "../ledger/ledger.server";
import { inPostgresTransaction } from "../ledger/postgres-transaction.server";
import { markIssued, releaseRedemption } from "./settle-redemptions.server";
import { findMemberByCustomerId } from "../members/members.server";
import { shopifyGateway, ShopifyGatewayError } from "../shopify/gateway.server";

export class RewardNotFoundError extends Error {
  override name = "RewardNotFoundError";
}

/** Shopify could not be asked whether the code exists: the redemption stays pending and
 * the sweeper (settleStaleRedemptions) settles it later, one way or the other. */
export class RedemptionUnconfirmedError extends Error {
  override name = "RedemptionUnconfirmedError";
  constructor(
    readonly redemptionId: string,
    cause: unknown,
  ) {
    super(`Redemption ${redemptionId} is unconfirmed: ${(cause as Error)?.message ?? cause}`);
  }
}

export class RedemptionFailedError extends Error {
  override name = "RedemptionFailedError";
  constructor(
    readonly redemptionId: string,
    cause: unknown,
  ) {
    super(`Redemption ${redemptionId} failed: ${(cause as Error)?.message ?? cause}`);
  }
}

export interface RedeemResult {
  redemptionId: string;
  code: string;
  value: string;
  balance: number;
}

export async function redeemReward(
  db: Db,
  input: { shopId: string; shopDomain: string; currencyCode: string; customerId: string; rewardId: string },
): Promise<RedeemResult> {
  const { shopId } = input;
  const reward = await db.reward.findFirst({ where: { id: input.rewardId, shopId, active: true } });
  if (!reward) throw new RewardNotFoundError("That reward is not available.");
  const member = await findMemberByCustomerId(db, shopId, input.customerId);
  if (!member) throw new InsufficientPointsError(reward.costPoints, 0);

  const redemptionId = randomUUID();
  const code = discountCodeFrom(randomBytes(8));
  const value = formatMoney(reward.valueMinor, input.currencyCode);

  const entry = {
    shopId,
    memberId: member.id,
    points: -reward.costPoints,
    kind: "redeem" as const,
    causeType: "redemption" as const,
    causeId: redemptionId,
    idempotencyKey: ledgerKeys.redemption(redemptionId),
  };
  const pending = {
    id: redemptionId,
    shopId,
    memberId: member.id,
    rewardId: reward.id,
    pointsSpent: reward.costPoints,
    valueMinor: reward.valueMinor,
    currencyCode: input.currencyCode,
    code,
    status: "pending",
  };
  // On PostgreSQL without Prisma's interactive transaction (app/ledger/postgres-transaction.server.ts):
  // the debit, then the pending redemption, sent with COMMIT where the client pipelines.
  const pool = postgresPoolOf(db);
  const debit = pool
    ? await inPostgresTransaction(pool, async (tx) => {
        const posted = await tx.postEntry(entry);
        tx.beforeCommit(async () => {
          const now = new Date().toISOString();
          await tx.client.query(
            `INSERT INTO "Redemption" ("id", "shopId", "memberId", "rewardId", "pointsSpent", "valueMinor", "currencyCode", "code", "status", "createdAt", "updatedAt")
             VALUES ($1, $2, $3, $4, $5::int, $6::int, $7, $8, $9, $10::timestamp, $10::timestamp)`,
            [
              pending.id,
              pending.shopId,
              pending.memberId,
              pending.rewardId,
              pending.pointsSpent,
              pending.valueMinor,
              pending.currencyCode,
              pending.code,
              pending.status,
              now,
            ],
          );
        });
        return posted.entry;
      })
    : await inLedgerTransaction(db, async (tx) => {
        const posted = await postEntry(tx, entry);
        await tx.redemption.create({ data: pending });
        return posted.entry;
      });

  try {
    const { discountId } = await shopifyGateway().createCodeDiscount(input.shopDomain, {
      customerId: input.customerId,
      code,
      title: `Loyalty reward: ${reward.title}`,
      value: { kind: "amount", amount: fromMinorUnits(reward.valueMinor, currencyExponent(input.currencyCode)) },
      items: { kind: "all" },
      minimumSubtotal: null,
      endsAt: null,
      combinesWith: { order: false, product: true, shipping: true },
    });
    if (!(await markIssued(db, { shopId, redemptionId, discountId }))) {
      await settleAfterLosingTheRace(db, { shopId, shopDomain: input.shopDomain, redemptionId, discountId });
    }
    return { redemptionId, code, value, balance: debit.balanceAfter };
  } catch (error) {
    if (error instanceof RedemptionFailedError) throw error;
    // The request may have reached Shopify even though its answer did not reach us: ask
    // before giving the points back, or the shopper would keep both code and points.
    let existing: { discountId: string } | null;
    try {
      existing = await shopifyGateway().findDiscountCode(input.shopDomain, code);
    } catch {
      throw new RedemptionUnconfirmedError(redemptionId, error);
    }
    if (existing) {
      if (!(await markIssued(db, { shopId, redemptionId, discountId: existing.discountId }))) {
        await settleAfterLosingTheRace(db, {
          shopId,
          shopDomain: input.shopDomain,
          redemptionId,
          discountId: existing.discountId,
        });
      }
      return { redemptionId, code, value, balance: debit.balanceAfter };
    }
    const reason =
      error instanceof ShopifyGatewayError
        ? `Shopify could not create the code: ${error.message}`
        : "The code could not be created.";
    await releaseRedemption(db, { shopId, redemptionId, reason });
    throw new RedemptionFailedError(redemptionId, error);
  }
}

/**
 * The redemption left "pending" before this request could mark it issued: the sweeper
 * (settle-redemptions.server.ts) settled it while Shopify was slow to answer. If the sweeper
 * found the code, it marked the redemption issued, and the shopper gets the code as usual. If
 * it asked before the code existed, it released the redemption: the points are back, by a
 * reversing entry the shopper may already have spent. Then the code must go, not the points:
 * debiting again could take a balance below zero or fail, and undoing the release would need
 * a third entry for one redemption, while the code has been shown to nobody yet and deleting
 * it in Shopify makes both sides agree that nothing was redeemed. The shopper is told the code
 * could not be created and the points were not spent, which is then true. If Shopify cannot
 * delete it either, the code stays unknown to the shopper (it was never answered) and is
 * logged for the merchant to delete.
 */
async function settleAfterLosingTheRace(
  db: Db,
  input: { shopId: string; shopDomain: string; redemptionId: string; discountId: string },
): Promise<void> {
  const settled = await db.redemption.findFirstOrThrow({
    where: { id: input.redemptionId, shopId: input.shopId },
    select: { status: true },
  });
  if (settled.status === "issued") return;
  try {
    await shopifyGateway().deleteDiscount(input.shopDomain, input.discountId);
  } catch (error) {
    console.error(
      `[redeem] ${input.shopDomain}: redemption ${input.redemptionId} was released while its code was created; ` +
        `delete discount ${input.discountId} in Shopify: ${(error as Error).message}`,
    );
  }
  throw new RedemptionFailedError(input.redemptionId, "released by the sweeper while the code was being created");
}
