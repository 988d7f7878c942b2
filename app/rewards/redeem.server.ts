/**
 * Spending points on a reward of any kind. In ONE transaction: the member row is locked,
 * the same availability the Bazaar shows is checked against what is counted after the lock
 * (app/domain/rewards/availability.ts), one unit of stock is taken by a conditional
 * decrement, the points are debited, and a pending redemption is written. So fifty
 * simultaneous clicks can neither oversell the stock nor pass a per-customer limit nor spend
 * points twice. Then the kind's issuer (app/rewards/issuers.server.ts) creates it at Shopify;
 * if Shopify fails, releaseRedemption gives the points and the stock back exactly once.
 * Marking it issued only succeeds while it is still pending: a sweeper that settled it first
 * decides (settleAfterLosingTheRace).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "../db.server";
import { readLiveCampaigns } from "../campaigns/campaigns.server";
import { rewardAtCampaignPrice } from "../domain/campaigns/reward-price";
import { runningCampaigns } from "../domain/campaigns/schedule";
import { discountCodeFrom } from "../domain/discount-code";
import { ledgerKeys } from "../domain/ledger";
import {
  isRewardShown,
  periodWindowStart,
  rewardAvailability,
  type AvailabilityContext,
} from "../domain/rewards/availability";
import { CODE_KINDS, readRewardRow, type Reward } from "../domain/rewards/catalogue";
import { redemptionQuote } from "../domain/rewards/pricing";
import { InsufficientPointsError } from "../ledger/ledger.server";
import { findMemberByCustomerId } from "../members/members.server";
import { readTiers } from "../tiers/tiers.server";
import {
  ShopifyAccessDeniedError,
  ShopifyGatewayError,
  ShopifyRefusedError,
  ShopifyThrottledError,
} from "../shopify/gateway.server";
import {
  InvalidPointsError,
  RedemptionFailedError,
  RedemptionUnconfirmedError,
  RewardLockedError,
  RewardNotFoundError,
} from "./errors";
import { issuerFor } from "./issuers.server";
import type { IssueRequest, Issued } from "./issuing";
import { inRedeemTransaction, type PendingRedemption, type RedeemStore } from "./redeem-store.server";
import { markIssued, releaseRedemption } from "./settle-redemptions.server";

export interface RedeemInput {
  shopId: string;
  shopDomain: string;
  currencyCode: string;
  /** Shopify's customer id, from the signed app proxy only. */
  customerId: string;
  rewardId: string;
  /** points_to_discount: how many points to spend (a multiple of the reward's step). */
  points?: number;
  now?: Date;
}

export interface RedeemResult {
  redemptionId: string;
  /** The member who redeemed (the signed customer's), so callers need not look them up again. */
  memberId: string;
  balance: number;
}

const DAY_MS = 86_400_000;

/**
 * What the shopper stands on before the lock: the reward at the price of the campaign running
 * now, if one changes it (app/domain/campaigns/reward-price.ts), its quote, who they are.
 */
async function prepare(db: Db, input: RedeemInput, now: Date) {
  const { shopId } = input;
  const [record, campaigns, shop] = await Promise.all([
    db.reward.findFirst({ where: { id: input.rewardId, shopId, active: true, archivedAt: null } }),
    readLiveCampaigns(db, shopId),
    db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timeZone: true } }),
  ]);
  if (!record) throw new RewardNotFoundError("That reward is not available.");
  const listed = readRewardRow(record);
  // What the Bazaar does not show cannot be redeemed (outside its show window).
  if (!isRewardShown(listed, now)) throw new RewardNotFoundError("That reward is not available.");
  // Priced as the shopper sees it now; the redemption records what it spends and gives.
  const { reward } = rewardAtCampaignPrice(listed, runningCampaigns(campaigns, now, shop.timeZone));
  const quote = redemptionQuote(reward, input.points);
  if (!quote.ok) throw new InvalidPointsError(quote.step, quote.maxPoints);
  const [member, tiers] = await Promise.all([
    findMemberByCustomerId(db, shopId, input.customerId),
    readTiers(db, shopId),
  ]);
  const memberTier = member?.tierId ? (tiers.find((t) => t.id === member.tierId) ?? null) : null;
  const context = (balance: number, redeemed: AvailabilityContext["redeemed"]): AvailabilityContext => ({
    now,
    signedIn: true,
    balance,
    memberTier: memberTier ? { id: memberTier.id, position: memberTier.position } : null,
    tiers: tiers.map((t) => ({ id: t.id, name: t.name, position: t.position })),
    redeemed,
  });
  return { reward, quote, member, context };
}

/** The refusal a locked availability answers: short of points is its own error (how many). */
function refusal(reason: string | null, needed: number, balance: number): Error {
  if (reason === "points") return new InsufficientPointsError(needed, balance);
  return new RewardLockedError((reason ?? "ended") as RewardLockedError["lockedReason"]);
}

/** A new redemption's discount code and when it expires (code kinds; null for the others). */
export function redemptionCode(reward: Reward, now: Date): { code: string | null; expiresAt: Date | null } {
  const isCode = CODE_KINDS.includes(reward.kind);
  return {
    code: isCode ? discountCodeFrom(randomBytes(8)) : null,
    expiresAt:
      isCode && reward.codeExpiryDays !== null ? new Date(now.getTime() + reward.codeExpiryDays * DAY_MS) : null,
  };
}

