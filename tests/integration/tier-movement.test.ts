/**
 * Members move between tiers as the design says (docs/decisions/0022): an order promotes the
 * moment it lands and each entry reward is posted once, even when two orders land together
 * or tiers are skipped; a refund demotes at once; the end of the grace period demotes through
 * the scheduled review (clock injected), for calendar-year and rolling programmes; released
 * points and engagement awards promote; and nothing of one shop moves another shop's member.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { runScheduledWork } from "../../app/jobs/scheduled-work.server";
import { MemberNotFoundError } from "../../app/ledger/ledger.server";
import { awardEvent } from "../../app/rules/award.server";
import { createRule } from "../../app/rules/rules.server";
import { tierColumns, tierSchema, type TierInput } from "../../app/domain/tiers/definition";
import { memberTierStanding, tierHistory } from "../../app/tiers/member-tier.server";
import { reviewDueTiers, settleCustomerTier, settleMemberTier } from "../../app/tiers/movement.server";
import { acknowledge, deliverWebhook, drainWebhooks } from "../support/deliver";
import {
  customerFixture,
  installShop,
  paidOrderPayload,
  refundPayload,
  uniqueId,
  type CustomerFixture,
} from "../support/factories";
import { webhookRequest } from "../support/signed-requests";

const DAY = 86_400_000;

type Settings = {
  metric?: "points" | "spend" | "orders";
  period?: "lifetime" | "calendar_year" | "rolling_12_months";
  graceDays?: number;
  releaseRule?: string;
};
type NewTier = Omit<TierInput, "id" | "position">;

/** A shop with these tiers (in this order, positions 0…) and tier settings. */
async function tierShop(settings: Settings, tiers: NewTier[]) {
  const shop = await installShop(db);
  await db.shop.update({
    where: { id: shop.id },
    data: {
      tierMetric: settings.metric ?? "points",
      tierPeriod: settings.period ?? "lifetime",
      tierGraceDays: settings.graceDays ?? 30,
      ...(settings.releaseRule ? { pointsReleaseRule: settings.releaseRule, returnWindowDays: 14 } : {}),
    },
  });
  const ids: Record<string, string> = {};
  for (const [position, tier] of tiers.entries()) {
    const { id: _id, ...parsed } = tierSchema.parse({ id: "new", position, ...tier });
    ids[tier.name] = (await db.tier.create({ data: { shopId: shop.id, ...tierColumns(parsed) } })).id;
  }
  return { shop, tiers: ids };
}

async function deliver(shop: string, topic: string, payload: unknown, eventId?: string) {
  const response = await deliverWebhook(webhookRequest({ shop, topic, payload, eventId }));
  expect(response.status).toBe(200);
}

async function memberOf(shopId: string, customer: CustomerFixture) {
  return db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: customer.id } } });
}

async function entryRewards(shopId: string, memberId: string) {
  return db.ledgerEntry.findMany({
    where: { shopId, memberId, kind: "earn", causeType: "tier" },
    orderBy: { points: "asc" },
    select: { causeId: true, points: true },
  });
}

const LADDER: NewTier[] = [
  { name: "Bronze", threshold: 0 },
  { name: "Silver", threshold: 150, entryRewardPoints: 25 },
  { name: "Gold", threshold: 1000, entryRewardPoints: 100 },
];

