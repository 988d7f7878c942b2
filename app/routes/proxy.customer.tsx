/** GET <shop>/apps/loyalty/customer: the signed-in shopper's points, or the guest view. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { findShop } from "../shops/shops.server";
import { customerView } from "../storefront/customer-view.server";
import { authenticateProxyCaller, proxyError, proxyJson } from "../storefront/proxy-request.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const caller = await authenticateProxyCaller(request);
  const shop = await findShop(db, caller.shopDomain);
  if (!shop || shop.uninstalledAt) return proxyError(404, "programme_not_found", "This shop has no loyalty programme.");
  return proxyJson(await customerView(db, shop, caller.customerId));
};
