/**
 * The Tiers page in a real browser, through the demo admin host: the merchant adds a tier,
 * moves it into place and saves; then edits its threshold on the live programme and, before
 * saving, reads how many members would move up and what it costs; saves that; and removes the
 * tier again.
 *
 * Seed (demo/seed.ts): points over the lifetime, Bronze 0, Silver 300, Gold 600, Insider 5000
 * (sold with a product); Ada Lovelace holds Gold with 620 points, no other shopper has more
 * than 340. The test leaves the seed's tiers as it found them.
 */
import { expect, test, type Page, type Response } from "@playwright/test";
import { openAdmin, serveAppBridgeOffline, watchForBreakage } from "./admin-page";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

const isPost = (r: Response) => r.request().method() === "POST";

/** Clicks a button that posts the draft and waits for the server's answer. */
async function post(page: Page, button: string) {
  const answered = page.waitForResponse(isPost);
  await page.getByRole("button", { name: button, exact: true }).click();
  return answered;
}

test("a merchant adds a tier, previews a live edit of its threshold, saves it and removes the tier", async ({
  page,
}) => {
  test.slow(); // Several previews and saves, each settling every member of the demo shop.
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/tiers");
  await expect(page.getByRole("heading", { name: "Tiers", level: 1 })).toBeVisible();
  for (const name of ["1. Bronze", "2. Silver", "3. Gold", "4. Insider"]) {
    await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
  }

  // A new tier opens with its fields; a threshold below Gold's is explained, nothing saved.
  await page.getByRole("button", { name: "Add tier" }).last().click();
  await page.getByLabel("Name", { exact: true }).fill("Platinum");
  await page.getByLabel("Points to reach it").fill("400");
  await post(page, "Save");
  await expect(page.getByText("Nothing was saved.")).toBeVisible();
  await expect(page.getByText("Must be more than Insider’s 5,000 points")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("tiers-refused.png"), fullPage: true });

  // Between Gold and Insider: moved up one place, with a threshold between theirs.
  await page.getByLabel("Points to reach it").fill("1000");
  await page.getByRole("button", { name: "Move Platinum up" }).click();
  await expect(page.getByRole("heading", { name: "4. Platinum", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "5. Insider", exact: true })).toBeVisible();
  await post(page, "Preview");
  const preview = page.locator("#tier-edit-preview");
  await expect(preview).toContainText("0 members move up");
  await post(page, "Save");
  await expect(page.getByRole("heading", { name: "Tiers saved" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "4. Platinum", exact: true })).toBeVisible();

  // The live edit: Platinum from 610 points takes Ada (620) up; the preview says so before saving.
  await page.getByRole("button", { name: "Edit" }).nth(3).click();
  await page.getByLabel("Points to reach it").fill("610");
  await page.getByLabel("Entry reward").fill("0");
  await post(page, "Preview");
  await expect(preview).toContainText("1 member moves up");
  await expect(preview).toContainText("0 members move down");
  await expect(preview).toContainText("Gold → Platinum: 1");
  await expect(preview).toContainText("No entry rewards to post");
  await page.screenshot({ path: test.info().outputPath("tiers-preview.png"), fullPage: true });
  // Another change makes the preview out of date, and the page says so.
  await page.getByLabel("Points to reach it").fill("615");
  await expect(page.getByText("You changed the draft since this preview.")).toBeVisible();
  await page.getByLabel("Points to reach it").fill("610");
  await post(page, "Preview");
  await expect(page.getByText("You changed the draft since this preview.")).toHaveCount(0);

  await post(page, "Save");
  await expect(page.getByText("1 member moved up, 0 members moved down")).toBeVisible();

  // Ada's page shows the tier she was moved to, and the members list filters by it.
  await openAdmin(page, "/app/members");
  await page.getByRole("combobox", { name: "Tier" }).selectOption({ label: "Platinum" });
  await expect(page).toHaveURL(/tier=/);
  await expect(page.getByRole("row", { name: /Ada Lovelace/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Grace Hopper/ })).toHaveCount(0);
  await page.getByRole("link", { name: "Ada Lovelace" }).click();
  await page.waitForURL(/\/app\/members\/[\w-]+\?/);
  await expect(page.getByRole("heading", { name: "Tier history" })).toBeVisible();
  await expect(page.getByText("Gold → Platinum")).toBeVisible();

  // Removing the tier puts the seed back: Ada returns to Gold.
  await openAdmin(page, "/app/tiers");
  await page.getByRole("button", { name: "Remove Platinum" }).click();
  await post(page, "Preview");
  await expect(preview).toContainText("1 member moves down");
  await post(page, "Save");
  await expect(page.getByText("0 members moved up, 1 member moved down")).toBeVisible();
  await expect(page.getByRole("heading", { name: "4. Insider", exact: true })).toBeVisible();
  expect(problems).toEqual([]);
});

test("staff assign a tier by hand with a reason, and take it back", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/members");
  await page.getByRole("link", { name: "Grace Hopper" }).click();
  await page.waitForURL(/\/app\/members\/[\w-]+\?/);
  // Her page, not the list behind it (whose tier filter also says "Silver").
  await expect(page.getByRole("heading", { name: "Grace Hopper", level: 1 })).toBeVisible();
  await expect(page.getByText("Silver").first()).toBeVisible();

  const assign = page.getByRole("button", { name: "Assign tier" });
  await page.getByLabel("Tier to assign").selectOption({ label: "Gold" });
  await post(page, "Assign tier");
  await expect(page.getByText("Enter a reason. It is kept in the member’s tier history.")).toBeVisible();
  await page.getByLabel("Reason for the tier").fill("Press partner");
  await assign.click();
  await expect(page.getByText("Tier assigned")).toBeVisible();
  await expect(page.getByText("Given by staff")).toBeVisible();
  await expect(page.getByText("“Press partner”", { exact: true })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("member-tier.png"), fullPage: true });

  await page.getByLabel("Reason for the tier").fill("Test over");
  await page.getByRole("button", { name: "Remove manual tier" }).click();
  await expect(page.getByText("Manual tier removed")).toBeVisible();
  await expect(page.getByText("Given by staff")).toHaveCount(0);
  expect(problems).toEqual([]);
});
