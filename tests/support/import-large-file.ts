/**
 * Run as a child process with --expose-gc (tests/integration/points-import-large.test.ts):
 * uploads a generated file of ROWS rows and prints what it measured as one JSON line: the heap
 * after a full collection once the upload is warm (Prisma's engine loaded, the first batches
 * stored: WARM_ROWS) and the most it stood at after later collections, every SAMPLE_ROWS rows.
 * A parse that held the file, or its rows, would grow with the rest of the file.
 */
import { createDb } from "../../app/db.server";
import { uploadImport } from "../../app/imports/upload.server";

const ROWS = Number(process.env.IMPORT_ROWS ?? 100_000);
// A wide column the generic preset ignores: it makes the file far larger than the heap.
const NOTE = "x".repeat(Number(process.env.IMPORT_NOTE_BYTES ?? 450));
const WARM_ROWS = 30_000;
const SAMPLE_ROWS = 10_000;

async function main() {
  const db = createDb(process.env.DATABASE_URL!);
  const shop = await db.shop.create({ data: { domain: `large-${Date.now()}-${process.pid}.myshopify.com` } });
  const collect = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed;
  };
  let warm: number | null = null;
  let peak = 0;
  let bytes = 0;
  let bytesAfterWarm = 0;
  const encoder = new TextEncoder();
  async function* file() {
    yield encoder.encode("customer_id,points,note\n");
    const chunk: string[] = [];
    for (let i = 1; i <= ROWS; i++) {
      chunk.push(`${1_000_000 + i},${i % 1000},${NOTE}\n`);
      if (chunk.length === 1000) {
        const part = encoder.encode(chunk.join(""));
        bytes += part.length;
        if (warm !== null) bytesAfterWarm += part.length;
        chunk.length = 0;
        if (i === WARM_ROWS) warm = collect();
        else if (warm !== null && i % SAMPLE_ROWS === 0) peak = Math.max(peak, collect());
        yield part;
      }
    }
    if (chunk.length > 0) yield encoder.encode(chunk.join(""));
  }
  const started = Date.now();
  const result = await uploadImport(db, shop.id, {
    preset: "generic",
    fileName: "large.csv",
    staff: null,
    data: file(),
  });
  const seconds = (Date.now() - started) / 1000;
  peak = Math.max(peak, collect());
  const stored = result.ok ? await db.pointsImport.findUniqueOrThrow({ where: { id: result.importId } }) : null;
  console.log(
    JSON.stringify({
      ok: result.ok,
      totalRows: stored?.totalRows ?? null,
      matchedRows: stored?.matchedRows ?? null,
      rowsStored: result.ok ? await db.pointsImportRow.count({ where: { importId: result.importId } }) : null,
      fileMb: bytes / 2 ** 20,
      readAfterWarmMb: bytesAfterWarm / 2 ** 20,
      heapGrowthAfterWarmMb: warm === null ? null : (peak - warm) / 2 ** 20,
      seconds,
    }),
  );
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
