/** The programme settings a merchant edits, with the validation shared by form and API. */
import { z } from "zod";
import { currencyExponent, toMinorUnits } from "./money";
import type { ReversalPolicy } from "./reversal";

// Digits only: "0x10", "1e2" or "12.0" are not what a merchant means by a number of points.
const wholePoints = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((v) => /^\d{1,9}$/.test(v), "Enter a whole number of points.")
  .transform(Number);

const MAX_REWARD_VALUE_UNITS = 100_000;

/** The reward's value typed in shop currency ("5", "5.00"), as minor units. */
function rewardValueIn(currencyCode: string) {
  const exponent = currencyExponent(currencyCode);
  return z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, "Enter an amount such as 5 or 5.00.")
    .transform((text, ctx) => {
      const decimals = text.split(".")[1]?.length ?? 0;
      const minor = toMinorUnits(text, exponent);
      const problem =
        decimals > exponent
          ? exponent === 0
            ? "Enter a whole amount."
            : `Use at most ${exponent} decimals.`
          : minor === null || minor > MAX_REWARD_VALUE_UNITS * 10 ** exponent
            ? "At most 100,000."
            : minor <= 0
              ? "The reward must be worth more than zero."
              : null;
      if (problem) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
        return z.NEVER;
      }
      return minor!;
    });
}

/** Every field checked in one pass, so the merchant sees all problems at once. */
export function settingsSchema(currencyCode: string) {
  return z.object({
    pointsPerUnit: wholePoints.pipe(
      z.number().min(1, "Award at least 1 point per unit spent.").max(1000, "At most 1,000 points per unit spent."),
    ),
    rewardTitle: z.string().trim().min(1, "Give the reward a name.").max(80, "Keep the name under 80 characters."),
    rewardCostPoints: wholePoints.pipe(
      z.number().min(1, "A reward costs at least 1 point.").max(10_000_000, "At most 10,000,000 points."),
    ),
    rewardValue: rewardValueIn(currencyCode),
    // Optional: a form that does not show the choice leaves the shop's policy as it is.
    reversalPolicy: z.preprocess(
      (value) => (value === "" || value === null ? undefined : value),
      z
        .enum(["allow_negative", "cap_at_zero"], {
          errorMap: () => ({ message: "Choose what happens when refunded points were already spent." }),
        })
        .optional(),
    ),
  });
}

export type SettingsInput = z.input<ReturnType<typeof settingsSchema>>;

export interface ProgrammeSettings {
  currencyCode: string;
  pointsPerUnit: number;
  reversalPolicy: ReversalPolicy;
  reward: { id: string; title: string; costPoints: number; valueMinor: number };
}

export interface SettingsValue {
  pointsPerUnit: number;
  rewardTitle: string;
  rewardCostPoints: number;
  rewardValueMinor: number;
  reversalPolicy?: ReversalPolicy;
}

export type FieldErrors = Partial<Record<keyof SettingsInput, string>>;

export type SettingsParse =
  | { ok: true; value: SettingsValue }
  | { ok: false; errors: FieldErrors };

/** Validates raw form fields; amounts become minor units of the shop currency. */
export function parseSettings(raw: Record<string, unknown>, currencyCode: string): SettingsParse {
  const parsed = settingsSchema(currencyCode).safeParse(raw);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof SettingsInput;
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const { pointsPerUnit, rewardTitle, rewardCostPoints, rewardValue, reversalPolicy } = parsed.data;
  return {
    ok: true,
    value: { pointsPerUnit, rewardTitle, rewardCostPoints, rewardValueMinor: rewardValue, ...(reversalPolicy ? { reversalPolicy } : {}) },
  };
}

export const DEFAULT_SETTINGS = {
  pointsPerUnit: 1,
  rewardTitle: "$5 off your next order",
  rewardCostPoints: 500,
  rewardValueMinor: 500,
} as const;
