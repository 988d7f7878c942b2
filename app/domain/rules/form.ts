/**
 * The rule form as the admin posts it: flat text fields ("points", "perDay",
 * "pages.0.pattern"), turned into the input of `ruleSchema`, and zod's issues turned back
 * into a message per field. Text is checked here first so that a merchant reads "Enter a
 * whole number, such as 10" rather than zod's wording; the schema then has the last word on
 * everything, so the form can never store what the engine would refuse.
 *
 * Dates are calendar days in the shop's time zone. The end date is the last day the rule
 * runs: it is stored as the start of the next day, because `endsAt` is exclusive.
 */
import type { z } from "zod";
import { currencyExponent, fromMinorUnits } from "../money";
import { FieldReader } from "../form-reader";
import {
  PERIODS,
  PROFILE_FIELDS,
  ruleSchema,
  type Channel,
  type Limits,
  type Period,
  type Rule,
  type RuleInput,
  type RuleKind,
} from "./rule";
import { RULE_KINDS } from "./kinds";
import { dateText, dayOf, nextDay, startOfDay } from "./shop-dates";

/** A rule as the admin sends it to be stored: any kind, without an id. */
export type RuleDraft = RuleInput extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

/** Field name → the text the merchant typed (booleans as "true" / "false"). */
export type RuleFields = Record<string, string>;
/** Field name → what is wrong with it; "form" for what belongs to no single field. */
export type RuleFieldErrors = Record<string, string>;

export interface ShopFormSettings {
  timeZone: string;
  currencyCode: string;
}

export type RuleFormResult = { ok: true; draft: RuleDraft; rule: Rule } | { ok: false; errors: RuleFieldErrors };

export const COOLDOWN_UNITS = { minutes: 60, hours: 3600, days: 86_400 } as const;
export type CooldownUnit = keyof typeof COOLDOWN_UNITS;
export const LIMIT_FIELDS = ["perDay", "perWeek", "perMonth", "perLifetime"] as const;
export const SHARE_SUBJECTS = ["any", "product", "programme"] as const;
/** More rows than any merchant needs, few enough that a form cannot grow without bound. */
export const MAX_PAGES = 50;

const MAX_POINTS = 1_000_000;
const MAX_COOLDOWN_SECONDS = 366 * 86_400;
const MAX_RATE = 10_000;
const count = new Intl.NumberFormat("en");

const ENGAGEMENT_DEFAULTS: Partial<Record<RuleKind, RuleFields>> = {
  account_created: { name: "Create an account", points: "50" },
  profile_completed: { name: "Complete your profile", "fieldPoints.name": "10", "fieldPoints.birthday": "20" },
  birthday: { name: "Birthday gift", points: "100", awardOn: "day" },
  visit: { name: "Visit the store", points: "5", period: "day" },
  page_visit: { name: "Visit a page", points: "5", period: "day", "pages.0.pattern": "", "pages.0.label": "" },
  store_search: { name: "Find a store near you", points: "5", period: "month" },
  offer_viewed: { name: "View a special offer", points: "5" },
  share: { name: "Share with friends", points: "10", subject: "any" },
  follow: { name: "Follow us on Instagram", points: "10", network: "Instagram" },
  custom: { name: "Launch our app", points: "10", key: "" },
};

/** What a new rule of a kind starts from: sensible values a merchant can save as they are. */
export function emptyRuleFields(kind: RuleKind): RuleFields {
  const common: RuleFields = {
    name: RULE_KINDS[kind].title,
    active: "true",
    startsOn: "",
    endsOn: "",
    perDay: "",
    perWeek: "",
    perMonth: "",
    perLifetime: "",
    cooldown: "",
    cooldownUnit: "hours",
  };
  if (kind === "spend") {
    return {
      ...common,
      name: "Points on purchases",
      pointsPerUnit: "1",
      rounding: "down",
      minimumOrder: "",
      excludedProductTags: "",
      "channel.online_store": "true",
      "channel.pos": "true",
      "channel.draft_order": "true",
      posLocationIds: "",
      otherSources: "",
      firstOrderBonusPoints: "0",
    };
  }
  if (kind === "referral") return { ...common, name: "Refer a friend", referrerPoints: "500", friendPoints: "250" };
  return { ...common, requiresVerifiedAccount: "false", minAccountAgeDays: "0", ...ENGAGEMENT_DEFAULTS[kind] };
}

