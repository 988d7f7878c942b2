/**
 * A file download streamed from an async generator of text chunks: each chunk is read only
 * when the client takes the previous one, so an export of any size holds one page in memory.
 */
export function streamedDownload(
  chunks: AsyncGenerator<string>,
  file: { name: string; contentType: string },
): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      // The client went away: stop reading pages.
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.name}"`,
      "cache-control": "private, no-store",
    },
  });
}

/** The shop's name in a download's file name: "acme" for acme.myshopify.com. */
export const shopFileStem = (domain: string) => domain.replace(/\.myshopify\.com$/, "");
