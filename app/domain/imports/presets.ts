/**
 * The column layouts of other programmes' CSV exports (docs/decisions/0034-points-import.md
 * says where each came from and what is assumed), and how a header row is read with one. Pure.
 *
 * A preset names, for each field the import understands, the headers it may carry; headers
 * are compared trimmed and case-insensitively, so "Email" and "email " are the same column.
 */
import { z } from "zod";

export const IMPORT_PRESETS = ["smile", "loyaltylion", "yotpo", "generic"] as const;
export const importPresetSchema = z.enum(IMPORT_PRESETS);
export type ImportPreset = z.infer<typeof importPresetSchema>;

export const IMPORT_FIELDS = ["customerId", "email", "points", "tierName", "birthday", "referralCode"] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export interface PresetLayout {
  label: string;
  /** The headers each field may appear under, lower-case. */
  columns: Readonly<Record<ImportField, readonly string[]>>;
}

export const PRESET_LAYOUTS: Readonly<Record<ImportPreset, PresetLayout>> = {
  smile: {
    label: "Smile.io",
    columns: {
      customerId: ["customer id", "customer_id"],
      email: ["email"],
      points: ["points", "points balance"],
      tierName: ["vip tier", "vip tier name"],
      birthday: ["birthday", "date of birth"],
      referralCode: ["referral code"],
    },
  },
  loyaltylion: {
    label: "LoyaltyLion",
    columns: {
      customerId: ["merchant_id", "customer_id"],
      email: ["email"],
      points: ["points", "points_approved"],
      tierName: ["tier", "tier_name"],
      birthday: ["birthday"],
      referralCode: ["referral_code"],
    },
  },
  yotpo: {
    label: "Yotpo Loyalty & Referrals",
    columns: {
      customerId: ["customer id"],
      email: ["email"],
      points: ["points balance"],
      tierName: ["vip tier", "vip tier name"],
      birthday: ["birthday (mm/dd)", "birthday (mm/dd) or (mm/dd/yyyy)", "birthday"],
      referralCode: ["referral code"],
    },
  },
  generic: {
    label: "Generic (customer_id or email, points)",
    columns: {
      customerId: ["customer_id", "customer id", "shopify customer id"],
      email: ["email", "e-mail"],
      points: ["points", "balance"],
      tierName: ["tier"],
      birthday: ["birthday"],
      referralCode: ["referral_code", "referral code"],
    },
  },
};

/** Where each field sits in a file's rows (column index), for the fields the file has. */
export type ColumnMap = Partial<Record<ImportField, number>>;

export type HeaderReading = { ok: true; columns: ColumnMap } | { ok: false; message: string };

const normalizeHeader = (header: string) =>
  header
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase();

/**
 * Reads the file's header row with the preset: which column holds which field. A file needs a
 * points column and a customer id or e-mail column; anything else is optional and extra
 * columns are ignored.
 */
export function readHeader(preset: ImportPreset, headers: readonly string[]): HeaderReading {
  const layout = PRESET_LAYOUTS[preset];
  const normalized = headers.map(normalizeHeader);
  const columns: ColumnMap = {};
  for (const field of IMPORT_FIELDS) {
    const index = normalized.findIndex((header) => layout.columns[field].includes(header));
    if (index >= 0) columns[field] = index;
  }
  const expected = (field: ImportField) => layout.columns[field].map((h) => `"${h}"`).join(" or ");
  if (columns.points === undefined) {
    return { ok: false, message: `No points column: a ${layout.label} file has ${expected("points")}.` };
  }
  if (columns.customerId === undefined && columns.email === undefined) {
    return {
      ok: false,
      message: `No customer column: a ${layout.label} file has ${expected("customerId")} or ${expected("email")}.`,
    };
  }
  return { ok: true, columns };
}

/** A data row's fields as the file gives them (trimmed; empty cells left out). */
export function cellsOf(columns: ColumnMap, record: readonly string[]): Partial<Record<ImportField, string>> {
  const cells: Partial<Record<ImportField, string>> = {};
  for (const field of IMPORT_FIELDS) {
    const index = columns[field];
    const value = index === undefined ? undefined : record[index]?.trim();
    if (value) cells[field] = value;
  }
  return cells;
}
