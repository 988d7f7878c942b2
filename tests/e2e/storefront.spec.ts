/**
 * The storefront widget in a real browser, against the offline demo: the real Liquid block,
 * the real widget script, the demo's signed app proxy and the app's real proxy routes.
 * Seed (tests/e2e/serve.ts): customer 1001, Ada Lovelace, 620 points (and 45 pending); a 500-point reward
 * worth $5.00. Her first page view earns the demo's daily visit (5 points), so she has 625 by the
 * redeem test. The redeem test spends points (and a second tab then finds its Redeem refused),
 * so the suite expects a freshly seeded server.
 */
import { expect, test, type Page } from "@playwright/test";
import { layoutShiftSoFar } from "./layout-shift";
import { panelStatus, rewardCard } from "./loyalty-panel";
import { failOnPageErrors } from "./page-errors";

// In file order, in one worker even under fullyParallel: the redeem test spends the seeded
// points, and the error test before it needs them unspent.
test.describe.configure({ mode: "default" });

failOnPageErrors();

const launcher = (page: Page, name = "Rewards") => page.getByRole("button", { name, exact: true });
/** The shop's default reward (made with every new shop; the demo's has no French text): 500 points for $5.00 off. */
const FIVE_OFF = "$5.00 off your next order";

async function openAs(page: Page, viewer: "customer" | "guest", path = "/storefront") {
  await page.goto(`${path}?as=${viewer}`);
  await expect(launcher(page, path.startsWith("/fr") ? "Récompenses" : "Rewards")).toBeVisible();
}

test("a failed redemption says why in the widget's own words and lets the shopper try again", async ({ page }) => {
  // Shopify failing is simulated at the network edge; everything else is the real stack. The
  // answer's English `message` is for API readers: the widget words the code itself.
  await page.route("**/apps/loyalty/redeem", (route) =>
    route.fulfill({
      status: 502,
      contentType: "application/json",
      body: JSON.stringify({ error: "shopify_unavailable", message: "Server wording the shopper must not see." }),
    }),
  );
  await openAs(page, "customer");
  await launcher(page).click();
  const panel = page.getByRole("dialog", { name: "Hi Ada, your rewards" });
  const redeem = rewardCard(panel, FIVE_OFF).getByRole("button", { name: /^Redeem/ });
  await redeem.click();
  await expect(panelStatus(panel)).toHaveText(
    "We couldn't create your code just now. Your points have not been spent; please try again.",
  );
  await expect(redeem).toBeEnabled();
  await expect(redeem).toBeFocused();
  await expect(panel.getByRole("textbox", { name: "Discount code" })).toHaveCount(0);
});

