/**
 * The demo's Rewards Bazaar as seeded (demo/seed.ts): every kind, in the order the widget
 * shows them, each a valid row of its kind; and the demo's fake Shopify issues each of them
 * the way the real gateway would be asked to.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { readRewardRow, REWARD_KINDS } from "../../app/domain/rewards/catalogue";
import { issuerFor } from "../../app/rewards/issuers.server";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { createFakeShopify } from "../../demo/fake-shopify";
import { DEMO_CUSTOMER_ID, DEMO_REWARD_IMAGE_PATH, DEMO_SHOP, seedDemoShop } from "../../demo/seed";
import { DEMO_SHOPPERS } from "../../demo/shoppers";
import { DEMO_CAMPAIGN_TITLES, DEMO_CHALLENGE_TITLES } from "../../demo/programme";
import { customerView } from "../../app/storefront/customer-view.server";

let restore: (() => void) | undefined;
afterEach(() => restore?.());

const APP_URL = "http://localhost:3999";

async function seededRewards() {
  await seedDemoShop(db, { extraMembers: 0, appUrl: APP_URL });
  const shop = await db.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
  const rows = await db.reward.findMany({ where: { shopId: shop.id }, orderBy: { position: "asc" } });
  return { shop, rows, rewards: rows.map(readRewardRow) };
}

describe("the demo's Rewards Bazaar", () => {
  it("offers every kind, in the catalogue's order, each a valid reward of its kind", async () => {
    const { shop, rows, rewards } = await seededRewards();

    expect(rewards.map((r) => [r.position, r.kind, r.title, r.costPoints])).toEqual([
      [0, "free_product", "Free coffee", 50],
      [1, "free_product", "Analytical Engine Tea sample", 150],
      [2, "amount_off", "$5.00 off your next order", 500],
      [3, "percent_off", "10% off orders over $50", 800],
      [4, "free_shipping", "Free shipping", 300],
      [5, "store_credit", "$10 store credit", 1000],
      [6, "custom", "Exclusive tote bag", 1200],
      [7, "custom", "Barista masterclass", 2500],
      [8, "points_to_discount", "Spend any amount", 100],
    ]);
    expect(new Set(rewards.map((r) => r.kind))).toEqual(new Set(REWARD_KINDS));
    expect(rows.every((r) => r.active && r.archivedAt === null)).toBe(true);

    const byTitle = new Map(rewards.map((r) => [r.title, r]));
    expect(byTitle.get("Analytical Engine Tea sample")).toMatchObject({ stockRemaining: 25 });
    expect(byTitle.get("10% off orders over $50")).toMatchObject({ percentOff: 10, minimumOrderMinor: 5000 });
    expect(byTitle.get("Free shipping")).toMatchObject({ maxShippingMinor: 1500 });
    expect(byTitle.get("$10 store credit")).toMatchObject({ valueMinor: 1000 });
    expect(byTitle.get("Exclusive tote bag")).toMatchObject({
      stockRemaining: 3,
      limits: { perCustomer: 1, perPeriod: null },
    });
    expect(byTitle.get("Spend any amount")).toMatchObject({ costPoints: 100, valueMinor: 100, maxPoints: 2000 });
    const gold = await db.tier.findFirstOrThrow({ where: { shopId: shop.id, name: "Gold" } });
    expect(byTitle.get("Barista masterclass")).toMatchObject({ minTierId: gold.id });

    const coffee = byTitle.get("Free coffee")!;
    expect(coffee.imageUrl).toBe(`${APP_URL}${DEMO_REWARD_IMAGE_PATH}`);
    expect(existsSync(join(process.cwd(), "public", DEMO_REWARD_IMAGE_PATH))).toBe(true);
    expect(coffee.translations.fr).toEqual({
      title: "Café offert",
      description: "Une tasse de notre café maison, offerte.",
    });
    expect(rewards.filter((r) => r.translations.fr?.title).length).toBeGreaterThanOrEqual(5);
  });

  it("keeps the featured shoppers' balances as the browser tests count on them", async () => {
    const { shop } = await seededRewards();
    const ada = await db.member.findFirstOrThrow({ where: { shopId: shop.id, customerId: DEMO_CUSTOMER_ID } });
    expect(ada.balance).toBe(620);
  });

  it("gives the big spender points for one of each kind, as an Insider no tier edit below it moves", async () => {
    const { shop, rewards } = await seededRewards();
    const charles = await db.member.findFirstOrThrow({
      where: { shopId: shop.id, customerId: DEMO_SHOPPERS.charles.id },
      include: { tier: true },
    });
    // The browser test redeems each kind once (spend any amount: three steps), the masterclass aside.
    const oneOfEach = rewards
      .filter((r) => r.title !== "Barista masterclass" && r.title !== "Analytical Engine Tea sample")
      .reduce((sum, r) => sum + (r.kind === "points_to_discount" ? 3 * r.costPoints : r.costPoints), 0);
    expect(oneOfEach).toBe(4150);
    expect(charles.balance).toBeGreaterThanOrEqual(oneOfEach);
    expect(charles.tier?.name).toBe("Insider");
  });

  it("the demo's fake Shopify issues, finds and takes back each kind", async () => {
    const { rewards } = await seededRewards();
    const shopify = createFakeShopify();
    restore = setShopifyGateway(shopify);

    for (const reward of rewards) {
      const isCode = !["store_credit", "custom"].includes(reward.kind);
      const request = {
        shopDomain: DEMO_SHOP,
        currencyCode: "USD",
        customerId: DEMO_CUSTOMER_ID,
        reward,
        redemption: {
          id: `redemption-${reward.id}`,
          code: isCode ? `LOYAL-${reward.position}AAA-BBBB` : null,
          valueMinor: reward.kind === "points_to_discount" ? 500 : "valueMinor" in reward ? reward.valueMinor : 0,
          expiresAt: null,
        },
      };
      const issuer = issuerFor(reward.kind);
      const issued = await issuer.issue(request);
      if (!isCode) continue;
      expect(issued).toMatchObject({ kind: "discount" });
      expect(await issuer.confirm(request)).toEqual(issued);
      await issuer.revoke(DEMO_SHOP, issued);
      expect(await issuer.confirm(request)).toBeNull();
      await issuer.revoke(DEMO_SHOP, issued); // gone already: done
    }

    expect(shopify.discounts).toEqual([]);
    expect(shopify.storeCredits).toEqual([
      expect.objectContaining({ shop: DEMO_SHOP, customerId: DEMO_CUSTOMER_ID, amount: "10.00", currencyCode: "USD" }),
    ]);
    expect(shopify.storeCreditBalance(DEMO_SHOP, DEMO_CUSTOMER_ID, "USD")).toBe(1000);
  });

  it("the fake Shopify keeps what each code was asked for, and fails as told", async () => {
    const { rewards } = await seededRewards();
    const shopify = createFakeShopify();
    restore = setShopifyGateway(shopify);
    const coffee = rewards.find((r) => r.title === "Free coffee")!;
    const shipping = rewards.find((r) => r.kind === "free_shipping")!;
    const request = (reward: typeof coffee, code: string | null) => ({
      shopDomain: DEMO_SHOP,
      currencyCode: "USD",
      customerId: DEMO_CUSTOMER_ID,
      reward,
      redemption: { id: code ?? "credit", code, valueMinor: 450, expiresAt: null },
    });

    await issuerFor("free_product").issue(request(coffee, "LOYAL-COFE-EEEE"));
    await issuerFor("free_shipping").issue(request(shipping, "LOYAL-SHIP-PPPP"));
    expect(shopify.discounts).toEqual([
      expect.objectContaining({
        type: "basic",
        code: "LOYAL-COFE-EEEE",
        value: { kind: "amount", amount: "4.50" },
        items: { kind: "variants", variantIds: ["47004"] },
      }),
      expect.objectContaining({ type: "free_shipping", code: "LOYAL-SHIP-PPPP", maxShippingPrice: "15.00" }),
    ]);

    shopify.failNext(1, "refused");
    const credit = rewards.find((r) => r.kind === "store_credit")!;
    await expect(issuerFor("store_credit").issue(request(credit, null))).rejects.toThrow(/HTTP 503/);
    expect(shopify.storeCredits).toEqual([]);
    shopify.failNext(1, "answer_lost");
    await expect(issuerFor("store_credit").issue(request(credit, null))).rejects.toThrow(/timed out/);
    expect(shopify.storeCredits).toHaveLength(1);
  });
});

describe("the demo's campaigns and challenges", () => {
  it("runs both campaigns now, and shows Charles part way through every challenge", async () => {
    const seededAt = new Date();
    await seedDemoShop(db, { extraMembers: 0, appUrl: APP_URL });
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
    const view = await customerView(db, shop, DEMO_SHOPPERS.charles.id, { now: seededAt });

    expect(view.campaigns.map((c) => [c.title, c.effect.type])).toEqual([
      [DEMO_CAMPAIGN_TITLES.double, "multiplier"],
      [DEMO_CAMPAIGN_TITLES.sale, "reward_price"],
    ]);
    const masterclass = view.rewards.find((r) => r.title === "Barista masterclass")!;
    expect(masterclass).toMatchObject({ costPoints: 2000, regularCostPoints: 2500 });
    expect(view.rewards.filter((r) => r.regularCostPoints !== null)).toHaveLength(1);

    const standing = Object.fromEntries(view.challenges.map((c) => [c.title, [c.progress, c.goal]]));
    expect(standing).toEqual({
      [DEMO_CHALLENGE_TITLES.visits]: [2, 5],
      [DEMO_CHALLENGE_TITLES.profile]: [1, 3],
      [DEMO_CHALLENGE_TITLES.streak]: [1, 2],
      [DEMO_CHALLENGE_TITLES.tenth]: [2, 10],
    });
    expect(view.challenges.find((c) => c.kind === "streak")!.streak).toMatchObject({ length: 1, nextStep: 2 });

    // Grace, whose visits the browser test makes, at the same 2 of 5; Ada has not started.
    const grace = await customerView(db, shop, DEMO_SHOPPERS.grace.id, { now: seededAt });
    expect(grace.challenges.find((c) => c.measure === "visits")).toMatchObject({ progress: 2, goal: 5 });
    const ada = await customerView(db, shop, DEMO_CUSTOMER_ID, { now: seededAt });
    expect(ada.challenges.every((c) => c.progress === 0)).toBe(true);
  });
});
