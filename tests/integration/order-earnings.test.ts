/**
 * What an order earns (app/domain/order-earnings.ts), through signed webhooks on both order
 * stores: the Settings rate as the default spend rule, the member's tier multiplying it as
 * its own component, the components stored with the order and refunds taking each back in
 * proportion (orders stored before components as one); the widget's offer and engagement
 * awards reading the same tier.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { readEarnComponents } from "../../app/domain/order-earnings";
import { customerView } from "../../app/storefront/customer-view.server";
import { awardEvent } from "../../app/rules/award.server";
import { createRule, type NewRuleInput } from "../../app/rules/rules.server";
import { earningContextOf } from "../../app/tiers/earning-context.server";
import {
  customerFixture,
  installShop,
  memberWithBalance,
  paidOrderPayload,
  refundPayload,
  type CustomerFixture,
} from "../support/factories";
import { webhookRequest } from "../support/signed-requests";
import { deliverWebhook } from "../support/deliver";

async function deliver(shop: string, topic: string, payload: unknown) {
  expect((await deliverWebhook(webhookRequest({ shop, topic, payload }))).status).toBe(200);
}

async function shopWith(options: { pointsPerUnit?: number; rules?: NewRuleInput[] } = {}) {
  const shop = await installShop(db);
  if (options.pointsPerUnit !== undefined) {
    await db.shop.update({ where: { id: shop.id }, data: { pointsPerUnit: options.pointsPerUnit } });
  }
  for (const rule of options.rules ?? []) await createRule(db, shop.id, rule);
  return db.shop.findUniqueOrThrow({ where: { id: shop.id } });
}

/** A member of `shopId` holding a new tier (set directly: tiers move elsewhere). */
async function memberWithTier(
  shopId: string,
  customer: CustomerFixture,
  tier: { multiplierHundredths: number; multiplyEngagement?: boolean },
) {
  const row = await db.tier.create({
    data: { shopId, name: "Gold", position: 1, threshold: 500n, multiplyEngagement: false, ...tier },
  });
  const member = await memberWithBalance(db, shopId, customer, 0);
  await db.member.update({ where: { id: member.id }, data: { tierId: row.id } });
  return { member, tier: row };
}

const accountOf = (shopId: string, orderId: number) =>
  db.orderAccount.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId: String(orderId) } } });

const balanceOf = async (shopId: string, customerId: string) =>
  (await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } })).balance;

