/** GET /app/dashboard.csv?from=YYYY-MM-DD&to=YYYY-MM-DD: every dashboard figure of the period as CSV. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { dashboardCsv } from "../domain/economics/dashboard-csv";
import { dashboardPeriod } from "../domain/economics/dashboard-period";
import { readDashboard } from "../economics/dashboard.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const now = new Date();
  const period = dashboardPeriod(new URL(request.url).searchParams, shop.timeZone, now);
  if (period.problem) {
    return new Response(period.problem, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const board = await readDashboard(db, shop, period.instants, now);
  const name = `dashboard-${shop.domain.replace(/\.myshopify\.com$/, "")}-${period.days.from}-to-${period.days.to}.csv`;
  return new Response(dashboardCsv(board, period.days), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "private, no-store",
    },
  });
};