/** A stored rule as form fields, for editing; `parseRuleForm` gives the same rule back. */
export function ruleToFields(rule: Rule, settings: ShopFormSettings): RuleFields {
  const { limits } = rule;
  const cooldown = cooldownFields(limits.cooldownSeconds);
  const fields: RuleFields = {
    name: rule.name,
    active: String(rule.active),
    startsOn: rule.startsAt ? dayOf(rule.startsAt, settings.timeZone) : "",
    // The last day the rule runs is the day before its exclusive end.
    endsOn: rule.endsAt ? dayOf(new Date(rule.endsAt.getTime() - 1), settings.timeZone) : "",
    ...Object.fromEntries(LIMIT_FIELDS.map((name) => [name, optionalText(limits[name])])),
    ...cooldown,
  };
  if (rule.kind !== "spend" && rule.kind !== "referral") {
    fields.requiresVerifiedAccount = String(rule.requiresVerifiedAccount);
    fields.minAccountAgeDays = String(rule.minAccountAgeDays);
  }
  switch (rule.kind) {
    case "spend": {
      const pos = rule.channels.find((c): c is Extract<Channel, { type: "pos" }> => c.type === "pos");
      return {
        ...fields,
        pointsPerUnit: String(rule.pointsPerUnit),
        rounding: rule.rounding,
        minimumOrder:
          rule.minimumOrderMinor > 0
            ? fromMinorUnits(rule.minimumOrderMinor, currencyExponent(settings.currencyCode))
            : "",
        excludedProductTags: rule.excludedProductTags.join(", "),
        "channel.online_store": String(rule.channels.some((c) => c.type === "online_store" || c.type === "every")),
        "channel.pos": String(pos !== undefined || rule.channels.some((c) => c.type === "every")),
        "channel.draft_order": String(rule.channels.some((c) => c.type === "draft_order" || c.type === "every")),
        posLocationIds: pos?.locationIds?.join(", ") ?? "",
        otherSources: rule.channels.flatMap((c) => (c.type === "source_name" ? [c.sourceName] : [])).join(", "),
        firstOrderBonusPoints: String(rule.firstOrderBonusPoints),
      };
    }
    case "profile_completed":
      return {
        ...fields,
        ...Object.fromEntries(PROFILE_FIELDS.map((f) => [`fieldPoints.${f}`, optionalText(rule.fieldPoints[f])])),
      };
    case "birthday":
      return { ...fields, points: String(rule.points), awardOn: rule.awardOn };
    case "visit":
    case "store_search":
      return { ...fields, points: String(rule.points), period: rule.period };
    case "page_visit":
      return {
        ...fields,
        points: String(rule.points),
        period: rule.period,
        ...pageFields(rule.pages.map((p) => ({ pattern: p.pattern, label: p.label ?? "" }))),
      };
    case "share":
      return { ...fields, points: String(rule.points), subject: rule.subject };
    case "follow":
      return { ...fields, points: String(rule.points), network: rule.network };
    case "referral":
      return { ...fields, referrerPoints: String(rule.referrerPoints), friendPoints: String(rule.friendPoints) };
    case "custom":
      return { ...fields, points: String(rule.points), key: rule.key };
    case "account_created":
    case "offer_viewed":
      return { ...fields, points: String(rule.points) };
  }
}

const optionalText = (n: number | undefined) => (n === undefined ? "" : String(n));

