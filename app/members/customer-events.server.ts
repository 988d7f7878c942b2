/**
 * customers/create and customers/update: the member's details and profile facts follow
 * Shopify's customer record, and the data rules earn from it (account_created on create,
 * profile_completed field by field on both) through the one award path.
 *
 * One ledger transaction per delivery: remember the delivery, lock the member, apply the
 * details unless the payload is older than what the member already reflects (the rule order
 * webhooks follow too: applyCustomerDetails), then award. A customer customers/redact erased
 * is not enrolled again and nothing of theirs is applied: acknowledged, nothing written.
 * A redelivery stops at the delivery record; a replay under a new event id (or a late,
 * stale payload) finds its awards' keys already in the ledger and posts nothing.
 */
import type { z } from "zod";
import type { Db, Tx } from "../db.server";
import { whenCustomerRedacted } from "../compliance/redactions.server";
import { customerTagsOf, payloadProducedAt, readInstant } from "../domain/customer-sync";
import { filledProfileFields } from "../domain/profile-fields";
import { evaluate, type ProfileField, type Refusal, type Rule, type RuleEvent } from "../domain/rules";
import { inLedgerTransaction } from "../ledger/ledger.server";
import { awardInTransaction, type AwardShop, type PostedAward } from "../rules/award.server";
import { runChallengeFollowUps, type ChallengeFollowUps } from "../challenges/grants.server";
import { rulesForEvaluation } from "../rules/rules.server";
import { ensureShop } from "../shops/shops.server";
import { settleMemberTier } from "../tiers/movement.server";
import { recordDelivery } from "../webhooks/deliveries.server";
import type { webhookPayloads } from "../webhooks/payloads";
import { applyCustomerDetails, enrolMember } from "./members.server";

export type CustomerPayload = z.output<typeof webhookPayloads.customer>;
export type CustomerTopic = "CUSTOMERS_CREATE" | "CUSTOMERS_UPDATE";

export interface CustomerWebhook {
  shopDomain: string;
  /** X-Shopify-Event-Id (or the webhook id): what makes a redelivery a no-op. */
  deliveryId: string;
  topic: CustomerTopic;
  customer: CustomerPayload;
  /** X-Shopify-Triggered-At as sent; absent on older deliveries. */
  triggeredAt?: string | null;
  now?: Date;
}

export type CustomerOutcome =
  | { status: "duplicate_delivery" }
  /** shop/redact or customers/redact erased them: nothing is written. */
  | { status: "shop_redacted" | "customer_redacted" }
  /** An update about a customer outside the programme that would earn nothing: left out. */
  | { status: "not_a_member" }
  /** "stale": the details were older than the member's and were not applied. */
  | {
      status: "applied" | "stale";
      memberId: string;
      filledFields: ProfileField[];
      awards: PostedAward[];
      refusals: Refusal[];
    };

/** What each topic is, as rule events: an account is created once; fields are filled any time. */
function eventsFor(topic: CustomerTopic, filledFields: ProfileField[]): RuleEvent[] {
  const profile: RuleEvent = { type: "profile_updated", filledFields };
  return topic === "CUSTOMERS_CREATE" ? [{ type: "account_created" }, profile] : [profile];
}

/** Locks the member's row when there is one (a real write, so a concurrent update waits). */
async function lockExistingMember(tx: Tx, shopId: string, customerId: string) {
  const [member] = await tx.member.updateManyAndReturn({
    where: { shopId, customerId },
    data: { updatedAt: new Date() },
  });
  return member ?? null;
}

/**
 * Whether a customer the programme does not know yet would earn from these events. Such a
 * customer joins, as a paid order makes them join; otherwise an update leaves them out.
 */
function wouldEarn(
  rules: readonly Rule[],
  events: RuleEvent[],
  shop: AwardShop,
  customer: CustomerPayload,
  now: Date,
): boolean {
  const member = {
    id: String(customer.id),
    createdAt: readInstant(customer.created_at) ?? now,
    verified: customer.verified_email === true,
  };
  const context = { now, timeZone: shop.timeZone, engagementPaused: shop.engagementPaused, member };
  return events.some((event) => evaluate(rules, event, [], context).awards.length > 0);
}

export async function applyCustomerWebhook(db: Db, input: CustomerWebhook): Promise<CustomerOutcome> {
  const now = input.now ?? new Date();
  const { customer, topic } = input;
  const customerId = String(customer.id);
  const shopRow = await ensureShop(db, input.shopDomain);
  if (!shopRow) return { status: "shop_redacted" };
  const shop: AwardShop = {
    id: shopRow.id,
    timeZone: shopRow.timeZone,
    engagementPaused: shopRow.engagementPaused,
    campaignStacking: shopRow.campaignStacking,
  };
  const rules = await rulesForEvaluation(db, shop.id);
  const producedAt = payloadProducedAt(input.triggeredAt, customer.updated_at);

  // Challenge rewards to issue after the commit: the last attempt's.
  let followUps: ChallengeFollowUps[] = [];
  const delivery = inLedgerTransaction(db, async (tx): Promise<CustomerOutcome> => {
    if (!(await recordDelivery(tx, shop.id, input.deliveryId, topic))) return { status: "duplicate_delivery" };
    const known = await lockExistingMember(tx, shop.id, customerId);

    const filledFields = filledProfileFields(customer, { birthday: known?.birthday ?? null });
    const events = eventsFor(topic, filledFields);
    if (!known && topic === "CUSTOMERS_UPDATE" && !wouldEarn(rules, events, shop, customer, now))
      return { status: "not_a_member" };

    // A late delivery's details are older than the member's: keep the newer ones. Its awards
    // still go through: the fields were filled when it was produced, and each pays once.
    // The customer's tags follow the same rule as the details: only from a payload not older
    // than what the member reflects, and only when it carries them. Before the awards, so a
    // campaign aimed at the new tags raises them.
    const tags = customerTagsOf(customer.tags);
    const { member, stale } = await applyCustomerDetails(tx, await enrolMember(tx, shop.id, customerId), {
      contact: { email: customer.email, firstName: customer.first_name, lastName: customer.last_name },
      producedAt,
      ...(typeof customer.verified_email === "boolean" ? { verifiedEmail: customer.verified_email } : {}),
      customerCreatedAt: readInstant(customer.created_at),
      ...(tags ? { customerTags: tags } : {}),
    });

    const awards: PostedAward[] = [];
    const refusals: Refusal[] = [];
    followUps = [];
    for (const event of events) {
      const result = await awardInTransaction(tx, { shop, customerId, event, rules, now });
      awards.push(...result.awards);
      refusals.push(...result.refusals);
      followUps.push(result.challengeFollowUps);
    }
    return { status: stale ? "stale" : "applied", memberId: member.id, filledFields, awards, refusals };
  });
  const outcome = await whenCustomerRedacted(delivery, { status: "customer_redacted" as const });
  // Challenge rewards are issued once the awards committed (app/challenges/grants.server.ts).
  for (const followUp of followUps) await runChallengeFollowUps(db, followUp);
  // Profile awards count toward a points tier (app/tiers), settled at the clock's now (entries are dated so).
  if ("awards" in outcome && outcome.awards.length > 0) await settleMemberTier(db, shop.id, outcome.memberId);
  return outcome;
}
