/**
 * What the storefront shows without asking the app (issue 14): the launcher's balance and tier
 * come from customer metafields, the pages that earn a visit from an app-data metafield of the
 * app's installation. Both are kept up to date by the scheduled facts work (runFactsWork): the
 * customer metafields follow every balance and tier change (an earn, a redemption, its cancel, a
 * tier move), and the pages follow every rule change (and the kill switch), through the version
 * the writers move on. What Shopify holds is rendered through the real launcher block, as the
 * demo storefront does, so the test reads what a shopper would see.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { tierColumns, tierSchema, type TierInput } from "../../app/domain/tiers/definition";
import { runFactsWork } from "../../app/jobs/facts-work.server";
import { action as ruleAction } from "../../app/routes/app.rules.$ruleId";
import { action as listAction } from "../../app/routes/app.rules._index";
import { cancelRedemption } from "../../app/rewards/cancel.server";
import { redeemReward } from "../../app/rewards/redeem.server";
import { createRule, deleteRule, setRuleActive, updateRule, type NewRuleInput } from "../../app/rules/rules.server";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { syncDueRewardedPages, syncRewardedPages } from "../../app/shopify-facts/rewarded-pages.server";
import { updateProgrammeSettings } from "../../app/shops/shops.server";
import { createFakeShopify, type FakeShopify } from "../../demo/fake-shopify";
import { renderLoyaltyBlock } from "../../demo/storefront";
import { deliverWebhook } from "../support/deliver";
import { customerFixture, installShop, paidOrderPayload, rewardFixture, uniqueId } from "../support/factories";
import { adminRequest, callRoute, webhookRequest } from "../support/signed-requests";
import { LOOKBOOK_RULE_FORM } from "../support/rule-forms";

let shopify: FakeShopify;
let restore: () => void;
beforeEach(() => {
  shopify = createFakeShopify();
  restore = setShopifyGateway(shopify);
});
afterEach(() => restore());

async function addTier(shopId: string, input: Omit<TierInput, "id">) {
  const tier = tierSchema.parse({ id: "new", ...input });
  const { id: _id, ...columns } = tier;
  return db.tier.create({ data: { shopId, ...tierColumns(columns) } });
}

async function paidOrder(shopDomain: string, customer: ReturnType<typeof customerFixture>, subtotal: string) {
  const response = await deliverWebhook(
    webhookRequest({
      shop: shopDomain,
      topic: "orders/paid",
      payload: paidOrderPayload({ id: uniqueId(), customer, subtotal }),
    }),
  );
  expect(response.status).toBe(200);
}

/** The launcher's tier-and-balance line as the shopper reads it, from what Shopify holds now; null: none shown. */
async function launcherStanding(shop: string, customerId: string): Promise<string | null> {
  const html = await renderLoyaltyBlock({
    shop,
    customerId,
    customerMetafields: shopify.customer(shop, customerId).metafields,
  });
  const standing = /class="loyalty-widget__standing">([\s\S]*?)<\/span>\s*<\/button>/.exec(html)?.[1];
  return standing
    ? standing
        .replace(/<[^>]+>/g, "")
        .replace(/[ \n]+/g, " ")
        .trim()
    : null;
}

/** The rewarded pages as the widget's config hands them to the script, from the app's installation metafield. */
async function configPages(shop: string): Promise<unknown> {
  const html = await renderLoyaltyBlock({
    shop,
    customerId: "1",
    appMetafields: shopify.appMetafields(shop),
  });
  const config = /<script type="application\/json" data-loyalty-config>([\s\S]*?)<\/script>/.exec(html)?.[1];
  return (JSON.parse(config!) as { pages: unknown }).pages;
}

