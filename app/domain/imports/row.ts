/**
 * One data row of an import, validated: what may be posted for it, or why it cannot be. Pure.
 * Rows are judged alone; matching them to members is the server's (app/imports).
 */
import { z } from "zod";
import { formatBirthday, parseBirthday } from "../birthdays";
import { normalizeReferralCode } from "../referral-code";
import type { ImportField } from "./presets";

/** The most points one row may bring: far above any real balance, far below the ledger's bound. */
export const MAX_IMPORTED_POINTS = 100_000_000;

const GID_PREFIX = "gid://shopify/Customer/";

/** A Shopify customer id as a number or a GraphQL gid, in the numeric form members are keyed by. */
export const customerIdSchema = z
  .string()
  .transform((raw) => (raw.startsWith(GID_PREFIX) ? raw.slice(GID_PREFIX.length) : raw))
  .pipe(z.string().regex(/^[1-9]\d{0,19}$/, "A Shopify customer id is a number (or gid://shopify/Customer/<number>)."));

/** "MM-DD", "MM/DD", "MM/DD/YYYY" or "YYYY-MM-DD" → "MM-DD" (the year is dropped, never stored). */
export function birthdayOf(raw: string): string | null {
  const forms: [RegExp, number, number][] = [
    [/^(\d{1,2})[-/](\d{1,2})$/, 1, 2],
    [/^(\d{1,2})\/(\d{1,2})\/\d{4}$/, 1, 2],
    [/^\d{4}-(\d{1,2})-(\d{1,2})$/, 1, 2],
  ];
  for (const [pattern, month, day] of forms) {
    const match = pattern.exec(raw);
    if (!match) continue;
    const text = `${match[month]!.padStart(2, "0")}-${match[day]!.padStart(2, "0")}`;
    const parsed = parseBirthday(text);
    return parsed ? formatBirthday(parsed) : null;
  }
  return null;
}

export const importRowSchema = z
  .object({
    customerId: customerIdSchema.optional(),
    email: z.string().max(254).email("Not an e-mail address.").toLowerCase().optional(),
    points: z
      .string({ required_error: "No points." })
      .regex(/^-?\d+$/, "Points must be a whole number (no commas or decimals).")
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(0, "Points cannot be negative.")
          .max(MAX_IMPORTED_POINTS, `At most ${MAX_IMPORTED_POINTS} points per row.`),
      ),
    tierName: z.string().max(100).optional(),
    birthday: z
      .string()
      .transform((raw, ctx) => {
        const birthday = birthdayOf(raw);
        if (!birthday) ctx.addIssue({ code: "custom", message: "A birthday is MM-DD, MM/DD or a full date." });
        return birthday ?? "";
      })
      .optional(),
    // Another programme's codes rarely fit this app's alphabet: one that does not is dropped,
    // not a reason to refuse the row's points.
    referralCode: z
      .string()
      .transform((raw) => normalizeReferralCode(raw) ?? undefined)
      .optional(),
  })
  .refine((row) => row.customerId !== undefined || row.email !== undefined, {
    message: "No customer id and no e-mail.",
    path: ["customerId"],
  });

export type ImportRow = z.infer<typeof importRowSchema>;

export type RowReading = { ok: true; row: ImportRow } | { ok: false; error: string };

/** Each field as the merchant's file calls it, for the reasons a row is refused. */
const FIELD_WORDS: Readonly<Record<ImportField, string>> = {
  customerId: "Customer id",
  email: "E-mail",
  points: "Points",
  tierName: "Tier",
  birthday: "Birthday",
  referralCode: "Referral code",
};

/** The row's fields validated, or the first problem in the merchant's words ("Points: …"). */
export function readImportRow(cells: Partial<Record<ImportField, string>>): RowReading {
  const parsed = importRowSchema.safeParse(cells);
  if (parsed.success) return { ok: true, row: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path[0];
  const words = typeof field === "string" && field in FIELD_WORDS ? FIELD_WORDS[field as ImportField] : null;
  return { ok: false, error: words ? `${words}: ${issue.message}` : issue.message };
}
