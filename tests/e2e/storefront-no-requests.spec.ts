/**
 * What a page view costs the app (issue 14): nothing, once the day's visit is counted. In a
 * real browser against the offline demo, whose fake Shopify holds what the app wrote at start
 * (demo/start.ts runs the facts work): each member's balance and tier as customer metafields,
 * the pages that earn a visit as the app installation's metafield. Liquid renders both; the
 * every-page script asks the app proxy only to report what earns (the day's visit, a rewarded
 * page), and the panel fetches the fresh view when opened.
 * Seed: Ada (1001) has 620 points, Gold; Katherine (1003) 134, Bronze; the Lookbook page earns.
 */
import { expect, test, type Page, type Request } from "@playwright/test";
import { failOnPageErrors } from "./page-errors";

failOnPageErrors();

const launcher = (page: Page) => page.getByRole("button", { name: "Rewards", exact: true });

/** The page-load work of the widget (the visit, the page visit) is done, answered or not. */
const widgetSettled = (page: Page) =>
  page.evaluate(() => (window as unknown as { LoyaltyBazaar: { ready: Promise<void> } }).LoyaltyBazaar.ready);

/** Every request the page makes to the app proxy, as "METHOD path" (and the event's type, for an event). */
function proxyRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request: Request) => {
    const url = new URL(request.url());
    if (!url.pathname.includes("/apps/loyalty/")) return;
    const type = request.method() === "POST" ? ` ${(request.postDataJSON() as { type?: string } | null)?.type}` : "";
    seen.push(`${request.method()} ${url.pathname}${type}`);
  });
  return seen;
}

/** A page view, done: loaded, the widget's page-load work settled, and a moment for a late request. */
async function view(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("[data-loyalty-launcher]")).toBeVisible();
  await widgetSettled(page);
  await page.waitForTimeout(300);
}

test("the launcher shows a member's tier and balance with the app proxy blocked", async ({ page, context }) => {
  const blocked: string[] = [];
  await context.route("**/apps/loyalty/**", (route) => {
    blocked.push(new URL(route.request().url()).pathname);
    return route.abort();
  });
  await page.goto("/storefront?as=customer");
  await expect(launcher(page)).toHaveAccessibleDescription("Gold · 620 points");
  await expect(launcher(page).locator("[data-loyalty-points]")).toHaveText("620 points");
  await widgetSettled(page);
  // The only thing the page tried was the day's visit (blocked here: it earns another day).
  expect(blocked).toEqual(["/apps/loyalty/events"]);

  // In French, in the locale's words and digit grouping.
  await page.goto("/fr/storefront");
  await expect(page.getByRole("button", { name: "Récompenses", exact: true })).toHaveAccessibleDescription(
    "Gold · 620 points",
  );
});

test("a guest's page views make no request to the app", async ({ page }) => {
  const requests = proxyRequests(page);
  await view(page, "/storefront?as=guest");
  await expect(launcher(page)).not.toHaveAttribute("aria-describedby");
  await view(page, "/pages/lookbook");
  await view(page, "/products/analytical-engine-tea");
  expect(requests).toEqual([]);
});

test("a signed-in shopper's page views ask only what earns, once a day: the rest cost nothing", async ({ page }) => {
  const requests = proxyRequests(page);
  // The first view of the day reports the visit, and nothing else: no view is fetched to learn the pages.
  await view(page, "/storefront?as=katherine");
  await expect(launcher(page)).toHaveAccessibleDescription(/^Bronze · \d+ points$/);
  expect(requests).toEqual(["POST /apps/loyalty/events visit"]);

  // The day's visit is counted: another page view asks nothing.
  await view(page, "/storefront");
  await view(page, "/products/difference-notebook");
  expect(requests).toEqual(["POST /apps/loyalty/events visit"]);

  // The rewarded page (known from Liquid) is reported once, then costs nothing either.
  await view(page, "/pages/lookbook");
  await view(page, "/pages/lookbook");
  await view(page, "/fr/pages/lookbook");
  expect(requests).toEqual(["POST /apps/loyalty/events visit", "POST /apps/loyalty/events page_visit"]);

  // Opening the panel fetches the fresh view.
  await view(page, "/storefront");
  expect(requests).toHaveLength(2);
  await launcher(page).click();
  await expect(page.getByRole("dialog", { name: "Hi Katherine, your rewards" })).toBeVisible();
  await expect.poll(() => requests.at(-1)).toBe("GET /apps/loyalty/customer");
});
