/** The programme settings a merchant edits, with the validation shared by form and API. */
import { z } from "zod";
import { EXPIRY_MODES, type ExpiryMode } from "./expiry";
import { RELEASE_RULES, type ReleaseRule } from "./order-points";
import type { ReversalPolicy } from "./reversal";
import { isValidTimeZone } from "./rules/period";

// Digits only: "0x10", "1e2" or "12.0" are not what a merchant means by a number of points.
const wholePoints = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((v) => /^\d{1,9}$/.test(v), "Enter a whole number of points.")
  .transform(Number);

export const MAX_EXPIRY_MONTHS = 120;

const blank = (value: unknown) =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/**
 * The months points last, checked with the mode they belong to (see `pairExpiry`): required
 * when points expire, ignored when they never do. Without a mode (a form that does not show
 * the choice) months that are given are checked and kept, blank ones leave the shop's as is.
 */
const expiryMonthsField = z
  .object({ mode: z.unknown(), months: z.unknown() })
  .transform(({ mode, months }, ctx): number | undefined => {
    if (mode === "never") return undefined;
    const expires = mode === "fixed" || mode === "inactivity";
    const problem = (message: string) => {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      return z.NEVER;
    };
    if (blank(months)) return expires ? problem("Enter how many months points last, from 1 to 120.") : undefined;
    const text = typeof months === "string" || typeof months === "number" ? String(months).trim() : "";
    if (!/^\d{1,9}$/.test(text)) return problem("Enter a whole number of months, such as 12.");
    const n = Number(text);
    if (n < 1) return problem("Points must last at least 1 month.");
    if (n > MAX_EXPIRY_MONTHS) return problem("At most 120 months (10 years).");
    return n;
  });

/** Hands the months field the mode too, so both are checked in the same single pass. */
function pairExpiry(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null) return raw;
  const fields = raw as Record<string, unknown>;
  return { ...fields, expiryMonths: { mode: fields.expiryMode, months: fields.expiryMonths } };
}

/** Every field checked in one pass, so the merchant sees all problems at once. */
export function settingsSchema() {
  return z.preprocess(pairExpiry, settingsFields());
}

function settingsFields() {
  return z.object({
    pointsPerUnit: wholePoints.pipe(
      z.number().min(1, "Award at least 1 point per unit spent.").max(1000, "At most 1,000 points per unit spent."),
    ),
    // Optional: a form that does not show the choice leaves the shop's policy as it is.
    reversalPolicy: z.preprocess(
      (value) => (value === "" || value === null ? undefined : value),
      z
        .enum(["allow_negative", "cap_at_zero"], {
          errorMap: () => ({ message: "Choose what happens when refunded points were already spent." }),
        })
        .optional(),
    ),
    // Optional likewise: absent or "" keeps the shop's policy.
    expiryMode: z.preprocess(
      (value) => (value === "" || value === null ? undefined : value),
      z.enum(EXPIRY_MODES, { errorMap: () => ({ message: "Choose when points expire." }) }).optional(),
    ),
    expiryMonths: expiryMonthsField,
    // Optional likewise: absent or "" keeps the shop's rule and window.
    pointsReleaseRule: z.preprocess(
      (value) => (value === "" || value === null ? undefined : value),
      z
        .enum(RELEASE_RULES as [ReleaseRule, ...ReleaseRule[]], {
          errorMap: () => ({ message: "Choose when points become spendable." }),
        })
        .optional(),
    ),
    returnWindowDays: z.preprocess(
      (value) => (blank(value) ? undefined : String(value).trim()),
      z
        .string()
        .regex(/^\d{1,4}$/, "Enter a whole number of days, such as 30.")
        .transform(Number)
        .pipe(z.number().min(1, "The window lasts at least 1 day.").max(365, "At most 365 days."))
        .optional(),
    ),
    // Optional likewise: absent or "" keeps the shop's time zone.
    timeZone: z.preprocess(
      (value) => (blank(value) ? undefined : String(value).trim()),
      z.string().refine(isValidTimeZone, "Choose your shop’s time zone from the list.").optional(),
    ),
    // Optional likewise: a form that does not show the switch must not turn it off.
    engagementPaused: z.preprocess(
      (value) => {
        if (blank(value)) return undefined;
        const text = String(value).trim().toLowerCase();
        return text === "on" ? "true" : text; // "on": a browser's own checkbox
      },
      z
        .enum(["true", "false"], { errorMap: () => ({ message: "Choose whether engagement rules are paused." }) })
        .transform((value) => value === "true")
        .optional(),
    ),
  });
}

