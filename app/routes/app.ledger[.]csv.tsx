/**
 * GET /app/ledger.csv?from=YYYY-MM-DD&to=YYYY-MM-DD: the shop's ledger for the days from
 * `from` to `to`, both included, in the shop's time zone (from = to is one whole day).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { ledgerPeriodSchema, periodInstants } from "../domain/ledger-period";
import { shopFileStem, streamedDownload } from "../http/download.server";
import { ledgerCsv } from "../ledger/export.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const days = ledgerPeriodSchema.safeParse(params);
  if (!days.success) {
    const problem = days.error.issues[0]?.message ?? "";
    return new Response(
      `Give a period as from=YYYY-MM-DD&to=YYYY-MM-DD, the first day not after the last. ${problem}`,
      {
        status: 400,
        headers: { "content-type": "text/plain; charset=utf-8" },
      },
    );
  }
  const name = `ledger-${shopFileStem(shop.domain)}-${params.from}-to-${params.to}.csv`;
  return streamedDownload(ledgerCsv(db, shop.id, periodInstants(days.data, shop.timeZone)), {
    name,
    contentType: "text/csv; charset=utf-8",
  });
};
