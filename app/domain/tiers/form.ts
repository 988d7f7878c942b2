/**
 * The Tiers page's form: the whole programme as flat text fields (`metric`, `graceDays`,
 * `tiers.0.name`, `tiers.1.threshold`…), turned into an edit of the programme (settings and
 * tiers in order, each with its id when it is already stored), with a plain-words message per
 * field. `tierSchema` and `programSettingsSchema` have the last word, so the form can never
 * store what the engine would refuse; their issues are mapped back to the field typed in.
 *
 * A threshold is typed in the shop's metric: points, money in the shop's currency (stored in
 * minor units), or orders. The multiplier is typed as "1.5" and stored in hundredths. Pure.
 */
import type { z } from "zod";
import { currencyExponent, formatMoney, fromMinorUnits, toMinorUnits } from "../money";
import { MAX_THRESHOLD, metricOf, programSettingsSchema, type Tier, type TierMetric } from "./definition";
import { MAX_TIERS, programEditSchema, type ProgramEditInput } from "./program-edit";

/** One tier as the form holds it: field name → the text typed (booleans as "true" / "false"). */
export type TierFields = Record<TierFieldName, string>;
export const TIER_FIELD_NAMES = [
  "id",
  "name",
  "threshold",
  "hidden",
  "multiplier",
  "multiplyEngagement",
  "entryRewardPoints",
  "birthdayBonusPoints",
  "freeShipping",
  "percentOff",
  "textPerks",
  "paidProductId",
  "paidProductTag",
  "paidMonths",
] as const;
export type TierFieldName = (typeof TIER_FIELD_NAMES)[number];

export interface ProgramFields {
  metric: string;
  period: string;
  graceDays: string;
  tiers: TierFields[];
}

/** Field name ("graceDays", "tiers.2.threshold") → what is wrong; "form" for the whole. */
export type ProgramFieldErrors = Record<string, string>;

export type ProgramFormResult = { ok: true; edit: ProgramEdit } | { ok: false; errors: ProgramFieldErrors };
type ProgramEdit = z.infer<typeof programEditSchema>;
const MAX_POINTS = 1_000_000;
const count = new Intl.NumberFormat("en");

export function emptyTierFields(): TierFields {
  return {
    id: "",
    name: "",
    threshold: "",
    hidden: "false",
    multiplier: "1",
    multiplyEngagement: "false",
    entryRewardPoints: "0",
    birthdayBonusPoints: "0",
    freeShipping: "false",
    percentOff: "",
    textPerks: "",
    paidProductId: "",
    paidProductTag: "",
    paidMonths: "",
  };
}

/** The threshold as the merchant types it: money in the shop currency, else a count. */
export function thresholdText(threshold: number, metric: TierMetric, currencyCode: string): string {
  return metric === "spend" ? fromMinorUnits(threshold, currencyExponent(currencyCode)) : String(threshold);
}

/** "1.5" for 150 hundredths; "1" for 100. */
export function multiplierText(hundredths: number): string {
  return String(hundredths / 100);
}

export function tierToFields(tier: Tier, metric: TierMetric, currencyCode: string): TierFields {
  const percent = tier.shopifyPerks.find((p) => p.type === "percent_off");
  return {
    id: tier.id,
    name: tier.name,
    threshold: thresholdText(tier.threshold, metric, currencyCode),
    hidden: String(tier.hidden),
    multiplier: multiplierText(tier.multiplierHundredths),
    multiplyEngagement: String(tier.multiplyEngagement),
    entryRewardPoints: String(tier.entryRewardPoints),
    birthdayBonusPoints: String(tier.birthdayBonusPoints),
    freeShipping: String(tier.shopifyPerks.some((p) => p.type === "free_shipping")),
    percentOff: percent && percent.type === "percent_off" ? String(percent.percent) : "",
    textPerks: tier.textPerks.join("\n"),
    paidProductId: tier.paidProductId ?? "",
    paidProductTag: tier.paidProductTag ?? "",
    paidMonths: tier.paidMonths === null ? "" : String(tier.paidMonths),
  };
}

/** The stored programme as the form's fields; `parseProgramForm` gives the same programme back. */
export function programToFields(
  program: { metric: TierMetric; period: string; graceDays: number; tiers: readonly Tier[] },
  currencyCode: string,
): ProgramFields {
  return {
    metric: program.metric,
    period: program.period,
    graceDays: String(program.graceDays),
    tiers: program.tiers.map((tier) => tierToFields(tier, program.metric, currencyCode)),
  };
}

/** The flat names a form posts for tier `index`'s field. */
export function tierFieldName(index: number, field: TierFieldName): string {
  return `tiers.${index}.${field}`;
}

