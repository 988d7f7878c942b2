/**
 * The Settings page's "Updates from Shopify": through the admin's own authentication, a shop
 * sees its own deliveries waiting in the queue and never another shop's, and "all caught up"
 * once the workers are through.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { loader as settingsLoader } from "../../app/routes/app.settings";
import { acknowledge, drainWebhooks } from "../support/deliver";
import { customerFixture, installShop, paidOrderPayload, uniqueId } from "../support/factories";
import { adminRequest, APP_URL, callRoute, webhookRequest } from "../support/signed-requests";

async function webhookProcessing(shop: string) {
  const response = await callRoute(settingsLoader, adminRequest(shop, "/app/settings"));
  expect(response.status).toBe(200);
  return (await response.json()).webhookProcessing;
}

async function paidOrders(shop: string, count: number) {
  for (let i = 0; i < count; i++) {
    const payload = paidOrderPayload({ id: uniqueId(), customer: customerFixture(), subtotal: "20.00" });
    expect((await acknowledge(webhookRequest({ shop, topic: "orders/paid", payload }))).status).toBe(200);
  }
}

describe("Settings: the shop's updates from Shopify", () => {
  it("counts the shop's own waiting deliveries, not another shop's, and nothing once they are processed", async () => {
    const [mine, theirs, quiet] = await Promise.all([installShop(db), installShop(db), installShop(db)]);
    await paidOrders(mine.domain, 2);
    await paidOrders(theirs.domain, 3);

    expect(await webhookProcessing(mine.domain)).toEqual({
      waiting: 2,
      active: 0,
      retrying: 0,
      oldestWaitingSeconds: expect.any(Number),
    });
    expect(await webhookProcessing(theirs.domain)).toMatchObject({ waiting: 3, active: 0, retrying: 0 });
    expect(await webhookProcessing(quiet.domain)).toEqual({
      waiting: 0,
      active: 0,
      retrying: 0,
      oldestWaitingSeconds: null,
    });

    expect(await drainWebhooks()).toEqual({ processed: 5 });
    for (const shop of [mine, theirs]) {
      expect(await webhookProcessing(shop.domain)).toEqual({
        waiting: 0,
        active: 0,
        retrying: 0,
        oldestWaitingSeconds: null,
      });
    }
  });

  it("is not shown without the admin's session token", async () => {
    const shop = await installShop(db);
    await paidOrders(shop.domain, 1);
    const response = await callRoute(settingsLoader, new Request(`${APP_URL}/app/settings`));
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain("waiting");
    await drainWebhooks();
  });
});
