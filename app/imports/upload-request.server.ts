/**
 * The upload form of the Import page, read as it streams: the preset field first, then the
 * file, whose bytes go straight into uploadImport (./upload.server.ts) part by part. Nothing
 * buffers the file: Remix's multipart parser hands over each part's bytes as they arrive.
 */
import { unstable_parseMultipartFormData } from "@remix-run/node";
import type { Db } from "../db.server";
import { mediaTypeOf } from "../domain/media-type";
import { importPresetSchema } from "../domain/imports/presets";
import { uploadImport, type UploadResult } from "./upload.server";

const MAX_FIELD_BYTES = 1000;

async function textOf(data: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of data) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length > MAX_FIELD_BYTES) throw new UploadFormError("A form field is too long.");
  }
  return text + decoder.decode();
}

class UploadFormError extends Error {}

/** The upload's outcome; a form that is not the Import page's answers why, nothing stored. */
export async function receiveImportUpload(
  db: Db,
  shopId: string,
  request: Request,
  staff: string | null,
): Promise<UploadResult> {
  if (mediaTypeOf(request.headers.get("content-type")) !== "multipart/form-data") {
    return { ok: false, message: "Upload the file with the form on the Import page." };
  }
  const fields = new Map<string, string>();
  let result: UploadResult | null = null;
  try {
    await unstable_parseMultipartFormData(request, async (part) => {
      if (part.name !== "file" || part.filename === undefined) {
        fields.set(part.name, await textOf(part.data));
        return undefined;
      }
      const preset = importPresetSchema.safeParse(fields.get("preset"));
      if (!preset.success) {
        result = { ok: false, message: "Choose which programme the file comes from before choosing the file." };
        for await (const _ of part.data) void _; // Read to the end: the request must be consumed.
        return undefined;
      }
      if (!part.filename) {
        result = { ok: false, message: "Choose a CSV file to upload." };
        for await (const _ of part.data) void _;
        return undefined;
      }
      // The import may stop reading early (a header it refuses): the rest of the part is still
      // read here, so the multipart stream ends where it should. No return(): the import
      // cannot close the request's stream under the parser.
      // The part's iterator is not a generator: its reads must not overlap (the stream that
      // feeds the import may still have one pending when it stops), so they are chained.
      const source = part.data[Symbol.asyncIterator]();
      let previous: Promise<unknown> = Promise.resolve();
      const next = () => {
        const read = previous.then(() => source.next());
        previous = read.catch(() => undefined);
        return read;
      };
      const bytes: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => ({ next }) };
      result = await uploadImport(db, shopId, { preset: preset.data, fileName: part.filename, staff, data: bytes });
      while (!(await next()).done);
      return undefined;
    });
  } catch (error) {
    if (error instanceof UploadFormError) return { ok: false, message: error.message };
    // A body that is not the multipart it claims (cut short, a broken boundary): the parser's
    // TypeError, or its "malformed multipart-form data" errors, before or inside the file.
    if (error instanceof TypeError || (error instanceof Error && /^malformed multipart/.test(error.message))) {
      return { ok: false, message: "The form could not be read. Reload the page and try again." };
    }
    throw error;
  }
  return result ?? { ok: false, message: "Choose a CSV file to upload." };
}
