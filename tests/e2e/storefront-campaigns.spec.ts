/**
 * Campaigns and challenges in the storefront widget, in a real browser against the offline
 * demo (the real Liquid blocks and locale files, the panel module, the signed app proxy).
 * Seed (demo/programme.ts): "Double points on orders for Gold and Insider members" until the
 * sixth day after the seed, the masterclass 20% cheaper for 30 days; Charles and Grace at 2 of 5
 * visits this month, 1 of 3 profile details, a week into the order streak, their orders toward
 * the 10th. Only this spec visits as Grace: her bar is the one that moves.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { layoutShiftSoFar } from "./layout-shift";
import { rewardCard } from "./loyalty-panel";
import { failOnPageErrors } from "./page-errors";

test.describe.configure({ mode: "default" });
failOnPageErrors();

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function openPanel(page: Page, url: string, launcher: string, title: string) {
  await page.goto(url);
  await page.getByRole("button", { name: launcher, exact: true }).click();
  const panel = page.getByRole("dialog", { name: title });
  await expect(panel.locator("[data-loyalty-challenges]")).toBeVisible();
  return panel;
}

// By exact title and by what each banner says: the admin's browser tests add campaigns and
// challenges of their own ("… (e2e)") to the same demo shop, and a weekend one runs on weekends.
const challengeBar = (scope: Locator, title: string) => scope.getByRole("progressbar", { name: title, exact: true });
const banner = (scope: Locator, text: string | RegExp) =>
  scope.locator("[data-loyalty-campaign]").filter({ hasText: text });
const DOUBLE_POINTS = "Double points on orders for Gold and Insider members";
const SLOW_MONTH_SALE = /^Rewards 20% fewer points until/;

async function expectCampaignsAndChallenges(scope: Locator) {
  // The end in the shopper's words: a weekday within the week, else a date.
  await expect(banner(scope, DOUBLE_POINTS).locator("strong")).toHaveText(
    /^Double points until (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/,
  );
  await expect(banner(scope, SLOW_MONTH_SALE).locator("strong")).toHaveText(
    /^Rewards 20% fewer points until [A-Z][a-z]+ \d{1,2}, \d{4}$/,
  );

  // The masterclass on its campaign price, the regular one struck through (and said to screen readers).
  const masterclass = rewardCard(scope, "Barista masterclass");
  await expect(masterclass.locator("s")).toHaveText("Regular price: 2,500 points");
  await expect(masterclass.locator("[data-loyalty-campaign-price] strong")).toHaveText("2,000 points");

  const visits = challengeBar(scope, "Visit 5 times this month");
  await expect(visits).toHaveAttribute("aria-valuemax", "5");
  await expect(visits).toHaveAttribute("aria-valuetext", /^\d of 5 visits this month$/);
  const challenge = scope
    .locator("[data-loyalty-challenge]")
    .filter({ has: scope.page().getByRole("progressbar", { name: "Visit 5 times this month", exact: true }) });
  await expect(challenge).toContainText("Complete it for 50 points");
  await expect(challengeBar(scope, "Complete your profile")).toHaveAttribute(
    "aria-valuetext",
    "1 of 3 profile details",
  );
  await expect(challengeBar(scope, "Weekly order streak")).toHaveAttribute("aria-valuetext", "Week 1 of your streak");
  await expect(scope.locator("[data-loyalty-challenge][data-kind=streak]")).toContainText(
    "Reach 2 weeks in a row for 50 points",
  );
  await expect(challengeBar(scope, "Your 10th order")).toHaveAttribute("aria-valuetext", "2 of 10 orders");
}

for (const [name, viewport] of [
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const) {
  test(`the panel shows the running campaigns, the campaign price and each challenge's bar (${name})`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    const panel = await openPanel(page, "/storefront?as=charles", "Rewards", "Hi Charles, your rewards");
    await expectCampaignsAndChallenges(panel);
    expect(await layoutShiftSoFar(page)).toBeLessThan(0.01);
    const banner = (await panel.locator("[data-loyalty-campaign]").first().boundingBox())!;
    expect(banner.width).toBeLessThanOrEqual(viewport.width);
    await page.screenshot({ path: test.info().outputPath(`panel-campaigns-${name}.png`) });
    await panel.locator("[data-loyalty-challenges]").scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`panel-challenges-${name}.png`) });
  });
}

test("the loyalty page shows the same banners and bars, in the page", async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto("/pages/rewards?as=charles");
  const section = page.getByRole("region", { name: "Our rewards" });
  await expectCampaignsAndChallenges(section);
  expect(await layoutShiftSoFar(page)).toBeLessThan(0.05);
  await page.screenshot({ path: test.info().outputPath("page-campaigns-desktop.png"), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: test.info().outputPath("page-campaigns-phone.png"), fullPage: true });
});

test("a guest sees the campaigns and the challenges at the start", async ({ page }) => {
  await page.setViewportSize(PHONE);
  const panel = await openPanel(page, "/storefront?as=guest", "Rewards", "Join our rewards programme");
  await expect(banner(panel, DOUBLE_POINTS)).toHaveCount(1);
  await expect(banner(panel, SLOW_MONTH_SALE)).toHaveCount(1);
  await expect(challengeBar(panel, "Visit 5 times this month")).toHaveAttribute(
    "aria-valuetext",
    "0 of 5 visits this month",
  );
  await expect(challengeBar(panel, "Weekly order streak")).toHaveAttribute(
    "aria-valuetext",
    "Start your streak this week",
  );
  await page.screenshot({ path: test.info().outputPath("panel-guest-phone.png") });
});

test("in French: the banners, the campaign price and the bars in the shopper's words", async ({ page }) => {
  await page.setViewportSize(PHONE);
  const panel = await openPanel(page, "/fr/storefront?as=charles", "Récompenses", "Bonjour Charles, vos récompenses");
  await expect(
    banner(panel, "Points doublés sur les commandes des membres Gold et Insider").locator("strong"),
  ).toHaveText(/^Points doublés jusqu'à (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)$/);
  await expect(banner(panel, /^Récompenses à 20/).locator("strong")).toHaveText(
    /^Récompenses à 20\s% de points en moins jusqu'au \d{1,2} \S+ \d{4}$/,
  );
  await expect(rewardCard(panel, "Masterclass barista").locator("s")).toHaveText(/^Prix habituel : 2\s500 points$/);
  const visits = challengeBar(panel, "Venez 5 fois ce mois-ci");
  await expect(visits).toHaveAttribute("aria-valuetext", /^Visites : \d sur 5 ce mois-ci$/);
  await expect(challengeBar(panel, "Série de commandes hebdomadaires")).toHaveAttribute(
    "aria-valuetext",
    "Semaine 1 de votre série",
  );
  await page.screenshot({ path: test.info().outputPath("panel-campaigns-fr-phone.png") });
  await panel.locator("[data-loyalty-challenges]").scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("panel-challenges-fr-phone.png") });
});

test("a challenge's bar moves after a visit: Grace at 2 of 5 opens a page, the widget reports the day's visit, 3 of 5", async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  // The day's visit is held at the network edge until the bar has been read at 2.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/apps/loyalty/events*", async (route) => {
    await held;
    await route.continue();
  });
  const visitSent = page.waitForRequest(
    (request) =>
      new URL(request.url()).pathname.endsWith("/apps/loyalty/events") && request.postDataJSON()?.type === "visit",
  );
  const panel = await openPanel(page, "/storefront?as=grace", "Rewards", "Hi Grace, your rewards");
  const bar = challengeBar(panel, "Visit 5 times this month");
  await expect(bar).toHaveAttribute("aria-valuenow", "2");
  await expect(bar).toHaveAttribute("aria-valuetext", "2 of 5 visits this month");
  await visitSent;

  release();
  await expect(bar).toHaveAttribute("aria-valuenow", "3");
  await expect(bar).toHaveAttribute("aria-valuetext", "3 of 5 visits this month");
  await expect(panel.getByText("3 of 5 visits this month", { exact: true })).toBeVisible();
  const width = await bar.locator("span").evaluate((node) => (node as HTMLElement).style.width);
  expect(parseFloat(width)).toBeCloseTo(60, 1);
  await bar.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("visit-moves-bar-phone.png") });
});
