/**
 * The Challenges pages in a real browser, through the demo admin host: the merchant creates
 * "visit 5 times this month" (a mistake explained first), finds it listed as active with its
 * goal and reward in words, and opens a streak's form. Screenshots at desktop and phone widths.
 */
import { expect, test, type Page } from "@playwright/test";
import { openAdmin, serveAppBridgeOffline, watchForBreakage } from "./admin-page";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });

async function createVisitsChallenge(page: Page, title: string, screenshots: string) {
  await openAdmin(page, "/app/challenges");
  await expect(page.getByRole("heading", { name: "Challenges", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "Add challenge" }).first().click();
  await expect(page.getByRole("heading", { name: "New challenge", level: 1 })).toBeVisible();
  await page.getByLabel("Name").fill(title);
  await page.getByLabel("What counts").selectOption("visits");
  await page.getByLabel("How many").fill("");
  await page.getByRole("button", { name: "Create challenge" }).click();
  await expect(page.getByText("Nothing was saved.")).toBeVisible();
  await expect(page.getByText("Enter how many times.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue(title);

  await page.getByLabel("How many").fill("5");
  await page.getByLabel("Counted over").selectOption("month");
  await page.getByLabel("Points", { exact: true }).fill("150");
  await shot(page, `${screenshots}-editor`);
  await page.getByRole("button", { name: "Create challenge" }).click();
  await expect(page.getByRole("heading", { name: `“${title}” saved` })).toBeVisible();
  const listed = page.getByText(title, { exact: true });
  await expect(listed).toBeVisible();
  const section = page.getByRole("region", { name: "Active now" }).filter({ has: listed });
  await expect(section).toContainText("Active now");
  await expect(section).toContainText("Challenge: 5 visits each month");
  await expect(section).toContainText("Gives 150 points");
  await shot(page, `${screenshots}-list`);
}

test("a merchant creates a “visit 5 times this month” challenge and sees it active", async ({ page }) => {
  test.slow();
  const problems = watchForBreakage(page);
  await createVisitsChallenge(page, "Visit 5 times this month (e2e)", "challenge-desktop");
  // A streak's form offers rewards at lengths.
  await page.getByRole("link", { name: "Add streak" }).first().click();
  await expect(page.getByRole("heading", { name: "New streak", level: 1 })).toBeVisible();
  await expect(page.getByText("Rewards at lengths")).toBeVisible();
  await shot(page, "streak-editor");
  expect(problems).toEqual([]);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test("the same challenge fits a phone screen", async ({ page }) => {
    test.slow();
    const problems = watchForBreakage(page);
    await createVisitsChallenge(page, "Visit 5 times (phone e2e)", "challenge-phone");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    expect(problems).toEqual([]);
  });
});