/** The fields as posted (hidden inputs), back into the form's shape. Unknown names are ignored. */
export function programFieldsFromEntries(entries: Iterable<[string, FormDataEntryValue]>): ProgramFields {
  const fields: ProgramFields = { metric: "", period: "", graceDays: "", tiers: [] };
  const byIndex = new Map<number, TierFields>();
  for (const [name, value] of entries) {
    const text = typeof value === "string" ? value : "";
    if (name === "metric" || name === "period" || name === "graceDays") {
      fields[name] = text;
      continue;
    }
    const match = /^tiers\.(\d{1,3})\.(\w+)$/.exec(name);
    if (!match) continue;
    const index = Number(match[1]);
    const field = match[2] as TierFieldName;
    if (index >= MAX_TIERS + 1 || !(TIER_FIELD_NAMES as readonly string[]).includes(field)) continue;
    const tier = byIndex.get(index) ?? emptyTierFields();
    tier[field] = text;
    byIndex.set(index, tier);
  }
  fields.tiers = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, tier]) => tier);
  return fields;
}

function wholeNumber(text: string, error: string, errors: ProgramFieldErrors, name: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    errors[name] ??= error;
    return null;
  }
  return Number(trimmed);
}

function readThreshold(
  text: string,
  metric: TierMetric,
  currencyCode: string,
  errors: ProgramFieldErrors,
  name: string,
): number | null {
  const trimmed = text.trim();
  if (metric === "spend") {
    const exponent = currencyExponent(currencyCode);
    const minor = /^\d+(\.\d+)?$/.test(trimmed) ? toMinorUnits(trimmed, exponent) : null;
    const example = exponent === 0 ? "500" : `500.${"0".repeat(exponent)}`;
    if (minor === null || minor > MAX_THRESHOLD) {
      errors[name] ??= `Enter an amount in ${currencyCode}, for example ${example}.`;
      return null;
    }
    if (trimmed.includes(".") && trimmed.split(".")[1]!.length > exponent) {
      errors[name] ??= exponent === 0 ? `${currencyCode} has no decimals.` : `At most ${exponent} decimals.`;
      return null;
    }
    return minor;
  }
  const unit = metric === "points" ? "points, for example 1000" : "orders, for example 5";
  return wholeNumber(trimmed, `Enter a whole number of ${unit}.`, errors, name);
}

function readMultiplier(text: string, errors: ProgramFieldErrors, name: string): number | null {
  const trimmed = text.trim();
  const match = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(trimmed);
  const hundredths = match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : null;
  if (hundredths === null || hundredths < 100 || hundredths > 1000) {
    errors[name] ??= "Enter a multiplier from 1 to 10, for example 1.5 (at most two decimals).";
    return null;
  }
  return hundredths;
}

function readPoints(text: string, errors: ProgramFieldErrors, name: string): number | null {
  const points = wholeNumber(text, "Enter a whole number of points, or 0 for none.", errors, name);
  if (points !== null && points > MAX_POINTS) {
    errors[name] ??= `At most ${count.format(MAX_POINTS)} points.`;
    return null;
  }
  return points;
}

function optional(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}

/** A zod issue's path inside one tier → the field the merchant typed it in. */
function tierFieldOf(path: readonly PropertyKey[]): TierFieldName {
  const [head] = path;
  switch (head) {
    case "multiplierHundredths":
      return "multiplier";
    // Free shipping is a checkbox: only the percentage can be wrong.
    case "shopifyPerks":
      return "percentOff";
    // The id is not typed: "the same tier twice" belongs to the tier's name.
    case "id":
    case undefined:
      return "name";
    default:
      return (TIER_FIELD_NAMES as readonly string[]).includes(String(head)) ? (head as TierFieldName) : "name";
  }
}

/**
 * An issue of the whole edit (programEditSchema: `settings.graceDays`, `tiers.2.threshold`)
 * → the field it belongs to, "form" when it names none.
 */
export function programFieldOf(path: readonly PropertyKey[]): string {
  const [head, second, ...rest] = path;
  if (head === "settings" && typeof second === "string") return second;
  if (head === "tiers" && typeof second === "number") return tierFieldName(second, tierFieldOf(rest));
  return "form";
}

/** zod's issues as messages per field (the first per field wins), for issues found past the form. */
export function programErrorsOf(issues: readonly z.ZodIssue[]): ProgramFieldErrors {
  const errors: ProgramFieldErrors = {};
  for (const issue of issues) errors[programFieldOf(issue.path)] ??= issue.message;
  return errors;
}

/** A threshold in the merchant's units: "$500.00", "1,000 points", "5 orders". */
export function thresholdWords(threshold: number, metric: TierMetric, currencyCode: string): string {
  if (metric === "spend") return formatMoney(threshold, currencyCode);
  return `${count.format(threshold)} ${metric === "orders" ? "orders" : "points"}`;
}

/**
 * The schema's own message, except where it speaks in stored units: a threshold that does not
 * climb is named against the visible tier below it, in money when the metric is spend.
 */
