/**
 * Campaigns on earning and reward prices, through signed webhooks, the award path and the
 * redeem route, on both databases and (on PostgreSQL) both order transaction paths: an order
 * placed while a campaign runs earns its multiplier as a component naming it, refunds take
 * that share back in proportion and a cancellation all of it; an order outside the schedule
 * earns as usual; a tier and a campaign combine under each stacking policy; an engagement
 * award takes a running bonus; a redemption spends the campaign's lowered price; another
 * shop's campaign changes nothing; the customer's tags follow customers/update.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { projectCampaignCost } from "../../app/campaigns/projection.server";
import { db } from "../../app/db.server";
import { campaignDefinitionSchema, type CampaignDefinition } from "../../app/domain/campaigns/definition";
import { readCustomerTags } from "../../app/domain/customer-sync";
import { readEarnComponents } from "../../app/domain/order-earnings";
import type { OrderTransactionPath } from "../../app/orders/order-store.server";
import { action as redeem } from "../../app/routes/proxy.redeem";
import { awardEvent } from "../../app/rules/award.server";
import { createRule } from "../../app/rules/rules.server";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { bumpProgramVersion } from "../../app/shops/shops.server";
import { createDeliveryBatch } from "../../app/webhooks/batch.server";
import { dispatchWebhook } from "../../app/webhooks/dispatch.server";
import { parseWebhookBody } from "../../app/webhooks/json-body";
import { createFakeShopify } from "../../demo/fake-shopify";
import {
  cancelledOrderPayload,
  customerFixture,
  customerWebhookPayload,
  installShop,
  memberWithBalance,
  paidOrderPayload,
  refundPayload,
  uniqueId,
  type CustomerFixture,
} from "../support/factories";
import { campaignRow } from "../support/programme-rows";
import { callRoute, proxyRequest } from "../support/signed-requests";
import type { JsonObject } from "../support/webhook-fixtures";

type CampaignInput = Parameters<typeof campaignRow>[0]["definition"];

/** A campaign stored as the admin would (the row validated), with the programme's version moved. */
async function addCampaign(shopId: string, title: string, definition: CampaignInput | CampaignDefinition) {
  const row = await db.campaign.create({ data: { shopId, ...campaignRow({ title, definition }) } });
  await bumpProgramVersion(db, shopId);
  return row;
}

/** A webhook as the route hands it to the dispatch, through a batch whose order transactions run `path`. */
async function deliver(domain: string, topic: string, payload: JsonObject, path?: OrderTransactionPath) {
  const batch = createDeliveryBatch(db, path ? { orderTransactions: path } : {});
  return dispatchWebhook(
    db,
    {
      shopDomain: domain,
      topic,
      deliveryId: `event-${uniqueId()}`,
      triggeredAt: null,
      payload: parseWebhookBody(JSON.stringify(payload)),
    },
    batch,
  );
}

/** Shopify's documented orders/paid example, placed at `placedAt` (what campaigns are read at). */
function orderPlacedAt(customer: CustomerFixture, subtotal: string, placedAt: string) {
  return { ...paidOrderPayload({ customer, subtotal }), created_at: placedAt };
}

const accountOf = (shopId: string, orderId: number) =>
  db.orderAccount.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId: String(orderId) } } });
const balanceOf = async (shopId: string, customerId: string) =>
  (await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } })).balance;

// A past weekend: orders are read at their created_at, which must not be in the future.
const WEEKEND = { startsAt: "2026-03-07T00:00:00Z", endsAt: "2026-03-09T00:00:00Z" };
const DURING = "2026-03-07T15:00:00Z";
const OUTSIDE = "2026-03-10T15:00:00Z";
const doubleWeekend = {
  schedule: { type: "once", ...WEEKEND },
  effect: { type: "multiplier", multiplierHundredths: 200 },
} as const;

