/**
 * "Ways to earn" for the storefront widget: the engagement rules a shopper could earn from
 * right now. Rather than re-implement the engine's checks (active, dates, kill switch,
 * account checks, limits, already awarded), each rule is asked about a probe event, a
 * stand-in for the action, with the shopper's real history: if the engine would award
 * points, the way is listed with those points. Nothing is posted.
 *
 * Probes use "*" where the real action has a value we cannot know (the product, the offer):
 * no real value is "*", so such a probe is never "already awarded" and only limits and
 * availability decide.
 */
import {
  evaluate,
  isEngagement,
  periodKey,
  PROFILE_FIELDS,
  type EvaluationContext,
  type History,
  type ProfileField,
  type Rule,
  type RuleEvent,
  type RuleKind,
} from "./rules";

const UNKNOWN = "*";

export interface WayToEarn {
  ruleId: string;
  kind: RuleKind;
  points: number;
  /** Plain English, for readers without their own wording (the widget translates by kind). */
  label: string;
  /** page_visit: the merchant's pattern ("/pages/lookbook") and its label, if any. */
  pattern?: string;
  pageLabel?: string;
  /** profile_completed: the field still to fill. */
  field?: ProfileField;
  /** share: what may be shared. */
  subject?: "product" | "programme" | "any";
  /** follow: the network. */
  network?: string;
}

export interface WaysToEarnInput {
  rules: readonly Rule[];
  /** The member's past rule awards; empty for a guest. */
  history: History;
  context: EvaluationContext;
  /** A guest sees what joining would earn (account creation); a member does not. */
  signedIn: boolean;
  /** Profile fields already on file: asking for them again would be odd. */
  filledFields: readonly ProfileField[];
}

const FIELD_WORDS: Record<ProfileField, string> = {
  name: "your name",
  birthday: "your birthday",
  phone: "your phone number",
  address: "your address",
  marketing_consent: "your e-mail subscription",
};

const SHARE_WORDS = {
  product: "Share a product",
  programme: "Share our rewards programme",
  any: "Share a product or our programme",
};

/** Points the engine would award this rule for the probe, or 0. */
function probe(rule: Rule, event: RuleEvent, input: WaysToEarnInput): number {
  const { awards } = evaluate([rule], event, input.history, input.context);
  return awards
    .filter((award) => award.customerId === input.context.member.id)
    .reduce((sum, award) => sum + award.points, 0);
}

/** The shop's local month and day today, for a birthday probe. */
function today(context: EvaluationContext): { month: number; day: number } {
  const [, month, day] = /(\d{2})-(\d{2})$/.exec(periodKey(context.now, context.timeZone, "day")) ?? [];
  return { month: Number(month), day: Number(day) };
}

function waysOfRule(rule: Rule, input: WaysToEarnInput): WayToEarn[] {
  const way = (event: RuleEvent, label: string, extra: Partial<WayToEarn> = {}): WayToEarn[] => {
    const points = probe(rule, event, input);
    return points > 0 ? [{ ruleId: rule.id, kind: rule.kind, points, label, ...extra }] : [];
  };
  switch (rule.kind) {
    case "account_created":
      return input.signedIn ? [] : way({ type: "account_created" }, "Create an account");
    case "profile_completed":
      return PROFILE_FIELDS.filter((field) => !input.filledFields.includes(field)).flatMap((field) =>
        way({ type: "profile_updated", filledFields: [field] }, `Add ${FIELD_WORDS[field]} to your profile`, { field }),
      );
    case "birthday":
      return way({ type: "birthday_check", birthday: today(input.context) }, "Celebrate your birthday");
    case "visit":
      return way({ type: "visit" }, "Visit the shop");
    case "page_visit":
      return rule.pages.flatMap((page) =>
        // The pattern itself as the URL: it matches itself, and a "*" in it is no real path.
        // The label is the page's name as the merchant wrote it ("the Journal"): used whole,
        // never wrapped in an article of our own ("Visit the the Journal page").
        way({ type: "page_visit", url: page.pattern }, `Visit ${page.label ?? page.pattern}`, {
          pattern: page.pattern,
          ...(page.label ? { pageLabel: page.label } : {}),
        }),
      );
    case "store_search":
      return way({ type: "store_search" }, "Search for a store near you");
    case "offer_viewed":
      return way({ type: "offer_viewed", offerId: UNKNOWN }, "View a special offer");
    case "share":
      return way(
        rule.subject === "programme"
          ? { type: "share", subject: "programme", network: UNKNOWN }
          : { type: "share", subject: "product", productId: UNKNOWN, network: UNKNOWN },
        SHARE_WORDS[rule.subject],
        { subject: rule.subject },
      );
    case "follow":
      return way({ type: "follow", network: rule.network }, `Follow us on ${rule.network}`, { network: rule.network });
    case "custom":
      // The merchant's own words: only they know what "app_launched" means to their shoppers.
      return way({ type: "custom", key: rule.key, eventId: UNKNOWN }, rule.name);
    default:
      return [];
  }
}

/** In the merchant's rule order; spend and referral rules are shown elsewhere. */
export function waysToEarn(input: WaysToEarnInput): WayToEarn[] {
  return input.rules.filter(isEngagement).flatMap((rule) => waysOfRule(rule, input));
}