export async function redeemReward(db: Db, input: RedeemInput): Promise<RedeemResult> {
  const now = input.now ?? new Date();
  const { shopId } = input;
  const { reward, quote, member, context } = await prepare(db, input, now);
  if (!member) {
    const availability = rewardAvailability(reward, context(0, { total: 0, inWindow: [] }));
    throw refusal(availability.available ? "points" : availability.lockedReason, quote.points, 0);
  }

  const redemptionId = randomUUID();
  const pending: PendingRedemption = {
    id: redemptionId,
    shopId,
    memberId: member.id,
    rewardId: reward.id,
    kind: reward.kind,
    rewardTitle: reward.title,
    pointsSpent: quote.points,
    valueMinor: quote.valueMinor,
    currencyCode: input.currencyCode,
    ...redemptionCode(reward, now),
    createdAt: now,
  };

  const balance = await inRedeemTransaction(db, async (store: RedeemStore) => {
    const locked = await store.lockMember(shopId, member.id);
    if (locked === null) throw new InsufficientPointsError(quote.points, 0);
    const redeemed = await store.countingRedemptions({
      shopId,
      memberId: member.id,
      rewardId: reward.id,
      since: periodWindowStart(reward, now),
    });
    const availability = rewardAvailability(reward, context(locked.balance, redeemed));
    if (!availability.available) throw refusal(availability.lockedReason, quote.points, locked.balance);
    if (quote.points > locked.balance) throw new InsufficientPointsError(quote.points, locked.balance);
    if (reward.stockRemaining !== null && !(await store.takeStock(shopId, reward.id)))
      throw new RewardLockedError("out_of_stock");
    const balanceAfter = await store.debit({
      shopId,
      memberId: member.id,
      points: -quote.points,
      kind: "redeem",
      causeType: "redemption",
      causeId: redemptionId,
      idempotencyKey: ledgerKeys.redemption(redemptionId),
    });
    await store.insertPending(pending);
    return balanceAfter;
  });

  const request: IssueRequest = {
    shopDomain: input.shopDomain,
    currencyCode: input.currencyCode,
    customerId: input.customerId,
    reward,
    redemption: { id: redemptionId, code: pending.code, valueMinor: pending.valueMinor, expiresAt: pending.expiresAt },
  };
  await issueRedemption(db, shopId, request);
  return { redemptionId, memberId: member.id, balance };
}

/**
 * Creates the redemption at Shopify and settles it (also a reward a challenge granted,
 * app/challenges/grants.server.ts). The request may have reached Shopify even
 * though its answer did not reach us: the issuer is asked (confirm) before the points go back,
 * or the shopper would keep both the reward and the points.
 */
export async function issueRedemption(db: Db, shopId: string, request: IssueRequest): Promise<void> {
  const issuer = issuerFor(request.reward.kind);
  const redemptionId = request.redemption.id;
  const settle = async (issued: Issued) => {
    if (!(await markIssued(db, { shopId, redemptionId, issued }))) {
      await settleAfterLosingTheRace(db, { shopId, shopDomain: request.shopDomain, redemptionId, issued });
    }
  };
  let issued: Issued;
  try {
    issued = await issuer.issue(request);
  } catch (error) {
    let existing: Issued | null | "unknown";
    try {
      // Throttled, refused with user errors or for a scope: Shopify answered that it wrote
      // nothing, so there is nothing to ask about (and store credit could not be asked).
      const nothingWritten =
        error instanceof ShopifyThrottledError ||
        error instanceof ShopifyRefusedError ||
        error instanceof ShopifyAccessDeniedError;
      existing = nothingWritten ? null : await issuer.confirm(request);
    } catch {
      throw new RedemptionUnconfirmedError(redemptionId, error);
    }
    if (existing === "unknown") throw new RedemptionUnconfirmedError(redemptionId, error);
    if (existing) return settle(existing);
    const reason =
      error instanceof ShopifyGatewayError
        ? `Shopify could not create the reward: ${error.message}`
        : "The reward could not be created.";
    await releaseRedemption(db, { shopId, redemptionId, reason });
    throw new RedemptionFailedError(redemptionId, error);
  }
  await settle(issued);
}

/**
 * The redemption left "pending" before this request could mark it issued: the sweeper
 * (settle-redemptions.server.ts) settled it while Shopify was slow to answer. If the sweeper
 * found it, it marked the redemption issued, and the shopper gets it as usual. If it asked
 * before Shopify had it, it released the redemption: the points (and stock) are back, by a
 * reversing entry the shopper may already have spent. Then what Shopify created must go, not
 * the points: debiting again could take a balance below zero or fail, and undoing the release
 * would need a third entry for one redemption, while the code has been shown to nobody yet.
 * The shopper is told it could not be created and the points were not spent, which is then
 * true. If Shopify cannot take it back either, it is logged for the merchant.
 */
async function settleAfterLosingTheRace(
  db: Db,
  input: { shopId: string; shopDomain: string; redemptionId: string; issued: Issued },
): Promise<void> {
  const settled = await db.redemption.findFirstOrThrow({
    where: { id: input.redemptionId, shopId: input.shopId },
    select: { status: true, kind: true },
  });
  if (settled.status === "issued") return;
  try {
    await issuerFor(settled.kind as Reward["kind"]).revoke(input.shopDomain, input.issued);
  } catch (error) {
    console.error(
      `[redeem] ${input.shopDomain}: redemption ${input.redemptionId} was released while Shopify created it; ` +
        `take back ${JSON.stringify(input.issued)} in Shopify: ${(error as Error).message}`,
    );
  }
  throw new RedemptionFailedError(input.redemptionId, "released by the sweeper while it was being created");
}
