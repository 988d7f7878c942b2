/**
 * A rule in the merchant's words, what it costs, and where it stands: "5 points per visit,
 * once a day", "worth ~$0.05", "Scheduled". Shown in the rules list and beside the form while
 * the merchant types, so the cost of a change is seen before it is saved.
 */
import { formatMoney, formatOneUnit } from "../money";
import { spendRuleRewardRate, type ShopReward } from "./cost";
import {
  PROFILE_FIELDS,
  isEngagement,
  type Channel,
  type Limits,
  type Period,
  type ProfileField,
  type Rule,
} from "./rule";

const number = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

export function pointsText(points: number): string {
  return `${number.format(points)} ${points === 1 ? "point" : "points"}`;
}

const ONCE: Record<Period, string> = {
  day: "once a day",
  week: "once a week",
  month: "once a month",
  year: "once a year",
};
const PER: Record<"perDay" | "perWeek" | "perMonth", string> = {
  perDay: "a day",
  perWeek: "a week",
  perMonth: "a month",
};

const PROFILE_FIELD_NAMES: Record<ProfileField, string> = {
  name: "a name",
  birthday: "a birthday",
  phone: "a phone number",
  address: "an address",
  marketing_consent: "email marketing consent",
};

/** "a, b and c" */
function sentenceList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function channelName(channel: Channel): string {
  switch (channel.type) {
    case "online_store":
      return "online store";
    case "pos": {
      const n = channel.locationIds?.length ?? 0;
      return n === 0 ? "POS" : `POS (${n} ${n === 1 ? "location" : "locations"})`;
    }
    case "draft_order":
      return "draft orders";
    case "source_name":
      return `“${channel.sourceName}”`;
    case "every":
      return "every sales channel";
  }
}

function durationText(seconds: number): string {
  const [n, unit] =
    seconds % 86_400 === 0
      ? [seconds / 86_400, "day"]
      : seconds % 3600 === 0
        ? [seconds / 3600, "hour"]
        : [Math.ceil(seconds / 60), "minute"];
  return `${number.format(n)} ${unit}${n === 1 ? "" : "s"}`;
}

/** The limits a merchant set, as clauses: "at most 3 a day", "once per customer". */
function limitClauses(limits: Limits): string[] {
  const clauses: string[] = [];
  for (const key of ["perDay", "perWeek", "perMonth"] as const) {
    const n = limits[key];
    if (n !== undefined) clauses.push(`at most ${number.format(n)} ${PER[key]}`);
  }
  if (limits.perLifetime !== undefined) {
    clauses.push(
      limits.perLifetime === 1 ? "once per customer" : `at most ${number.format(limits.perLifetime)} per customer`,
    );
  }
  if (limits.cooldownSeconds) clauses.push(`at least ${durationText(limits.cooldownSeconds)} apart`);
  return clauses;
}

function mainClause(rule: Rule, currencyCode: string): string {
  switch (rule.kind) {
    case "spend": {
      const rate = `${number.format(rule.pointsPerUnit)} ${rule.pointsPerUnit === 1 ? "point" : "points"} per ${formatOneUnit(currencyCode)} spent`;
      const parts = [`${rate}, ${sentenceList(rule.channels.map(channelName))}`];
      if (rule.minimumOrderMinor > 0)
        parts.push(`on orders of ${formatMoney(rule.minimumOrderMinor, currencyCode)} or more`);
      if (rule.excludedProductTags.length)
        parts.push(`not on products tagged ${sentenceList(rule.excludedProductTags.map((t) => `“${t}”`))}`);
      if (rule.rounding === "nearest") parts.push("rounded to the nearest point");
      if (rule.firstOrderBonusPoints > 0) parts.push(`plus ${pointsText(rule.firstOrderBonusPoints)} on a first order`);
      return parts.join(", ");
    }
    case "account_created":
      return `${pointsText(rule.points)} for creating an account`;
    case "profile_completed": {
      const paid = PROFILE_FIELDS.flatMap((f) => {
        const points = rule.fieldPoints[f] ?? 0;
        return points > 0 ? [`${pointsText(points)} for ${PROFILE_FIELD_NAMES[f]}`] : [];
      });
      return paid.length ? `${sentenceList(paid)}, once each` : "No profile detail earns points yet";
    }
    case "birthday":
      return rule.awardOn === "day"
        ? `${pointsText(rule.points)} on the shopper’s birthday`
        : `${pointsText(rule.points)} in the shopper’s birthday month`;
    case "visit":
      return `${pointsText(rule.points)} per visit, ${ONCE[rule.period]}`;
    case "store_search":
      return `${pointsText(rule.points)} for looking up a store, ${ONCE[rule.period]}`;
    case "page_visit": {
      const names = rule.pages.map((p) => p.label ?? p.pattern);
      const shown = names.length > 3 ? [...names.slice(0, 2), `${names.length - 2} more pages`] : names;
      return `${pointsText(rule.points)} for visiting ${sentenceList(shown)}, ${ONCE[rule.period]} per page`;
    }
    case "offer_viewed":
      return `${pointsText(rule.points)} for viewing a special offer, once per offer`;
    case "share": {
      const what = { any: "a product or the programme", product: "a product", programme: "the programme" }[
        rule.subject
      ];
      return `${pointsText(rule.points)} for sharing ${what}, once per thing shared and network`;
    }
    case "follow":
      return `${pointsText(rule.points)} for following on ${rule.network}, once`;
    case "referral":
      return rule.friendPoints > 0
        ? `${pointsText(rule.referrerPoints)} to the referrer and ${pointsText(rule.friendPoints)} to the friend, on the friend’s first order`
        : `${pointsText(rule.referrerPoints)} to the referrer, on the friend’s first order`;
    case "custom":
      return `${pointsText(rule.points)} each time your systems report “${rule.key}”`;
  }
}

