/**
 * The admin's side of imports: the list, one import's dry-run report and progress, the
 * Apply and Revert requests (which start ./work.server.ts), and the rows that were not posted
 * as a CSV. Every read and write is scoped by shop.
 */
import type { Db } from "../db.server";
import { csvCell } from "../domain/csv";
import { startImportWork } from "./work.server";
import { HEADER_STATUS } from "./upload.server";

/** Problem rows shown in the report; the download has all of them. */
export const REPORT_PROBLEM_ROWS = 10;
const NOT_POSTED = ["invalid", "unmatched", "failed"];

export async function listImports(db: Db, shopId: string) {
  return db.pointsImport.findMany({
    where: { shopId, status: { not: "uploading" } },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: {
      id: true,
      preset: true,
      fileName: true,
      status: true,
      totalRows: true,
      matchedRows: true,
      totalPoints: true,
      createdAt: true,
    },
  });
}

export async function readImportReport(db: Db, shopId: string, importId: string) {
  const imported = await db.pointsImport.findFirst({ where: { id: importId, shopId, status: { not: "uploading" } } });
  if (!imported) return null;
  const [newMembers, problems] = await Promise.all([
    db.pointsImportRow.count({ where: { importId, shopId, status: "matched", memberId: null } }),
    db.pointsImportRow.findMany({
      where: { importId, shopId, status: { in: NOT_POSTED } },
      orderBy: { line: "asc" },
      take: REPORT_PROBLEM_ROWS,
      select: { line: true, status: true, error: true, raw: true },
    }),
  ]);
  const { leaseUntil: _lease, ...shown } = imported;
  return { ...shown, newMembers, problems };
}

export type ImportRequestOutcome = { ok: true } | { ok: false; message: string };

/** Apply: only an import whose dry run is ready; the work starts at once. */
export async function requestApply(db: Db, shopId: string, importId: string): Promise<ImportRequestOutcome> {
  const moved = await db.pointsImport.updateMany({
    where: { id: importId, shopId, status: "parsed" },
    data: { status: "applying", processedRows: 0 },
  });
  if (moved.count !== 1) return { ok: false, message: "This import cannot be applied now: it was applied already." };
  startImportWork(db, shopId, importId);
  return { ok: true };
}

/** Revert: only an import applied in full; its rows are reversed by the same background work. */
export async function requestRevert(db: Db, shopId: string, importId: string): Promise<ImportRequestOutcome> {
  const moved = await db.pointsImport.updateMany({
    where: { id: importId, shopId, status: "applied" },
    data: { status: "reverting", processedRows: 0 },
  });
  if (moved.count !== 1) return { ok: false, message: "Only an applied import can be reverted, once." };
  startImportWork(db, shopId, importId);
  return { ok: true };
}

const PAGE_ROWS = 1000;

/**
 * The rows that were not posted (invalid, unmatched, failed), as they were in the file with a
 * "problem" column added: fix them and upload them as a new file. Read in pages.
 */
export async function* failedRowsCsv(db: Db, shopId: string, importId: string): AsyncGenerator<string> {
  const header = await db.pointsImportRow.findFirst({
    where: { importId, shopId, line: 1, status: HEADER_STATUS },
    select: { raw: true },
  });
  yield `${header?.raw ?? ""},problem\r\n`;
  let after = 1;
  for (;;) {
    const rows = await db.pointsImportRow.findMany({
      where: { importId, shopId, status: { in: NOT_POSTED }, line: { gt: after } },
      orderBy: { line: "asc" },
      take: PAGE_ROWS,
      select: { line: true, raw: true, error: true },
    });
    if (rows.length === 0) return;
    yield rows.map((row) => `${row.raw},${csvCell(row.error)}\r\n`).join("");
    after = rows[rows.length - 1]!.line;
  }
}
