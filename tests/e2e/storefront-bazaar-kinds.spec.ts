/**
 * Issue 11's acceptance test: every kind of reward redeemed from the widget, in a real browser,
 * against the offline demo (the every-page script, the panel module, the signed app proxy, the
 * app's redeem route and issuers, the demo's fake Shopify). For each kind the shopper sees what
 * they got (a code to copy or apply, a request, store credit), the balance drops by what it
 * cost, and the fake Shopify holds what the app asked it for (/demo/shopify.json).
 *
 * The shopper is Charles (customer 1004, demo/shoppers.ts): an Insider by points with enough
 * of them for everything here (4,150 points in all), so Ada's and Katherine's balances, which
 * other specs count on, are left alone.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO_SHOPPERS } from "../../demo/shoppers";
import { panelStatus, rewardCard, shownBalance } from "./loyalty-panel";
import { failOnPageErrors } from "./page-errors";

// Each test reads the balance it starts from, so the order does not matter; one worker keeps
// their redemptions from racing for the same balance.
test.describe.configure({ mode: "default" });
failOnPageErrors();

const CHARLES = DEMO_SHOPPERS.charles;

async function openPanel(page: Page) {
  await page.goto("/storefront?as=charles");
  // The page's own visit is answered first: its note would otherwise land in the open panel.
  await page.evaluate(() => (window as unknown as { LoyaltyBazaar: { ready: Promise<void> } }).LoyaltyBazaar.ready);
  await page.getByRole("button", { name: "Rewards", exact: true }).click();
  const panel = page.getByRole("dialog", { name: `Hi ${CHARLES.first_name}, your rewards` });
  await expect(panel.locator("[data-loyalty-bazaar]")).toBeVisible();
  return panel;
}

/** New balance, as the status words it: "New balance: 4,805 points." */
const newBalance = (points: number) => `New balance: ${points.toLocaleString("en-US")} points.`;

/** Redeems a reward by its card's Redeem button; returns the balance before. */
async function redeem(panel: Locator, title: string) {
  const before = await shownBalance(panel);
  await rewardCard(panel, title)
    .getByRole("button", { name: `Redeem ${title}` })
    .click();
  return before;
}

/** The code just issued, with its Copy button and Shopify's link that applies it to the cart. */
async function expectCodeShown(panel: Locator, title: string) {
  const result = panel.locator("[data-loyalty-result]");
  const code = result.getByRole("textbox", { name: "Discount code" });
  await expect(code).toHaveValue(/^LOYAL-[A-Z0-9-]+$/);
  await expect(code).toBeFocused();
  const value = await code.inputValue();
  await expect(result.getByRole("button", { name: "Copy", exact: true })).toBeVisible();
  await expect(result.getByRole("link", { name: `Apply the ${title} code to your cart` })).toHaveAttribute(
    "href",
    `/discount/${encodeURIComponent(value)}?redirect=%2Fcart`,
  );
  // The refreshed view lists it among the shopper's redemptions, ready to use and cancellable.
  const listed = panel.locator("[data-loyalty-redemption]").first();
  await expect(listed.getByRole("textbox", { name: `Code for ${title}` })).toHaveValue(value);
  await expect(listed).toContainText("Ready to use");
  await expect(listed.getByRole("button", { name: `Cancel ${title} and get your points back` })).toBeVisible();
  return value;
}

/**
 * The shopper can read it: in the viewport and not under anything (the panel's sticky header),
 * judged where its first line is.
 */
async function expectReadable(locator: Locator) {
  await expect
    .poll(() =>
      locator.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return element.contains(document.elementFromPoint(box.left + box.width / 2, box.top + 6));
      }),
    )
    .toBe(true);
}

/** What the fake Shopify holds for the demo shop, as the app asked it for. */
async function shopify(page: Page) {
  const answer = await page.request.get("/demo/shopify.json");
  expect(answer.ok()).toBe(true);
  return (await answer.json()) as {
    discounts: ({ code: string; customerId: string; type: string } & Record<string, unknown>)[];
    storeCredits: ({ customerId: string; amount: string; currencyCode: string } & Record<string, unknown>)[];
  };
}

async function discountAtShopify(page: Page, code: string) {
  const found = (await shopify(page)).discounts.filter((d) => d.code === code);
  expect(found).toHaveLength(1);
  expect(found[0]!.customerId).toContain(CHARLES.id);
  return found[0]!;
}

const codeKinds = [
  {
    kind: "free_product",
    title: "Free coffee",
    cost: 50,
    says: (balance: number) => `Your code for Free coffee is ready. ${newBalance(balance)}`,
    // The coffee's price off once, on that product's variant only.
    atShopify: {
      type: "basic",
      value: { kind: "amount", amount: "4.50" },
      items: { kind: "variants", variantIds: [expect.stringContaining("47004")] },
    },
  },
  {
    kind: "amount_off",
    title: "$5.00 off your next order",
    cost: 500,
    says: (balance: number) => `Your code for $5.00 is ready. ${newBalance(balance)}`,
    atShopify: { type: "basic", value: { kind: "amount", amount: "5.00" }, items: { kind: "all" } },
  },
  {
    kind: "percent_off",
    title: "10% off orders over $50",
    cost: 800,
    says: (balance: number) => `Your code for 10% off orders over $50 is ready. ${newBalance(balance)}`,
    atShopify: { type: "basic", value: { kind: "percentage", percentage: 0.1 }, minimumSubtotal: "50.00" },
  },
  {
    kind: "free_shipping",
    title: "Free shipping",
    cost: 300,
    says: (balance: number) => `Your code for Free shipping is ready. ${newBalance(balance)}`,
    atShopify: { type: "free_shipping", maxShippingPrice: "15.00" },
  },
] as const;