export const SETTINGS_FIELDS = [
  "pointsPerUnit",
  "reversalPolicy",
  "expiryMode",
  "expiryMonths",
  "pointsReleaseRule",
  "returnWindowDays",
  "timeZone",
  "engagementPaused",
] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

/** The raw fields as a form or an API client sends them. */
export type SettingsInput = Partial<Record<SettingsField, string | number | boolean | null>>;

export interface ProgrammeSettings {
  currencyCode: string;
  pointsPerUnit: number;
  reversalPolicy: ReversalPolicy;
  expiryMode: ExpiryMode;
  expiryMonths: number;
  pointsReleaseRule: ReleaseRule;
  returnWindowDays: number;
  /** The IANA zone whose days, weeks and months rule limits count in. */
  timeZone: string;
  /** The kill switch: every engagement rule paused at once. */
  engagementPaused: boolean;
}

export interface SettingsValue {
  pointsPerUnit: number;
  reversalPolicy?: ReversalPolicy;
  /** Absent: the shop's policy stays as it is. */
  expiryMode?: ExpiryMode;
  /** Absent: the shop's months stay as they are (always so when the mode is "never"). */
  expiryMonths?: number;
  pointsReleaseRule?: ReleaseRule;
  returnWindowDays?: number;
  timeZone?: string;
  engagementPaused?: boolean;
}

export type FieldErrors = Partial<Record<SettingsField, string>>;

export type SettingsParse = { ok: true; value: SettingsValue } | { ok: false; errors: FieldErrors };

/** Validates raw form fields. Rewards are the catalogue's (app/domain/rewards/form.ts), not settings. */
export function parseSettings(raw: Record<string, unknown>): SettingsParse {
  const parsed = settingsSchema().safeParse(raw);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as SettingsField;
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const {
    pointsPerUnit,
    reversalPolicy,
    expiryMode,
    expiryMonths,
    pointsReleaseRule,
    returnWindowDays,
    timeZone,
    engagementPaused,
  } = parsed.data;
  return {
    ok: true,
    value: {
      pointsPerUnit,
      ...(reversalPolicy ? { reversalPolicy } : {}),
      ...(expiryMode ? { expiryMode } : {}),
      ...(expiryMonths !== undefined ? { expiryMonths } : {}),
      ...(pointsReleaseRule ? { pointsReleaseRule } : {}),
      ...(returnWindowDays !== undefined ? { returnWindowDays } : {}),
      ...(timeZone !== undefined ? { timeZone } : {}),
      ...(engagementPaused !== undefined ? { engagementPaused } : {}),
    },
  };
}

/** A new shop's programme: 1 point per unit spent, and the reward its catalogue starts with. */
export const DEFAULT_SETTINGS = {
  pointsPerUnit: 1,
  rewardCostPoints: 500,
  rewardValueMinor: 500,
} as const;

/**
 * The time zones a merchant picks from: UTC, then every zone the runtime knows. The shop's
 * own zone is kept even when this runtime lists it under another name ("Asia/Calcutta").
 */
export function timeZoneChoices(current: string): { label: string; value: string }[] {
  const zones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
  if (!zones.includes(current)) zones.unshift(current);
  return zones.map((zone) => ({ label: zone.replaceAll("_", " "), value: zone }));
}
