/**
 * Earning rules in a real browser, through the demo admin host (see admin.spec.ts): a
 * merchant creates a page-visit rule, sees it listed with what it gives and costs, pauses
 * it, edits it and deletes it; and switches all engagement rules off and on in Settings.
 *
 * Seed (demo/seed.ts): shop demo-loyalty.myshopify.com in USD with the demo's rules and its
 * Rewards Bazaar, whose rewards give from $0.00625 a point (10% off a $50.00 order, $5.00,
 * for 800 points) to $0.09 a point (the $4.50 coffee for 50 points). Each test leaves the seed as it found it.
 */
import { expect, test, type Page, type Response } from "@playwright/test";
import { openAdmin, serveAppBridgeOffline, watchForBreakage } from "./admin-page";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

const isPost = (r: Response) => r.request().method() === "POST";
// Remix's data requests (single fetch): "/app/rules.data?...".
const isDataReload = (r: Response) => r.request().method() === "GET" && new URL(r.url()).pathname.endsWith(".data");

/**
 * Runs a step that posts a form and waits for the server's answer and, unless the post was
 * refused (the page keeps what was typed), for the page's data to be loaded again. Waiting on
 * the requests rather than on a clock keeps the test right on a slow machine.
 */
async function post(page: Page, step: () => Promise<void>, { reloads = true } = {}) {
  const answered = page.waitForResponse(isPost);
  const reloaded = reloads ? page.waitForResponse(isDataReload) : null;
  await step();
  await answered;
  await reloaded;
}

