/**
 * The Rewards pages in a real browser, through the demo admin host: the merchant opens the
 * catalogue the demo seeds, creates a reward they hand over themselves (a mistake explained
 * first, nothing lost), sees it listed with its cost rate, pauses and resumes it; a shopper
 * redeems it twice through the signed app proxy; the merchant marks one request fulfilled and
 * cancels the other (points back). Screenshots at desktop and phone widths.
 *
 * The shopper is Barbara (customer 2001, a seeded member no other spec counts on: the
 * storefront suites count on Ada's and Katherine's balances, demo/shoppers.ts).
 */
import { expect, test, type Page } from "@playwright/test";
import { DEMO_API_SECRET } from "../../app/demo-process";
import { signedAppProxyQuery } from "../../demo/shopify-signing";
import { openAdmin, serveAppBridgeOffline, watchForBreakage } from "./admin-page";

const SHOP = "demo-loyalty.myshopify.com";
const SHOPPER = "2001";
const TITLE = "Studio tour (e2e)";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });

test("a merchant creates a reward, sees it listed, pauses it and fulfils a shopper's request", async ({
  page,
  request,
}) => {
  test.slow();
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/rewards");
  await expect(page.getByRole("heading", { name: "Rewards", level: 1 })).toBeVisible();
  // The seeded catalogue, in its order, with what each costs the merchant.
  const table = page.getByRole("table");
  await expect(table.getByRole("row").nth(1)).toContainText("Free coffee");
  await expect(table).toContainText("$5.00 off any order");
  await expect(table).toContainText("% back");
  await shot(page, "rewards-list");

  // A new reward, fulfilled by hand: a mistake first, explained, with what was typed kept.
  await page.getByRole("link", { name: "Add reward" }).first().click();
  await expect(page.getByRole("heading", { name: "New reward", level: 1 })).toBeVisible();
  await page.getByLabel("Kind").selectOption("custom");
  await page.getByLabel("Title", { exact: true }).fill(TITLE);
  await page.getByLabel("Cost", { exact: true }).fill("ten");
  await page.getByLabel("What one costs you").fill("4");
  await page.getByRole("button", { name: "Create reward" }).click();
  await expect(page.getByText("Nothing was saved.")).toBeVisible();
  await expect(page.getByText("Enter a whole number of points.")).toBeVisible();
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(TITLE);
  await shot(page, "reward-refused");

  await page.getByLabel("Cost", { exact: true }).fill("10");
  await page.getByLabel("Stock").fill("5");
  await page.locator('input[name="translations.0.locale"]').fill("fr");
  await page.locator('input[name="translations.0.title"]').fill("Visite de l’atelier");
  // The cost rate follows what is typed (the seed earns 1 point per $1: $4 for 10 points is 40%).
  await expect(page.locator("#reward-cost-rate")).toHaveText("Shoppers get about 40.0% back");
  await shot(page, "reward-editor");
  await page.getByRole("button", { name: "Create reward" }).click();
  await expect(page.getByRole("heading", { name: `“${TITLE}” saved` })).toBeVisible();
  const rewardId = new URL(page.url()).searchParams.get("saved");
  expect(rewardId).toBeTruthy();
  const row = page.getByRole("row").filter({ hasText: TITLE });
  await expect(row).toContainText("Fulfilled by you");
  await expect(row).toContainText("5 left");
  await expect(row).toContainText("~40.0% back");

  // Paused, then resumed.
  await page.getByRole("button", { name: `Pause ${TITLE}` }).click();
  await expect(row).toContainText("Paused");
  await page.getByRole("button", { name: `Resume ${TITLE}` }).click();
  await expect(row).toContainText("Active");

  // Barbara redeems it twice through the signed app proxy.
  for (let i = 0; i < 2; i++) {
    const query = signedAppProxyQuery({ shop: SHOP, secret: DEMO_API_SECRET, customerId: SHOPPER });
    const redeemed = await request.post(`/proxy/redeem?${query}`, { data: { rewardId } });
    expect(redeemed.status()).toBe(200);
  }

  await page.reload();
  await page.waitForFunction(() => document.body.style.backgroundColor !== "");
  await expect(page.getByText("2 requests wait for you")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: TITLE })).toContainText("3 left");
  await page.getByRole("link", { name: "Open the fulfilment queue" }).click();
  await expect(page.getByRole("heading", { name: "Fulfilment queue", level: 1 })).toBeVisible();
  const open = page.getByRole("list", { name: "Open requests" }).getByRole("listitem").filter({ hasText: TITLE });
  await expect(open).toHaveCount(2);
  await shot(page, "fulfilment-queue");

  await open
    .first()
    .getByRole("button", { name: /^Mark .* fulfilled$/ })
    .click();
  await page.getByLabel("Note (optional)").fill("Booked for Saturday");
  await page.getByRole("button", { name: "Mark fulfilled", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Marked fulfilled" })).toBeVisible();
  await expect(open).toHaveCount(1);

  await open
    .first()
    .getByRole("button", { name: /^Cancel / })
    .click();
  await page.getByRole("button", { name: "Cancel request and return points" }).click();
  await expect(page.getByRole("heading", { name: "Request cancelled" })).toBeVisible();
  await expect(open).toHaveCount(0);

  await page.getByRole("tab", { name: "Fulfilled" }).click();
  await expect(page.getByText("Note: Booked for Saturday")).toBeVisible();

  // Barbara's page lists both, as they are now; neither can be cancelled any more.
  await page.getByRole("link", { name: "Barbara Lamarr" }).click();
  await expect(page.getByRole("heading", { name: "Barbara Lamarr", level: 1 })).toBeVisible();
  const redemptions = page.getByRole("list", { name: "Redemptions" }).getByRole("listitem");
  await expect(redemptions.filter({ hasText: "Fulfilled" })).toHaveCount(1);
  await expect(redemptions.filter({ hasText: "Cancelled" })).toHaveCount(1);
  await expect(page.getByRole("button", { name: /and return the points$/ })).toHaveCount(0);
  await shot(page, "member-redemptions");

  // Archived again, so the storefront specs see the seeded catalogue only.
  await openAdmin(page, "/app/rewards");
  await page.getByRole("button", { name: `Archive ${TITLE}` }).click();
  await page.getByRole("button", { name: "Archive reward" }).click();
  await expect(page.getByRole("heading", { name: "Reward archived" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: TITLE })).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("the Rewards pages fit a phone's screen", async ({ page }) => {
  const problems = watchForBreakage(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await openAdmin(page, "/app/rewards");
  await expect(page.getByRole("heading", { name: "Rewards", level: 1 })).toBeVisible();
  await expect(page.getByText("Free coffee").first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, "rewards-list-phone");

  await openAdmin(page, "/app/rewards/new");
  await page.getByLabel("Kind").selectOption("free_product");
  await expect(page.getByLabel("Product ID")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await shot(page, "reward-editor-phone");

  await openAdmin(page, "/app/rewards/fulfilment");
  await expect(page.getByRole("heading", { name: "Fulfilment queue", level: 1 })).toBeVisible();
  await shot(page, "fulfilment-queue-phone");
  expect(problems).toEqual([]);
});