for (const reward of codeKinds) {
  test(`${reward.kind}: "${reward.title}" gives a code to copy or apply, for ${reward.cost} points`, async ({
    page,
  }) => {
    // Two of them on a phone, where the panel is a full-screen sheet.
    const phone = reward.kind === "free_product" || reward.kind === "free_shipping";
    if (phone) await page.setViewportSize({ width: 390, height: 844 });
    const panel = await openPanel(page);
    const before = await redeem(panel, reward.title);
    const after = before - reward.cost;
    await expect(panel.locator("[data-loyalty-balance]")).toHaveText(after.toLocaleString("en-US"));
    await expect(panelStatus(panel)).toHaveText(reward.says(after));
    const code = await expectCodeShown(panel, reward.title);
    expect(await discountAtShopify(page, code)).toMatchObject(reward.atShopify);
    await page.screenshot({ path: test.info().outputPath(`${reward.kind}-${phone ? "390" : "desktop"}.png`) });
  });
}

test("points_to_discount: the shopper picks how many points to spend, in steps, and gets that much off", async ({
  page,
}) => {
  const panel = await openPanel(page);
  const card = rewardCard(panel, "Spend any amount");
  await expect(card).toContainText("100 points = $1.00 off");
  const field = card.getByRole("spinbutton", { name: "Points to spend" });
  await expect(field).toHaveValue("100"); // one step unless the shopper chooses more
  await expect(card.locator("output")).toHaveText("$1.00 off");

  await field.fill("300");
  await expect(card.locator("output")).toHaveText("$3.00 off");
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("picker-desktop.png") });
  const before = await shownBalance(panel);
  const sent = page.waitForRequest((request) => new URL(request.url()).pathname === "/apps/loyalty/redeem");
  await card.getByRole("button", { name: "Redeem Spend any amount" }).click();
  expect((await sent).postDataJSON()).toEqual({ rewardId: expect.any(String), points: 300 });

  const after = before - 300;
  await expect(panel.locator("[data-loyalty-balance]")).toHaveText(after.toLocaleString("en-US"));
  await expect(panelStatus(panel)).toHaveText(`Your code for $3.00 is ready. ${newBalance(after)}`);
  const code = await expectCodeShown(panel, "Spend any amount");
  await expect(panel.locator("[data-loyalty-redemption]").first()).toContainText("$3.00");
  expect(await discountAtShopify(page, code)).toMatchObject({
    type: "basic",
    value: { kind: "amount", amount: "3.00" },
    items: { kind: "all" },
  });
});

test("store_credit: $10.00 is credited to the shopper's store credit, no code", async ({ page }) => {
  const creditedBefore = (await shopify(page)).storeCredits.filter((c) => c.customerId.includes(CHARLES.id));
  const panel = await openPanel(page);
  const before = await redeem(panel, "$10 store credit");
  const after = before - 1000;
  await expect(panel.locator("[data-loyalty-balance]")).toHaveText(after.toLocaleString("en-US"));
  await expect(panelStatus(panel)).toHaveText(`$10.00 added to your store credit. ${newBalance(after)}`);
  await expectReadable(panelStatus(panel)); // no code to show: the panel scrolls up to the words
  await expect(panel.locator("[data-loyalty-result]")).toBeHidden();
  await expect(panel).toBeFocused(); // where the announcement is read from, the Redeem button being gone

  const listed = panel.locator("[data-loyalty-redemption]").first();
  await expect(listed).toContainText("$10 store credit");
  await expect(listed).toContainText("$10.00");
  await expect(listed).toContainText("Credited");
  await expect(listed.getByRole("textbox")).toHaveCount(0);
  await expect(listed.getByRole("button")).toHaveCount(0); // credit is spent at checkout, not taken back
  await listed.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("redemptions-desktop.png") });

  const credited = (await shopify(page)).storeCredits.filter((c) => c.customerId.includes(CHARLES.id));
  expect(credited).toHaveLength(creditedBefore.length + 1);
  expect(credited.at(-1)).toMatchObject({ amount: "10.00", currencyCode: "USD" });
});

test("custom: the tote bag is requested from the shop, one per member, out of its stock", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const panel = await openPanel(page);
  await page.screenshot({ path: test.info().outputPath("bazaar-390.png") });
  const tote = rewardCard(panel, "Exclusive tote bag");
  await expect(tote).toContainText("1,200 points · 3 left");
  const codesBefore = (await shopify(page)).discounts.length;
  const before = await redeem(panel, "Exclusive tote bag");
  const after = before - 1200;
  await expect(panel.locator("[data-loyalty-balance]")).toHaveText(after.toLocaleString("en-US"));
  await expect(panelStatus(panel)).toHaveText(
    `Requested: Exclusive tote bag. The shop will be in touch. ${newBalance(after)}`,
  );
  await expectReadable(panelStatus(panel));
  await page.screenshot({ path: test.info().outputPath("requested-390.png") });
  await expect(panel.locator("[data-loyalty-result]")).toBeHidden();

  const listed = panel.locator("[data-loyalty-redemption]").first();
  await expect(listed).toContainText("Exclusive tote bag");
  await expect(listed).toContainText("Requested");
  // The merchant fulfils or cancels a request; the shopper cannot take it back.
  await expect(listed.getByRole("button")).toHaveCount(0);
  // One per member: the card now says so, and the stock went down by one.
  await expect(tote.locator("[data-loyalty-locked]")).toHaveText("Already redeemed");
  await expect(tote).toContainText("2 left");
  // Nothing is created at Shopify for a request.
  expect((await shopify(page)).discounts).toHaveLength(codesBefore);
});
