/**
 * Claims for the engagement rules. Each key names what may be rewarded only once (a field,
 * a page in a period, a network), so "at most once" holds even when limits are left empty.
 */
import type { Claim, ClaimResult } from "./claim";
import type { EvaluationContext } from "./context";
import type { RuleEvent } from "./event";
import { pagePath, matchesGlob } from "./glob";
import { ruleKeys } from "./keys";
import { localDate, periodKey } from "./period";
import { pointsText, refusal } from "./refusal";
import { PROFILE_FIELDS, type EngagementRule, type Period, type ProfileField } from "./rule";

const FIELD_LABELS: Record<ProfileField, string> = {
  name: "your name",
  birthday: "your birthday",
  phone: "your phone number",
  address: "your address",
  marketing_consent: "subscribing to emails",
};

const PERIOD_WORDS: Record<Period, string> = {
  day: "today",
  week: "this week",
  month: "this month",
  year: "this year",
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function single(customerId: string, key: string, basePoints: number, what: string): ClaimResult {
  const claim: Claim = { awards: [{ customerId, key, basePoints, reason: (p) => `${pointsText(p)} for ${what}` }] };
  return { claims: [claim] };
}

/** 29 February birthdays are celebrated on 28 February in other years. */
function isBirthday(
  birthday: { month: number; day: number },
  today: { year: number; month: number; day: number },
  awardOn: "day" | "month",
): boolean {
  if (birthday.month !== today.month) return false;
  if (awardOn === "month") return true;
  const leap = new Date(Date.UTC(today.year, 1, 29)).getUTCMonth() === 1;
  const day = birthday.month === 2 && birthday.day === 29 && !leap ? 28 : birthday.day;
  return day === today.day;
}

export function engagementClaims(rule: EngagementRule, event: RuleEvent, context: EvaluationContext): ClaimResult {
  const me = context.member.id;
  const period = (p: Period) => periodKey(context.now, context.timeZone, p);
  switch (rule.kind) {
    case "account_created":
      return single(me, ruleKeys.account(rule.id, me), rule.points, "creating an account");
    case "profile_completed": {
      if (event.type !== "profile_updated") break;
      const filled = new Set(event.filledFields);
      // Canonical field order, not the event's: the same fields always give the same output.
      const claims: Claim[] = PROFILE_FIELDS.filter((f) => filled.has(f) && (rule.fieldPoints[f] ?? 0) > 0).map(
        (field) => ({
          awards: [
            {
              customerId: me,
              key: ruleKeys.field(rule.id, me, field),
              basePoints: rule.fieldPoints[field] ?? 0,
              reason: (p) => `${pointsText(p)} for adding ${FIELD_LABELS[field]} to your profile`,
            },
          ],
        }),
      );
      return { claims };
    }
    case "birthday": {
      if (event.type !== "birthday_check") break;
      const today = localDate(context.now, context.timeZone);
      if (!isBirthday(event.birthday, today, rule.awardOn)) {
        return { refusal: refusal(rule.id, "not_birthday", "Birthday points are given on your birthday.") };
      }
      return single(me, ruleKeys.birthday(rule.id, me, today.year), rule.points, "your birthday");
    }
    case "visit":
      return single(
        me,
        ruleKeys.visit(rule.id, me, period(rule.period)),
        rule.points,
        `visiting ${PERIOD_WORDS[rule.period]}`,
      );
    case "page_visit": {
      if (event.type !== "page_visit") break;
      const page = rule.pages.find((p) => matchesGlob(p.pattern, event.url));
      const path = pagePath(event.url);
      const label = page?.label ?? path;
      return single(me, ruleKeys.page(rule.id, me, path, period(rule.period)), rule.points, `visiting ${label}`);
    }
    case "store_search":
      return single(
        me,
        ruleKeys.storeSearch(rule.id, me, period(rule.period)),
        rule.points,
        "looking for a store near you",
      );
    case "offer_viewed":
      if (event.type !== "offer_viewed") break;
      return single(me, ruleKeys.offer(rule.id, me, event.offerId), rule.points, "viewing a special offer");
    case "share": {
      if (event.type !== "share") break;
      const subject = event.subject === "product" ? `product:${event.productId ?? "unknown"}` : "programme";
      const what = event.subject === "product" ? "a product" : "our rewards programme";
      return single(
        me,
        ruleKeys.share(rule.id, me, subject, event.network.toLowerCase()),
        rule.points,
        `sharing ${what} on ${capitalise(event.network)}`,
      );
    }
    case "follow":
      return single(
        me,
        ruleKeys.follow(rule.id, me, rule.network.toLowerCase()),
        rule.points,
        `following us on ${capitalise(rule.network)}`,
      );
    case "custom":
      if (event.type !== "custom") break;
      // The merchant's own wording ("Launched the app"), which may not read after "for".
      return {
        claims: [
          {
            awards: [
              {
                customerId: me,
                key: ruleKeys.custom(rule.id, me, event.eventId),
                basePoints: rule.points,
                reason: (p) => `${pointsText(p)}: ${rule.name}`,
              },
            ],
          },
        ],
      };
  }
  // The event was not of this rule's kind: ./targeting.ts keeps this from happening.
  return { claims: [] };
}
