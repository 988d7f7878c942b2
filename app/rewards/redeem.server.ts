/**
 * Spending points on a reward. The points leave the balance first, in one transaction with
 * a pending redemption (so twenty simultaneous clicks can never spend them twice); then
 * Shopify creates the customer's single-use code; if Shopify fails, a reversing entry puts
 * the points back and the redemption is marked failed.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "../db.server";
import { discountCodeFrom } from "../domain/discount-code";
import { ledgerKeys } from "../domain/ledger";
import { currencyExponent, formatMoney, fromMinorUnits } from "../domain/money";
import { inLedgerTransaction, InsufficientPointsError, postEntry } from "../ledger/ledger.server";
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
  constructor(readonly redemptionId: string, cause: unknown) {
    super(`Redemption ${redemptionId} is unconfirmed: ${(cause as Error)?.message ?? cause}`);
  }
}

export class RedemptionFailedError extends Error {
  override name = "RedemptionFailedError";
  constructor(readonly redemptionId: string, cause: unknown) {
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

  const debit = await inLedgerTransaction(db, async (tx) => {
    const posted = await postEntry(tx, {
      shopId,
      memberId: member.id,
      points: -reward.costPoints,
      kind: "redeem",
      causeType: "redemption",
      causeId: redemptionId,
      idempotencyKey: ledgerKeys.redemption(redemptionId),
    });
    await tx.redemption.create({
      data: {
        id: redemptionId,
        shopId,
        memberId: member.id,
        rewardId: reward.id,
        pointsSpent: reward.costPoints,
        valueMinor: reward.valueMinor,
        currencyCode: input.currencyCode,
        code,
        status: "pending",
      },
    });
    return posted.entry;
  });

  try {
    const { discountId } = await shopifyGateway().createCustomerDiscountCode(input.shopDomain, {
      customerId: input.customerId,
      code,
      title: `Loyalty reward: ${reward.title}`,
      amount: fromMinorUnits(reward.valueMinor, currencyExponent(input.currencyCode)),
    });
    await markIssued(db, { shopId, redemptionId, discountId });
    return { redemptionId, code, value, balance: debit.balanceAfter };
  } catch (error) {
    // The request may have reached Shopify even though its answer did not reach us: ask
    // before giving the points back, or the shopper would keep both code and points.
    let existing: { discountId: string } | null;
    try {
      existing = await shopifyGateway().findDiscountCode(input.shopDomain, code);
    } catch {
      throw new RedemptionUnconfirmedError(redemptionId, error);
    }
    if (existing) {
      await markIssued(db, { shopId, redemptionId, discountId: existing.discountId });
      return { redemptionId, code, value, balance: debit.balanceAfter };
    }
    const reason =
      error instanceof ShopifyGatewayError ? `Shopify could not create the code: ${error.message}` : "The code could not be created.";
    await releaseRedemption(db, { shopId, redemptionId, reason });
    throw new RedemptionFailedError(redemptionId, error);
  }
}
