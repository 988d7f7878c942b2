/** GET /app/data/members.csv: every member of the shop with balances and tier, streamed. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { membersCsv } from "../data/members-csv.server";
import { db } from "../db.server";
import { shopFileStem, streamedDownload } from "../http/download.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  return streamedDownload(membersCsv(db, shop.id), {
    name: `members-${shopFileStem(shop.domain)}.csv`,
    contentType: "text/csv; charset=utf-8",
  });
};
