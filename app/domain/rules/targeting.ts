/**
 * Which rules an event is about. A rule the event is not about is skipped silently (no
 * refusal): a visit to the Journal page says nothing about the Lookbook page rule, and a
 * follow on TikTok nothing about the Instagram one.
 */
import type { RuleEvent } from "./event";
import { matchesGlob } from "./glob";
import type { Rule, RuleKind } from "./rule";

const KIND_FOR_EVENT: Record<RuleEvent["type"], RuleKind> = {
  order_paid: "spend",
  account_created: "account_created",
  profile_updated: "profile_completed",
  birthday_check: "birthday",
  visit: "visit",
  page_visit: "page_visit",
  store_search: "store_search",
  offer_viewed: "offer_viewed",
  share: "share",
  follow: "follow",
  custom: "custom",
  referral_completed: "referral",
};

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function ruleConcernsEvent(rule: Rule, event: RuleEvent): boolean {
  if (KIND_FOR_EVENT[event.type] !== rule.kind) return false;
  if (rule.kind === "page_visit" && event.type === "page_visit") {
    return rule.pages.some((page) => matchesGlob(page.pattern, event.url));
  }
  if (rule.kind === "share" && event.type === "share") return rule.subject === "any" || rule.subject === event.subject;
  if (rule.kind === "follow" && event.type === "follow") return sameName(rule.network, event.network);
  if (rule.kind === "custom" && event.type === "custom") return sameName(rule.key, event.key);
  return true;
}
