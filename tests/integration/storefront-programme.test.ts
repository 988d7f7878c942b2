/**
 * Campaigns and challenges in the storefront's view (GET /apps/loyalty/customer), through the
 * real signed app-proxy path: the running campaigns, the shopper's standing on each challenge,
 * a reward on its campaign price (availability checked on that price), a guest's view at no
 * progress, the answer held to the schema the OpenAPI document is built from, one shop's
 * programme never in another's view, and writes moving the cached view.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db, type Db } from "../../app/db.server";
import { periodKey } from "../../app/domain/rules/period";
import { createReward, updateReward } from "../../app/rewards/catalogue.server";
import { loader as customerLoader } from "../../app/routes/proxy.customer";
import { bumpProgramVersion } from "../../app/shops/shops.server";
import { customerView } from "../../app/storefront/customer-view.server";
import { ProgramCache, setProgramCache } from "../../app/storefront/program-cache.server";
import { customerViewSchema } from "../../app/storefront/storefront-api";
import { customerFixture, installShop, memberWithBalance, rewardFixture } from "../support/factories";
import { campaignRow, challengeRow } from "../support/programme-rows";
import { callRoute, proxyRequest } from "../support/signed-requests";

const HOUR = 3_600_000;
const now = new Date();
const iso = (offsetHours: number) => new Date(now.getTime() + offsetHours * HOUR).toISOString();

let restoreCache: () => void;
beforeEach(() => {
  restoreCache = setProgramCache(new ProgramCache());
});
afterEach(() => restoreCache());

async function viewOf(domain: string, customerId: string | null, locale?: string) {
  const response = await callRoute(
    customerLoader,
    proxyRequest({ shop: domain, path: "customer", customerId, shopperQuery: locale ? { locale } : undefined }),
  );
  expect(response.status).toBe(200);
  const body = JSON.parse(await response.text());
  // Every answer is what the schema (and so the OpenAPI document) says.
  expect(customerViewSchema.safeParse(body).error).toBeUndefined();
  return body as ReturnType<typeof customerViewSchema.parse>;
}

/** The campaigns' effect on this shop: writes go in with the version moved, as the writers move it. */
async function addCampaign(client: Db, shopId: string, row: ReturnType<typeof campaignRow>) {
  const campaign = await client.campaign.create({ data: { shopId, ...row } });
  await bumpProgramVersion(client, shopId);
  return campaign;
}

const doublePoints = (title = "Double points") =>
  campaignRow({
    title,
    translations: { fr: { title: "Points doublés" } },
    definition: {
      schedule: { type: "once", startsAt: iso(-1), endsAt: iso(48) },
      effect: { type: "multiplier", multiplierHundredths: 200 },
    },
  });

const rewardSale = (rewardIds: string[]) =>
  campaignRow({
    title: "Slow-month sale",
    position: 1,
    definition: {
      schedule: { type: "once", startsAt: iso(-1), endsAt: iso(24 * 10) },
      effect: { type: "reward_price", rewardIds, costPercentOff: 20 },
    },
  });

