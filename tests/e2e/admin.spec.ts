/**
 * The embedded admin in a real browser, through the demo admin host: the app is opened with
 * a session token signed like Shopify's, every later request authenticates with the real
 * `authenticate.admin`, and App Bridge is the offline stand-in (demo/app-bridge-standin.js).
 *
 * Seed (tests/e2e/serve.ts): shop demo-loyalty.myshopify.com with members including
 * Ada Lovelace (ada@example.com, 620 points) and Grace Hopper (grace@example.com).
 */
import { expect, test } from "@playwright/test";
import { openAdmin, APP_BRIDGE_CDN_URL, serveAppBridgeOffline, STANDIN_PATH, watchForBreakage } from "./admin-page";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

test("the members list opens in the admin, loading App Bridge from the admin host", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/members");

  await expect(page.locator(`script[src="${STANDIN_PATH}"]`)).toHaveCount(1);
  await expect(page.locator(`script[src="${APP_BRIDGE_CDN_URL}"]`)).toHaveCount(0);
  expect(await page.evaluate(() => typeof window.shopify?.idToken)).toBe("function");

  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  const ada = page.getByRole("row", { name: /Ada Lovelace/ });
  await expect(ada).toBeVisible();
  await expect(ada).toContainText("ada@example.com");
  await expect(ada.getByRole("cell").nth(3)).toHaveText("620"); // after name, e-mail and tier
  expect(problems).toEqual([]);
});

test("App Bridge also works when the page asks for it at Shopify's CDN URL", async ({ page }) => {
  const problems = watchForBreakage(page);
  // Undo the host's rewrite for the app's pages, so the browser requests the CDN URL and
  // gets the stand-in from the route above: the e2e setup does not hinge on the rewrite.
  await page.route(/\/app(\/[\w-]+)?\?/, async (route) => {
    if (route.request().resourceType() !== "document") return route.fallback();
    const response = await route.fetch();
    const html = (await response.text()).replaceAll(`src="${STANDIN_PATH}"`, `src="${APP_BRIDGE_CDN_URL}"`);
    await route.fulfill({ response, body: html });
  });
  // Straight to the app URL: a request that follows a redirect is not routed.
  const opened = await page.request.get(`/admin?path=${encodeURIComponent("/app/members")}`, { maxRedirects: 0 });
  await page.goto(opened.headers()["location"] ?? "/admin");
  await page.waitForFunction(() => document.body.style.backgroundColor !== "");

  await expect(page.locator(`script[src="${APP_BRIDGE_CDN_URL}"]`)).toHaveCount(1);
  await expect(page.getByRole("row", { name: /Ada Lovelace/ })).toBeVisible();
  // A client-side search only works if App Bridge put the session token on the request.
  await page.getByLabel("Search members").fill("grace");
  await expect(page.getByRole("row", { name: /Grace Hopper/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Ada Lovelace/ })).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("searching finds members by name, and a search is a link that survives a reload", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/members");
  const search = page.getByLabel("Search members");

  await search.fill("grace");
  await expect(page).toHaveURL(/[?&]q=grace(&|$)/);
  await expect(page.getByRole("row", { name: /Grace Hopper/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /grace@example\.com/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Ada Lovelace/ })).toHaveCount(0);

  await page.reload();
  await expect(page.getByLabel("Search members")).toHaveValue("grace");
  await expect(page.getByRole("row", { name: /Grace Hopper/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Ada Lovelace/ })).toHaveCount(0);

  await page.waitForFunction(() => document.body.style.backgroundColor !== "");
  await page.getByLabel("Search members").fill("nobody-by-this-name");
  await expect(page.getByText("No members match “nobody-by-this-name”")).toBeVisible();
  expect(problems).toEqual([]);
});

test("settings: an invalid value is explained, a valid change is saved", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/members");

  // The admin's navigation (drawn by the stand-in from the app's NavMenu).
  await page.getByRole("navigation", { name: "Demo admin" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/app\/settings\?/);

  const pointsPerUnit = page.getByLabel("Points per unit spent");
  const save = page.getByRole("button", { name: "Save" });
  const original = await pointsPerUnit.inputValue();
  // The rewards left Settings for their own page; Settings links there.
  await expect(page.getByLabel("Reward cost")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Manage rewards" })).toBeVisible();

  await pointsPerUnit.fill("0");
  await save.click();
  await expect(page.getByText("Award at least 1 point per unit spent.")).toBeVisible();
  await expect(page.getByText("Nothing was saved.")).toBeVisible();
  await expect(pointsPerUnit).toHaveValue("0"); // what the merchant typed is kept

  await pointsPerUnit.fill("4");
  await save.click();
  await expect(page.getByText("Settings saved", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("Award at least 1 point per unit spent.")).toHaveCount(0);

  // A reload goes back through the auth bounce page and reads the stored settings.
  await page.reload();
  await expect(page.getByLabel("Points per unit spent")).toHaveValue("4");

  // Put the seed's settings back for the other specs.
  await page.waitForFunction(() => document.body.style.backgroundColor !== "");
  await page.getByLabel("Points per unit spent").fill(original);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Settings saved", { exact: true }).first()).toBeVisible();
  expect(problems).toEqual([]);
});

test("settings: points expiry is chosen, saved and read back", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/settings");
  await expect(page.getByRole("heading", { name: "Points expiry" })).toBeVisible();

  const never = page.getByRole("radio", { name: "Never" });
  const afterEarned = page.getByRole("radio", { name: /after they are earned/ });
  const months = page.getByLabel("Months", { exact: true });
  const save = page.getByRole("button", { name: "Save" });
  await expect(never).toBeChecked();
  await expect(months).toHaveCount(0); // no months while points never expire

  await afterEarned.check({ force: true });
  await expect(months).toBeVisible();
  await months.fill("0");
  await save.click();
  await expect(page.getByText("Points must last at least 1 month.")).toBeVisible();
  await expect(months).toHaveValue("0");
  await expect(afterEarned).toBeChecked();

  await months.fill("18");
  await save.click();
  await expect(page.getByText("Settings saved", { exact: true }).first()).toBeVisible();

  await page.reload();
  await page.waitForFunction(() => document.body.style.backgroundColor !== "");
  await expect(page.getByRole("radio", { name: /after they are earned/ })).toBeChecked();
  await expect(page.getByLabel("Months", { exact: true })).toHaveValue("18");

  // Points never expire in the seed: put that back for the other specs.
  await page.getByRole("radio", { name: "Never" }).check({ force: true });
  await expect(page.getByLabel("Months", { exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Settings saved", { exact: true }).first()).toBeVisible();
  await page.reload();
  await expect(page.getByRole("radio", { name: "Never" })).toBeChecked();
  expect(problems).toEqual([]);
});
