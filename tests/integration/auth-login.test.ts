/**
 * /auth/login, where the auth library sends a visit to /app without a session token: a page
 * telling the merchant to open the app from the Shopify admin, never a 500.
 */
import { describe, expect, it } from "vitest";
import { loader as adminLayout } from "../../app/routes/app";
import { action as postLogin, loader as login } from "../../app/routes/auth.login";
import { APP_URL, callRoute, TEST_API_KEY } from "../support/signed-requests";

const get = (path: string) =>
  new Request(`${APP_URL}${path}`, { headers: { "user-agent": "Mozilla/5.0 Chrome/140.0" } });

describe("/auth/login", () => {
  it("is where /app without a session token sends the browser, and answers it with the page", async () => {
    const redirected = await callRoute(adminLayout, get("/app"));
    expect(redirected.status).toBe(302);
    const location = new URL(redirected.headers.get("location")!, APP_URL);
    expect(location.pathname).toBe("/auth/login");

    const page = await callRoute(login, get(`${location.pathname}${location.search}`));
    expect(page.status).toBe(200);
    expect(await page.json()).toEqual({ error: null, message: null });
  });

  it("sends a merchant who gives a store address to that store's admin to open the app", async () => {
    const response = await callRoute(login, get("/auth/login?shop=a-shop.myshopify.com"));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(
      `https://admin.shopify.com/store/a-shop/oauth/install?client_id=${TEST_API_KEY}`,
    );
  });

  it("answers 400 with a code to a shop that is not a store address", async () => {
    for (const shop of ["not a shop", "evil.example.com", "a-shop.myshopify.com.evil.example"]) {
      const response = await callRoute(login, get(`/auth/login?shop=${encodeURIComponent(shop)}`));
      expect(response.status, shop).toBe(400);
      expect(await response.json()).toMatchObject({ error: "invalid_shop" });
    }
  });

  it("takes a posted form's shop the same way, and answers 400 to a post without one or that is no form", async () => {
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      new Request(`${APP_URL}/auth/login`, { method: "POST", body, headers });
    const opened = await callRoute(postLogin, post(new URLSearchParams({ shop: "a-shop" })));
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toMatch(/^https:\/\/admin\.shopify\.com\/store\/a-shop\/oauth\/install\?/);

    const invalid = await callRoute(postLogin, post(new URLSearchParams({ shop: "evil.example.com" })));
    expect([invalid.status, (await invalid.json()).error]).toEqual([400, "invalid_shop"]);
    const empty = await callRoute(postLogin, post(new URLSearchParams({})));
    expect([empty.status, (await empty.json()).error]).toEqual([400, "missing_shop"]);
    const broken = await callRoute(
      postLogin,
      post('--x\r\nContent-Disposition: form-data; name="shop"\r\n\r\nunterminated', {
        "content-type": "multipart/form-data; boundary=x",
      }),
    );
    expect([broken.status, (await broken.json()).error]).toEqual([400, "missing_shop"]);
    const json = await callRoute(
      postLogin,
      post(JSON.stringify({ shop: "a-shop" }), { "content-type": "application/json" }),
    );
    expect([json.status, (await json.json()).error]).toEqual([400, "missing_shop"]);
  });
});
