/**
 * The rule kinds as a merchant meets them in the admin: a name, a sentence saying what earns
 * points, and the order they are offered in (purchases first, then data, frequency, depth,
 * social, the merchant's own channels).
 */
import type { RuleKind } from "./rule";

export interface RuleKindInfo {
  title: string;
  description: string;
}

export const RULE_KINDS: Record<RuleKind, RuleKindInfo> = {
  spend: { title: "Purchases", description: "Points for every unit of currency spent, on the channels you choose." },
  account_created: { title: "Account creation", description: "Points once, when a shopper creates an account." },
  profile_completed: {
    title: "Profile completion",
    description: "Points for each profile detail a shopper fills in, once per detail.",
  },
  birthday: {
    title: "Birthday",
    description: "Points on a shopper’s birthday or during their birthday month, once a year.",
  },
  visit: { title: "Visits", description: "Points for visiting the store while signed in, at most once per period." },
  page_visit: {
    title: "Page visits",
    description: "Points for visiting pages you choose: a lookbook, news, an offers page.",
  },
  store_search: { title: "Store search", description: "Points for looking up a physical store near them." },
  offer_viewed: { title: "Special offer viewed", description: "Points for viewing a special offer, once per offer." },
  share: {
    title: "Sharing",
    description: "Points for sharing a product or your rewards programme on a social network.",
  },
  follow: { title: "Following", description: "Points for following your brand on a social network, once." },
  referral: {
    title: "Referrals",
    description: "Points for a shopper whose referred friend places a first order, and for the friend.",
  },
  custom: {
    title: "Custom action",
    description: "Points for an action your own app or systems report, such as launching your mobile app.",
  },
};

export const RULE_KIND_ORDER = Object.keys(RULE_KINDS) as RuleKind[];

export function isRuleKind(value: unknown): value is RuleKind {
  return typeof value === "string" && Object.hasOwn(RULE_KINDS, value);
}