/** What the rule gives, in one sentence: "5 points per visit, once a day, verified accounts only". */
export function ruleSummary(rule: Rule, currencyCode: string): string {
  const clauses = [mainClause(rule, currencyCode), ...limitClauses(rule.limits)];
  if (isEngagement(rule)) {
    if (rule.requiresVerifiedAccount) clauses.push("verified accounts only");
    if (rule.minAccountAgeDays > 0)
      clauses.push(`accounts at least ${durationText(rule.minAccountAgeDays * 86_400)} old`);
  }
  return clauses.join(", ");
}

/** The points one occurrence of a rule hands out: all of a profile's details, both sides of a referral. */
function fixedPoints(rule: Exclude<Rule, { kind: "spend" }>): number {
  switch (rule.kind) {
    case "profile_completed":
      return PROFILE_FIELDS.reduce((sum, f) => sum + (rule.fieldPoints[f] ?? 0), 0);
    case "referral":
      return rule.referrerPoints + rule.friendPoints;
    default:
      return rule.points;
  }
}

function worthText(minor: number, currencyCode: string): string {
  const rounded = Math.round(minor);
  return rounded === 0 && minor > 0
    ? `under ${formatMoney(1, currencyCode)}`
    : `~${formatMoney(rounded, currencyCode)}`;
}

/**
 * What the rule costs at the shop's rewards: a spend rule as the share of spend handed back
 * ("~1.5% back"), a fixed award as what its points buy ("worth ~$0.50"; a range when rewards
 * differ). Null when no reward has a money value: the cost cannot be put in money then.
 */
export function ruleCost(rule: Rule, rewards: readonly ShopReward[], currencyCode: string): string | null {
  if (rule.kind === "spend") return spendRuleRewardRate(rule, rewards, currencyCode)?.label ?? null;
  const points = fixedPoints(rule);
  const perPoint = rewards.filter((r) => r.costPoints > 0 && r.valueMinor > 0).map((r) => r.valueMinor / r.costPoints);
  if (perPoint.length === 0 || points === 0) return null;
  const low = points * Math.min(...perPoint);
  const high = points * Math.max(...perPoint);
  const worth =
    Math.round(low) === Math.round(high)
      ? `worth ${worthText(high, currencyCode)}`
      : Math.round(low) === 0
        ? `worth up to ${worthText(high, currencyCode)}`
        : `worth ~${formatMoney(Math.round(low), currencyCode)}–${formatMoney(Math.round(high), currencyCode)}`;
  if (rule.kind === "profile_completed") return `${worth} in all`;
  if (rule.kind === "referral") return `${worth} per referral`;
  return worth;
}

export type RuleStatus = "active" | "paused" | "scheduled" | "ended" | "needs_attention";

export const RULE_STATUS_LABELS: Record<RuleStatus, string> = {
  active: "Active",
  paused: "Paused",
  scheduled: "Scheduled",
  ended: "Ended",
  needs_attention: "Needs attention",
};

/**
 * Where a stored rule stands. A definition that does not parse needs the merchant first:
 * the engine skips it whatever its switch says.
 */
export function ruleStatus(stored: { rule: Rule | null; active: boolean }, now: Date): RuleStatus {
  const { rule } = stored;
  if (!rule) return "needs_attention";
  if (!stored.active) return "paused";
  if (rule.startsAt && now < rule.startsAt) return "scheduled";
  if (rule.endsAt && now >= rule.endsAt) return "ended";
  return "active";
}