describe("an order during a running campaign", () => {
  for (const path of ["prisma", "direct"] as const) {
    it(`earns the campaign's multiplier as a component naming it, reversed in proportion and then all (${path})`, async () => {
      const shop = await installShop(db);
      const campaign = await addCampaign(shop.id, "Double points weekend", doubleWeekend);
      const customer = customerFixture();
      const order = orderPlacedAt(customer, "100.00", DURING);
      await deliver(shop.domain, "orders/paid", order, path);

      const account = await accountOf(shop.id, order.id);
      expect(account.earnedPoints).toBe(200);
      expect(readEarnComponents(account.earnComponents)).toEqual([
        { source: "settings_rate", ruleId: null, points: 100 },
        { source: "campaign_multiplier", ruleId: null, points: 100, campaignId: campaign.id },
      ]);
      const entry = await db.ledgerEntry.findFirstOrThrow({ where: { shopId: shop.id, causeType: "order" } });
      expect(entry.reason).toBe("Double points weekend ×2");
      expect(await balanceOf(shop.id, customer.id)).toBe(200);

      // A quarter refunded: a quarter of each component (25 + 25).
      await deliver(shop.domain, "refunds/create", refundPayload({ orderId: order.id, subtotals: ["25.00"] }), path);
      expect((await accountOf(shop.id, order.id)).reversedPoints).toBe(50);
      expect(await balanceOf(shop.id, customer.id)).toBe(150);

      await deliver(shop.domain, "orders/cancelled", cancelledOrderPayload(order.id), path);
      expect((await accountOf(shop.id, order.id)).reversedPoints).toBe(200);
      expect(await balanceOf(shop.id, customer.id)).toBe(0);
    });
  }

  it("earns as usual when placed outside the schedule, or when the campaign is paused", async () => {
    const shop = await installShop(db);
    await addCampaign(shop.id, "Double points weekend", doubleWeekend);
    const customer = customerFixture();
    const outside = orderPlacedAt(customer, "100.00", OUTSIDE);
    await deliver(shop.domain, "orders/paid", outside);
    expect(readEarnComponents((await accountOf(shop.id, outside.id)).earnComponents)).toEqual([
      { source: "settings_rate", ruleId: null, points: 100 },
    ]);

    await db.campaign.updateMany({ where: { shopId: shop.id }, data: { active: false } });
    await bumpProgramVersion(db, shop.id);
    const paused = orderPlacedAt(customer, "100.00", DURING);
    await deliver(shop.domain, "orders/paid", paused);
    expect((await accountOf(shop.id, paused.id)).earnedPoints).toBe(100);
  });

  it.each([
    ["multiply", 300, 67, 133],
    ["add", 250, 50, 100],
    ["highest", 200, 0, 100],
  ] as const)("combines a ×1.5 tier and a ×2 campaign under %s", async (stacking, points, tierPart, campaignPart) => {
    const shop = await installShop(db);
    await db.shop.update({ where: { id: shop.id }, data: { campaignStacking: stacking } });
    const campaign = await addCampaign(shop.id, "Double points weekend", doubleWeekend);
    const customer = customerFixture();
    const tier = await db.tier.create({
      data: { shopId: shop.id, name: "Gold", position: 1, threshold: 500n, multiplierHundredths: 150 },
    });
    const member = await memberWithBalance(db, shop.id, customer, 0);
    await db.member.update({ where: { id: member.id }, data: { tierId: tier.id } });

    const order = orderPlacedAt(customer, "100.00", DURING);
    await deliver(shop.domain, "orders/paid", order);
    const account = await accountOf(shop.id, order.id);
    expect(account.earnedPoints).toBe(points);
    const components = readEarnComponents(account.earnComponents);
    expect(components.reduce((sum, c) => sum + c.points, 0)).toBe(points);
    expect(components.find((c) => c.source === "tier_multiplier")?.points ?? 0).toBe(tierPart);
    expect(components.find((c) => c.source === "campaign_multiplier")).toEqual({
      source: "campaign_multiplier",
      ruleId: null,
      points: campaignPart,
      campaignId: campaign.id,
    });
  });

  it("another shop's campaign changes nothing", async () => {
    const shop = await installShop(db);
    const other = await installShop(db);
    await addCampaign(other.id, "Their double weekend", doubleWeekend);
    await addCampaign(other.id, "Their cheap rewards", {
      schedule: { type: "yearly", months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
      effect: { type: "reward_price", costPercentOff: 50 },
    });
    const customer = customerFixture();
    const order = orderPlacedAt(customer, "100.00", DURING);
    await deliver(shop.domain, "orders/paid", order);
    expect((await accountOf(shop.id, order.id)).earnedPoints).toBe(100);
  });
});

describe("an engagement award during a bonus campaign", () => {
  it("adds the bonus once and names the campaign in the reason", async () => {
    const shop = await installShop(db);
    await createRule(db, shop.id, { kind: "visit", name: "Daily visit", points: 10 });
    await addCampaign(shop.id, "Visit week", {
      schedule: { type: "once", startsAt: "2026-06-15T00:00:00Z", endsAt: "2026-06-22T00:00:00Z" },
      effect: { type: "bonus", points: 15 },
    });
    const customer = customerFixture();
    const during = await awardEvent(db, {
      shop,
      customerId: customer.id,
      event: { type: "visit" },
      now: new Date("2026-06-15T09:00:00Z"),
    });
    expect(during.awards.map((a) => [a.points, a.reason])).toEqual([
      [25, "25 points for visiting today (Visit week +15)"],
    ]);
    const entry = await db.ledgerEntry.findFirstOrThrow({ where: { shopId: shop.id, causeType: "rule" } });
    expect(entry).toMatchObject({ points: 25, reason: "25 points for visiting today (Visit week +15)" });

    const after = await awardEvent(db, {
      shop,
      customerId: customer.id,
      event: { type: "visit" },
      now: new Date("2026-06-23T09:00:00Z"),
    });
    expect(after.awards.map((a) => a.points)).toEqual([10]);
  });

  for (const path of ["prisma", "direct"] as const) {
    it(`reaches an order's customer by the tags the order carries, and keeps them on the member (${path})`, async () => {
      const shop = await installShop(db);
      await addCampaign(shop.id, "VIP double", {
        ...doubleWeekend,
        effect: { type: "multiplier", multiplierHundredths: 200, targeting: { customerTags: ["vip"] } },
      });
      const vip = customerFixture();
      const placed = orderPlacedAt(vip, "100.00", DURING);
      // Shopify's example order, its customer tagged as the merchant tagged them.
      const order = {
        ...placed,
        customer: { ...((placed as JsonObject).customer as JsonObject), tags: "VIP, Wholesale" },
      };
      await deliver(shop.domain, "orders/paid", order, path);
      expect((await accountOf(shop.id, order.id)).earnedPoints).toBe(200);
      const member = await db.member.findUniqueOrThrow({
        where: { shopId_customerId: { shopId: shop.id, customerId: vip.id } },
      });
      expect(readCustomerTags(member.customerTags)).toEqual(["vip", "wholesale"]);

      const other = orderPlacedAt(customerFixture(), "100.00", DURING);
      await deliver(shop.domain, "orders/paid", other, path);
      expect((await accountOf(shop.id, other.id)).earnedPoints).toBe(100);
    });
  }

  it("reaches members by their Shopify tags, which customers/update keeps", async () => {
    const shop = await installShop(db);
    await createRule(db, shop.id, { kind: "visit", name: "Daily visit", points: 10 });
    await addCampaign(shop.id, "VIP triple", {
      schedule: { type: "once", startsAt: "2026-06-15T00:00:00Z", endsAt: "2026-06-22T00:00:00Z" },
      effect: { type: "multiplier", multiplierHundredths: 300, targeting: { customerTags: ["vip"] } },
    });
    const vip = customerFixture();
    await memberWithBalance(db, shop.id, vip, 0);
    await deliver(
      shop.domain,
      "customers/update",
      customerWebhookPayload(vip, { tags: "VIP, Wholesale" }, "customers/update"),
    );
    const member = await db.member.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shop.id, customerId: vip.id } },
    });
    expect(readCustomerTags(member.customerTags)).toEqual(["vip", "wholesale"]);

    const now = new Date("2026-06-16T09:00:00Z");
    const tagged = await awardEvent(db, { shop, customerId: vip.id, event: { type: "visit" }, now });
    expect(tagged.awards.map((a) => a.points)).toEqual([30]);
    const plain = await awardEvent(db, { shop, customerId: customerFixture().id, event: { type: "visit" }, now });
    expect(plain.awards.map((a) => a.points)).toEqual([10]);
  });
});

