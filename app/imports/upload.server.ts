/**
 * Receiving an import's file: the CSV is read as it streams in (csv-parse, never the whole
 * file in memory), each row validated (app/domain/imports/row.ts) and matched to a member
 * (./matching.server.ts), and stored as PointsImportRow in batches. Nothing is posted: the
 * stored rows are the dry run, and applying them is ./work.server.ts's.
 *
 * The file's SHA-256 is the import's identity, known only once the last byte is read: the
 * rows are stored under a provisional import, which then takes the hash; when the shop already
 * has an import of that hash (the same file again, or a twin upload racing this one), the
 * provisional import is deleted and the existing one answered. So the same file twice is one
 * import and nothing is ever posted twice.
 */
import { createHash, randomUUID } from "node:crypto";
import { pipeline, Readable, Transform } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { isPostgresClient, type Db } from "../db.server";
import { csvRow } from "../domain/csv";
import { cellsOf, readHeader, type ColumnMap, type ImportPreset } from "../domain/imports/presets";
import { readImportRow } from "../domain/imports/row";
import { matchMembers } from "./matching.server";

/** Rows validated, matched and written together: one insert and at most two reads. */
export const UPLOAD_BATCH_ROWS = 500;
/** The longest row read: far beyond any export's, far below what memory would notice. */
export const MAX_RECORD_BYTES = 64 * 1024;
/** Line 1 is kept as a row of its own, so the failed-rows download can start with it. */
export const HEADER_STATUS = "header";

export type UploadResult = { ok: true; importId: string; reused: boolean } | { ok: false; message: string };

export interface UploadInput {
  preset: ImportPreset;
  fileName: string;
  staff: string | null;
  /** The file's bytes as they arrive (a multipart part, a file stream). */
  data: AsyncIterable<Uint8Array>;
}

interface Counts {
  totalRows: number;
  matchedRows: number;
  unmatchedRows: number;
  invalidRows: number;
  totalPoints: number;
}

type StoredRow = {
  importId: string;
  line: number;
  shopId: string;
  customerId: string | null;
  email: string | null;
  points: number | null;
  tierName: string | null;
  birthday: string | null;
  referralCode: string | null;
  status: string;
  memberId: string | null;
  error: string | null;
  raw: string;
};

/** The row as read, padded to the header's width so the failed-rows file stays aligned. */
const rawOf = (record: readonly string[], width = record.length) =>
  csvRow([...record, ...Array<string>(Math.max(0, width - record.length)).fill("")]).replace(/\r\n$/, "");

class HeaderError extends Error {}

type BatchRow = { line: number; record: string[]; width: number };

export async function uploadImport(db: Db, shopId: string, input: UploadInput): Promise<UploadResult> {
  const provisional = await db.pointsImport.create({
    data: {
      shopId,
      preset: input.preset,
      fileName: input.fileName.slice(0, 200) || "import.csv",
      // Replaced by the file's hash once it is read; unique meanwhile.
      fileSha256: `uploading:${randomUUID()}`,
      status: "uploading",
      staff: input.staff,
    },
  });
  const hash = createHash("sha256");
  try {
    const counts = await storeRows(db, shopId, provisional.id, input, hash);
    return await settleIdentity(db, shopId, provisional.id, hash.digest("hex"), counts);
  } catch (error) {
    await db.pointsImport.deleteMany({ where: { id: provisional.id, shopId } });
    if (error instanceof HeaderError) return { ok: false, message: error.message };
    if (error instanceof CsvError) {
      return { ok: false, message: `The file is not a readable CSV (${error.message}). Nothing was imported.` };
    }
    throw error;
  }
}

async function storeRows(
  db: Db,
  shopId: string,
  importId: string,
  input: UploadInput,
  hash: ReturnType<typeof createHash>,
): Promise<Counts> {
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    // A "row" without end (a file with no line breaks, a quote never closed) is refused here,
    // not read into memory whole.
    max_record_size: MAX_RECORD_BYTES,
  });
  // A failing upload (the client went away) fails the parser, and so the loop below.
  // Bytes, not objects: at most 64 KiB read ahead of the parser, whatever the chunk sizes.
  pipeline(Readable.from(input.data, { objectMode: false, highWaterMark: 64 * 1024 }), hashing, parser, () => {});

  const counts: Counts = { totalRows: 0, matchedRows: 0, unmatchedRows: 0, invalidRows: 0, totalPoints: 0 };
  let columns: ColumnMap | null = null;
  let width = 0;
  let batch: BatchRow[] = [];
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!columns) {
      const header = readHeader(input.preset, record);
      if (!header.ok) throw new HeaderError(header.message);
      columns = header.columns;
      width = record.length;
      await db.pointsImportRow.create({
        data: { importId, line: 1, shopId, status: HEADER_STATUS, raw: rawOf(record) },
      });
      continue;
    }
    batch.push({ line: info.lines, record, width });
    if (batch.length >= UPLOAD_BATCH_ROWS) {
      await storeBatch(db, shopId, importId, columns, batch, counts);
      batch = [];
    }
  }
  if (!columns) throw new HeaderError("The file is empty: it has no header row.");
  if (batch.length > 0) await storeBatch(db, shopId, importId, columns, batch, counts);
  return counts;
}