test("a merchant creates a page-visit rule, sees what it gives, pauses, edits and deletes it", async ({ page }) => {
  test.slow(); // One merchant's whole journey: a dozen page loads and form posts.
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/rules");
  await expect(page.getByRole("heading", { name: "Earning rules", level: 1 })).toBeVisible();
  // No purchases rule in the seed: orders earn the Settings' rate, and the page says so.
  await expect(page.getByText("Purchases earn points from Settings")).toBeVisible();

  await page.getByRole("link", { name: "Add rule" }).first().click();
  await page.waitForURL(/\/app\/rules\/new\?/);
  await expect(page.getByRole("heading", { name: "Add an earning rule" })).toBeVisible();
  await page.getByRole("link", { name: "Add a rule: Page visits" }).click();
  await page.waitForURL(/\/app\/rules\/new\?.*kind=page_visit/);

  await page.getByLabel("Name", { exact: true }).fill("Visit the lookbook");
  await page.getByLabel("Points", { exact: true }).fill("5");
  // No page yet: the server explains, and keeps what was typed.
  await post(page, () => page.getByRole("button", { name: "Create rule" }).click(), { reloads: false });
  await expect(page.getByText("Add at least one page, for example /pages/lookbook.")).toBeVisible();
  await expect(page.getByText("Nothing was saved.")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Visit the lookbook");

  await page.getByLabel("Page 1", { exact: true }).fill("/pages/lookbook");
  await page.getByLabel("Name shown to shoppers (page 1)").fill("the Lookbook");
  // The preview says what the rule gives and costs before it is saved: what 5 points buy, from
  // the reward giving least per point (10% off at its $50 minimum: 5 × $0.00625 ≈ $0.03) to the
  // one giving most (the coffee: 5 × $0.09 = $0.45), and that the range is the rewards'.
  await expect(page.locator("#rule-summary")).toHaveText("5 points for visiting the Lookbook, once a day per page");
  await expect(page.locator("#rule-cost")).toHaveText("worth ~$0.03–$0.45");
  await expect(page.getByText("from the reward that gives least per point to the one that gives most")).toBeVisible();
  await post(page, () => page.getByRole("button", { name: "Create rule" }).click());

  await page.waitForURL(/\/app\/rules\?.*saved=/);
  await expect(page.getByText("“Visit the lookbook” saved")).toBeVisible();
  const row = page.getByRole("row", { name: /Visit the lookbook/ });
  await expect(row).toContainText("Page visits");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("5 points for visiting the Lookbook, once a day per page");
  await expect(row).toContainText("worth ~$0.03–$0.45");

  await post(page, () => row.getByRole("button", { name: "Pause Visit the lookbook" }).click());
  await expect(row).toContainText("Paused");
  await expect(row.getByRole("button", { name: "Resume Visit the lookbook" })).toBeVisible();

  await row.getByRole("link", { name: "Visit the lookbook" }).click();
  await page.waitForURL(/\/app\/rules\/(?!new)[\w-]+\?/);
  await expect(page.getByRole("heading", { name: "Visit the lookbook", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Active")).not.toBeChecked();
  await page.getByLabel("Points", { exact: true }).fill("8");
  await page.getByLabel("Per day").fill("0");
  await post(page, () => page.getByRole("button", { name: "Save" }).click(), { reloads: false });
  await expect(page.getByText("Enter at least 1, or leave it empty for no limit.")).toBeVisible();
  await page.getByLabel("Per day").fill("");
  await page.getByLabel("How often").selectOption("week");
  await expect(page.locator("#rule-summary")).toHaveText("8 points for visiting the Lookbook, once a week per page");
  await post(page, () => page.getByRole("button", { name: "Save" }).click());
  await page.waitForURL(/\/app\/rules\?.*saved=/);

  await expect(page.getByText("“Visit the lookbook” saved")).toBeVisible();
  const edited = page.getByRole("row", { name: /Visit the lookbook/ });
  await expect(edited).toContainText("8 points for visiting the Lookbook, once a week per page");
  await expect(edited).toContainText("worth ~$0.05–$0.72"); // 8 × $0.00625 to 8 × $0.09
  await expect(edited).toContainText("Paused");

  await edited.getByRole("button", { name: "Delete Visit the lookbook" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Points it already gave stay on their balances");
  await post(page, () => dialog.getByRole("button", { name: "Delete rule" }).click());
  await expect(page.getByText("Rule deleted", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("row", { name: /Visit the lookbook/ })).toHaveCount(0);
  // The demo's own rules are still there.
  await expect(page.getByRole("row", { name: /Daily visit/ })).toHaveCount(1);
  expect(problems).toEqual([]);
});

test("settings: the time zone and the switch that pauses every engagement rule", async ({ page }) => {
  test.slow(); // Saved, checked on another page, read back after a reload, then put back.
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/settings");
  const pause = page.getByLabel("Pause all engagement rules");
  const timeZone = page.getByLabel("Your shop’s time zone");
  await expect(pause).not.toBeChecked();
  await expect(timeZone).toHaveValue("UTC");

  await pause.check({ force: true });
  await timeZone.selectOption("Europe/Paris");
  await post(page, () => page.getByRole("button", { name: "Save" }).click());
  await expect(page.getByText("Settings saved", { exact: true }).first()).toBeVisible();

  // The rules page warns that engagement earns nothing while the switch is on.
  await page.getByRole("navigation", { name: "Demo admin" }).getByRole("link", { name: "Earning rules" }).click();
  await page.waitForURL(/\/app\/rules\?/);
  await expect(page.getByRole("heading", { name: "Earning rules", level: 1 })).toBeVisible();
  await expect(page.getByText("All engagement rules are paused")).toBeVisible();

  await openAdmin(page, "/app/settings");
  await expect(page.getByLabel("Pause all engagement rules")).toBeChecked();
  await expect(page.getByLabel("Your shop’s time zone")).toHaveValue("Europe/Paris");

  // Put the seed's settings back for the other specs.
  await page.getByLabel("Pause all engagement rules").uncheck({ force: true });
  await page.getByLabel("Your shop’s time zone").selectOption("UTC");
  await post(page, () => page.getByRole("button", { name: "Save" }).click());
  await expect(page.getByText("Settings saved", { exact: true }).first()).toBeVisible();
  await page.getByRole("navigation", { name: "Demo admin" }).getByRole("link", { name: "Earning rules" }).click();
  await page.waitForURL(/\/app\/rules\?/);
  await expect(page.getByRole("heading", { name: "Earning rules", level: 1 })).toBeVisible();
  await expect(page.getByText("All engagement rules are paused")).toHaveCount(0);
  expect(problems).toEqual([]);
});
