/**
 * The economics dashboard in a real browser: the admin opens on it, its Polaris Viz charts
 * draw (SVG, in the browser only), every figure is labelled with its one-line explanation, it
 * fits a phone's screen, and the CSV downloads. Reads only: the figures' values are not
 * asserted, as the other specs move the shared demo shop's numbers.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { openAdmin, serveAppBridgeOffline, watchForBreakage } from "./admin-page";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

const FIGURE_LABELS = [
  "Members",
  "Active members",
  "Points issued",
  "Points redeemed",
  "Points expired",
  "Redemption rate",
  "Breakage",
  "Revenue",
  "Average order value",
  "Members' repeat-purchase rate",
  "Non-members' repeat-purchase rate",
  "Liability",
  "Pending liability",
];

async function expectCharts(page: Page) {
  for (const chart of ["expiry", "revenue", "sources"]) {
    await expect(page.locator(`[data-chart="${chart}"] svg`).first()).toBeVisible();
  }
}

test("the admin opens on the dashboard: labelled figures and drawn charts", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page);
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  for (const label of FIGURE_LABELS) {
    await expect(page.getByRole("heading", { name: label, exact: true, level: 3 })).toBeVisible();
  }
  await expect(page.getByText("Points redeemed ÷ points issued in the period.", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Points expiring by month", level: 2 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Revenue: members and non-members", level: 2 })).toBeVisible();
  await expectCharts(page);

  // A period from the picker is a link that survives a reload.
  await page.getByRole("link", { name: "Last 30 days" }).click();
  await expect(page).toHaveURL(/[?&]from=\d{4}-\d{2}-\d{2}/);
  await expectCharts(page);
  expect(problems).toEqual([]);
});

test("every figure downloads as CSV", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^dashboard-demo-loyalty-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync((await download.path())!, "utf8")
    .trimEnd()
    .split("\r\n");
  expect(lines[0]).toBe("section,name,value,unit,explanation");
  for (const label of FIGURE_LABELS) {
    expect(lines.some((line) => line.startsWith(`figure,${label},`))).toBe(true);
  }
  expect(problems).toEqual([]);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the dashboard fits a 390 px screen, charts included", async ({ page }) => {
    const problems = watchForBreakage(page);
    await openAdmin(page);
    await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
    await expectCharts(page);
    await page.screenshot({ path: test.info().outputPath("dashboard-390.png"), fullPage: true });
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    expect(problems).toEqual([]);
  });
});
