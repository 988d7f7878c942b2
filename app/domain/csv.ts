/**
 * RFC 4180 CSV through csv-stringify (no hand-written quoting), with spreadsheet formula
 * injection defused. Pure.
 */
import { stringify } from "csv-stringify/sync";

type Cell = string | number | null | undefined;

const OPTIONS = {
  record_delimiter: "windows",
  // A cell starting with = + - @ tab or CR is run as a formula by Excel and Sheets: a reason
  // typed by a staff member must never become one in the merchant's spreadsheet. Numbers
  // (a negative balance) stay numbers.
  escape_formulas: true,
  // A line break of either kind inside a cell is quoted, not only the CRLF rows end with.
  quoted_match: /[\r\n]/,
} as const;

export function csvCell(value: Cell): string {
  return csvRow([value]).slice(0, -2);
}

export function csvRow(values: readonly Cell[]): string {
  // An empty record would be written as nothing at all; a row always ends with CRLF.
  if (values.length === 0) return "\r\n";
  return stringify([values.map((v) => v ?? null)], OPTIONS);
}

/** Many rows at once (a page of an export): the same as joining csvRow of each. */
export function csvRows(rows: readonly (readonly Cell[])[]): string {
  return rows.length === 0
    ? ""
    : stringify(
        rows.map((r) => r.map((v) => v ?? null)),
        OPTIONS,
      );
}
