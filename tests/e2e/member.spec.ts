/**
 * The member page in a real browser, through the demo admin host: open a member from the
 * list, read their history, adjust their points with a reason.
 *
 * Uses Grace Hopper (grace@example.com, 340 points from one order in the seed): other specs
 * count on Ada Lovelace's 620 points.
 */
import { expect, test, type Page } from "@playwright/test";
import { serveAppBridgeOffline, watchForBreakage } from "./admin-page";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

/** Waits until React has taken over the page (Polaris sets the body colours on mount). */
async function hydrated(page: Page) {
  await page.waitForFunction(() => document.body.style.backgroundColor !== "");
}

test("a member's page shows their history, and staff adjust their points with a reason", async ({ page }) => {
  const problems = watchForBreakage(page);
  await page.goto(`/admin?path=${encodeURIComponent("/app/members")}`);
  await expect(page).toHaveURL(/\/app\/members\?/);
  await hydrated(page);

  // From the members list to Grace's page.
  await page
    .getByRole("row", { name: /Grace Hopper/ })
    .getByRole("link", { name: "Grace Hopper" })
    .click();
  await expect(page).toHaveURL(/\/app\/members\/[\w-]+\?.*shop=demo-loyalty\.myshopify\.com/);
  await expect(page.getByRole("heading", { name: "Grace Hopper", level: 1 })).toBeVisible();

  const history = page.getByRole("table");
  const rows = history.getByRole("row");
  await expect(rows.filter({ hasText: /Earned on order/ })).toHaveCount(1);
  const balanceText = await page
    .getByText("Balance", { exact: true })
    .locator("xpath=following-sibling::*[1]")
    .textContent();
  const before = Number(balanceText?.replace(/,/g, ""));
  expect(before).toBeGreaterThan(0);

  const points = page.getByLabel("Points", { exact: true });
  const reason = page.getByLabel("Reason", { exact: true });
  const submit = page.getByRole("button", { name: "Adjust points" });

  // A missing reason is explained, and the points typed are kept.
  await points.fill("5");
  await submit.click();
  await expect(page.getByText("Enter a reason.")).toBeVisible();
  await expect(points).toHaveValue("5");

  // Add 5 points with a reason: a confirmation, the new balance and the history line.
  await reason.fill("Thanks for the bug report");
  await submit.click();
  await expect(page.getByText("Added 5 points")).toBeVisible();
  await expect(page).toHaveURL(/[?&]adjusted=/);
  await expect(page.getByText(`The balance is now ${before + 5} points.`)).toBeVisible();
  const added = rows.filter({ hasText: "Thanks for the bug report" });
  await expect(added).toHaveCount(1);
  await expect(added).toContainText("Adjusted by staff");
  await expect(added).toContainText("+5");
  await expect(added.getByRole("cell").nth(3)).toHaveText(String(before + 5));
  await expect(points).toHaveValue(""); // a fresh form for the next adjustment

  // A reload shows the page again and does not post the form a second time.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Grace Hopper", level: 1 })).toBeVisible();
  await expect(rows.filter({ hasText: "Thanks for the bug report" })).toHaveCount(1);

  // Removing more than she has is refused with the reason why.
  await page.getByLabel("Points", { exact: true }).fill(String(-(before + 6)));
  await page.getByLabel("Reason", { exact: true }).fill("Too much");
  await page.getByRole("button", { name: "Adjust points" }).click();
  await expect(
    page.getByText(`This member has only ${before + 5} points; you can remove at most ${before + 5}.`),
  ).toBeVisible();

  // Take the 5 points back, so the demo data is as seeded for anything after this test.
  await page.getByLabel("Points", { exact: true }).fill("-5");
  await page.getByLabel("Reason", { exact: true }).fill("Undo the e2e test's points");
  await page.getByRole("button", { name: "Adjust points" }).click();
  await expect(page.getByText("Removed 5 points")).toBeVisible();
  await expect(rows.filter({ hasText: "Undo the e2e test's points" })).toContainText("-5");
  await expect(page.getByText(`The balance is now ${before} points.`)).toBeVisible();

  // Back to the list, where her balance is as before.
  await page.getByRole("link", { name: "Members" }).first().click();
  await expect(
    page
      .getByRole("row", { name: /Grace Hopper/ })
      .getByRole("cell")
      .nth(3), // after name, e-mail and tier
  ).toHaveText(String(before));
  expect(problems).toEqual([]);
});
