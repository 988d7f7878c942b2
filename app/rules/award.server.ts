/**
 * The one earn path for rules: an event from any channel (a webhook, the widget through the
 * app proxy, the events API) is evaluated by the pure engine (app/domain/rules) against the
 * shop's rules and the member's award history, and each award is posted to the ledger as an
 * "earn" entry with causeType "rule". Everything happens in one ledger transaction that holds
 * the member's row, so limits are counted from a history no concurrent award can change,
 * and a retry (same event, same keys) posts nothing twice.
 */
import type { Db, Tx } from "../db.server";
import { readLiveCampaigns } from "../campaigns/campaigns.server";
import { awardCampaignsReason, earningHooks } from "../domain/campaigns/boost";
import { stackingPolicyOf, type Campaign } from "../domain/campaigns/definition";
import { runningCampaigns } from "../domain/campaigns/schedule";
import { readCustomerTags } from "../domain/customer-sync";
import type { EarningContext } from "../domain/earning-context";
import { PointsOutOfRangeError } from "../domain/ledger";
import { refusal } from "../domain/rules/refusal";
import {
  evaluate,
  type Evaluation,
  type History,
  type Multiplier,
  type Refusal,
  type Rule,
  type RuleEvent,
} from "../domain/rules";
import { inLedgerTransaction, postEntry } from "../ledger/ledger.server";
import { lockMemberForAward } from "../members/members.server";
import { earningContextOf } from "../tiers/earning-context.server";
import { settleMemberTier } from "../tiers/movement.server";
import { rulesForEvaluation } from "./rules.server";
import { advanceChallengesForEvent } from "../challenges/earn.server";
import { NO_FOLLOW_UPS, runChallengeFollowUps, type ChallengeFollowUps } from "../challenges/grants.server";
import type { Challenge } from "../domain/challenges/definition";

export interface AwardShop {
  id: string;
  timeZone: string;
  engagementPaused: boolean;
  /** Shop.campaignStacking; read from the shop when the caller's row does not carry it. */
  campaignStacking?: string;
}

export interface AwardRequest {
  shop: AwardShop;
  /** Shopify's customer id, from a signed source only (webhook, app proxy, events API). */
  customerId: string;
  event: RuleEvent;
  now?: Date;
  /**
   * A multiplier besides the member's tier and the running campaigns, which always apply
   * (app/domain/campaigns/boost.ts): it multiplies their combined factor.
   */
  multiplier?: Multiplier;
  /** Rules to evaluate instead of the shop's stored ones (already loaded by the caller). */
  rules?: readonly Rule[];
  /** The shop's live challenges, when the caller has them (else read in the transaction). */
  challenges?: readonly Challenge[];
  /** The shop's live campaigns (readLiveCampaigns), when the caller already has them. */
  campaigns?: readonly Campaign[];
}

export interface PostedAward {
  ruleId: string;
  customerId: string;
  points: number;
  reason: string;
  /** "duplicate": the ledger already had this award (a retry racing its first attempt). */
  status: "posted" | "duplicate";
}

export interface AwardResult {
  awards: PostedAward[];
  refusals: Refusal[];
  /** The member's available balance after the awards. */
  balance: number;
  memberId: string;
  /** Challenge rewards to issue (or take back) at Shopify once the transaction committed. */
  challengeFollowUps: ChallengeFollowUps;
}

/** The member's earning context for an award at `request.now`: tier, running campaigns, stacking, tags. */
async function awardEarningContext(
  tx: Tx,
  request: AwardRequest & { now: Date },
  member: { id: string; customerTags: string },
): Promise<EarningContext> {
  const { shop } = request;
  const [tiered, campaigns, stacking] = await Promise.all([
    earningContextOf(tx, shop.id, member.id),
    request.campaigns ?? readLiveCampaigns(tx, shop.id),
    shop.campaignStacking ??
      tx.shop
        .findUnique({ where: { id: shop.id }, select: { campaignStacking: true } })
        .then((s) => s?.campaignStacking),
  ]);
  return {
    ...tiered,
    campaigns: runningCampaigns(campaigns, request.now, shop.timeZone),
    stacking: stackingPolicyOf(stacking ?? "multiply"),
    customerTags: readCustomerTags(member.customerTags),
  };
}

