/**
 * `npm run demo`'s server (demo/start.ts: server.ts with its workers, the embedded queue on
 * the demo's SQLite file, no other service) processes a paid order Shopify sends: the route
 * answers once the delivery is queued, the server's workers credit the shopper, and Settings
 * then says all is caught up, on a desktop and on a phone.
 *
 * Named to run after the other admin specs: it adds a member to the demo shop.
 */
import { expect, test } from "@playwright/test";
import { DEMO_API_SECRET } from "../../app/demo-process";
import { webhookHeaders } from "../../demo/shopify-signing";
import { customerFixture, paidOrderPayload, uniqueId } from "../support/factories";
import { openAdmin, serveAppBridgeOffline, watchForBreakage } from "./admin-page";
import { waitForDeliveries } from "./queue";

const SHOP = "demo-loyalty.myshopify.com";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

test("a paid order Shopify sends is queued, processed by the demo server's workers and credited", async ({
  page,
  request,
}) => {
  const customer = customerFixture({ first_name: "Queued", last_name: `Shopper ${uniqueId()}` });
  const body = JSON.stringify(paidOrderPayload({ id: uniqueId(), customer, subtotal: "42.00" }));
  const secret = process.env.SHOPIFY_API_SECRET || DEMO_API_SECRET;
  const delivered = await request.post("/webhooks", {
    headers: webhookHeaders({ shop: SHOP, topic: "orders/paid", body, secret }),
    data: body,
  });
  expect(delivered.status()).toBe(200);
  expect(await waitForDeliveries(request)).toMatchObject({ waiting: 0, active: 0, retrying: 0 });

  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/members");
  await page.getByLabel("Search members").fill(customer.last_name);
  // 42.00 at the demo's 1 point per unit.
  await expect(page.getByRole("row", { name: new RegExp(customer.last_name) })).toContainText("42");
  expect(problems).toEqual([]);
});

for (const [width, height] of [
  [1280, 900],
  [390, 844],
] as const) {
  test(`Settings says all is caught up once the workers are through (${width} px)`, async ({ page, request }) => {
    await page.setViewportSize({ width, height });
    await waitForDeliveries(request);
    const problems = watchForBreakage(page);
    await openAdmin(page, "/app/settings");
    const updates = page.getByText("Updates from Shopify", { exact: true });
    await expect(updates).toBeVisible();
    await expect(page.getByText("All caught up", { exact: true })).toBeVisible();
    await expect(
      page.getByText("Nothing is waiting: orders and customer updates from Shopify are applied as they arrive."),
    ).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`settings-updates-${width}.png`) });
    expect(problems).toEqual([]);
  });
}