test("a logged-in shopper sees their points and redeems a reward for a code", async ({ page, context }) => {
  // A second tab, in French, opened before the redemption: its Redeem button goes stale.
  const stale = await context.newPage();
  await openAs(stale, "customer", "/fr/storefront");
  await launcher(stale, "Récompenses").click();
  const stalePanel = stale.getByRole("dialog", { name: "Bonjour Ada, vos récompenses" });
  await expect(stalePanel.locator("[data-loyalty-balance]")).toHaveText("625");

  await openAs(page, "customer");
  const button = launcher(page);
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await button.click();
  await expect(button).toHaveAttribute("aria-expanded", "true");

  const panel = page.getByRole("dialog", { name: "Hi Ada, your rewards" });
  await expect(panel).toBeVisible();
  await expect(button).toHaveAttribute("aria-controls", (await panel.getAttribute("id"))!);
  const balance = panel.locator("[data-loyalty-balance]");
  await expect(balance).toHaveText("625"); // 620 seeded + the day's visit
  // The seed's unpaid order: its points are pending, shown but not spendable.
  await expect(panel.locator("[data-loyalty-pending]")).toHaveText(
    "45 more points on the way, once your order is complete",
  );

  const reward = rewardCard(panel, FIVE_OFF);
  await expect(reward).toHaveCount(1);
  await expect(reward).toContainText("500 points");
  const redeemRequest = page.waitForRequest(
    (request) => request.method() === "POST" && new URL(request.url()).pathname === "/apps/loyalty/redeem",
  );
  await reward.getByRole("button", { name: /^Redeem/ }).click();

  const sent = await redeemRequest;
  expect(sent.headers()["content-type"]).toBe("application/json");
  expect(sent.postDataJSON()).toEqual({ rewardId: expect.any(String) });

  const code = panel.getByRole("textbox", { name: "Discount code" });
  await expect(code).toHaveValue(/^LOYAL-/);
  await expect(code).toBeFocused();
  await expect(code).toHaveAttribute("readonly", "");
  await expect(balance).toHaveText("125");
  await expect(panelStatus(panel)).toContainText("$5.00");
  await expect(panelStatus(panel)).toContainText("125 points");
  await expect(panel.locator("[data-loyalty-result]").getByRole("button", { name: "Copy", exact: true })).toBeVisible();

  // 125 points cannot buy the 500-point reward any more: no Redeem button, what is missing instead.
  await expect(reward.getByRole("button")).toHaveCount(0);
  await expect(reward.locator("[data-loyalty-locked]")).toHaveText("375 more points");
  // The progress bar leads to the cheapest reward not yet covered: the 150-point tea sample.
  // The reward's bar, not the tier card's (Ada is Gold, on her way to Insider) nor a challenge's.
  const progress = panel
    .getByRole("progressbar")
    .and(panel.locator(":not([data-loyalty-tier] *):not([data-loyalty-challenges] *)"));
  await expect(progress).toHaveAttribute("aria-valuemin", "0");
  await expect(progress).toHaveAttribute("aria-valuemax", "100");
  await expect(progress).toHaveAttribute("aria-valuenow", /^\d{1,3}$/);
  await expect(panel.getByText("25 points to Analytical Engine Tea sample", { exact: true })).toBeVisible();
  // The app's refreshed answer lists the new code among the shopper's redemptions, ready to use.
  const listed = panel
    .locator("[data-loyalty-redemption]")
    .filter({ has: page.getByRole("textbox", { name: /^Code for / }) });
  await expect(listed.getByRole("textbox")).toHaveValue(await code.inputValue());
  await expect(listed).toContainText("Ready to use");

  // The stale tab: the app refuses, the widget says why in French with the app's numbers,
  // shows the balance the app holds and takes away the Redeem button it no longer allows.
  const staleReward = rewardCard(stalePanel, FIVE_OFF);
  await staleReward.getByRole("button", { name: /^Échanger/ }).click();
  await expect(panelStatus(stalePanel)).toHaveText(
    "Il vous faut 500 points pour cette récompense ; vous en avez 125 points.",
  );
  await expect(stalePanel.locator("[data-loyalty-balance]")).toHaveText("125");
  await expect(staleReward.getByRole("button")).toHaveCount(0);
  // Refreshed from the app: the new code, its value in French money formatting.
  await expect(stalePanel.locator("[data-loyalty-redemption]").first()).toContainText(/5,00\s\$US/);
  await stale.screenshot({ path: test.info().outputPath("refused-fr.png") });
});

test("a guest is invited to join, with the earn rate and links to register and sign in", async ({ page }) => {
  await openAs(page, "guest");
  await launcher(page).click();

  const panel = page.getByRole("dialog", { name: "Join our rewards programme" });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("link", { name: "Create an account" })).toHaveAttribute("href", /\/account\/register$/);
  await expect(panel.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", /\/account\/login$/);
  // Filled from the proxy's guest answer: how points are earned and what they unlock.
  await expect(panel.getByRole("heading", { name: "How to earn" })).toBeVisible();
  const reward = rewardCard(panel, FIVE_OFF);
  await expect(reward).toContainText("500 points");
  await expect(reward.getByRole("button")).toHaveCount(0);
  await expect(panel.locator("[data-loyalty-balance]")).toHaveCount(0);
});

test("a French guest reads the earn rate and the rewards in French, with French plural and money forms", async ({
  page,
}) => {
  await openAs(page, "guest", "/fr/storefront");
  await launcher(page, "Récompenses").click();
  const panel = page.getByRole("dialog", { name: "Rejoignez notre programme de fidélité" });
  await expect(panel.getByRole("heading", { name: "Comment gagner des points" })).toBeVisible();
  // From the proxy's numbers (1 point per unit, USD), worded and formatted here: never "$1".
  await expect(panel.locator("[data-loyalty-offer]")).toHaveText(/^1 point pour chaque tranche de 1\s\$US dépensée$/);
  await expect(rewardCard(panel, FIVE_OFF)).toContainText("500 points");
  // French number forms: the masterclass costs "2 500 points" (grouped with a narrow no-break space).
  await expect(rewardCard(panel, "Masterclass barista")).toContainText(/2\s500 points/);
  await expect(panel).not.toContainText("spent");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath("guest-fr-390.png") });
});

