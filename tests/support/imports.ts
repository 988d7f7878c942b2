/** Uploading and applying points imports in tests, the way the admin does but without waiting on a page. */
import { createReadStream } from "node:fs";
import path from "node:path";
import type { Db } from "../../app/db.server";
import type { ImportPreset } from "../../app/domain/imports/presets";
import { uploadImport, type UploadResult } from "../../app/imports/upload.server";
import { workOnImport } from "../../app/imports/work.server";

export const EXAMPLES = path.resolve(__dirname, "../../examples/imports");

export async function uploadSample(db: Db, shopId: string, preset: ImportPreset, file = `${preset}.csv`) {
  return uploadOk(
    await uploadImport(db, shopId, {
      preset,
      fileName: file,
      staff: "test@example.com",
      data: createReadStream(path.join(EXAMPLES, file)),
    }),
  );
}

export async function uploadText(db: Db, shopId: string, preset: ImportPreset, text: string) {
  return uploadImport(db, shopId, {
    preset,
    fileName: "typed.csv",
    staff: "test@example.com",
    data: (async function* () {
      yield new TextEncoder().encode(text);
    })(),
  });
}

export function uploadOk(result: UploadResult) {
  if (!result.ok) throw new Error(`Upload refused: ${result.message}`);
  return result;
}

/** Moves the import to `status` and runs its work to the end in this process. */
export async function runImport(db: Db, shopId: string, importId: string, status: "applying" | "reverting") {
  await db.pointsImport.update({
    where: { id: importId },
    data: { status, processedRows: 0 },
  });
  return workOnImport(db, shopId, importId, { batchRows: 2 });
}
