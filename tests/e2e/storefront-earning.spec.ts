/**
 * Earning for engagement in a real browser, against the offline demo: the real blocks and
 * widget script, the demo's signed app proxy, the app's real event route and rules engine.
 * Seed (demo/seed.ts): Katherine Johnson (customer 1003) has 134 points from two orders; the
 * demo's rules pay 5 points for the day's first visit, 10 for the Lookbook page once a day,
 * and 15 for sharing a product, at most once a week. Katherine, not Ada: other specs count
 * on Ada's seeded balance.
 */
import { expect, test, type Page } from "@playwright/test";
import { layoutShiftSoFar } from "./layout-shift";
import { panelStatus } from "./loyalty-panel";
import { failOnPageErrors } from "./page-errors";

failOnPageErrors();

const launcher = (page: Page) => page.getByRole("button", { name: "Rewards", exact: true });
const panel = (page: Page) => page.getByRole("dialog", { name: "Hi Katherine, your rewards" });
/** The note above the launcher that announces earned points. */
const earnedNote = (page: Page) => page.getByRole("status").filter({ hasText: "You earned" });

/** The page-load work of the widget (the visit, the page visit) is done, answered or not. */
const widgetSettled = (page: Page) =>
  page.evaluate(() => (window as unknown as { LoyaltyBazaar: { ready: Promise<void> } }).LoyaltyBazaar.ready);

async function openPanel(page: Page) {
  await launcher(page).click();
  await expect(panel(page)).toBeVisible();
  return panel(page);
}

async function shareOnX(page: Page) {
  const popup = page.context().waitForEvent("page");
  await page.getByRole("link", { name: /^Share on X/ }).click();
  await (await popup).close();
}

test("a shopper earns for visiting the Lookbook and sharing a product, and only once a period", async ({
  page,
  context,
}) => {
  // The share links open X in a new tab; the demo is offline, so X is answered here.
  await context.route(/^https:\/\/(x\.com|www\.facebook\.com)\//, (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Shared</title>" }),
  );

  // The day's first visit earns the visit points, announced without opening anything.
  await page.goto("/storefront?as=katherine");
  await expect(earnedNote(page)).toHaveText("You earned 5 points for visiting us.");
  let rewards = await openPanel(page);
  await expect(rewards.locator("[data-loyalty-balance]")).toHaveText("139");
  const lookbookWay = rewards.getByRole("listitem").filter({ hasText: "Visit Lookbook" });
  await expect(lookbookWay).toContainText("10 points");

  // The rewarded page.
  await page.keyboard.press("Escape");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Lookbook" }).click();
  await expect(page).toHaveURL(/\/pages\/lookbook$/);
  await expect(earnedNote(page)).toHaveText("You earned 10 points for visiting Lookbook.");
  rewards = await openPanel(page);
  await expect(rewards.locator("[data-loyalty-balance]")).toHaveText("149");
  await expect(lookbookWay).toHaveCount(0); // done for today

  // A product page's share buttons.
  await page.keyboard.press("Escape");
  await page.getByRole("link", { name: "Analytical Engine Tea" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Analytical Engine Tea");
  await shareOnX(page);
  await expect(earnedNote(page)).toHaveText("You earned 15 points for sharing.");
  rewards = await openPanel(page);
  await expect(rewards.locator("[data-loyalty-balance]")).toHaveText("164");

  // Both again, the same day: nothing more.
  await page.goto("/pages/lookbook");
  await widgetSettled(page);
  await expect(earnedNote(page)).toHaveCount(0);
  rewards = await openPanel(page);
  await expect(rewards.locator("[data-loyalty-balance]")).toHaveText("164");

  await page.goto("/products/analytical-engine-tea");
  await widgetSettled(page);
  const answered = page.waitForResponse((response) => new URL(response.url()).pathname === "/apps/loyalty/events");
  await shareOnX(page);
  expect((await answered).status()).toBe(200);
  // Opened after the share was answered: the panel reads the balance the app holds now.
  rewards = await openPanel(page);
  await expect(rewards.locator("[data-loyalty-balance]")).toHaveText("164");
  await expect(earnedNote(page)).toHaveCount(0);
});

test("a shopper adds their birthday in the panel and earns the profile points, once", async ({ page }) => {
  // The demo's profile rule pays 10 points for a name (Katherine's is on file) and 25 for a birthday.
  await page.goto("/storefront?as=katherine");
  await widgetSettled(page);
  const rewards = await openPanel(page);
  const balance = rewards.locator("[data-loyalty-balance]");
  await expect(balance).toHaveText(/^\d+$/);
  const before = Number(await balance.textContent());

  const birthday = rewards.getByRole("group", { name: "Your birthday" });
  await expect(birthday).toContainText("Add it to earn 25 points.");
  // The days follow the month: February has 29 (a leap-day birthday is real), April 30.
  const dayOptions = birthday.getByRole("combobox", { name: "Day" }).locator("option:not([value=''])");
  await birthday.getByRole("combobox", { name: "Day" }).selectOption("31");
  await birthday.getByRole("combobox", { name: "Month" }).selectOption({ label: "February" });
  await expect(dayOptions).toHaveText(Array.from({ length: 29 }, (_, i) => String(i + 1)));
  await expect(birthday.getByRole("combobox", { name: "Day" })).toHaveValue(""); // 31 February is gone
  await birthday.getByRole("combobox", { name: "Month" }).selectOption({ label: "April" });
  await expect(dayOptions).toHaveCount(30);
  await birthday.getByRole("combobox", { name: "Month" }).selectOption({ label: "March" });
  await birthday.getByRole("combobox", { name: "Day" }).selectOption("14");
  await birthday.getByRole("button", { name: "Save" }).click();

  await expect(panelStatus(rewards)).toHaveText("You earned 35 points for completing your profile.");
  await expect(balance).toHaveText(String(before + 35));
  await expect(birthday).toHaveCount(0); // given once; the shop corrects it if need be
  await expect(rewards).toBeFocused();

  await page.reload();
  await widgetSettled(page);
  await openPanel(page);
  await expect(rewards.getByRole("group", { name: "Your birthday" })).toHaveCount(0);
  await expect(balance).toHaveText(String(before + 35));
});

test("on a device with a share sheet, the share block offers it in place of the links, moving nothing", async ({
  page,
}) => {
  // Linux Chromium has no navigator.share; phones do. A stand-in that reports a completed share.
  await page.addInitScript(() => Object.defineProperty(navigator, "share", { value: async () => undefined }));
  await page.goto("/products/difference-notebook?as=katherine");
  await widgetSettled(page);
  await expect(page.getByRole("button", { name: "Share…" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Share on X/ })).toBeHidden();
  const layoutShift = await layoutShiftSoFar(page);
  expect(layoutShift).toBeLessThan(0.01);

  // The sheet's share is reported like the links' (this product, a device share).
  const sent = page.waitForRequest((request) => new URL(request.url()).pathname === "/apps/loyalty/events");
  await page.getByRole("button", { name: "Share…" }).click();
  expect((await sent).postDataJSON()).toEqual({
    subject: "product",
    productId: "7002",
    network: "device",
    type: "share",
  });
});

test("a store search earns, and the next page says so", async ({ page }) => {
  // The demo's store-search rule pays 10 points once a week; the search form leaves the page.
  await page.goto("/pages/stores?as=katherine");
  await widgetSettled(page);
  await page.getByRole("searchbox", { name: "City or postcode" }).fill("London");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/\/pages\/stores\?q=London$/);
  await expect(earnedNote(page)).toHaveText("You earned 10 points for looking for a store.");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath("store-search-390.png") });
});