describe("promotion", () => {
  it("an orders/paid promotes at once; two orders landing together post the entry reward once and record one promotion", async () => {
    const { shop, tiers } = await tierShop({}, LADDER);
    const customer = customerFixture();
    const orders = [uniqueId(), uniqueId()].map((id) => paidOrderPayload({ id, customer, subtotal: "100.00" }));
    const eventIds = orders.map(() => `evt-${uniqueId()}`);
    // Both acknowledged, then processed by two workers at once.
    for (const [i, order] of orders.entries())
      expect(
        (
          await acknowledge(
            webhookRequest({ shop: shop.domain, topic: "orders/paid", payload: order, eventId: eventIds[i] }),
          )
        ).status,
      ).toBe(200);
    await Promise.all([drainWebhooks(), drainWebhooks()]);

    const member = await memberOf(shop.id, customer);
    expect(member).toMatchObject({ tierId: tiers.Silver, tierSource: "earned", balance: 225 });
    expect(await entryRewards(shop.id, member.id)).toEqual([{ causeId: tiers.Silver, points: 25 }]);
    // One promotion to Silver (the first order alone may have placed the member in Bronze first).
    const promotions = await db.tierChange.findMany({
      where: { shopId: shop.id, memberId: member.id, toTierId: tiers.Silver },
    });
    expect(promotions).toEqual([expect.objectContaining({ cause: "qualified" })]);
    const changes = await db.tierChange.count({ where: { shopId: shop.id, memberId: member.id } });

    // The same deliveries again, and many settles at once: nothing more.
    for (const [i, order] of orders.entries()) await deliver(shop.domain, "orders/paid", order, eventIds[i]);
    await Promise.all([1, 2, 3, 4].map(() => settleMemberTier(db, shop.id, member.id)));
    expect(await entryRewards(shop.id, member.id)).toHaveLength(1);
    expect(await db.tierChange.count({ where: { shopId: shop.id, memberId: member.id } })).toBe(changes);
    expect((await memberOf(shop.id, customer)).balance).toBe(225);
    expect((await tierHistory(db, shop.id, member.id))[0]).toMatchObject({
      toTier: "Silver",
      cause: "qualified",
      reason: null,
      staff: null,
    });
  });

  it("skipping tiers posts each skipped tier's reward once (hidden tiers excepted)", async () => {
    const { shop, tiers } = await tierShop({}, [
      { name: "Bronze", threshold: 0, entryRewardPoints: 5 },
      { name: "Silver", threshold: 100, entryRewardPoints: 20 },
      { name: "Staff pick", threshold: 150, hidden: true, entryRewardPoints: 999 },
      { name: "Gold", threshold: 200, entryRewardPoints: 50 },
    ]);
    const customer = customerFixture();
    const order = paidOrderPayload({ id: uniqueId(), customer, subtotal: "250.00" });
    await deliver(shop.domain, "orders/paid", order);
    await deliver(shop.domain, "orders/paid", order); // the same order, a new event id
    await Promise.all([1, 2, 3].map(() => settleCustomerTier(db, shop.id, customer.id)));

    const member = await memberOf(shop.id, customer);
    expect(member.tierId).toBe(tiers.Gold);
    expect(await entryRewards(shop.id, member.id)).toEqual([
      { causeId: tiers.Bronze, points: 5 },
      { causeId: tiers.Silver, points: 20 },
      { causeId: tiers.Gold, points: 50 },
    ]);
    // Entry rewards do not count toward qualification: 250 + 75 points, still 250 that qualify.
    expect(member.balance).toBe(325);
    expect((await memberTierStanding(db, shop.id, member.id)).value).toBe(250);
  });

  it("released points promote: the return-window release of the scheduled work settles the member", async () => {
    const { shop, tiers } = await tierShop({ releaseRule: "return_window" }, LADDER);
    const customer = customerFixture();
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: uniqueId(), customer, subtotal: "200.00" }));
    // Pending points do not count yet.
    expect(await memberOf(shop.id, customer)).toMatchObject({ pending: 200, tierId: tiers.Bronze });

    await runScheduledWork(db, new Date(Date.now() + 15 * DAY));
    expect(await memberOf(shop.id, customer)).toMatchObject({ balance: 225, tierId: tiers.Silver });
  });

  it("an engagement award promotes", async () => {
    const { shop, tiers } = await tierShop({}, LADDER);
    await createRule(db, shop.id, { kind: "visit", name: "Visit", points: 200 });
    const customerId = uniqueId();
    const result = await awardEvent(db, {
      shop: { id: shop.id, timeZone: "UTC", engagementPaused: false },
      customerId,
      event: { type: "visit" },
    });
    expect(result.awards).toHaveLength(1);
    expect(await db.member.findUniqueOrThrow({ where: { id: result.memberId } })).toMatchObject({
      tierId: tiers.Silver,
    });
  });
});