function wordedIssue(issue: z.ZodIssue, edit: ProgramEditInput, metric: TierMetric, currencyCode: string): string {
  const [head, index, field] = issue.path;
  if (head !== "tiers" || typeof index !== "number" || field !== "threshold" || issue.code !== "custom") {
    return issue.message;
  }
  const below = edit.tiers
    .slice(0, index)
    .reverse()
    .find((tier) => !tier.hidden);
  if (!below) return issue.message;
  const threshold = below.threshold ?? 0;
  return `Must be more than ${below.name.trim()}’s ${thresholdWords(threshold, metric, currencyCode)}: each tier needs more than the one below it.`;
}

export function parseProgramForm(fields: ProgramFields, currencyCode: string): ProgramFormResult {
  const errors: ProgramFieldErrors = {};
  const graceText = fields.graceDays.trim();
  const settings = programSettingsSchema.safeParse({
    metric: fields.metric,
    period: fields.period,
    graceDays: /^\d+$/.test(graceText) ? Number(graceText) : Number.NaN,
  });
  if (!settings.success) {
    for (const issue of settings.error.issues) {
      const field = String(issue.path[0] ?? "form");
      errors[field] ??=
        field === "graceDays"
          ? "Enter a whole number of days from 0 to 365."
          : field === "metric"
            ? "Choose what members qualify with."
            : "Choose the qualification period.";
    }
  }
  // Thresholds are read in the chosen metric even when another setting is wrong.
  const metric: TierMetric = metricOf(fields.metric);
  if (fields.tiers.length > MAX_TIERS) errors.form = `A programme has at most ${MAX_TIERS} tiers.`;

  // Text to numbers, with the merchant's words; everything else is the schema's to judge.
  const tiers = fields.tiers.map((tier, index) => {
    const at = (field: TierFieldName) => tierFieldName(index, field);
    // A hidden tier is never reached by qualifying: its threshold may be left empty.
    const threshold =
      tier.hidden === "true" && tier.threshold.trim() === ""
        ? 0
        : readThreshold(tier.threshold, metric, currencyCode, errors, at("threshold"));
    const percentText = tier.percentOff.trim();
    let percent: number | null = null;
    if (percentText) {
      percent = /^\d{1,3}$/.test(percentText) ? Number(percentText) : Number.NaN;
      if (!(percent >= 1 && percent <= 100)) {
        errors[at("percentOff")] = "Enter a whole percentage from 1 to 100, or leave it empty for none.";
      }
    }
    const monthsText = tier.paidMonths.trim();
    const id = tier.id.trim();
    return {
      ...(id ? { id } : {}),
      name: tier.name,
      threshold: threshold ?? 0,
      hidden: tier.hidden === "true",
      multiplierHundredths: readMultiplier(tier.multiplier, errors, at("multiplier")) ?? 100,
      multiplyEngagement: tier.multiplyEngagement === "true",
      entryRewardPoints: readPoints(tier.entryRewardPoints, errors, at("entryRewardPoints")) ?? 0,
      birthdayBonusPoints: readPoints(tier.birthdayBonusPoints, errors, at("birthdayBonusPoints")) ?? 0,
      shopifyPerks: [
        ...(tier.freeShipping === "true" ? [{ type: "free_shipping" as const }] : []),
        ...(percent !== null && percent >= 1 && percent <= 100 ? [{ type: "percent_off" as const, percent }] : []),
      ],
      textPerks: tier.textPerks
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
      paidProductId: optional(tier.paidProductId),
      paidProductTag: optional(tier.paidProductTag),
      paidMonths: monthsText
        ? wholeNumber(
            monthsText,
            "Enter a whole number of months, or leave it empty for life.",
            errors,
            at("paidMonths"),
          )
        : null,
    };
  });
  const input: ProgramEditInput = {
    settings: settings.success ? settings.data : { metric, period: "lifetime", graceDays: 0 },
    tiers,
  };
  // The schema has the last word (names, ranges, climbing thresholds, a sold hidden tier).
  const parsed = programEditSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = programFieldOf(issue.path);
      // A field already explained in the merchant's words keeps that explanation.
      errors[field] ??= issue.path.includes("textPerks")
        ? "Each perk is one line of at most 140 characters, and at most 10 perks."
        : issue.path[2] === "name" && issue.code === "too_small"
          ? "Give the tier a name, for example Gold."
          : wordedIssue(issue, input, metric, currencyCode);
    }
  }
  if (!settings.success || !parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, edit: parsed.data };
}

/** The draft as one comparable text: equal for the same programme, whatever the key order. */
export function draftKey(fields: ProgramFields): string {
  return JSON.stringify([
    fields.metric,
    fields.period,
    fields.graceDays,
    fields.tiers.map((tier) => TIER_FIELD_NAMES.map((name) => tier[name])),
  ]);
}