test("a theme's own page-visit report is announced with the page's name, or as this page; names are used whole", async ({
  page,
}) => {
  await page.goto("/storefront?as=katherine");
  await widgetSettled(page);
  // Whether the app pays is its rules' business (tested above): here the answer is fixed at the
  // network edge, and a merchant's page named "the Journal" is added to the real view.
  await page.route("**/apps/loyalty/events", (route) =>
    route.fulfill({
      contentType: "application/json",
      body: JSON.stringify({ awards: [{ points: 10 }], refusals: [], balance: 500 }),
    }),
  );
  await page.route("**/apps/loyalty/customer?*", async (route) => {
    const view = await (await route.fetch()).json();
    view.waysToEarn.push({
      ruleId: "journal",
      kind: "page_visit",
      points: 5,
      pattern: "/blogs/journal",
      pageLabel: "the Journal",
    });
    await route.fulfill({ contentType: "application/json", body: JSON.stringify(view) });
  });
  const track = (url: string) =>
    page.evaluate(
      (url) =>
        (
          window as unknown as { LoyaltyBazaar: { track: (type: string, details: object) => Promise<unknown> } }
        ).LoyaltyBazaar.track("page_visit", { url }),
      url,
    );

  await track("/pages/somewhere-unnamed");
  await expect(earnedNote(page)).toHaveText("You earned 10 points for visiting this page.");

  const rewards = await openPanel(page);
  await expect(rewards.getByRole("listitem").filter({ hasText: "the Journal" })).toHaveText(
    /^Visit the Journal5 points$/,
  );
  await page.keyboard.press("Escape");
  await track("/blogs/journal");
  await expect(earnedNote(page)).toHaveText("You earned 10 points for visiting the Journal.");
  // The widget refreshes its view after an award: let that answer finish before the page closes.
  await page.unrouteAll({ behavior: "wait" });
});
