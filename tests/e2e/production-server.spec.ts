/**
 * Demo mode can never weaken authentication outside the demo. The production server
 * (`npm start`, no demo/ mounted) is started with every demo-ish variable we can think of,
 * and must still refuse what only the demo's stand-in for Shopify could sign, and have none
 * of the emulator's routes.
 */
import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { sessionToken, signedAppProxyQuery, webhookHeaders } from "../../demo/shopify-signing";
import { startProductionServer } from "./production-process";

let base = "";
const PRODUCTION_SECRET = "shpss_production_secret_for_this_test";
const DEMO_SECRET = "demo-secret-not-for-production";
const shop = "demo-loyalty.myshopify.com";
let server: ChildProcess;

test.beforeAll(async () => {
  const started = await startProductionServer("prod", {
    SHOPIFY_API_KEY: "production-api-key",
    SHOPIFY_API_SECRET: PRODUCTION_SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1",
    // Every demo-ish switch we can think of: none may turn the demo on.
    LOYALTY_DEMO: "1",
    DEMO: "1",
  });
  server = started.child;
  base = started.base;
});

test.afterAll(() => {
  server?.kill();
});

test("none of the demo's Shopify emulator routes exist", async ({ request }) => {
  for (const route of [
    "/storefront",
    "/apps/loyalty/customer",
    "/admin",
    "/demo/session-token",
    "/demo/app-bridge.js",
  ]) {
    const response = await request.get(`${base}${route}`, { maxRedirects: 0 });
    expect(response.status(), route).toBe(404);
  }
});

test("an app proxy request signed with the demo secret, or not at all, is refused", async ({ request }) => {
  const demoSigned = signedAppProxyQuery({ shop, secret: DEMO_SECRET, customerId: "1001" });
  expect((await request.get(`${base}/proxy/customer?${demoSigned}`)).status()).toBe(400);
  const unsigned = new URLSearchParams({
    shop,
    logged_in_customer_id: "1001",
    timestamp: String(Math.floor(Date.now() / 1000)),
  });
  expect((await request.get(`${base}/proxy/customer?${unsigned}`)).status()).toBe(400);
  const productionSigned = signedAppProxyQuery({ shop, secret: PRODUCTION_SECRET, customerId: "1001" });
  expect((await request.get(`${base}/proxy/customer?${productionSigned}`)).status()).not.toBe(400);
});

test("a webhook signed with the demo secret is refused with 401", async ({ request }) => {
  const body = JSON.stringify({ id: 1, currency: "USD", subtotal_price: "10.00", customer: { id: 1001 } });
  const response = await request.post(`${base}/webhooks`, {
    headers: webhookHeaders({ shop, topic: "orders/paid", body, secret: DEMO_SECRET }),
    data: body,
  });
  expect(response.status()).toBe(401);
});

test("an admin session token signed with the demo secret does not open the app", async ({ request }) => {
  const token = sessionToken({ shop, apiKey: "production-api-key", secret: DEMO_SECRET });
  const response = await request.get(`${base}/app?embedded=1&shop=${shop}`, {
    // A browser's user agent: Shopify's library answers self-declared bots with 410 first.
    headers: {
      authorization: `Bearer ${token}`,
      "user-agent":
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
    },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(401);
});

test("/health/live and /health/ready answer under npm start, without a session and naming no shop", async ({
  request,
}) => {
  const live = await request.get(`${base}/health/live`);
  expect(live.status()).toBe(200);
  expect(await live.json()).toEqual({ status: "live" });

  const ready = await request.get(`${base}/health/ready`);
  expect(ready.status()).toBe(200);
  expect(ready.headers()["cache-control"]).toBe("no-store");
  expect(await ready.json()).toEqual({
    status: "ready",
    queue: { waiting: 0, active: 0, retrying: 0, oldestWaitingSeconds: null },
  });
});
