/** GET /app/data/programme.jsonl: the whole programme as JSON Lines (docs/api/programme-export.md), streamed. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { programmeJsonl } from "../data/programme-jsonl.server";
import { db } from "../db.server";
import { shopFileStem, streamedDownload } from "../http/download.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  return streamedDownload(programmeJsonl(db, shop), {
    name: `programme-${shopFileStem(shop.domain)}.jsonl`,
    contentType: "application/x-ndjson; charset=utf-8",
  });
};
