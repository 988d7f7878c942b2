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
import { action as campaignAction } from "../../app/routes/app.campaigns.$campaignId";
import { action as rewardAction, loader as rewardLoader } from "../../app/routes/app.rewards.$rewardId";
import { action as ruleAction, loader as ruleLoader } from "../../app/routes/app.rules.$ruleId";
import { action as settingsAction } from "../../app/routes/app.settings";
import { action as tiersAction, loader as tiersLoader } from "../../app/routes/app.tiers";
import { deliverWebhook } from "../support/deliver";
import { customerFixture, installShop, memberWithBalance, paidOrderPayload, refundPayload } from "../support/factories";
import { formPost, json, withParams } from "../support/admin-routes";
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

/** Everything the editors could write: the programme's rows, the ledger, the members. */
async function written(shopId: string) {
  const [shop, rules, rewards, tiers, campaigns, members, entries] = await Promise.all([
    db.shop.findUniqueOrThrow({ where: { id: shopId } }),
    db.rule.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db.reward.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db.tier.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db.campaign.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db.member.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db.ledgerEntry.count({ where: { shopId } }),
  ]);
  return { shop, rules, rewards, tiers, campaigns, members, entries };
}

const editorPost = (shop: string, path: string, fields: Record<string, string>) =>
  adminRequest(shop, `${path}?embedded=1&shop=${shop}`, formPost(fields));

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

  it("members changing tier: the tier engine on the members' facts, with the replayed points", async () => {
    const installed = await installShop(db);
    const shop = await db.shop.update({ where: { id: installed.id }, data: { pointsPerUnit: 2 } });
    await db.tier.create({ data: { shopId: shop.id, name: "Silver", position: 1, threshold: 200n } });
    const customer = customerFixture();
    // 60.00 at 2 points per unit: 120 points, short of Silver's 200; doubled, 240.
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ customer, subtotal: "60.00" }));
    const member = await db.member.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shop.id, customerId: customer.id } },
    });
    expect(member.tierId).toBeNull();

    const same = await simulateChange(db, shop, { kind: "settings_rate", pointsPerUnit: 3 }, { now: later() });
    expect(same.today.membersChangingTier).toBe(0);
    expect(same.proposed.membersChangingTier).toBe(0);
    const doubled = await simulateChange(db, shop, { kind: "settings_rate", pointsPerUnit: 4 }, { now: later() });
    expect(doubled.today.membersChangingTier).toBe(0);
    expect(doubled.proposed.membersChangingTier).toBe(1);
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
    expect(answer.simulationNote).toBeNull();

    // Once spend rules price purchases, the rate changes nothing, and the answer says why.
    await createRule(db, shop.id, { kind: "spend", name: "Spend", pointsPerUnit: 1 });
    const ruled = await json(
      await callRoute(
        settingsAction,
        adminRequest(shop.domain, "/app/settings", formPost({ pointsPerUnit: "4", intent: "simulate" })),
      ),
    );
    expect(ruled.simulation.proposed).toEqual(ruled.simulation.today);
    expect(ruled.simulationNote).toMatch(/spend rules price purchases/);
  });

  it("each editor's simulate intent answers today and proposed, and writes nothing", async () => {
    const shop = await seededShop();
    const before = await written(shop.id);
    const [rule] = before.rules;
    const [reward] = before.rewards;
    const [tier] = before.tiers;

    // A rule: the visit's 5 points as 20.
    const ruleFields = (
      await json(
        await callRoute(
          withParams(ruleLoader, { ruleId: rule!.id }),
          adminRequest(shop.domain, `/app/rules/${rule!.id}`),
        ),
      )
    ).fields;
    const ruleAnswer = await callRoute(
      withParams(ruleAction, { ruleId: rule!.id }),
      editorPost(shop.domain, `/app/rules/${rule!.id}`, {
        ...ruleFields,
        kind: "visit",
        points: "20",
        intent: "simulate",
      }),
    );
    expect(ruleAnswer.status).toBe(200);
    const ruled = (await json(ruleAnswer)).simulation;
    expect(ruled.proposed.pointsIssued - ruled.today.pointsIssued).toBe(15);

    // A reward: half the price.
    const rewardFields = (
      await json(
        await callRoute(
          withParams(rewardLoader, { rewardId: reward!.id }),
          adminRequest(shop.domain, `/app/rewards/${reward!.id}`),
        ),
      )
    ).fields;
    const rewardAnswer = await callRoute(
      withParams(rewardAction, { rewardId: reward!.id }),
      editorPost(shop.domain, `/app/rewards/${reward!.id}`, {
        ...rewardFields,
        costPoints: String(Math.max(1, Math.floor(reward!.costPoints / 2))),
        intent: "simulate",
      }),
    );
    expect(rewardAnswer.status).toBe(200);
    const rewarded = (await json(rewardAnswer)).simulation;
    expect(rewarded.proposed.pointsIssued).toBe(rewarded.today.pointsIssued);
    expect(rewarded.proposed.liabilityMinor).toBeGreaterThan(rewarded.today.liabilityMinor);

    // A tier: gold at ×2 instead of ×1.5 (the gold member's 81 base points earn 81 more, not 40).
    const program = (await json(await callRoute(tiersLoader, adminRequest(shop.domain, "/app/tiers")))).fields;
    const tierFields: Record<string, string> = {
      intent: "simulate",
      metric: program.metric,
      period: program.period,
      graceDays: program.graceDays,
    };
    program.tiers.forEach((t: Record<string, string>, index: number) => {
      for (const [name, value] of Object.entries({ ...t, ...(t.id === tier!.id ? { multiplier: "2" } : {}) }))
        tierFields[`tiers.${index}.${name}`] = value;
    });
    const tierAnswer = await callRoute(tiersAction, editorPost(shop.domain, "/app/tiers", tierFields));
    expect(tierAnswer.status).toBe(200);
    const tiered = (await json(tierAnswer)).simulation;
    expect(tiered.proposed.purchasePoints - tiered.today.purchasePoints).toBe(41);
    expect(tiered.proposed.membersChangingTier).toBe(0);

    // A new campaign: 10 bonus points on every award in the last 90 days.
    const campaignAnswer = await callRoute(
      withParams(campaignAction, { campaignId: "new" }),
      editorPost(shop.domain, "/app/campaigns/new", {
        title: "Ten more",
        effect: "bonus",
        bonusPoints: "10",
        scheduleType: "weekly",
        weekdays: "1,2,3,4,5,6,7",
        intent: "simulate",
      }),
    );
    expect(campaignAnswer.status).toBe(200);
    const campaigned = (await json(campaignAnswer)).simulation;
    // Two orders and the visit award.
    expect(campaigned.proposed.pointsIssued - campaigned.today.pointsIssued).toBe(30);

    expect(await written(shop.id)).toEqual(before);
  });
});
