/**
 * The Events API page in a real browser and the API over real HTTP (Express in front of
 * Remix, raw bodies as the network delivers them): the merchant creates a secret, a server
 * posts with it through the example client to the endpoint the page shows, the page's sample
 * curl works when pasted in a shell, and rotating the secret shuts the old one out at once.
 * The demo seed has no custom rule, so the event posted is a built-in visit, processed with
 * nothing to award.
 */
import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { postEvent } from "../../examples/events-client";
import { SAMPLE_CUSTOMER_ID } from "../../app/domain/events-api-curl";
import { serveAppBridgeOffline, watchForBreakage } from "./admin-page";

const SHOP = "demo-loyalty.myshopify.com";

test.beforeEach(async ({ page }) => {
  await serveAppBridgeOffline(page);
});

async function openEventsPage(page: Page) {
  await page.goto(`/admin?path=${encodeURIComponent("/app/developers")}`);
  await expect(page).toHaveURL(/\/app\/developers\?/);
  await page.waitForFunction(() => document.body.style.backgroundColor !== "");
}

/** The members list's first rows (newest first), read in a second tab of the same admin. */
async function newestMembers(page: Page): Promise<string[]> {
  const members = await page.context().newPage();
  await serveAppBridgeOffline(members);
  await members.goto(`/admin?path=${encodeURIComponent("/app/members")}`);
  await expect(members).toHaveURL(/\/app\/members\?/);
  await members.waitForFunction(() => document.body.style.backgroundColor !== "");
  const rows = await members.getByRole("row").allInnerTexts();
  await members.close();
  return rows.slice(0, 4);
}

test("a merchant creates and rotates the events secret; events signed with it are accepted, then refused", async ({
  page,
}) => {
  const problems = watchForBreakage(page);
  await openEventsPage(page);
  await expect(page.getByRole("heading", { name: "Events API", level: 1 })).toBeVisible();
  await expect(page.getByText("Not created")).toBeVisible();
  const endpoint = await page.getByRole("textbox", { name: "POST requests to" }).inputValue();
  expect(new URL(endpoint).pathname).toBe("/api/v1/events");
  await expect(page.getByRole("textbox", { name: "X-Loyalty-Shop header" })).toHaveValue(SHOP);

  await page.getByRole("button", { name: "Create secret" }).click();
  const secretField = page.getByRole("textbox", { name: "Events secret", exact: true });
  await expect(secretField).toHaveValue(/^lbes_/);
  const first = await secretField.inputValue();
  await expect(page.getByText(`Active, ends in …${first.slice(-4)}`)).toBeVisible();
  const sample = page.getByRole("textbox", { name: "Sample request" });
  await expect(sample).toHaveValue(new RegExp(`SECRET='${first}'`));
  // The sample, pasted in a terminal as the page says: signed correctly (no invalid_signature),
  // it is refused for its placeholder customer, so it awards nothing and enrols no one.
  const newestBefore = await newestMembers(page);
  const answer = JSON.parse(execFileSync("bash", ["-c", await sample.inputValue()], { encoding: "utf8" }));
  expect(answer).toMatchObject({ error: "invalid_body", issues: [expect.objectContaining({ path: "customerId" })] });
  expect(await newestMembers(page)).toEqual(newestBefore);
  // With a real customer's id in the placeholder's place, it earns the demo's first custom
  // action ("Launch our mobile app", 20 points), for Alan, a seeded member no other spec counts
  // on (the storefront suites count on Ada's and Katherine's balances, demo/shoppers.ts).
  const withAlan = (await sample.inputValue()).replace(SAMPLE_CUSTOMER_ID, "2000");
  const earned = JSON.parse(execFileSync("bash", ["-c", withAlan], { encoding: "utf8" }));
  expect(earned).toMatchObject({ awards: [expect.objectContaining({ points: 20 })] });

  // Accepted: Ada's visit is answered by the rules (earned now, or already earned today).
  const visit = { customerId: "1001", type: "visit" as const };
  const accepted = await postEvent({ endpoint, shopDomain: SHOP, secret: first, maxAttempts: 1 }, visit);
  expect(accepted).toMatchObject({ status: 200, body: { balance: expect.any(Number) } });
  const { awards, refusals } = accepted.body as { awards: unknown[]; refusals: unknown[] };
  expect([...awards, ...refusals]).toHaveLength(1);

  await page.getByRole("button", { name: "Rotate secret…" }).click();
  await expect(page.getByText("The current secret stops working immediately")).toBeVisible();
  await page.getByRole("button", { name: "Rotate now" }).click();
  await expect(secretField).not.toHaveValue(first);
  const second = await secretField.inputValue();
  expect(second).toMatch(/^lbes_/);

  const refused = await postEvent({ endpoint, shopDomain: SHOP, secret: first, maxAttempts: 1 }, visit);
  expect([refused.status, refused.body.error]).toEqual([401, "invalid_signature"]);
  expect((await postEvent({ endpoint, shopDomain: SHOP, secret: second, maxAttempts: 1 }, visit)).status).toBe(200);

  const reference = await page.request.get("/api/v1/openapi.json");
  expect((await reference.json()).paths).toHaveProperty(["/api/v1/events"]);
  expect(problems).toEqual([]);
});
