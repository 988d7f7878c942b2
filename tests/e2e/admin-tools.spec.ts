/**
 * The merchant's tools around the admin's pages, in a real browser through the demo admin
 * host (see admin.spec.ts): the ledger export on the members page, the warning before a
 * changed settings or rule form is left, and the admin's own page for an address it does
 * not have. Each test leaves the seed as it found it.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { openAdmin, serveAppBridgeOffline, watchForBreakage } from "./admin-page";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

const adminNav = (page: Page) => page.getByRole("navigation", { name: "Demo admin" });

/** Whether leaving the page now (closing the tab, reloading) would make the browser warn. */
const unloadIsGuarded = (page: Page) =>
  page.evaluate(() => {
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });

test("the members page exports one day of the ledger as CSV, with names and reward codes as columns", async ({
  page,
}) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/members");
  const today = new Date().toISOString().slice(0, 10); // the demo shop's time zone is UTC
  await expect(page.getByRole("heading", { name: "Export the points ledger" })).toBeVisible();
  await page.getByLabel("First day").fill(today);
  await page.getByLabel("Last day").fill(today);

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`ledger-demo-loyalty-${today}-to-${today}.csv`);
  const lines = readFileSync((await download.path())!, "utf8")
    .trimEnd()
    .split("\r\n");
  expect(lines[0]).toBe(
    "date,entry_id,customer_id,customer_name,customer_email,kind,points,balance_after,cause_type,cause_id,reward_code,reason",
  );
  // The seed's entries were all made today: Ada's orders among them, by name.
  expect(lines.some((line) => line.includes(",1001,Ada Lovelace,ada@example.com,earn,"))).toBe(true);

  // A period that ends before it starts is explained, and nothing is downloaded.
  await page.getByLabel("First day").fill("2026-11-02");
  await page.getByLabel("Last day").fill("2026-11-01");
  await expect(page.getByText("The last day cannot come before the first.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Download CSV" })).toBeDisabled();
  expect(problems).toEqual([]);
});

test("leaving changed settings asks first; staying keeps the change, leaving drops it", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/settings");
  const pointsPerUnit = page.getByLabel("Points per unit spent");
  const original = await pointsPerUnit.inputValue();
  expect(await unloadIsGuarded(page)).toBe(false);

  await pointsPerUnit.fill("9");
  expect(await unloadIsGuarded(page)).toBe(true);
  await adminNav(page).getByRole("link", { name: "Members" }).click();
  const dialog = page.getByRole("dialog", { name: "Leave without saving?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Stay on this page" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(/\/app\/settings\?/);
  await expect(pointsPerUnit).toHaveValue("9");

  // The page's own back link is guarded too; leaving on purpose discards the change.
  await page.getByRole("link", { name: "Members" }).first().click();
  await dialog.getByRole("button", { name: "Leave and discard changes" }).click();
  await page.waitForURL(/\/app\/members\?/);
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  await adminNav(page).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByLabel("Points per unit spent")).toHaveValue(original);

  // Put back what was typed: the form is no longer changed, and leaving is silent.
  await page.getByLabel("Points per unit spent").fill("9");
  await page.getByLabel("Points per unit spent").fill(original);
  expect(await unloadIsGuarded(page)).toBe(false);
  await adminNav(page).getByRole("link", { name: "Members" }).click();
  await page.waitForURL(/\/app\/members\?/);
  expect(problems).toEqual([]);
});

test("a saved settings change leaves without a question", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/settings");
  const rate = page.getByLabel("Points per unit spent");
  const original = await rate.inputValue();
  await rate.fill(String(Number(original) + 1));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Settings saved", { exact: true }).first()).toBeVisible();
  expect(await unloadIsGuarded(page)).toBe(false);

  // Put the seed's rate back.
  await rate.fill(original);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(rate).toHaveValue(original);
  await expect(page.getByText("Settings saved", { exact: true }).first()).toBeVisible();
  await adminNav(page).getByRole("link", { name: "Members" }).click();
  await page.waitForURL(/\/app\/members\?/);
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("leaving a changed rule form asks first, and staying keeps what was typed", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/rules/new");
  await page.getByRole("link", { name: "Add a rule: Visits" }).click();
  await page.waitForURL(/\/app\/rules\/new\?.*kind=visit/);
  await expect(page.getByLabel("Name", { exact: true })).toBeVisible();
  expect(await unloadIsGuarded(page)).toBe(false);
  await page.getByLabel("Name", { exact: true }).fill("Weekend visit");
  expect(await unloadIsGuarded(page)).toBe(true);

  await page.getByRole("link", { name: "Cancel" }).click();
  const dialog = page.getByRole("dialog", { name: "Leave without saving?" });
  await dialog.getByRole("button", { name: "Stay on this page" }).click();
  await expect(page).toHaveURL(/\/app\/rules\/new\?/);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Weekend visit");

  await adminNav(page).getByRole("link", { name: "Earning rules" }).click();
  await dialog.getByRole("button", { name: "Leave and discard changes" }).click();
  await page.waitForURL(/\/app\/rules\?/);
  await expect(page.getByRole("row", { name: /Weekend visit/ })).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("an address the admin does not have is a 404 page inside the admin, with the menu", async ({ page }) => {
  const response = await openAdmin(page, "/app/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found", level: 1 })).toBeVisible();
  await expect(page.getByText("There is no page at /app/no-such-page")).toBeVisible();
  await expect(adminNav(page).getByRole("link", { name: "Earning rules" })).toBeVisible();

  await page.getByRole("link", { name: "Go to members" }).click();
  await page.waitForURL(/\/app\/members\?/);
  await expect(page.getByRole("row", { name: /Ada Lovelace/ })).toBeVisible();
});
