/**
 * The Campaigns pages in a real browser, through the demo admin host: the merchant creates a
 * double-points weekend campaign (a mistake explained first, nothing lost), previews its cost
 * before saving, saves it and finds it listed as active or scheduled, with the stacking
 * policy explained beside. Screenshots at desktop and phone widths.
 */
import { expect, test, type Page } from "@playwright/test";
import { openAdmin, serveAppBridgeOffline, watchForBreakage } from "./admin-page";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });

async function createWeekendCampaign(page: Page, title: string, screenshots: string) {
  await openAdmin(page, "/app/campaigns");
  await expect(page.getByRole("heading", { name: "Campaigns", level: 1 })).toBeVisible();
  await expect(page.getByText("VIP tier multipliers always count")).toBeVisible();
  await page.getByRole("link", { name: "Add campaign" }).first().click();
  await expect(page.getByRole("heading", { name: "New campaign", level: 1 })).toBeVisible();

  // A mistake first: explained under its field, what was typed kept.
  await page.getByLabel("Name").fill(title);
  await page.getByLabel("Multiplier").fill("one");
  await page.getByRole("button", { name: "Preview cost" }).click();
  await expect(page.getByText("Nothing was saved.")).toBeVisible();
  await expect(page.getByText("Enter a number such as 2, 1.5 or 1.25.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue(title);

  await page.getByLabel("Multiplier").fill("2");
  await expect(page.getByLabel("Saturday")).toBeChecked();
  await expect(page.getByLabel("Sunday")).toBeChecked();
  await page.getByRole("button", { name: "Preview cost" }).click();
  await expect(page.locator("#campaign-projection-points")).toContainText("extra point");
  await expect(page.getByText(/^Compared with /)).toBeVisible();
  await shot(page, `${screenshots}-preview`);

  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page.getByRole("heading", { name: `“${title}” saved` })).toBeVisible();
  const listed = page.getByText(title, { exact: true });
  await expect(listed).toBeVisible();
  // Listed under "Active now" on a weekend, else under "Scheduled", with its words.
  const section = page.getByRole("region", { name: /Active now|Scheduled/ }).filter({ has: listed });
  await expect(section).toContainText(/Active now|Scheduled/);
  await expect(section).toContainText("×2 points, on every award");
  await expect(section).toContainText("Every weekend (Saturday and Sunday)");
  await expect(section).toContainText(/Ends|Starts/);
  await shot(page, `${screenshots}-list`);
  // Paused again from its editor: the other browser specs share this demo shop, and a weekend
  // campaign running on every award would double what they expect on a Saturday.
  await listed.click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  const pause = page.getByRole("button", { name: "Pause", exact: true });
  // On a phone Polaris folds the page's secondary actions into a menu.
  if (!(await pause.isVisible()))
    await page
      .getByRole("button", { name: /actions/i })
      .first()
      .click();
  await pause.click();
  await expect(page.getByText("Paused", { exact: true }).first()).toBeVisible();
}

test("a merchant creates a double-points weekend campaign, previews its cost and sees it listed", async ({ page }) => {
  test.slow();
  const problems = watchForBreakage(page);
  await createWeekendCampaign(page, "Double points weekend (e2e)", "campaign-desktop");
  expect(problems).toEqual([]);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test("the same campaign fits a phone screen", async ({ page }) => {
    test.slow();
    const problems = watchForBreakage(page);
    await createWeekendCampaign(page, "Weekend boost (phone e2e)", "campaign-phone");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    expect(problems).toEqual([]);
  });
});