describe("demotion", () => {
  it("a refund demotes at once (spend), with no grace", async () => {
    const { shop, tiers } = await tierShop({ metric: "spend" }, [
      { name: "Member", threshold: 0 },
      { name: "Silver", threshold: 10_000 },
      { name: "Gold", threshold: 30_000 },
    ]);
    const customer = customerFixture();
    const orderId = uniqueId();
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: orderId, customer, subtotal: "350.00" }));
    expect((await memberOf(shop.id, customer)).tierId).toBe(tiers.Gold);

    await deliver(shop.domain, "refunds/create", refundPayload({ orderId, subtotals: ["100.00"] }));
    const member = await memberOf(shop.id, customer);
    expect(member.tierId).toBe(tiers.Silver);
    const [latest] = await tierHistory(db, shop.id, member.id);
    expect(latest).toMatchObject({ fromTier: "Gold", toTier: "Silver", cause: "refund" });
  });

  it("calendar year: the tier lasts through the next year and its grace period, then the review demotes", async () => {
    const { shop, tiers } = await tierShop({ period: "calendar_year", graceDays: 31 }, LADDER);
    const customer = customerFixture();
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: uniqueId(), customer, subtotal: "200.00" }));
    const member = await memberOf(shop.id, customer);
    expect(member.tierId).toBe(tiers.Silver);

    const year = new Date().getUTCFullYear();
    const nextYearReview = Date.UTC(year + 1, 0, 1) + 31 * DAY;
    const yearAfterReview = Date.UTC(year + 2, 0, 1) + 31 * DAY;
    // Qualified in this year: kept at next year's review, and told what keeps it after that.
    await reviewDueTiers(db, { shopId: shop.id, now: new Date(nextYearReview + DAY) });
    expect((await memberOf(shop.id, customer)).tierId).toBe(tiers.Silver);
    const standing = await memberTierStanding(db, shop.id, member.id, new Date(Date.UTC(year + 1, 10, 15)));
    expect(standing.tier?.id).toBe(tiers.Silver);
    expect(standing.keep).toMatchObject({ tierId: tiers.Silver, remaining: 150, unit: "points" });

    // Nothing in the next year: demoted once its grace period is over, not before.
    await reviewDueTiers(db, { shopId: shop.id, now: new Date(yearAfterReview - DAY) });
    expect((await memberOf(shop.id, customer)).tierId).toBe(tiers.Silver);
    const review = await reviewDueTiers(db, { shopId: shop.id, now: new Date(yearAfterReview + DAY) });
    expect(review.moved).toBe(1);
    expect((await memberOf(shop.id, customer)).tierId).toBe(tiers.Bronze);
    expect((await tierHistory(db, shop.id, member.id))[0]).toMatchObject({
      fromTier: "Silver",
      toTier: "Bronze",
      cause: "period_end",
    });
    // A second review, or one of another instance at the same time, moves nobody again.
    const again = await Promise.all(
      [1, 2].map(() => reviewDueTiers(db, { shopId: shop.id, now: new Date(yearAfterReview + 2 * DAY) })),
    );
    expect(again.map((r) => r.moved)).toEqual([0, 0]);
    expect(await db.tierChange.count({ where: { shopId: shop.id, memberId: member.id } })).toBe(2);
  });

  it("rolling 12 months: once the points age out the grace period runs, and at its end the review demotes", async () => {
    const { shop, tiers } = await tierShop({ period: "rolling_12_months", graceDays: 30 }, LADDER);
    const customer = customerFixture();
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: uniqueId(), customer, subtotal: "200.00" }));
    const member = await memberOf(shop.id, customer);
    expect(member.tierId).toBe(tiers.Silver);
    expect(member.tierReviewAt).not.toBeNull();

    const agedOut = Date.now() + 366 * DAY;
    await reviewDueTiers(db, { shopId: shop.id, now: new Date(agedOut + 10 * DAY) });
    expect((await memberOf(shop.id, customer)).tierId).toBe(tiers.Silver); // in grace
    await reviewDueTiers(db, { shopId: shop.id, now: new Date(agedOut + 32 * DAY) });
    expect((await memberOf(shop.id, customer)).tierId).toBe(tiers.Bronze);
    expect((await tierHistory(db, shop.id, member.id))[0]).toMatchObject({ toTier: "Bronze", cause: "period_end" });
  });
});

