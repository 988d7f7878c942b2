/**
 * The what-if simulator in Settings, in a real browser: a doubled rate typed, "Simulate on
 * last 90 days" answers today's and the proposed figures side by side, and nothing is saved
 * (the demo shop is shared by every spec: the rate as stored stays as it was).
 */
import { expect, test } from "@playwright/test";
import { openAdmin, serveAppBridgeOffline, watchForBreakage } from "./admin-page";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

const figure = (text: string) => Number(text.replace(/[^\d.-]/g, ""));

test("settings: simulating a doubled rate shows both columns and saves nothing", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/settings");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();

  const rate = page.getByLabel("Points per unit spent");
  const original = await rate.inputValue();
  await expect(page.getByRole("columnheader", { name: "Proposed", exact: true })).toHaveCount(0);

  await rate.fill(String(Number(original) * 2));
  await page.getByRole("button", { name: "Simulate on last 90 days", exact: true }).click();

  await expect(page.getByRole("columnheader", { name: "Today", exact: true })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Proposed", exact: true })).toBeVisible();
  for (const name of ["Points issued", "Liability", "Cost as a share of revenue", "Members changing tier"]) {
    await expect(page.getByRole("row", { name: new RegExp(`^${name}`) })).toBeVisible();
  }
  const issued = page.getByRole("row", { name: /^Points issued/ }).getByRole("cell");
  const [today, proposed] = [figure(await issued.nth(0).innerText()), figure(await issued.nth(1).innerText())];
  expect(proposed).toBeGreaterThanOrEqual(today);
  // What was typed stays in the field; nothing says it was saved.
  await expect(rate).toHaveValue(String(Number(original) * 2));
  await expect(page.getByText("Settings saved", { exact: true })).toHaveCount(0);

  // The stored rate is unchanged: a fresh load shows the original.
  await rate.fill(original);
  await openAdmin(page, "/app/settings");
  await expect(page.getByLabel("Points per unit spent")).toHaveValue(original);
  expect(problems).toEqual([]);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the simulation's two columns fit a 390 px screen", async ({ page }) => {
    const problems = watchForBreakage(page);
    await openAdmin(page, "/app/settings");
    const rate = page.getByLabel("Points per unit spent");
    const original = await rate.inputValue();
    await rate.fill(String(Number(original) * 2));
    await page.getByRole("button", { name: "Simulate on last 90 days", exact: true }).click();
    await expect(page.getByRole("columnheader", { name: "Proposed", exact: true })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("simulation-390.png"), fullPage: true });
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    const cutOff = await page.evaluate(() =>
      [...document.querySelectorAll("table *")]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((element) => element.tagName.toLowerCase()),
    );
    expect(cutOff).toEqual([]);
    await rate.fill(original);
    expect(problems).toEqual([]);
  });
});
