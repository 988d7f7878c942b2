/**
 * The Import pages in a real browser, through the demo admin host: the merchant uploads a CSV
 * of new customer ids (never the demo's members: other specs share the shop), reads the dry
 * run, applies it and watches the progress bar reach done, then reverts it, which takes the
 * points back. Screenshots at desktop width.
 */
import { expect, test, type Page } from "@playwright/test";
import { openAdmin, serveAppBridgeOffline, watchForBreakage } from "./admin-page";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });

/** Customer ids no demo member has, new on every run (so the file's hash is new too). */
function newCustomerIds(): [string, string] {
  const base = 9_000_000_000_000 + (Date.now() % 1_000_000_000) * 10;
  return [String(base + 1), String(base + 2)];
}

test("upload, dry run, apply with progress to done, then revert", async ({ page }) => {
  const problems = watchForBreakage(page);
  const [first, second] = newCustomerIds();
  const csv = `customer_id,points\n${first},25\n${second},40\nnot-a-customer,5\n`;

  await openAdmin(page, "/app/imports");
  await expect(page.getByRole("heading", { name: "Import", level: 1 })).toBeVisible();
  await page.getByLabel("Exported from").selectOption("generic");
  await page
    .locator("#import-file")
    .setInputFiles({ name: "e2e-import.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload for a dry run" }).click();

  await expect(page.getByRole("heading", { name: "e2e-import.csv", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Dry run" })).toBeVisible();
  await expect(page.getByTestId("import-total-points")).toHaveText("65");
  await expect(page.getByText("Nothing has been posted yet.", { exact: false })).toBeVisible();
  await expect(page.getByRole("cell", { name: /Customer id: A Shopify customer id is a number/ })).toBeVisible();
  await shot(page, "imports-dry-run");

  await page.getByRole("button", { name: "Apply 65 points" }).click();
  await expect(page.getByText("Done: 2 rows applied.")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("progressbar")).toBeVisible();
  await shot(page, "imports-applied");

  await page.getByRole("button", { name: "Revert import" }).click();
  await expect(page.getByText("Done: 2 rows reverted.")).toBeVisible({ timeout: 15_000 });
  await shot(page, "imports-reverted");

  // Listed on the Import page with its status.
  await page.getByRole("link", { name: "Import", exact: true }).first().click();
  await expect(page.getByRole("link", { name: "Open e2e-import.csv" }).first()).toBeVisible();
  expect(problems).toEqual([]);
});
