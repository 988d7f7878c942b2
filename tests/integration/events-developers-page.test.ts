/**
 * The admin's Events API page: what a developer needs for this shop and nothing of another
 * shop's, the secret created and rotated from it and shown only in the answer that made it.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { createRule } from "../../app/rules/rules.server";
import { action, loader } from "../../app/routes/app.developers";
import { loader as openapiLoader } from "../../app/routes/api.v1.openapi[.]json";
import { installShop } from "../support/factories";
import { adminRequest, APP_URL, callRoute } from "../support/signed-requests";

const load = async (shop: string) =>
  JSON.parse(await (await callRoute(loader, adminRequest(shop, "/app/developers"))).text());

const post = (shop: string, intent: string) =>
  callRoute(
    action,
    adminRequest(shop, "/app/developers", {
      method: "POST",
      body: new URLSearchParams({ intent }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
  );

const storedSecret = async (shopId: string) =>
  (await db.shop.findUniqueOrThrow({ where: { id: shopId } })).eventsSecret;

describe("the Events API page", () => {
  it("shows the endpoint, the shop, no secret yet, and the custom actions the rules reward", async () => {
    const shop = await installShop(db);
    await createRule(db, shop.id, { kind: "visit", name: "Daily visit", points: 5 });
    await createRule(db, shop.id, { kind: "custom", name: "Launched the app", points: 7, key: "app_launched" });
    await createRule(db, shop.id, { kind: "custom", name: "Used geolocation", points: 3, key: "geo", active: false });
    const page = await load(shop.domain);
    expect(page).toMatchObject({
      endpoint: `${APP_URL}/api/v1/events`,
      shopDomain: shop.domain,
      secret: { configured: false, hint: null },
    });
    expect(page.actions).toEqual([
      { key: "app_launched", name: "Launched the app", points: 7, active: true },
      { key: "geo", name: "Used geolocation", points: 3, active: false },
    ]);
    expect(page.curl).toContain(`'${APP_URL}/api/v1/events'`);
    expect(page.curl).toContain('"action":"app_launched"');
  });

  it("creates the secret, shows it once in the answer, and afterwards only its last characters", async () => {
    const shop = await installShop(db);
    const created = JSON.parse(await (await post(shop.domain, "rotate")).text());
    expect(created.secret).toMatch(/^lbes_[A-Za-z0-9_-]{43}$/);
    expect(created.curl).toContain(`SECRET='${created.secret}'`);
    expect(await storedSecret(shop.id)).toBe(created.secret);

    const page = await load(shop.domain);
    expect(page.secret).toEqual({ configured: true, hint: created.secret.slice(-4) });
    expect(JSON.stringify(page)).not.toContain(created.secret);

    const rotated = JSON.parse(await (await post(shop.domain, "rotate")).text());
    expect(rotated.secret).not.toBe(created.secret);
    expect(await storedSecret(shop.id)).toBe(rotated.secret);
  });

  it("touches only the signed-in shop's secret, and lists only its rules", async () => {
    const [a, b] = [await installShop(db), await installShop(db)];
    await createRule(db, a.id, { kind: "custom", name: "A's action", points: 1, key: "a_only" });
    await post(b.domain, "rotate");
    const bSecret = await storedSecret(b.id);
    await post(a.domain, "rotate");
    expect(await storedSecret(b.id)).toBe(bSecret);
    expect((await load(b.domain)).actions).toEqual([]);
  });

  it("refuses an unknown request without changing the secret", async () => {
    const shop = await installShop(db);
    const response = await post(shop.domain, "delete-everything");
    expect(response.status).toBe(400);
    expect(await storedSecret(shop.id)).toBeNull();
  });

  it("serves the OpenAPI reference with this deployment as its server", async () => {
    const response = await callRoute(openapiLoader, new Request(`${APP_URL}/api/v1/openapi.json`));
    const doc = JSON.parse(await response.text());
    expect(doc.servers).toEqual([{ url: APP_URL }]);
    expect(doc.paths).toHaveProperty(["/api/v1/events"]);
  });
});