describe("what an order earns", () => {
  it("prices a shop without spend rules at the Settings rate, as the default rule's component", async () => {
    const shop = await shopWith({ pointsPerUnit: 2 });
    const customer = customerFixture();
    const order = paidOrderPayload({ customer, subtotal: "40.50", sourceName: "pos" });
    await deliver(shop.domain, "orders/paid", order);

    const account = await accountOf(shop.id, order.id);
    expect(account.earnedPoints).toBe(81);
    expect(readEarnComponents(account.earnComponents)).toEqual([{ source: "settings_rate", ruleId: null, points: 81 }]);
    expect(account.spendAwards).toBe("[]");
    expect(await balanceOf(shop.id, customer.id)).toBe(81);
    // The default rule gives no reason of its own, as the flat rate never did.
    const entry = await db.ledgerEntry.findFirstOrThrow({ where: { shopId: shop.id, causeType: "order" } });
    expect(entry.reason).toBeNull();
  });

  it("multiplies a member's order by their tier, what the tier adds stored as its own component", async () => {
    const shop = await shopWith();
    const customer = customerFixture();
    const { tier } = await memberWithTier(shop.id, customer, { multiplierHundredths: 150 });
    const order = paidOrderPayload({ customer, subtotal: "100.00" });
    await deliver(shop.domain, "orders/paid", order);

    const account = await accountOf(shop.id, order.id);
    expect(account.earnedPoints).toBe(150);
    expect(readEarnComponents(account.earnComponents)).toEqual([
      { source: "settings_rate", ruleId: null, points: 100 },
      { source: "tier_multiplier", ruleId: null, points: 50, tierId: tier.id },
    ]);
    expect(await balanceOf(shop.id, customer.id)).toBe(150);

    // A member without a tier, same shop, same order: the plain rate.
    const other = customerFixture();
    const plain = paidOrderPayload({ customer: other, subtotal: "100.00" });
    await deliver(shop.domain, "orders/paid", plain);
    expect((await accountOf(shop.id, plain.id)).earnedPoints).toBe(100);
  });

  it("multiplies spend rules and their first-order bonus, and a partial refund takes back each component in proportion", async () => {
    const shop = await shopWith({
      rules: [{ kind: "spend", name: "Purchases", pointsPerUnit: 1, firstOrderBonusPoints: 20 }],
    });
    const rule = (await db.rule.findFirstOrThrow({ where: { shopId: shop.id } })).id;
    const customer = customerFixture();
    const { tier } = await memberWithTier(shop.id, customer, { multiplierHundredths: 150 });
    const order = paidOrderPayload({ customer, subtotal: "10.00" });
    await deliver(shop.domain, "orders/paid", order);

    const account = await accountOf(shop.id, order.id);
    expect(account.earnedPoints).toBe(45); // (10 + 20) × 1.5
    expect(readEarnComponents(account.earnComponents)).toEqual([
      { source: "spend_rule", ruleId: rule, points: 10 },
      { source: "first_order_bonus", ruleId: rule, points: 20 },
      { source: "tier_multiplier", ruleId: rule, points: 15, tierId: tier.id },
    ]);

    // A third refunded: 3 + 6 + 5 over the components (the whole in proportion would be 15).
    await deliver(shop.domain, "refunds/create", refundPayload({ orderId: order.id, subtotals: ["3.34"] }));
    expect((await accountOf(shop.id, order.id)).reversedPoints).toBe(3 + 6 + 5);
    expect(await balanceOf(shop.id, customer.id)).toBe(45 - 14);

    // The rest: everything back, never more.
    await deliver(shop.domain, "refunds/create", refundPayload({ orderId: order.id, subtotals: ["6.66"] }));
    expect((await accountOf(shop.id, order.id)).reversedPoints).toBe(45);
    expect(await balanceOf(shop.id, customer.id)).toBe(0);
  });

  it("reverses an order stored before components as one component of its earned points", async () => {
    const shop = await shopWith({
      rules: [{ kind: "spend", name: "Purchases", pointsPerUnit: 1, firstOrderBonusPoints: 20 }],
    });
    const customer = customerFixture();
    await memberWithTier(shop.id, customer, { multiplierHundredths: 150 });
    const order = paidOrderPayload({ customer, subtotal: "10.00" });
    await deliver(shop.domain, "orders/paid", order);
    // As an order priced before this change was stored.
    await db.orderAccount.update({
      where: { shopId_orderId: { shopId: shop.id, orderId: String(order.id) } },
      data: { earnComponents: "[]" },
    });

    await deliver(shop.domain, "refunds/create", refundPayload({ orderId: order.id, subtotals: ["3.34"] }));
    expect((await accountOf(shop.id, order.id)).reversedPoints).toBe(15); // floor(45 × 0.334)
  });

  it("tells the member what their purchases earn with their tier's multiplier", async () => {
    const shop = await shopWith({ pointsPerUnit: 2 });
    const customer = customerFixture();
    const { member } = await memberWithTier(shop.id, customer, { multiplierHundredths: 125 });

    expect(await earningContextOf(db, shop.id, member.id)).toMatchObject({ tier: { multiplierHundredths: 125 } });
    const view = await customerView(db, shop, customer.id);
    expect(view.earn.offers).toEqual([
      {
        pointsPerUnit: 2.5,
        minimumOrderMinor: 0,
        firstOrderBonusPoints: 0,
        multiplierHundredths: 125,
        campaignBonusPoints: 0,
      },
    ]);
    const guest = await customerView(db, shop, null);
    expect(guest.earn.offers).toEqual([
      {
        pointsPerUnit: 2,
        minimumOrderMinor: 0,
        firstOrderBonusPoints: 0,
        multiplierHundredths: 100,
        campaignBonusPoints: 0,
      },
    ]);
  });

  it("multiplies engagement awards only for a tier that multiplies engagement", async () => {
    const shop = await shopWith({ rules: [{ kind: "visit", name: "Daily visit", points: 10 }] });
    const now = new Date("2026-06-15T09:00:00Z");

    const engaged = customerFixture();
    await memberWithTier(shop.id, engaged, { multiplierHundredths: 150, multiplyEngagement: true });
    const multiplied = await awardEvent(db, { shop, customerId: engaged.id, event: { type: "visit" }, now });
    expect(multiplied.awards.map((a) => a.points)).toEqual([15]);
    expect(multiplied.awards[0]!.reason).toBe("15 points for visiting today");

    const purchasesOnly = customerFixture();
    await memberWithTier(shop.id, purchasesOnly, { multiplierHundredths: 150 });
    const plain = await awardEvent(db, { shop, customerId: purchasesOnly.id, event: { type: "visit" }, now });
    expect(plain.awards.map((a) => a.points)).toEqual([10]);
  });
});