async function storeBatch(
  db: Db,
  shopId: string,
  importId: string,
  columns: ColumnMap,
  batch: readonly BatchRow[],
  counts: Counts,
): Promise<void> {
  const readings = batch.map(({ line, record, width }) => ({
    line,
    raw: rawOf(record, width),
    reading: readImportRow(cellsOf(columns, record)),
  }));
  const valid = readings.flatMap((r) => (r.reading.ok ? [r.reading.row] : []));
  const matches = await matchMembers(
    db,
    shopId,
    valid.flatMap((row) => (row.customerId ? [row.customerId] : [])),
    valid.flatMap((row) => (row.email && !row.customerId ? [row.email] : [])),
  );
  const rows: StoredRow[] = readings.map(({ line, raw, reading }) => {
    const base = { importId, line, shopId, raw };
    if (!reading.ok) {
      counts.invalidRows++;
      const empty = { customerId: null, email: null, points: null, tierName: null, birthday: null, referralCode: null };
      return { ...base, ...empty, status: "invalid", memberId: null, error: reading.error };
    }
    const row = reading.row;
    // A customer id names the customer even without a member: they are enrolled when the
    // import is applied (docs/decisions/0034). An e-mail must be a member's already.
    const memberId = row.customerId
      ? (matches.byCustomerId.get(row.customerId) ?? null)
      : (matches.byEmail.get(row.email!) ?? null);
    const matched = memberId !== null || row.customerId !== undefined;
    if (matched) {
      counts.matchedRows++;
      counts.totalPoints += row.points;
    } else counts.unmatchedRows++;
    return {
      ...base,
      customerId: row.customerId ?? null,
      email: row.email ?? null,
      points: row.points,
      tierName: row.tierName ?? null,
      birthday: row.birthday ?? null,
      referralCode: row.referralCode ?? null,
      status: matched ? "matched" : "unmatched",
      memberId,
      error: matched ? null : "No member has this e-mail address.",
    };
  });
  counts.totalRows += rows.length;
  await insertRows(db, rows);
}

const ROW_COLUMNS = [
  "importId",
  "line",
  "shopId",
  "customerId",
  "email",
  "points",
  "tierName",
  "birthday",
  "referralCode",
  "status",
  "memberId",
  "error",
  "raw",
] as const satisfies readonly (keyof StoredRow)[];

/**
 * One multi-row INSERT per batch. Raw, like the ledger's hot path on PostgreSQL: Prisma's
 * createMany spent most of a large upload compiling and mapping rows. The same statement on
 * both engines but for the placeholders.
 */
async function insertRows(db: Db, rows: readonly StoredRow[]): Promise<void> {
  if (rows.length === 0) return;
  const postgres = isPostgresClient(db);
  let index = 0;
  const placeholder = () => (postgres ? `$${++index}` : "?");
  const tuples = rows.map(() => `(${ROW_COLUMNS.map(placeholder).join(", ")})`).join(", ");
  const values = rows.flatMap((row) => ROW_COLUMNS.map((column) => row[column]));
  await db.$executeRawUnsafe(
    `INSERT INTO "PointsImportRow" (${ROW_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples}`,
    ...values,
  );
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === "P2002";

async function settleIdentity(
  db: Db,
  shopId: string,
  provisionalId: string,
  fileSha256: string,
  counts: Counts,
): Promise<UploadResult> {
  const existing = await db.pointsImport.findUnique({
    where: { shopId_fileSha256: { shopId, fileSha256 } },
    select: { id: true },
  });
  if (!existing) {
    try {
      await db.pointsImport.update({
        where: { id: provisionalId, shopId },
        data: { fileSha256, status: "parsed", ...counts },
      });
      return { ok: true, importId: provisionalId, reused: false };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  // The same file was uploaded before (or just now, by a twin request): that import it is.
  await db.pointsImport.deleteMany({ where: { id: provisionalId, shopId } });
  const winner = await db.pointsImport.findUniqueOrThrow({
    where: { shopId_fileSha256: { shopId, fileSha256 } },
    select: { id: true },
  });
  return { ok: true, importId: winner.id, reused: true };
}