async function shopWithProgramme() {
  const shop = await installShop(db);
  const customer = customerFixture();
  const member = await memberWithBalance(db, shop.id, customer, 450);
  const reward = await createReward(db, shop.id, rewardFixture("amount_off", { title: "Ten off", costPoints: 500 }));
  await addCampaign(db, shop.id, doublePoints());
  await addCampaign(db, shop.id, rewardSale([reward.id]));
  // Neither of these runs now: one starts tomorrow, one is switched off.
  await addCampaign(
    db,
    shop.id,
    campaignRow({
      title: "Tomorrow",
      definition: {
        schedule: { type: "once", startsAt: iso(24), endsAt: iso(48) },
        effect: { type: "bonus", points: 10 },
      },
    }),
  );
  await addCampaign(db, shop.id, { ...doublePoints("Paused"), active: false });
  const visits = await db.challenge.create({
    data: {
      shopId: shop.id,
      ...challengeRow({
        kind: "challenge",
        title: "Visit 5 times this month",
        translations: { fr: { title: "Venez 5 fois ce mois-ci" } },
        definition: {
          measure: { type: "visits", count: 5 },
          window: { type: "month" },
          reward: { type: "reward", rewardId: reward.id },
        },
      }),
    },
  });
  const tenth = await db.challenge.create({
    data: {
      shopId: shop.id,
      ...challengeRow({
        kind: "milestone",
        title: "Your 10th order",
        position: 1,
        definition: { measure: { type: "orders", count: 10 }, reward: { type: "points", points: 200 } },
      }),
    },
  });
  await bumpProgramVersion(db, shop.id);
  // Two past visits this month, as the challenge store holds them.
  const month = periodKey(now, shop.timeZone, "month");
  await db.challengeContribution.createMany({
    data: ["a", "b"].map((day, i) => ({
      shopId: shop.id,
      challengeId: visits.id,
      memberId: member.id,
      window: month,
      sourceKey: `visit:test-${day}`,
      amount: 1n,
      occurredAt: new Date(now.getTime() - (i + 1) * 60_000),
    })),
  });
  return { shop, customer, member, reward, visits, tenth };
}

