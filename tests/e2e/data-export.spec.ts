/**
 * The Export page in a real browser through the demo admin host (see admin.spec.ts): the
 * members CSV and the programme JSON Lines download with the session token, and the order
 * backfill card is offered. Nothing here changes the shared demo shop (the backfill is not
 * started: the other specs see the page as the seed left it).
 */
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { openAdmin, serveAppBridgeOffline, watchForBreakage } from "./admin-page";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

test("the Export page downloads the members CSV and the programme, and offers the order backfill", async ({ page }) => {
  const problems = watchForBreakage(page);
  await openAdmin(page, "/app/data");
  await expect(page.getByRole("heading", { name: "Download your data" })).toBeVisible();

  const csvDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download members CSV" }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toBe("members-demo-loyalty.csv");
  const lines = readFileSync((await csv.path())!, "utf8")
    .trimEnd()
    .split("\r\n");
  expect(lines[0]).toBe(
    "customer_id,email,first_name,last_name,balance,pending,lifetime_earned,lifetime_redeemed,tier,tier_source,tier_ends_at,joined_at",
  );
  expect(lines.some((line) => line.startsWith("1001,ada@example.com,Ada,Lovelace,"))).toBe(true);

  const jsonlDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download programme (JSON Lines)" }).click();
  const jsonl = await jsonlDownload;
  expect(jsonl.suggestedFilename()).toBe("programme-demo-loyalty.jsonl");
  const records = readFileSync((await jsonl.path())!, "utf8")
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string; customerId?: string });
  expect(records[0]).toMatchObject({ type: "export", shopDomain: "demo-loyalty.myshopify.com" });
  expect(records.some((r) => r.type === "member" && r.customerId === "1001")).toBe(true);
  expect(records.some((r) => r.type === "ledger_entry")).toBe(true);

  await expect(page.getByRole("heading", { name: "Bring in the last 60 days of orders" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Bring in orders/ })).toBeEnabled();
  expect(problems).toEqual([]);
});