/** The largest unit that shows the cooldown exactly; a number of seconds that is not whole minutes rounds up. */
function cooldownFields(seconds: number | undefined): { cooldown: string; cooldownUnit: CooldownUnit } {
  if (!seconds) return { cooldown: "", cooldownUnit: "hours" };
  if (seconds % COOLDOWN_UNITS.days === 0)
    return { cooldown: String(seconds / COOLDOWN_UNITS.days), cooldownUnit: "days" };
  if (seconds % COOLDOWN_UNITS.hours === 0)
    return { cooldown: String(seconds / COOLDOWN_UNITS.hours), cooldownUnit: "hours" };
  return { cooldown: String(Math.ceil(seconds / COOLDOWN_UNITS.minutes)), cooldownUnit: "minutes" };
}

export interface PageRow {
  pattern: string;
  label: string;
}

/** The page rows in the order typed, whatever their indexes ("pages.3.pattern"). */
export function pageRows(fields: RuleFields): PageRow[] {
  return pageIndexes(fields).map((i) => ({
    pattern: fields[`pages.${i}.pattern`] ?? "",
    label: fields[`pages.${i}.label`] ?? "",
  }));
}

function pageIndexes(fields: RuleFields): number[] {
  const indexes = new Set<number>();
  for (const name of Object.keys(fields)) {
    const match = /^pages\.(\d{1,4})\.(pattern|label)$/.exec(name);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

/** Rows as fields numbered from 0; replaces every "pages.*" field. */
export function withPageRows(fields: RuleFields, rows: readonly PageRow[]): RuleFields {
  const rest = Object.fromEntries(Object.entries(fields).filter(([name]) => !name.startsWith("pages.")));
  return { ...rest, ...pageFields(rows) };
}

function pageFields(rows: readonly PageRow[]): RuleFields {
  return Object.fromEntries(
    rows.flatMap((row, i) => [
      [`pages.${i}.pattern`, row.pattern],
      [`pages.${i}.label`, row.label],
    ]),
  );
}

/**
 * Reads the fields of one kind of rule. Every field is checked, so the merchant sees every
 * problem at once; the result is either a rule ready to store or a message per field.
 */
export function parseRuleForm(kind: RuleKind, fields: RuleFields, settings: ShopFormSettings): RuleFormResult {
  const read = new RuleFieldReader(fields);
  const input = { kind, ...commonInput(read, settings), ...kindInput(kind, read, settings) };

  const parsed = ruleSchema.safeParse({ ...input, id: "draft" });
  const errors = { ...read.errors };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[fieldOf(issue, read.pageIndexes)] ??= issue.message;
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const { id: _id, ...draft } = parsed.data;
  return { ok: true, draft: draft as RuleDraft, rule: parsed.data };
}

function commonInput(read: RuleFieldReader, settings: ShopFormSettings) {
  const startsOn = read.date("startsOn");
  const endsOn = read.date("endsOn");
  if (startsOn && endsOn && dateText(endsOn) < dateText(startsOn)) {
    read.fail("endsOn", "The last day must be on or after the first day.");
  }
  const limits: Limits = {};
  for (const name of LIMIT_FIELDS) {
    const n = read.whole(name, {
      min: 1,
      max: MAX_POINTS,
      blank: undefined,
      tooSmall: "Enter at least 1, or leave it empty for no limit.",
    });
    if (n !== undefined) limits[name] = n;
  }
  const cooldown = read.cooldown();
  if (cooldown !== undefined) limits.cooldownSeconds = cooldown;
  return {
    name: read.text("name", { max: 120, required: "Give the rule a name, for example “Visit the store”." }),
    active: read.flag("active"),
    ...(startsOn ? { startsAt: startOfDay(startsOn, settings.timeZone) } : {}),
    ...(endsOn ? { endsAt: startOfDay(nextDay(endsOn), settings.timeZone) } : {}),
    limits,
  };
}

/** The fields of each kind; unknown fields in the form are ignored. */
function kindInput(kind: RuleKind, read: RuleFieldReader, settings: ShopFormSettings): Record<string, unknown> {
  const points = () =>
    read.whole("points", { min: 1, max: MAX_POINTS, blank: "required", tooSmall: "Give at least 1 point." });
  const engagement = () => ({
    requiresVerifiedAccount: read.flag("requiresVerifiedAccount"),
    minAccountAgeDays: read.whole("minAccountAgeDays", { min: 0, max: 3650, blank: 0 }),
  });
  const period = () => read.choice("period", PERIODS, "Choose how often it can earn.");
  switch (kind) {
    case "spend":
      return spendInput(read, settings);
    case "referral":
      return {
        referrerPoints: read.whole("referrerPoints", {
          min: 1,
          max: MAX_POINTS,
          blank: "required",
          tooSmall: "The referrer earns at least 1 point.",
        }),
        friendPoints: read.whole("friendPoints", { min: 0, max: MAX_POINTS, blank: 0 }),
      };
    case "profile_completed": {
      const fieldPoints = Object.fromEntries(
        PROFILE_FIELDS.map((f) => [f, read.whole(`fieldPoints.${f}`, { min: 0, max: MAX_POINTS, blank: undefined })]),
      );
      if (
        !Object.values(fieldPoints).some((p) => (p ?? 0) > 0) &&
        !Object.keys(read.errors).some((k) => k.startsWith("fieldPoints."))
      ) {
        read.fail("fieldPoints", "Give points for at least one profile detail.");
      }
      return { ...engagement(), fieldPoints };
    }
    case "birthday":
      return {
        ...engagement(),
        points: points(),
        awardOn: read.choice("awardOn", ["day", "month"] as const, "Choose when the points are given."),
      };
    case "visit":
    case "store_search":
      return { ...engagement(), points: points(), period: period() };
    case "page_visit":
      return { ...engagement(), points: points(), period: period(), pages: read.pages() };
    case "share":
      return {
        ...engagement(),
        points: points(),
        subject: read.choice("subject", SHARE_SUBJECTS, "Choose what shoppers share."),
      };
    case "follow":
      return {
        ...engagement(),
        points: points(),
        network: read.text("network", { max: 40, required: "Name the network, for example Instagram." }),
      };
    case "custom":
      return {
        ...engagement(),
        points: points(),
        key: read.text("key", { max: 64, required: "Enter the action’s key, for example app_launched." }),
      };
    case "account_created":
    case "offer_viewed":
      return { ...engagement(), points: points() };
  }
}

function spendInput(read: RuleFieldReader, settings: ShopFormSettings): Record<string, unknown> {
  const channels: Channel[] = [];
  if (read.flag("channel.online_store")) channels.push({ type: "online_store" });
  const locationIds = read.list("posLocationIds");
  if (read.flag("channel.pos")) channels.push(locationIds.length ? { type: "pos", locationIds } : { type: "pos" });
  if (read.flag("channel.draft_order")) channels.push({ type: "draft_order" });
  for (const sourceName of read.list("otherSources")) channels.push({ type: "source_name", sourceName });
  if (channels.length === 0) read.fail("channels", "Choose at least one sales channel.");
  return {
    pointsPerUnit: read.rate("pointsPerUnit"),
    rounding: read.choice("rounding", ["down", "nearest"] as const, "Choose how points are rounded."),
    minimumOrderMinor: read.money("minimumOrder", settings.currencyCode),
    excludedProductTags: read.list("excludedProductTags"),
    channels,
    firstOrderBonusPoints: read.whole("firstOrderBonusPoints", { min: 0, max: MAX_POINTS, blank: 0 }),
  };
}

/** Where a schema issue is shown: the form field the merchant typed it in. */
function fieldOf(issue: z.ZodIssue, pageIndexes: readonly number[]): string {
  const [head, second, third] = issue.path;
  switch (head) {
    case undefined:
      return "form";
    case "limits":
      return second === "cooldownSeconds" ? "cooldown" : String(second ?? "form");
    case "startsAt":
      return "startsOn";
    case "endsAt":
      return "endsOn";
    case "minimumOrderMinor":
      return "minimumOrder";
    case "fieldPoints":
      return second === undefined ? "fieldPoints" : `fieldPoints.${second}`;
    case "pages":
      // The schema numbers the rows it was given; the form's own numbers may have gaps.
      return typeof second === "number" ? `pages.${pageIndexes[second] ?? second}.${third ?? "pattern"}` : "pages";
    default:
      return String(head);
  }
}

/** The shared field reader, with the rule form's own cooldown and page rows. */
class RuleFieldReader extends FieldReader {
  pageIndexes: number[] = [];

  cooldown(): number | undefined {
    const amount = this.whole("cooldown", { min: 0, max: MAX_COOLDOWN_SECONDS, blank: undefined });
    if (!amount) return undefined;
    const unit = this.choice(
      "cooldownUnit",
      Object.keys(COOLDOWN_UNITS) as CooldownUnit[],
      "Choose minutes, hours or days.",
    );
    if (!unit) return undefined;
    const seconds = amount * COOLDOWN_UNITS[unit];
    return seconds > MAX_COOLDOWN_SECONDS ? this.fail("cooldown", "A cooldown lasts at most 366 days.") : seconds;
  }

  /** Points per unit spent: up to two decimals, because the engine computes in hundredths. */
  rate(name: string): number | undefined {
    const text = this.raw(name);
    if (/^\d+\.\d{3,}$/.test(text)) return this.fail(name, "Use at most two decimals, such as 1.25.");
    if (!/^\d{1,5}(\.\d{1,2})?$/.test(text))
      return this.fail(name, "Enter the points per unit, such as 1, 1.5 or 2.25.");
    const n = Number(text);
    if (n <= 0) return this.fail(name, "Give more than 0 points per unit.");
    if (n > MAX_RATE) return this.fail(name, `Enter at most ${count.format(MAX_RATE)} points per unit.`);
    return n;
  }

  /** The page rows that have anything typed in them; a pasted full URL keeps only its path. */
  pages(): { pattern: string; label?: string }[] | undefined {
    const rows = pageIndexes(this.fields)
      .map((index) => ({ index, pattern: this.raw(`pages.${index}.pattern`), label: this.raw(`pages.${index}.label`) }))
      .filter((row) => row.pattern || row.label);
    if (rows.length === 0) return this.fail("pages", "Add at least one page, for example /pages/lookbook.");
    if (rows.length > MAX_PAGES) return this.fail("pages", `A rule covers at most ${MAX_PAGES} pages.`);
    this.pageIndexes = rows.map((row) => row.index);
    return rows.map(({ index, pattern, label }) => {
      if (!pattern) this.fail(`pages.${index}.pattern`, "Enter the page, for example /pages/lookbook.");
      if (label.length > 80) this.fail(`pages.${index}.label`, "Keep the label to 80 characters or fewer.");
      return { pattern: pathOf(pattern), ...(label ? { label } : {}) };
    });
  }
}

/** "https://shop.com/pages/lookbook?ref=x" → "/pages/lookbook"; anything else as typed. */
function pathOf(pattern: string): string {
  if (!/^https?:\/\//i.test(pattern)) return pattern;
  try {
    return new URL(pattern).pathname;
  } catch {
    return pattern;
  }
}

/** Period names for selects: "Once a day" … */
export const PERIOD_CHOICES: { label: string; value: Period }[] = [
  { label: "Once a day", value: "day" },
  { label: "Once a week", value: "week" },
  { label: "Once a month", value: "month" },
  { label: "Once a year", value: "year" },
];

/** Field names the form uses; anything else in a post is dropped, not echoed back. */
const FIELD_NAME = /^[A-Za-z][\w.]{0,63}$/;
/** The form's own fields; the page handles these itself. */
const CONTROL_FIELDS = new Set(["intent", "kind"]);
const MAX_FIELDS = 400;

/** A posted form's text fields, bounded in number: the input of `parseRuleForm`. */
export function fieldsFromEntries(entries: Iterable<[string, unknown]>): RuleFields {
  const fields: RuleFields = {};
  let kept = 0;
  for (const [name, value] of entries) {
    if (kept >= MAX_FIELDS) break;
    if (typeof value !== "string" || !FIELD_NAME.test(name) || CONTROL_FIELDS.has(name)) continue;
    fields[name] = value;
    kept += 1;
  }
  return fields;
}
