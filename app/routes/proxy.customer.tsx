/**
 * GET <shop>/apps/loyalty/customer[?locale=fr-CA]: the signed-in shopper's points and the
 * Bazaar, or the guest view. `locale` picks the merchant's translation of reward texts.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { findShop } from "../shops/shops.server";
import { customerView } from "../storefront/customer-view.server";
import { authenticateProxyCaller, proxyError, proxyGetJson } from "../storefront/proxy-request.server";
import { viewLocaleOf } from "../storefront/proxy-input";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const caller = await authenticateProxyCaller(request);
  const shop = await findShop(db, caller.shopDomain);
  if (!shop || shop.uninstalledAt) return proxyError(404, "programme_not_found", "This shop has no loyalty programme.");
  const locale = viewLocaleOf(new URL(request.url).searchParams);
  return proxyGetJson(request, await customerView(db, shop, caller.customerId, { locale }));
};
