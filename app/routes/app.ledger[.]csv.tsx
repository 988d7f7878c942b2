/** GET /app/ledger.csv?from=YYYY-MM-DD&to=YYYY-MM-DD: the shop's ledger for a period. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "../db.server";
import { ledgerCsv } from "../ledger/export.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).transform((d) => new Date(`${d}T00:00:00Z`)).refine((d) => !Number.isNaN(d.getTime()));
const query = z.object({ from: day, to: day }).refine((q) => q.from < q.to, "from must be before to");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const period = query.safeParse(params);
  if (!period.success) {
    return new Response("Give a period as from=YYYY-MM-DD&to=YYYY-MM-DD, from before to.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const rows = ledgerCsv(db, shop.id, period.data);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(new TextEncoder().encode(next.value));
    },
  });
  const name = `ledger-${shop.domain.replace(/\.myshopify\.com$/, "")}-${params.from}-to-${params.to}.csv`;
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "private, no-store",
    },
  });
};
