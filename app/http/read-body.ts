/**
 * Reading a request body with a ceiling, for the surfaces whose bodies are small by nature
 * (events API events, widget calls): a declared length over the limit is refused without
 * reading, and a body streamed without one stops being read at the limit instead of filling
 * memory. Webhooks have their own intake (app/webhooks/intake.ts), before Remix.
 */

/** The body's bytes, or null past `max`. */
export async function readBodyUpTo(request: Request, max: number): Promise<Uint8Array | null> {
  if (Number(request.headers.get("content-length") ?? 0) > max) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(read.value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
