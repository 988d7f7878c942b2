/**
 * GET /app/imports/:importId/failed.csv: the import's rows that were not posted (invalid,
 * unmatched, failed), as they were in the file with a "problem" column, streamed in pages.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { failedRowsCsv, readImportReport } from "../imports/imports.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const report = await readImportReport(db, shop.id, params.importId ?? "");
  if (!report) return new Response("Not found", { status: 404 });
  const rows = failedRowsCsv(db, shop.id, report.id);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(new TextEncoder().encode(next.value));
    },
  });
  const name = `${report.fileName.replace(/\.csv$/i, "").replace(/[^\w.-]+/g, "-")}-not-imported.csv`;
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "private, no-store",
    },
  });
};
