/**
 * A completion that gives a reward of the catalogue: a redemption for no points
 * (pointsSpent 0, challengeCompletionId), written pending in the completion's transaction,
 * its stock taken like a redemption's, then issued at Shopify after the commit through the
 * reward's own issuer (issueRedemption, app/rewards/redeem.server.ts). A lost answer is
 * settled by the redemptions sweeper like any redemption (app/rewards/settle-redemptions.server.ts).
 * When the completion is reversed, a granted reward not used yet is taken back like a
 * cancellation (app/rewards/cancel.server.ts); a used one is kept, and the reversal says so.
 */
import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db.server";
import { readRewardRow } from "../domain/rewards/catalogue";
import { redemptionQuote } from "../domain/rewards/pricing";
import { cancelRedemption } from "../rewards/cancel.server";
import { issueRedemption, redemptionCode } from "../rewards/redeem.server";
import { storedIssueRequest } from "../rewards/settle-redemptions.server";

export interface ChallengeFollowUps {
  /** Granted rewards to issue at Shopify, after the commit. */
  grants: Array<{ shopId: string; redemptionId: string }>;
  /** Granted rewards to take back at Shopify, after the commit. */
  takeBacks: Array<{ shopId: string; redemptionId: string }>;
}

export const NO_FOLLOW_UPS: ChallengeFollowUps = { grants: [], takeBacks: [] };

/**
 * The pending redemption of a reward a completion gives; null (nothing to issue) when the
 * reward is gone or out of stock: then a failed redemption says why, for the merchant.
 */
export async function grantRewardInTransaction(
  tx: Tx,
  input: { shopId: string; memberId: string; completionId: string; rewardId: string; now: Date },
): Promise<{ shopId: string; redemptionId: string } | null> {
  const { shopId, now } = input;
  const row = await tx.reward.findFirst({ where: { id: input.rewardId, shopId, active: true, archivedAt: null } });
  if (!row) return null;
  const reward = readRewardRow(row);
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currencyCode: true } });
  const quote = redemptionQuote(reward);
  const inStock =
    reward.stockRemaining === null ||
    (
      await tx.reward.updateMany({
        where: { id: reward.id, shopId, stockRemaining: { gt: 0 } },
        data: { stockRemaining: { decrement: 1 } },
      })
    ).count === 1;
  const id = randomUUID();
  await tx.redemption.create({
    data: {
      id,
      shopId,
      memberId: input.memberId,
      rewardId: reward.id,
      kind: reward.kind,
      rewardTitle: reward.title,
      pointsSpent: 0,
      valueMinor: quote.ok ? quote.valueMinor : 0,
      currencyCode: shop.currencyCode,
      ...(inStock ? redemptionCode(reward, now) : { code: null, expiresAt: null }),
      status: inStock ? "pending" : "failed",
      failureReason: inStock ? null : "Out of stock when the challenge was completed.",
      challengeCompletionId: input.completionId,
      createdAt: now,
    },
  });
  return inStock ? { shopId, redemptionId: id } : null;
}

/**
 * What becomes of the reward a reversed completion granted: taken back after the commit
 * when issued and not used; kept when used (the note says so, for the completion's reason).
 */
export async function takeBackInTransaction(
  tx: Tx,
  shopId: string,
  completionId: string,
): Promise<{ redemptionId: string | null; note: string }> {
  const redemption = await tx.redemption.findFirst({
    where: { shopId, challengeCompletionId: completionId },
    select: { id: true, status: true, usedAt: true },
  });
  if (!redemption || redemption.status !== "issued") return { redemptionId: null, note: "" };
  if (redemption.usedAt) return { redemptionId: null, note: " The reward was already used: it is kept." };
  return { redemptionId: redemption.id, note: " The reward it gave is taken back." };
}

/** After the commit: grants issued at Shopify, rewards of reversed completions taken back. */
export async function runChallengeFollowUps(db: Db, followUps: ChallengeFollowUps): Promise<void> {
  for (const grant of followUps.grants) {
    const redemption = await db.redemption.findFirst({
      where: { id: grant.redemptionId, shopId: grant.shopId, status: "pending" },
      include: { shop: { select: { domain: true } }, member: { select: { customerId: true } }, reward: true },
    });
    if (!redemption?.reward) continue;
    try {
      await issueRedemption(db, grant.shopId, storedIssueRequest({ ...redemption, reward: redemption.reward }));
    } catch (error) {
      // Released (failed, with its reason) or left pending for the sweeper: the completion stands.
      console.warn(`[challenges] reward ${redemption.id} not issued: ${(error as Error).message}`);
    }
  }
  for (const takeBack of followUps.takeBacks) {
    const shop = await db.shop.findUnique({ where: { id: takeBack.shopId }, select: { domain: true } });
    if (!shop) continue;
    try {
      await cancelRedemption(db, {
        shopId: takeBack.shopId,
        shopDomain: shop.domain,
        redemptionId: takeBack.redemptionId,
        by: "challenge",
      });
    } catch (error) {
      // Used or cancelled meanwhile, or Shopify unreachable: the merchant sees it issued.
      console.warn(`[challenges] reward ${takeBack.redemptionId} not taken back: ${(error as Error).message}`);
    }
  }
}