describe("refunds in a rolling window", () => {
  it("a refund leaves the window with the order it takes back from", async () => {
    const { shop, tiers } = await tierShop({ period: "rolling_12_months", graceDays: 10 }, LADDER);
    const customer = customerFixture();
    const old = uniqueId();
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: old, customer, subtotal: "200.00" }));
    // That order was paid eleven months ago.
    const elevenMonthsAgo = new Date(Date.now() - 335 * DAY);
    await db.ledgerEntry.updateMany({ where: { shopId: shop.id, causeId: old }, data: { createdAt: elevenMonthsAgo } });
    await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: uniqueId(), customer, subtotal: "200.00" }));
    await deliver(shop.domain, "refunds/create", refundPayload({ orderId: old, subtotals: ["100.00"] }));
    expect((await memberOf(shop.id, customer)).tierId).toBe(tiers.Silver); // 200 - 100 + 200

    // Two months on the old order and its refund have both aged out: the new order alone keeps Silver.
    await reviewDueTiers(db, { shopId: shop.id, now: new Date(Date.now() + 60 * DAY) });
    await reviewDueTiers(db, { shopId: shop.id, now: new Date(Date.now() + 75 * DAY) });
    expect((await memberOf(shop.id, customer)).tierId).toBe(tiers.Silver);
    expect(
      (await memberTierStanding(db, shop.id, (await memberOf(shop.id, customer)).id, new Date(Date.now() + 75 * DAY)))
        .value,
    ).toBe(200);
  });
});

describe("scoping", () => {
  it("another shop's member never moves", async () => {
    const a = await tierShop({ period: "rolling_12_months", graceDays: 0 }, LADDER);
    const b = await tierShop({ period: "rolling_12_months", graceDays: 0 }, LADDER);
    const customer = customerFixture();
    // The same Shopify customer id in both shops; only shop A's order is big enough.
    await deliver(a.shop.domain, "orders/paid", paidOrderPayload({ id: uniqueId(), customer, subtotal: "200.00" }));
    await deliver(b.shop.domain, "orders/paid", paidOrderPayload({ id: uniqueId(), customer, subtotal: "160.00" }));
    const inA = await memberOf(a.shop.id, customer);
    const inB = await memberOf(b.shop.id, customer);
    expect([inA.tierId, inB.tierId]).toEqual([a.tiers.Silver, b.tiers.Silver]);

    // Shop A's review, long after: only A's member moves.
    const later = new Date(Date.now() + 400 * DAY);
    expect(await reviewDueTiers(db, { shopId: a.shop.id, now: later })).toMatchObject({ moved: 1 });
    expect((await memberOf(a.shop.id, customer)).tierId).toBe(a.tiers.Bronze);
    expect((await memberOf(b.shop.id, customer)).tierId).toBe(b.tiers.Silver);
    // A member is only ever settled in their own shop.
    await expect(settleMemberTier(db, a.shop.id, inB.id, { now: later })).rejects.toBeInstanceOf(MemberNotFoundError);
    expect(await db.member.findUniqueOrThrow({ where: { id: inB.id } })).toMatchObject({
      tierId: b.tiers.Silver,
      balance: inB.balance,
    });
    expect(await db.tierChange.count({ where: { shopId: b.shop.id } })).toBe(1);
  });
});