/** The award's reason, naming the campaigns that raised it: "10 points for a visit (Double points weekend ×2)". */
function withCampaigns(
  award: Evaluation["awards"][number],
  rule: Rule | undefined,
  event: RuleEvent,
  earning: EarningContext,
): string {
  const named = rule ? awardCampaignsReason(earning, rule, event, award) : "";
  return named ? `${award.reason} (${named})` : award.reason;
}

/** The member's past rule awards: what the engine counts limits and retries from. */
export async function historyOf(tx: Db | Tx, shopId: string, memberId: string): Promise<History> {
  const entries = await tx.ledgerEntry.findMany({
    where: { shopId, memberId, causeType: "rule", kind: "earn" },
    select: { causeId: true, idempotencyKey: true, createdAt: true },
  });
  return entries.map((entry) => ({ ruleId: entry.causeId, key: entry.idempotencyKey, at: entry.createdAt }));
}

export async function awardEvent(db: Db, request: AwardRequest): Promise<AwardResult> {
  const now = request.now ?? new Date();
  const rules = request.rules ?? (await rulesForEvaluation(db, request.shop.id));
  const result = await inLedgerTransaction(db, (tx) => awardInTransaction(tx, { ...request, rules, now }));
  await runChallengeFollowUps(db, result.challengeFollowUps);
  // Rule points count toward a points tier: the member may move up now (app/tiers). Settled at
  // the clock's now, not the event's: the entries are dated when they were written.
  if (result.awards.length > 0) await settleMemberTier(db, request.shop.id, result.memberId);
  return result;
}

/** The same, inside a caller's ledger transaction (order webhooks award spend rules there). */
export async function awardInTransaction(
  tx: Tx,
  request: AwardRequest & { rules: readonly Rule[]; now: Date },
): Promise<AwardResult> {
  const { shop, customerId, event, now, rules } = request;
  const member = await lockMemberForAward(tx, shop.id, customerId);
  const history = await historyOf(tx, shop.id, member.id);
  // Read under the member's row lock, like the history: the tier of the member as they are now,
  // with the campaigns running at the event's time.
  const earning = await awardEarningContext(tx, request, member);
  const hooks = earningHooks(earning);
  const extra = request.multiplier;
  const evaluation = evaluate(rules, event, history, {
    now,
    timeZone: shop.timeZone,
    engagementPaused: shop.engagementPaused,
    member: { id: customerId, createdAt: member.customerCreatedAt ?? member.createdAt, verified: member.verifiedEmail },
    multiplier: (rule, ruleEvent) => hooks.multiplier(rule, ruleEvent) * (extra ? extra(rule, ruleEvent) : 1),
    bonus: hooks.bonus,
  });
  const byId = new Map(rules.map((rule) => [rule.id, rule]));

  const awards: PostedAward[] = [];
  const refusals = [...evaluation.refusals];
  let balance = member.balance;
  for (const award of evaluation.awards) {
    // A referral pays the friend too: their member row is enrolled (and locked) here.
    const recipient =
      award.customerId === customerId ? member : await lockMemberForAward(tx, shop.id, award.customerId);
    const reason = withCampaigns(award, byId.get(award.ruleId), event, earning);
    const posted = await postEntry(tx, {
      shopId: shop.id,
      memberId: recipient.id,
      points: award.points,
      kind: "earn",
      causeType: "rule",
      causeId: award.ruleId,
      reason,
      idempotencyKey: award.idempotencyKey,
    }).catch((error: unknown) => {
      // The posting statement refused it without writing (the transaction goes on): a member
      // at the ledger's bound earns nothing more, and is told so instead of getting a 500.
      if (error instanceof PointsOutOfRangeError) return null;
      throw error;
    });
    if (!posted) {
      refusals.push(
        refusal(
          award.ruleId,
          "points_limit",
          "These points would take the balance past what the programme can record.",
        ),
      );
      continue;
    }
    if (recipient.id === member.id && posted.status === "posted") balance = posted.entry.balanceAfter;
    awards.push({
      ruleId: award.ruleId,
      customerId: award.customerId,
      points: award.points,
      reason,
      status: posted.status,
    });
  }
  // The same event advances the shop's challenges, under the same lock (app/challenges).
  const challenges = await advanceChallengesForEvent(tx, {
    shop,
    memberId: member.id,
    event,
    now,
    challenges: request.challenges,
  });
  return {
    awards,
    refusals,
    balance: challenges?.balance ?? balance,
    memberId: member.id,
    challengeFollowUps: challenges ?? NO_FOLLOW_UPS,
  };
}
