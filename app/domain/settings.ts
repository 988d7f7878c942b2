/** The programme settings a merchant edits, with the validation shared by form and API. */
import { z } from "zod";
import { currencyExponent, toMinorUnits } from "./money";

// Digits only: "0x10", "1e2" or "12.0" are not what a merchant means by a number of points.
const wholePoints = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((v) => /^\d{1,9}$/.test(v), "Enter a whole number of points.")
  .transform(Number);

export const settingsInput = z.object({
  pointsPerUnit: wholePoints
    .pipe(z.number().min(1, "Award at least 1 point per unit spent.").max(1000, "At most 1,000 points per unit spent.")),
  rewardTitle: z.string().trim().min(1, "Give the reward a name.").max(80, "Keep the name under 80 characters."),
  rewardCostPoints: wholePoints
    .pipe(z.number().min(1, "A reward costs at least 1 point.").max(10_000_000, "At most 10,000,000 points.")),
  rewardValue: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, "Enter an amount such as 5 or 5.00."),
});

export type SettingsInput = z.infer<typeof settingsInput>;

export interface ProgrammeSettings {
  currencyCode: string;
  pointsPerUnit: number;
  reward: { id: string; title: string; costPoints: number; valueMinor: number };
}

export type FieldErrors = Partial<Record<keyof SettingsInput, string>>;

export type SettingsParse =
  | { ok: true; value: { pointsPerUnit: number; rewardTitle: string; rewardCostPoints: number; rewardValueMinor: number } }
  | { ok: false; errors: FieldErrors };

const MAX_REWARD_VALUE_UNITS = 100_000;

/** Validates raw form fields; amounts become minor units of the shop currency. */
export function parseSettings(raw: Record<string, unknown>, currencyCode: string): SettingsParse {
  const parsed = settingsInput.safeParse(raw);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof SettingsInput;
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const exponent = currencyExponent(currencyCode);
  const decimals = parsed.data.rewardValue.split(".")[1]?.length ?? 0;
  if (decimals > exponent) {
    return { ok: false, errors: { rewardValue: exponent === 0 ? "Enter a whole amount." : `Use at most ${exponent} decimals.` } };
  }
  const valueMinor = toMinorUnits(parsed.data.rewardValue, exponent);
  if (valueMinor === null || valueMinor > MAX_REWARD_VALUE_UNITS * 10 ** exponent) {
    return { ok: false, errors: { rewardValue: "At most 100,000." } };
  }
  if (valueMinor <= 0) return { ok: false, errors: { rewardValue: "The reward must be worth more than zero." } };
  return {
    ok: true,
    value: {
      pointsPerUnit: parsed.data.pointsPerUnit,
      rewardTitle: parsed.data.rewardTitle,
      rewardCostPoints: parsed.data.rewardCostPoints,
      rewardValueMinor: valueMinor,
    },
  };
}

export const DEFAULT_SETTINGS = {
  pointsPerUnit: 1,
  rewardTitle: "$5 off your next order",
  rewardCostPoints: 500,
  rewardValueMinor: 500,
} as const;
