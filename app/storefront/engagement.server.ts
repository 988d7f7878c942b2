/**
 * Engagement the storefront widget reports through the app proxy: visits, page visits,
 * shares, store searches, offers viewed, and the birthday a shopper adds in the widget.
 * The caller (a proxy route) has already verified Shopify's signature and found the shop;
 * the customer id here is the signed one and nothing in the body can change it.
 *
 * Every call the shopper's own anti-farming limits admit counts against them (and the shop's)
 * first, even one that turns out to be invalid or refused: a script probing the endpoint is
 * slowed down like one farming it. A call the limits refuse counts against nothing
 * (app/rules/rate-limit.server.ts), so one shopper cannot spend the shop's shared budget.
 */
import { whenCustomerRedacted } from "../compliance/redactions.server";
import type { Db } from "../db.server";
import { eventRateLimits } from "../domain/anti-farming";
import { toRuleEvent } from "../domain/reported-event";
import { enrolMember } from "../members/members.server";
import { awardEvent, type AwardResult } from "../rules/award.server";
import { hitRateLimits } from "../rules/rate-limit.server";
import { filledProfileFields, profileUpdateSchema } from "./profile";
import { namesAnotherCustomer, parseWidgetEvent } from "./widget-event";

export interface EngagementShop {
  id: string;
  timeZone: string;
  engagementPaused: boolean;
}

export interface WidgetCall {
  shop: EngagementShop;
  /** From the app proxy signature, never from the body. */
  customerId: string;
  /** The parsed JSON body (anything: it is validated here). */
  body: unknown;
  /** The signed query the proxy forwarded, shopper parameters included. */
  query: URLSearchParams;
  now?: Date;
}

/** What the widget is told: what it earned, why other rules gave nothing, the new balance. */
export interface EarnedAnswer {
  awards: { points: number; reason: string }[];
  refusals: { code: string; message: string }[];
  balance: number;
}

export type Refused =
  | { outcome: "rate_limited"; retryAfterSeconds: number }
  | { outcome: "customer_mismatch" }
  /** customers/redact erased this shopper: nothing is recorded for them. */
  | { outcome: "customer_redacted" }
  | { outcome: "invalid"; message: string };

export type WidgetEventOutcome = Refused | ({ outcome: "recorded" } & EarnedAnswer);

export type BirthdayOutcome =
  Refused | { outcome: "birthday_already_set" } | ({ outcome: "saved"; birthday: string } & EarnedAnswer);

/** The checks every widget call passes before its body is read for what happened. */
async function admit(db: Db, call: WidgetCall): Promise<Refused | null> {
  const limit = await hitRateLimits(db, call.shop.id, eventRateLimits("widget", call.customerId), call.now);
  if (!limit.allowed) return { outcome: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
  if (namesAnotherCustomer(call.body, call.query, call.customerId)) return { outcome: "customer_mismatch" };
  return null;
}

/** Only the shopper's own awards that this call posted (a racing retry's duplicate earned nothing new). */
function answerOf(result: AwardResult, customerId: string): EarnedAnswer {
  return {
    awards: result.awards
      .filter((award) => award.status === "posted" && award.customerId === customerId)
      .map(({ points, reason }) => ({ points, reason })),
    refusals: result.refusals.map(({ code, message }) => ({ code, message })),
    balance: result.balance,
  };
}

export async function recordWidgetEvent(db: Db, call: WidgetCall): Promise<WidgetEventOutcome> {
  const refused = await admit(db, call);
  if (refused) return refused;
  const parsed = parseWidgetEvent(call.body);
  if (!parsed.ok) return { outcome: "invalid", message: parsed.message };
  const award = awardEvent(db, {
    shop: call.shop,
    customerId: call.customerId,
    event: toRuleEvent(parsed.event),
    now: call.now,
  });
  const result = await whenCustomerRedacted(award, null);
  if (!result) return { outcome: "customer_redacted" };
  return { outcome: "recorded", ...answerOf(result, call.customerId) };
}

/**
 * Stores the shopper's birthday and pays the profile-completion rule for the fields now
 * filled. A birthday is given once: changing it from the storefront would let anyone move
 * their birthday to today every year. (The admin has no way to correct one yet.)
 */
export async function saveBirthday(db: Db, call: WidgetCall): Promise<BirthdayOutcome> {
  const refused = await admit(db, call);
  if (refused) return refused;
  const parsed = profileUpdateSchema.safeParse(call.body);
  if (!parsed.success)
    return { outcome: "invalid", message: parsed.error.issues[0]?.message ?? "Give your birthday as MM-DD." };
  const { birthday } = parsed.data;
  const where = { shopId_customerId: { shopId: call.shop.id, customerId: call.customerId } };

  const enrolled = await whenCustomerRedacted(enrolMember(db, call.shop.id, call.customerId), null);
  if (!enrolled) return { outcome: "customer_redacted" };
  // Only an empty birthday is written: of two different birthdays sent at once, one wins.
  await db.member.updateMany({
    where: { shopId: call.shop.id, customerId: call.customerId, birthday: null },
    data: { birthday },
  });
  const member = await db.member.findUniqueOrThrow({ where });
  if (member.birthday !== birthday) return { outcome: "birthday_already_set" };

  const result = await awardEvent(db, {
    shop: call.shop,
    customerId: call.customerId,
    event: { type: "profile_updated", filledFields: filledProfileFields(member) },
    now: call.now,
  });
  return { outcome: "saved", birthday, ...answerOf(result, call.customerId) };
}