describe("the launcher's customer metafields", () => {
  it("follow an earn, a redemption, its cancel and a tier move at the next facts sync", async () => {
    const shop = await installShop(db);
    await addTier(shop.id, { name: "Silver", position: 0, threshold: 0 });
    await addTier(shop.id, { name: "Gold", position: 1, threshold: 200 });
    const reward = await db.reward.create({
      data: { shopId: shop.id, ...rewardFixture("amount_off", { costPoints: 100 }) },
    });
    const customer = customerFixture();
    expect(await launcherStanding(shop.domain, customer.id), "not a member yet: the launcher alone").toBeNull();

    // An earn: the member exists, but Shopify learns of it at the next sync only.
    await paidOrder(shop.domain, customer, "120.00");
    expect(await launcherStanding(shop.domain, customer.id)).toBeNull();
    await runFactsWork(db);
    expect(await launcherStanding(shop.domain, customer.id)).toBe("Silver · 120 points");

    // A redemption spends points.
    const member = await db.member.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shop.id, customerId: customer.id } },
    });
    const { redemptionId } = await redeemReward(db, {
      shopId: shop.id,
      shopDomain: shop.domain,
      currencyCode: "USD",
      customerId: customer.id,
      rewardId: reward.id,
    });
    await runFactsWork(db);
    expect(await launcherStanding(shop.domain, customer.id)).toBe("Silver · 20 points");

    // Its cancel gives them back.
    await cancelRedemption(db, {
      shopId: shop.id,
      shopDomain: shop.domain,
      redemptionId,
      by: "shopper",
      memberId: member.id,
    });
    await runFactsWork(db);
    expect(await launcherStanding(shop.domain, customer.id)).toBe("Silver · 120 points");

    // A tier move: 220 points earned reach Gold.
    await paidOrder(shop.domain, customer, "100.00");
    await runFactsWork(db);
    expect(await launcherStanding(shop.domain, customer.id)).toBe("Gold · 220 points");
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(220);
  });
});

const LOOKBOOK: NewRuleInput = {
  kind: "page_visit",
  name: "Lookbook",
  points: 10,
  pages: [{ pattern: "/pages/lookbook", label: "Lookbook" }],
};

