/**
 * The admin's tables on a phone-sized screen (390 px wide, an iPhone 14): the members list,
 * a member's history, the earning rules and the tiers fit the screen, with nothing wider than it (no
 * sideways scrolling of the whole page). Screenshots are kept in test-results/ to look at.
 */
import { expect, test, type Page } from "@playwright/test";
import { openAdmin, serveAppBridgeOffline, watchForBreakage } from "./admin-page";

test.use({ viewport: { width: 390, height: 844 } });

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

/**
 * Nothing on the page is wider than the screen: the page does not scroll sideways, and no
 * table is cut off inside a scrolling card either (the offline admin's own bar is left out).
 */
async function expectNoSidewaysScroll(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}-390.png`), fullPage: true });
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.page, `${name}: page width`).toBeLessThanOrEqual(widths.screen);
  const cutOff = await page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((element) => !element.closest(".demo-ab-nav, .demo-ab-toasts, .demo-ab-loading"))
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`.slice(0, 120)),
  );
  expect(cutOff, `${name}: elements past the screen's right edge`).toEqual([]);
}

test("the members list fits a 390 px screen", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/members");
  await expect(page.getByText("Ada Lovelace").first()).toBeVisible();
  await expectNoSidewaysScroll(page, "members");
  expect(problems).toEqual([]);
});

test("a member's history fits a 390 px screen", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/members");
  await page.getByRole("link", { name: "Ada Lovelace" }).click();
  await page.waitForURL(/\/app\/members\/[\w-]+\?/);
  await expect(page.getByRole("heading", { name: "History", exact: true })).toBeVisible();
  await expectNoSidewaysScroll(page, "member");
  expect(problems).toEqual([]);
});

test("the earning rules fit a 390 px screen", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/rules");
  await expect(page.getByText("Daily visit").first()).toBeVisible();
  await expectNoSidewaysScroll(page, "rules");
  expect(problems).toEqual([]);
});

test("the Tiers page fits a 390 px screen, a tier opened for editing too", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/tiers");
  await expect(page.getByRole("heading", { name: "3. Gold", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Edit" }).nth(2).click();
  await expect(page.getByLabel("Earn multiplier")).toHaveValue("1.5");
  await expectNoSidewaysScroll(page, "tiers");
  expect(problems).toEqual([]);
});