describe("campaigns and challenges in GET /customer", () => {
  it("lists the running campaigns, the member's standings and a reward on its campaign price", async () => {
    const { shop, customer, reward, visits, tenth } = await shopWithProgramme();
    const view = await viewOf(shop.domain, customer.id);

    expect(view.campaigns).toEqual([
      {
        id: expect.any(String),
        title: "Double points",
        endsAt: iso(48),
        effect: { type: "multiplier", multiplierHundredths: 200 },
      },
      {
        id: expect.any(String),
        title: "Slow-month sale",
        endsAt: iso(24 * 10),
        effect: { type: "reward_price", costPercentOff: 20, valuePercentUp: 0 },
      },
    ]);
    // 500 points less 20% is 400: the member's 450 points buy it now (not at its regular 500).
    const onSale = view.rewards.find((r) => r.id === reward.id)!;
    expect(onSale).toMatchObject({ costPoints: 400, regularCostPoints: 500, available: true, lockedReason: null });
    expect(view.rewards.filter((r) => r.id !== reward.id).every((r) => r.regularCostPoints === null)).toBe(true);

    expect(view.challenges).toEqual([
      expect.objectContaining({
        id: visits.id,
        kind: "challenge",
        measure: "visits",
        window: "month",
        title: "Visit 5 times this month",
        progress: 2,
        goal: 5,
        reward: { type: "reward", rewardId: reward.id, title: "Ten off" },
        completedAt: null,
        streak: null,
      }),
      expect.objectContaining({
        id: tenth.id,
        kind: "milestone",
        measure: "orders",
        window: "lifetime",
        progress: 0,
        goal: 10,
        reward: { type: "points", points: 200 },
      }),
    ]);
    expect(new Date(view.challenges[0]!.endsAt!).getTime()).toBeGreaterThan(now.getTime());
  });

  it("titles campaigns and challenges in the shopper's language", async () => {
    const { shop, customer } = await shopWithProgramme();
    const view = await viewOf(shop.domain, customer.id, "fr-CA");
    expect(view.campaigns.map((c) => c.title)).toEqual(["Points doublés", "Slow-month sale"]);
    expect(view.challenges.map((c) => c.title)).toEqual(["Venez 5 fois ce mois-ci", "Your 10th order"]);
  });

  it("shows a guest the running campaigns and every challenge at no progress", async () => {
    const { shop, reward } = await shopWithProgramme();
    const view = await viewOf(shop.domain, null);
    expect(view.loggedIn).toBe(false);
    expect(view.campaigns.map((c) => c.title)).toEqual(["Double points", "Slow-month sale"]);
    expect(view.challenges.map((c) => [c.title, c.progress, c.goal, c.completedAt])).toEqual([
      ["Visit 5 times this month", 0, 5, null],
      ["Your 10th order", 0, 10, null],
    ]);
    expect(view.rewards.find((r) => r.id === reward.id)).toMatchObject({
      costPoints: 400,
      regularCostPoints: 500,
      lockedReason: "sign_in",
    });
  });

  it("never shows one shop's campaigns or challenges in another's view", async () => {
    const { shop: first } = await shopWithProgramme();
    const other = await installShop(db);
    const shopper = customerFixture();
    await memberWithBalance(db, other.id, shopper, 10);
    const ownCampaign = await addCampaign(db, other.id, doublePoints("Their own"));
    const theirs = await viewOf(other.domain, shopper.id);
    expect(theirs.campaigns.map((c) => c.id)).toEqual([ownCampaign.id]);
    expect(theirs.challenges).toEqual([]);
    expect(theirs.rewards.every((r) => r.regularCostPoints === null)).toBe(true);
    // And the first shop's view is unchanged by the second's campaign.
    expect((await viewOf(first.domain, null)).campaigns.map((c) => c.title)).toEqual([
      "Double points",
      "Slow-month sale",
    ]);
  });

  it("moves with a write: a reward's new price, a campaign switched off, a new challenge", async () => {
    const { shop, customer, reward } = await shopWithProgramme();
    const before = await viewOf(shop.domain, customer.id);
    expect(before.rewards.find((r) => r.id === reward.id)!.costPoints).toBe(400);

    // Through the reward writer: the campaign prices the new cost.
    await updateReward(db, shop.id, reward.id, rewardFixture("amount_off", { title: "Ten off", costPoints: 1000 }));
    const repriced = (await viewOf(shop.domain, customer.id)).rewards.find((r) => r.id === reward.id)!;
    expect(repriced).toMatchObject({ costPoints: 800, regularCostPoints: 1000, available: false, pointsNeeded: 350 });

    // Rows written behind the cache, the version moved as every writer moves it.
    await db.campaign.updateMany({ where: { shopId: shop.id, title: "Slow-month sale" }, data: { active: false } });
    await bumpProgramVersion(db, shop.id);
    await db.challenge.create({
      data: {
        shopId: shop.id,
        ...challengeRow({
          kind: "streak",
          title: "Weekly order streak",
          position: 2,
          definition: {
            action: { type: "orders" },
            period: "week",
            steps: [{ length: 2, reward: { type: "points", points: 50 } }],
          },
        }),
      },
    });
    await bumpProgramVersion(db, shop.id);
    const after = await viewOf(shop.domain, customer.id);
    expect(after.campaigns.map((c) => c.title)).toEqual(["Double points"]);
    expect(after.rewards.find((r) => r.id === reward.id)).toMatchObject({ costPoints: 1000, regularCostPoints: null });
    expect(after.challenges.at(-1)).toMatchObject({
      kind: "streak",
      measure: "orders",
      window: "week",
      progress: 0,
      goal: 2,
      streak: { length: 0, nextStep: 2, graceLeft: 0 },
    });
  });

  it("reads the member's standings in at most two queries, and a guest's in none, once the programme is cached", async () => {
    const { shop, customer } = await shopWithProgramme();
    const row = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    await customerView(db, row, customer.id, { now });
    const queries: string[] = [];
    const counting = db.$extends({
      query: {
        $allModels: {
          async $allOperations({ model, operation, args, query }) {
            queries.push(`${model}.${operation}`);
            return query(args);
          },
        },
      },
    }) as unknown as Db;
    await customerView(counting, row, null, { now });
    expect(queries).toEqual([]);
    await customerView(counting, row, customer.id, { now });
    expect(queries.filter((q) => /^(Campaign|Challenge)\./.test(q))).toEqual([]);
    expect(queries.filter((q) => /^Challenge(Contribution|Completion)\./.test(q)).length).toBeLessThanOrEqual(2);
  });
});