describe("the rewarded pages metafield", () => {
  it("is rewritten after each rule change and the kill switch, and only then", async () => {
    const shop = await installShop(db);
    const writes = () => shopify.appMetafieldCalls.filter((call) => call.shop === shop.domain).length;

    // A new shop has never been written: the first run writes its (empty) list.
    expect(await configPages(shop.domain), "before the app wrote anything").toBeNull();
    await runFactsWork(db);
    expect(await configPages(shop.domain)).toEqual([]);
    expect(writes()).toBe(1);

    const rule = await createRule(db, shop.id, LOOKBOOK);
    expect(await configPages(shop.domain), "the change is written by the next run, not before").toEqual([]);
    await runFactsWork(db);
    expect(await configPages(shop.domain)).toEqual([{ pattern: "/pages/lookbook", label: "Lookbook" }]);
    expect(writes()).toBe(2);

    // Nothing changed: nothing sent.
    await runFactsWork(db);
    expect(writes()).toBe(2);

    await updateRule(db, shop.id, rule.id, {
      ...LOOKBOOK,
      pages: [{ pattern: "/pages/lookbook", label: "Spring lookbook" }, { pattern: "/blogs/journal/*" }],
    });
    await runFactsWork(db);
    expect(await configPages(shop.domain)).toEqual([
      { pattern: "/pages/lookbook", label: "Spring lookbook" },
      { pattern: "/blogs/journal/*" },
    ]);

    await setRuleActive(db, shop.id, rule.id, false);
    await runFactsWork(db);
    expect(await configPages(shop.domain)).toEqual([]);

    await setRuleActive(db, shop.id, rule.id, true);
    await runFactsWork(db);
    expect(await configPages(shop.domain)).toHaveLength(2);

    // The kill switch pays no page.
    await updateProgrammeSettings(db, shop.domain, { pointsPerUnit: 1, engagementPaused: true });
    await runFactsWork(db);
    expect(await configPages(shop.domain)).toEqual([]);
    await updateProgrammeSettings(db, shop.domain, { pointsPerUnit: 1, engagementPaused: false });
    await runFactsWork(db);
    expect(await configPages(shop.domain)).toHaveLength(2);

    await deleteRule(db, shop.id, rule.id);
    await runFactsWork(db);
    expect(await configPages(shop.domain)).toEqual([]);
    expect(writes()).toBe(8);
    // Written to this shop's own installation, in the app's namespace.
    expect(shopify.appMetafieldCalls.filter((call) => call.shop === shop.domain)).toEqual(
      Array.from({ length: 8 }, () => ({
        shop: shop.domain,
        ownerId: shopify.appInstallationId(shop.domain),
        keys: ["loyalty_bazaar.pages"],
      })),
    );
  });

  it("a failed write leaves the shop due, and the next run writes it", async () => {
    const shop = await installShop(db);
    await createRule(db, shop.id, LOOKBOOK);
    shopify.failAppMetafieldWrites(1);
    await expect(syncRewardedPages(db, shop.id)).rejects.toThrow(/503/);
    expect(await configPages(shop.domain)).toBeNull();
    const row = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(row.pagesSyncedVersion).not.toBe(row.programVersion);

    await syncDueRewardedPages(db);
    expect(await configPages(shop.domain)).toEqual([{ pattern: "/pages/lookbook", label: "Lookbook" }]);
    const after = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(after.pagesSyncedVersion).toBe(after.programVersion);
    expect(await syncRewardedPages(db, shop.id)).toMatchObject({ written: false });
  });

  it("a rule saved, paused or deleted in the admin is written at once, without waiting for the run", async () => {
    const shop = await installShop(db);
    const post = (path: string, fields: Record<string, string>, params: Record<string, string> = {}) =>
      callRoute(
        (args) => (path === "/app/rules" ? listAction(args) : ruleAction({ ...args, params } as never)),
        adminRequest(shop.domain, `${path}?embedded=1&shop=${shop.domain}&host=aG9zdA`, {
          method: "POST",
          body: new URLSearchParams(fields),
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
      );
    const saved = await post("/app/rules/new", { intent: "save", ...LOOKBOOK_RULE_FORM }, { ruleId: "new" });
    expect(saved.status).toBe(302);
    expect(await configPages(shop.domain)).toEqual([{ pattern: "/pages/lookbook", label: "the Lookbook" }]);
    const ruleId = new URL(saved.headers.get("location")!, "https://x.test").searchParams.get("saved")!;

    expect((await post("/app/rules", { intent: "pause", ruleId })).status).toBe(200);
    expect(await configPages(shop.domain)).toEqual([]);
    expect((await post("/app/rules", { intent: "resume", ruleId })).status).toBe(200);
    expect(await configPages(shop.domain)).toHaveLength(1);
    expect((await post(`/app/rules/${ruleId}`, { intent: "delete" }, { ruleId })).status).toBe(302);
    expect(await configPages(shop.domain)).toEqual([]);

    // Shopify unreachable: the save stands, and the scheduled run writes the pages later.
    shopify.failAppMetafieldWrites(1);
    expect((await post("/app/rules/new", { intent: "save", ...LOOKBOOK_RULE_FORM }, { ruleId: "new" })).status).toBe(
      302,
    );
    expect(await configPages(shop.domain)).toEqual([]);
    await syncDueRewardedPages(db);
    expect(await configPages(shop.domain)).toHaveLength(1);
  });

  it("each shop gets its own pages, on its own installation", async () => {
    const one = await installShop(db);
    const two = await installShop(db);
    await createRule(db, one.id, LOOKBOOK);
    await createRule(db, two.id, { ...LOOKBOOK, pages: [{ pattern: "/pages/faq", label: "FAQ" }] });
    await syncDueRewardedPages(db);
    expect(await configPages(one.domain)).toEqual([{ pattern: "/pages/lookbook", label: "Lookbook" }]);
    expect(await configPages(two.domain)).toEqual([{ pattern: "/pages/faq", label: "FAQ" }]);
    expect(shopify.appInstallationId(one.domain)).not.toBe(shopify.appInstallationId(two.domain));
  });
});