describe("a redemption during a reward price campaign", () => {
  let restore: () => void;
  beforeEach(() => {
    restore = setShopifyGateway(createFakeShopify());
  });
  afterEach(() => restore());

  it("spends the lowered price and records it on the redemption", async () => {
    const shop = await installShop(db);
    const reward = await db.reward.findFirstOrThrow({ where: { shopId: shop.id } });
    const now = new Date();
    await addCampaign(shop.id, "Slow month", {
      schedule: {
        type: "once",
        startsAt: new Date(now.getTime() - 86_400_000).toISOString(),
        endsAt: new Date(now.getTime() + 86_400_000).toISOString(),
      },
      effect: { type: "reward_price", rewardIds: [reward.id], costPercentOff: 20, valuePercentUp: 10 },
    });
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, reward.costPoints);

    const response = await callRoute(
      redeem,
      proxyRequest({ shop: shop.domain, path: "redeem", customerId: customer.id, body: { rewardId: reward.id } }),
    );
    expect(response.status).toBe(200);
    const lowered = Math.ceil((reward.costPoints * 80) / 100);
    const redemption = await db.redemption.findFirstOrThrow({ where: { shopId: shop.id, memberId: member.id } });
    expect(redemption).toMatchObject({
      pointsSpent: lowered,
      valueMinor: Math.floor((reward.valueMinor * 110) / 100),
      status: "issued",
    });
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(reward.costPoints - lowered);
  });
});