test("a spend rule's offer is worded in French: its rate, its minimum order and its first-order bonus", async ({
  page,
}) => {
  // The offer as the pricing policy would answer it for a 5-points rule (tested in
  // tests/integration/app-proxy.test.ts), set at the network edge on the real view.
  await page.route("**/apps/loyalty/customer?*", async (route) => {
    const view = await (await route.fetch()).json();
    view.earn = { offers: [{ pointsPerUnit: 5, minimumOrderMinor: 2000, firstOrderBonusPoints: 50 }] };
    await route.fulfill({ contentType: "application/json", body: JSON.stringify(view) });
  });
  await openAs(page, "guest", "/fr/storefront");
  await launcher(page, "Récompenses").click();
  await expect(page.locator("[data-loyalty-offer]")).toHaveText(
    /^5 points pour chaque tranche de 1\s\$US dépensée, pour les commandes d'au moins 20,00\s\$US$/,
  );
  await expect(page.getByText("Et 50 points de plus sur votre première commande")).toBeVisible();
  await page.unrouteAll({ behavior: "wait" });
});

test("an English guest reads the same earn rate in English", async ({ page }) => {
  await openAs(page, "guest");
  await launcher(page).click();
  await expect(page.locator("[data-loyalty-offer]")).toHaveText("1 point for every $1 spent");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: test.info().outputPath("guest-en-390.png") });
});

test("the launcher works with the keyboard alone", async ({ page }) => {
  await openAs(page, "customer");
  const button = launcher(page);

  // Tab from the top of the page until the launcher has focus.
  for (
    let presses = 0;
    presses < 40 && !(await button.evaluate((element) => element === document.activeElement));
    presses++
  ) {
    await page.keyboard.press("Tab");
  }
  await expect(button).toBeFocused();

  await page.keyboard.press("Enter");
  const panel = page.getByRole("dialog", { name: "Hi Ada, your rewards" });
  await expect(panel).toBeVisible();
  await expect(button).toHaveAttribute("aria-expanded", "true");
  await expect(panel).toBeFocused();
  await expect(panel.locator("[data-loyalty-balance]")).toHaveText(/^\d/);

  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(button).toBeFocused();

  // The close button is reachable and returns focus too.
  await page.keyboard.press("Enter");
  await expect(panel).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(panel.getByRole("button", { name: "Close rewards" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(panel).toBeHidden();
  await expect(button).toBeFocused();
});

test("the widget never moves page content", async ({ page }) => {
  await openAs(page, "customer");
  await expect(launcher(page)).toHaveCSS("position", "fixed");
  const headingBefore = await page.getByRole("heading", { level: 1 }).boundingBox();
  await launcher(page).click();
  await expect(page.getByRole("dialog")).toHaveCSS("position", "fixed");
  await expect(page.locator("[data-loyalty-balance]")).toBeVisible();
  expect(await page.getByRole("heading", { level: 1 }).boundingBox()).toEqual(headingBefore);

  const layoutShift = await layoutShiftSoFar(page);
  expect(layoutShift).toBeLessThan(0.01);
});

test("under a locale prefix the widget is translated and still reaches the proxy", async ({ page }) => {
  // Awaited from the start: a signed-in shopper's view is fetched as the page loads (for the pages that earn points).
  const proxyCall = page.waitForRequest((request) => new URL(request.url()).pathname === "/fr/apps/loyalty/customer");
  await openAs(page, "customer", "/fr/storefront");
  await launcher(page, "Récompenses").click();
  const sent = await proxyCall;
  expect(sent.headers()["accept"]).toBe("application/json");
  const panel = page.getByRole("dialog", { name: "Bonjour Ada, vos récompenses" });
  await expect(panel.locator("[data-loyalty-balance]")).toHaveText(/^\d/);
  await expect(panel.getByRole("heading", { name: "Bazar des récompenses", exact: true })).toBeVisible();
});

test("a member finds their referral link in the panel and can copy it", async ({ page }) => {
  await openAs(page, "customer");
  await launcher(page).click();
  const panel = page.getByRole("dialog", { name: "Hi Ada, your rewards" });
  await expect(panel.getByRole("heading", { name: "Refer a friend" })).toBeVisible();
  const link = panel.getByRole("textbox", { name: "Your referral link" });
  // The demo's referral rule is active: the link is the shop's home page with her code.
  await expect(link).toHaveValue(/^https:\/\/demo-loyalty\.myshopify\.com\/\?ref=[A-Z2-9]{8}$/);
  await panel.getByRole("button", { name: "Copy link" }).click();
  await expect(panel.getByRole("button", { name: "Copied" })).toBeVisible();
});
