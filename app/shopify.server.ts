/**
 * The Shopify app: embedded admin with token exchange, sessions in our database.
 * Every route authenticates through the `authenticate` exported here.
 */
import "@shopify/shopify-app-remix/server/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { db } from "./db.server";
import { env } from "./env.server";
import { ensureFactDefinitions } from "./shopify-facts/definitions.server";
import { shopifyGateway } from "./shopify/gateway.server";
import { recordInstall } from "./shops/shops.server";

export const API_VERSION = ApiVersion.October26;

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: env.SCOPES.split(","),
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db),
  distribution: AppDistribution.AppStore,
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  hooks: {
    // Token exchange has given us an offline session: make sure the shop exists with its
    // defaults, priced in its own currency, so the programme runs from the first minute.
    afterAuth: async ({ session }) => {
      const currency = await shopifyGateway()
        .shopCurrency(session.shop)
        .catch((error: unknown) => {
          console.warn(`[install] ${session.shop}: could not read the shop currency: ${(error as Error).message}`);
          return null;
        });
      await recordInstall(db, session.shop, currency);
      // The facts' metafield definitions (docs/decisions/0025). The install goes on without
      // them: the next authentication asks again, and the facts are written either way.
      await ensureFactDefinitions(session.shop).catch((error: unknown) => {
        console.warn(
          `[install] ${session.shop}: could not create the loyalty metafield definitions: ${(error as Error).message}`,
        );
      });
    },
  },
  ...(env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
