/**
 * The offline demo's stand-in for Shopify, mounted in front of the real app by
 * scripts/demo.ts only. It does what Shopify does for a real store and nothing more:
 * - the storefront preview (demo/storefront.ts) renders the theme extension's blocks and
 *   forwards /apps/loyalty/* to the app's /proxy/* with an app proxy signature made with
 *   the app's secret, exactly like Shopify's proxy;
 * - the admin host (demo/admin.ts) opens the embedded app with session tokens signed with
 *   the app's secret, exactly like the Shopify admin, and serves an offline stand-in for
 *   the App Bridge script;
 * - Admin API calls go to a local fake (demo/fake-shopify.ts) instead of Shopify; what it
 *   holds for the demo shop (codes, store credit) can be read at /demo/shopify.json, as a
 *   merchant would look it up in the Shopify admin.
 * The app's routes and their authentication are the production ones.
 */
import type { Express } from "express";
import { setShopifyGateway } from "../app/shopify/gateway.server";
import { createFakeShopify } from "./fake-shopify";

export interface DemoOptions {
  /** The demo shop's myshopify domain. */
  shop: string;
  apiKey: string;
  apiSecret: string;
  /** Where the app is served, e.g. http://localhost:3000 */
  appUrl: string;
  /** The Shopify customer id of the logged-in demo shopper in the storefront preview. */
  customerId: string;
}

export async function mountDemo(app: Express, options: DemoOptions) {
  const shopify = createFakeShopify();
  setShopifyGateway(shopify);
  const { mountStorefront } = await import("./storefront");
  const { mountAdminHost } = await import("./admin");
  mountStorefront(app, options, shopify);
  mountAdminHost(app, options, shopify);
}