describe("a campaign's projected cost", () => {
  it("replays it over this shop's own orders and awards of the period just before it", async () => {
    const shop = await installShop(db);
    const other = await installShop(db);
    await createRule(db, shop.id, { kind: "visit", name: "Daily visit", points: 10 });
    const customer = customerFixture();
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ customer, subtotal: "100.00" }));
    await awardEvent(db, { shop, customerId: customer.id, event: { type: "visit" } });
    // Another shop's order in the same period counts for nothing here.
    await deliver(other.domain, "orders/paid", paidOrderPayload({ customer: customerFixture(), subtotal: "900.00" }));

    const now = new Date(Date.now() + 60_000);
    const definition = campaignDefinitionSchema.parse({
      schedule: {
        type: "once",
        startsAt: new Date(now.getTime() + 3_600_000).toISOString(),
        endsAt: new Date(now.getTime() + 3_600_000 + 86_400_000).toISOString(),
      },
      effect: { type: "multiplier", multiplierHundredths: 200 },
    });
    const row = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    const projection = await projectCampaignCost(db, row, definition, now);
    expect(projection.comparable).toEqual({ from: new Date(now.getTime() - 86_400_000), to: now });
    expect(projection.basis).toEqual({ orders: 1, awards: 1, redemptions: 0 });
    // The order's 100 and the visit's 10 again; the default catalogue's point is worth
    // its reward's value over its price.
    expect(projection.extraPoints).toBe(110);
    const reward = await db.reward.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(projection.valueMinor).toBe(Math.round((110 * reward.valueMinor) / reward.costPoints));
  });
});
