/**
 * The what-if simulator over a shop's real history (orders through signed webhooks on the
 * order path, a rule award, a refund, a tier multiplier): "no change" is exactly what the
 * ledger recorded, a doubled Settings rate doubles the purchase points, another shop's
 * history never counts, and each editor's simulate intent answers without writing anything.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { simulateChange } from "../../app/economics/simulate.server";
import { awardEvent } from "../../app/rules/award.server";
import { createRule } from "../../app/rules/rules.server";
import { action as settingsAction } from "../../app/routes/app.settings";
import { deliverWebhook } from "../support/deliver";
import { customerFixture, installShop, memberWithBalance, paidOrderPayload, refundPayload } from "../support/factories";
import { formPost, json } from "../support/admin-routes";
import { adminRequest, callRoute, webhookRequest } from "../support/signed-requests";

async function deliver(shop: string, topic: string, payload: unknown) {
  expect((await deliverWebhook(webhookRequest({ shop, topic, payload }))).status).toBe(200);
}

/** A shop at 2 points per unit: a gold (×1.5) member's order, a plain member's order refunded in part, a visit award. */
async function seededShop() {
  const installed = await installShop(db);
  const shop = await db.shop.update({ where: { id: installed.id }, data: { pointsPerUnit: 2 } });
  const gold = await db.tier.create({
    data: { shopId: shop.id, name: "Gold", position: 1, threshold: 1_000_000n, multiplierHundredths: 150 },
  });
  const goldCustomer = customerFixture();
  const goldMember = await memberWithBalance(db, shop.id, goldCustomer, 0);
  await db.member.update({ where: { id: goldMember.id }, data: { tierId: gold.id } });
  await deliver(shop.domain, "orders/paid", paidOrderPayload({ customer: goldCustomer, subtotal: "40.50" }));

  const plain = customerFixture();
  const order = paidOrderPayload({ customer: plain, subtotal: "25.00" });
  await deliver(shop.domain, "orders/paid", order);
  await deliver(shop.domain, "refunds/create", refundPayload({ orderId: order.id, subtotals: ["10.00"] }));

  await createRule(db, shop.id, { kind: "visit", name: "Daily visit", points: 5 });
  await awardEvent(db, { shop, customerId: plain.id, event: { type: "visit" }, now: new Date() });
  return shop;
}

/** What the ledger recorded for the shop: credited (earned, released) points, and those of orders. */
async function recorded(shopId: string) {
  const entries = await db.ledgerEntry.findMany({ where: { shopId } });
  const issuing = entries.filter((e) => (e.kind === "earn" || e.kind === "release") && e.points > 0);
  return {
    issued: issuing.reduce((sum, e) => sum + e.points, 0),
    purchases: issuing.filter((e) => e.causeType === "order").reduce((sum, e) => sum + e.points, 0),
    count: entries.length,
  };
}

const later = () => new Date(Date.now() + 60_000);

describe("the simulator over a shop's history", () => {
  it("no change reproduces the ledger exactly; a doubled rate doubles purchase points; other shops never count", async () => {
    const shop = await seededShop();
    await seededShop(); // another shop's history, in the same period
    const actual = await recorded(shop.id);
    // 40.50 × 2 × 1.5 = 121 (81 + 40 for the tier), 25 × 2 = 50, the visit's 5.
    expect(actual.purchases).toBe(171);
    expect(actual.issued).toBe(176);

    const none = await simulateChange(db, shop, { kind: "none" }, { now: later() });
    expect(none.today.pointsIssued).toBe(actual.issued);
    expect(none.today.purchasePoints).toBe(actual.purchases);
    expect(none.proposed).toEqual(none.today);
    const balances = await db.member.aggregate({ where: { shopId: shop.id }, _sum: { balance: true } });
    expect(none.today.liability.outstandingPoints).toBe(balances._sum.balance);

    const doubled = await simulateChange(db, shop, { kind: "settings_rate", pointsPerUnit: 4 }, { now: later() });
    expect(doubled.today).toEqual(none.today);
    expect(doubled.proposed.purchasePoints).toBe(2 * actual.purchases);
    expect(doubled.proposed.pointsIssued).toBe(2 * actual.purchases + 5);
    // The refund took back 20 of the 50: doubled, 40.
    expect(doubled.proposed.liability.outstandingPoints - none.today.liability.outstandingPoints).toBe(
      actual.purchases - 20,
    );
  });

  it("Settings' simulate intent answers both sides and saves nothing", async () => {
    const shop = await seededShop();
    const before = await recorded(shop.id);
    const shopBefore = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    const response = await callRoute(
      settingsAction,
      adminRequest(shop.domain, "/app/settings", formPost({ pointsPerUnit: "4", intent: "simulate" })),
    );
    expect(response.status).toBe(200);
    const answer = await json(response);
    expect(answer.saved).toBe(false);
    expect(answer.simulation.today.purchasePoints).toBe(171);
    expect(answer.simulation.proposed.purchasePoints).toBe(342);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toEqual(shopBefore);
    expect(await recorded(shop.id)).toEqual(before);

    const refused = await callRoute(
      settingsAction,
      adminRequest(shop.domain, "/app/settings", formPost({ pointsPerUnit: "lots", intent: "simulate" })),
    );
    expect(refused.status).toBe(400);
    expect((await json(refused)).simulation).toBeNull();
  });
});
