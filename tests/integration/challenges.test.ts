/**
 * Challenges, milestones and streaks against the database, through the app's real paths:
 * widget visits, the events API, profile updates and order webhooks (Shopify's documented
 * payloads). A goal met by concurrent events completes once; orders count from their account
 * so redelivered and reordered webhooks change nothing; a refund or cancellation reverses a
 * completion it took below its goal unless the merchant keeps them; a catalogue reward is
 * granted and taken back through its issuer; one shop's challenges never touch another's.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../../app/db.server";
// Loaded first: its Node adapter sets the real fetch when imported (see shopify-gateway.test.ts).
import "../../app/shopify.server";
import { settleMembershipMilestones } from "../../app/challenges/membership-days.server";
import { listMemberCompletions, memberChallengeStandings } from "../../app/challenges/standing.server";
import { readLiveChallenges } from "../../app/challenges/challenges.server";
import { rotateEventsSecret } from "../../app/events/secrets.server";
import { action as eventsApiAction } from "../../app/routes/api.v1.events";
import { awardEvent } from "../../app/rules/award.server";
import { bumpProgramVersion } from "../../app/shops/shops.server";
import { recordWidgetEvent } from "../../app/storefront/engagement.server";
import { postEvent } from "../../examples/events-client";
import {
  cancelledOrderPayload,
  customerFixture,
  installShop,
  paidOrderPayload,
  refundPayload,
  rewardFixture,
  uniqueId,
} from "../support/factories";
import { deliverWebhook } from "../support/deliver";
import { challengeRow } from "../support/programme-rows";
import { APP_URL, callRoute, webhookRequest } from "../support/signed-requests";
import { jsonAnswer, useStubbedAdminApi } from "../support/stubbed-admin-api";

const { answers } = useStubbedAdminApi();

afterEach(() => {
  vi.useRealTimers();
});

type Shop = Awaited<ReturnType<typeof installShop>>;

async function addChallenge(shop: Shop, input: Parameters<typeof challengeRow>[0]) {
  return db.$transaction(async (tx) => {
    const row = await tx.challenge.create({ data: { shopId: shop.id, ...challengeRow(input) } });
    await bumpProgramVersion(tx, shop.id);
    return row;
  });
}

async function deliver(shop: Shop, topic: string, payload: unknown, eventId?: string) {
  const response = await deliverWebhook(webhookRequest({ shop: shop.domain, topic, payload, eventId }));
  expect(response.status).toBe(200);
}

async function memberOf(shop: Shop, customerId: string) {
  return db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId } } });
}

/** The member's completions as [window, step, points, reversed], and their challenge entries. */
async function completionsOf(shop: Shop, customerId: string) {
  const member = await memberOf(shop, customerId);
  const completions = await db.challengeCompletion.findMany({
    where: { shopId: shop.id, memberId: member.id },
    orderBy: [{ completedAt: "asc" }, { step: "asc" }],
  });
  const entries = await db.ledgerEntry.findMany({
    where: { shopId: shop.id, memberId: member.id, causeType: "challenge" },
    orderBy: { createdAt: "asc" },
  });
  const { _sum } = await db.ledgerEntry.aggregate({ where: { memberId: member.id }, _sum: { points: true } });
  expect(member.balance, "the cached balance equals the sum of entries").toBe(_sum.points ?? 0);
  return {
    member,
    completions: completions.map((c) => [c.window, c.step, c.points, c.reversedAt !== null]),
    rows: completions,
    entries: entries.map((e) => [e.kind, e.points, e.causeId]),
  };
}

const points = (n: number) => ({ type: "points" as const, points: n });
const MONTHLY_VISITS = {
  kind: "challenge" as const,
  title: "Visit 5 times this month",
  definition: {
    measure: { type: "visits" as const, count: 5 },
    window: { type: "month" as const },
    reward: points(50),
  },
};

function visit(shop: Shop, customerId: string, at: string) {
  return recordWidgetEvent(db, {
    shop,
    customerId,
    body: { type: "visit" },
    query: new URLSearchParams(),
    now: new Date(at),
  });
}

describe("challenges on the earn path", () => {
  it("completes 'visit 5 times this month' once across concurrent visits from the widget", async () => {
    const shop = await installShop(db);
    const challenge = await addChallenge(shop, MONTHLY_VISITS);
    const customerId = uniqueId();
    for (const day of ["01", "03", "04", "09"]) await visit(shop, customerId, `2026-06-${day}T10:00:00Z`);
    expect((await completionsOf(shop, customerId)).completions).toEqual([]);

    const fifth = await Promise.all(Array.from({ length: 6 }, () => visit(shop, customerId, "2026-06-12T10:00:00Z")));
    expect(fifth.every((outcome) => outcome.outcome === "recorded")).toBe(true);
    await visit(shop, customerId, "2026-06-20T10:00:00Z");

    const { member, completions, rows, entries } = await completionsOf(shop, customerId);
    expect(completions).toEqual([["month:2026-06", 0, 50, false]]);
    expect(entries).toEqual([["earn", 50, rows[0]!.id]]);
    expect(member.balance).toBe(50);
    const ledger = await db.ledgerEntry.findFirstOrThrow({ where: { causeId: rows[0]!.id } });
    expect(ledger.reason).toBe("Challenge completed: Visit 5 times this month");
    expect(await db.challengeContribution.count({ where: { challengeId: challenge.id } })).toBe(6);

    const standings = await memberChallengeStandings(
      db,
      shop,
      member,
      await readLiveChallenges(db, shop.id),
      new Date("2026-06-21T00:00:00Z"),
    );
    expect(standings).toEqual([
      expect.objectContaining({ challengeId: challenge.id, progress: 6, goal: 5, windowKey: "month:2026-06" }),
    ]);
    expect(standings[0]!.completedAt).not.toBeNull();
    expect(await listMemberCompletions(db, shop.id, member.id)).toEqual([
      expect.objectContaining({
        challengeId: challenge.id,
        title: "Visit 5 times this month",
        points: 50,
        reversedAt: null,
      }),
    ]);
  });

  it("counts a custom action through the events API, once per event, without an earning rule for it", async () => {
    const shop = await installShop(db);
    await addChallenge(shop, {
      kind: "challenge",
      title: "Write two reviews",
      definition: {
        measure: { type: "custom_actions", count: 2, key: "review" },
        window: { type: "week" },
        reward: points(30),
      },
    });
    const secret = await rotateEventsSecret(db, shop.id);
    const client = {
      endpoint: `${APP_URL}/api/v1/events`,
      shopDomain: shop.domain,
      secret,
      fetch: (url: string, init: RequestInit) => callRoute(eventsApiAction, new Request(url, init)),
      maxAttempts: 1,
    };
    const customerId = uniqueId();
    await postEvent(client, { customerId, action: "review" }, { idempotencyKey: "review-1" });
    // The same request again (its key): nothing more.
    await postEvent(client, { customerId, action: "review" }, { idempotencyKey: "review-1" }).catch(() => null);
    expect((await completionsOf(shop, customerId)).completions).toEqual([]);
    await postEvent(client, { customerId, action: "review" }, { idempotencyKey: "review-2" });
    const { completions, member } = await completionsOf(shop, customerId);
    expect(completions).toHaveLength(1);
    expect(member.balance).toBe(30);
  });

  it("completes k of n profile fields as the fields are filled", async () => {
    const shop = await installShop(db);
    await addChallenge(shop, {
      kind: "challenge",
      title: "Complete your profile",
      definition: {
        measure: { type: "profile_fields", count: 2, fields: ["birthday", "phone", "address"] },
        window: { type: "range", startsAt: "2026-01-01T00:00:00Z", endsAt: "2027-01-01T00:00:00Z" },
        reward: points(20),
      },
    });
    const customerId = uniqueId();
    const now = new Date("2026-06-15T10:00:00Z");
    await awardEvent(db, {
      shop,
      customerId,
      event: { type: "profile_updated", filledFields: ["name", "phone"] },
      now,
    });
    expect((await completionsOf(shop, customerId)).completions).toEqual([]);
    await awardEvent(db, {
      shop,
      customerId,
      event: { type: "profile_updated", filledFields: ["phone", "birthday"] },
      now,
    });
    await awardEvent(db, {
      shop,
      customerId,
      event: { type: "profile_updated", filledFields: ["phone", "birthday", "address"] },
      now,
    });
    expect((await completionsOf(shop, customerId)).completions).toEqual([["range", 0, 20, false]]);
  });
});

describe("orders", () => {
  const spendChallenge = (keepOnRefund = false) => ({
    kind: "challenge" as const,
    title: "Spend $150 this month",
    definition: {
      measure: { type: "spend" as const, amountMinor: 15_000 },
      window: { type: "month" as const },
      reward: points(100),
      keepOnRefund,
    },
  });
  const ordersChallenge = {
    kind: "challenge" as const,
    title: "Two orders this month",
    definition: {
      measure: { type: "orders" as const, count: 2 },
      window: { type: "month" as const },
      reward: points(40),
    },
  };

  it("completes an orders challenge and a spend challenge from orders/paid, once however redelivered", async () => {
    const shop = await installShop(db);
    await addChallenge(shop, ordersChallenge);
    await addChallenge(shop, spendChallenge());
    const customer = customerFixture();
    const first = paidOrderPayload({ customer, subtotal: "100.00" });
    const second = paidOrderPayload({ customer, subtotal: "60.00" });
    await deliver(shop, "orders/paid", first, "paid-1");
    expect((await completionsOf(shop, customer.id)).completions).toEqual([]);
    await deliver(shop, "orders/paid", second, "paid-2");
    // Redelivered, and delivered again under a new event id: the account says it is counted.
    await deliver(shop, "orders/paid", second, "paid-2");
    await deliver(shop, "orders/paid", second);
    const { completions, entries } = await completionsOf(shop, customer.id);
    expect(completions.map((c) => c[2]).sort()).toEqual([100, 40]);
    expect(entries).toHaveLength(2);
  });

  it("reverses a spend completion a refund took below the goal, and keeps one under keepOnRefund", async () => {
    const shop = await installShop(db);
    const reversing = await addChallenge(shop, spendChallenge());
    const customer = customerFixture();
    const order = paidOrderPayload({ customer, subtotal: "160.00" });
    await deliver(shop, "orders/paid", order);
    // A refund that leaves $150: the completion stands.
    await deliver(shop, "refunds/create", refundPayload({ orderId: order.id, subtotals: ["10.00"] }));
    expect((await completionsOf(shop, customer.id)).completions).toEqual([[expect.any(String), 0, 100, false]]);
    const refund = refundPayload({ orderId: order.id, subtotals: ["20.00"] });
    await deliver(shop, "refunds/create", refund, "refund-2");
    await deliver(shop, "refunds/create", refund, "refund-2");
    const after = await completionsOf(shop, customer.id);
    expect(after.completions).toEqual([[expect.any(String), 0, 100, true]]);
    expect(after.entries).toEqual([
      ["earn", 100, after.rows[0]!.id],
      ["reverse", -100, after.rows[0]!.id],
    ]);
    expect(after.rows[0]!.reversalReason).toMatch(/no longer met/);
    const contribution = await db.challengeContribution.findFirstOrThrow({ where: { challengeId: reversing.id } });
    expect(contribution.amount).toBe(13_000n);

    const keeping = await installShop(db);
    await addChallenge(keeping, spendChallenge(true));
    const kept = paidOrderPayload({ customer, subtotal: "160.00" });
    await deliver(keeping, "orders/paid", kept);
    await deliver(keeping, "refunds/create", refundPayload({ orderId: kept.id, subtotals: ["100.00"] }));
    expect((await completionsOf(keeping, customer.id)).completions).toEqual([[expect.any(String), 0, 100, false]]);
  });

  it("reverses an orders completion when an order is cancelled", async () => {
    const shop = await installShop(db);
    await addChallenge(shop, ordersChallenge);
    const customer = customerFixture();
    const a = paidOrderPayload({ customer, subtotal: "20.00" });
    const b = paidOrderPayload({ customer, subtotal: "30.00" });
    await deliver(shop, "orders/paid", a);
    await deliver(shop, "orders/paid", b);
    await deliver(shop, "orders/cancelled", cancelledOrderPayload(b.id), "cancel-b");
    await deliver(shop, "orders/cancelled", cancelledOrderPayload(b.id), "cancel-b");
    const { completions, member } = await completionsOf(shop, customer.id);
    expect(completions).toEqual([[expect.any(String), 0, 40, true]]);
    expect(member.balance).toBe(
      (await db.orderAccount.findFirstOrThrow({ where: { shopId: shop.id, orderId: String(a.id) } })).earnedPoints,
    );
  });

  it("ends at the same state when the refund arrives before the payment, and on redelivery", async () => {
    const inOrder = await installShop(db);
    const reordered = await installShop(db);
    for (const shop of [inOrder, reordered]) await addChallenge(shop, spendChallenge());
    const customer = customerFixture();
    const orderId = uniqueId();
    const paid = paidOrderPayload({ id: orderId, customer, subtotal: "200.00" });
    const refund = refundPayload({ orderId, subtotals: ["60.00"] });
    await deliver(inOrder, "orders/paid", paid, "p");
    await deliver(inOrder, "refunds/create", refund, "r");
    await deliver(reordered, "refunds/create", refund, "r");
    await deliver(reordered, "orders/paid", paid, "p");
    await deliver(reordered, "refunds/create", refund, "r");
    await deliver(reordered, "orders/paid", paid);
    const a = await completionsOf(inOrder, customer.id);
    const b = await completionsOf(reordered, customer.id);
    // In order, $200 completed it and the refund to $140 reversed it; reordered, $140 never
    // completed it: what stands (no live completion, the balance) is the same.
    const standing = (c: ReturnType<typeof completionsOf> extends Promise<infer R> ? R : never) =>
      c.completions.filter((row) => row[3] === false);
    expect(standing(b)).toEqual([]);
    expect(standing(a)).toEqual([]);
    expect(b.member.balance).toBe(a.member.balance);
    const amounts = await db.challengeContribution.findMany({ where: { shopId: { in: [inOrder.id, reordered.id] } } });
    expect(amounts.map((c) => c.amount)).toEqual([14_000n, 14_000n]);
  });

  it("rewards a weekly purchase streak at each of its steps", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const shop = await installShop(db);
    await addChallenge(shop, {
      kind: "streak",
      title: "Weekly shopper",
      definition: {
        action: { type: "orders" },
        period: "week",
        steps: [
          { length: 2, reward: points(20) },
          { length: 3, reward: points(60) },
        ],
        graceMissed: 1,
      },
    });
    const customer = customerFixture();
    // Weeks of 4, 11 and 25 May 2026 (the week of 18 May missed, forgiven).
    for (const at of ["2026-05-05T12:00:00Z", "2026-05-12T12:00:00Z", "2026-05-27T12:00:00Z"]) {
      vi.setSystemTime(new Date(at));
      await deliver(shop, "orders/paid", paidOrderPayload({ customer, subtotal: "25.00" }));
    }
    const { completions } = await completionsOf(shop, customer.id);
    expect(completions).toEqual([
      ["week:2026-05-04", 2, 20, false],
      ["week:2026-05-04", 3, 60, false],
    ]);
  });

  it("reaches the 10th-order milestone with the 10th order, once", async () => {
    const shop = await installShop(db);
    await addChallenge(shop, {
      kind: "milestone",
      title: "10th order",
      definition: { measure: { type: "orders", count: 10 }, reward: points(500) },
    });
    const customer = customerFixture();
    const orders = Array.from({ length: 10 }, () => paidOrderPayload({ customer, subtotal: "10.00" }));
    for (const order of orders.slice(0, 9)) await deliver(shop, "orders/paid", order);
    expect((await completionsOf(shop, customer.id)).completions).toEqual([]);
    await Promise.all([deliver(shop, "orders/paid", orders[9]!), deliver(shop, "orders/paid", orders[9]!)]);
    const { completions, rows } = await completionsOf(shop, customer.id);
    expect(completions).toEqual([["lifetime", 0, 500, false]]);
    expect(rows[0]!.causeKey).toBe(`order:${orders[9]!.id}`);
  });
});

describe("catalogue rewards, membership days, shops", () => {
  const created = () =>
    jsonAnswer({
      data: {
        discountCodeBasicCreate: { codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/77" }, userErrors: [] },
      },
    });
  const deleted = () =>
    jsonAnswer({
      data: { discountCodeDelete: { deletedCodeDiscountId: "gid://shopify/DiscountCodeNode/77", userErrors: [] } },
    });

  it("grants a catalogue reward for no points, issued at Shopify, and takes it back when the order is cancelled", async () => {
    const shop = await installShop(db);
    const reward = await db.reward.create({
      data: { shopId: shop.id, ...rewardFixture("amount_off", { stockRemaining: 3 }) },
    });
    await addChallenge(shop, {
      kind: "challenge",
      title: "First order of the month",
      definition: {
        measure: { type: "orders", count: 1 },
        window: { type: "month" },
        reward: { type: "reward", rewardId: reward.id },
      },
    });
    const customer = customerFixture();
    const order = paidOrderPayload({ customer, subtotal: "40.00" });
    answers.push(created);
    await deliver(shop, "orders/paid", order);
    const { rows, member } = await completionsOf(shop, customer.id);
    expect(rows).toHaveLength(1);
    const granted = await db.redemption.findFirstOrThrow({ where: { challengeCompletionId: rows[0]!.id } });
    expect(granted).toMatchObject({
      status: "issued",
      pointsSpent: 0,
      rewardId: reward.id,
      memberId: member.id,
      discountId: "gid://shopify/DiscountCodeNode/77",
    });
    expect((await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).stockRemaining).toBe(2);

    answers.push(deleted);
    await deliver(shop, "orders/cancelled", cancelledOrderPayload(order.id));
    const after = await completionsOf(shop, customer.id);
    expect(after.completions).toEqual([[expect.any(String), 0, 0, true]]);
    expect(after.rows[0]!.reversalReason).toMatch(/taken back/);
    expect(await db.redemption.findUniqueOrThrow({ where: { id: granted.id } })).toMatchObject({
      status: "cancelled",
      cancelledBy: "challenge",
    });
    expect((await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).stockRemaining).toBe(3);
    expect(after.entries).toEqual([]);
  });

  it("completes a year as a member from the scheduled pass, once from two instances", async () => {
    const shop = await installShop(db);
    await addChallenge(shop, {
      kind: "milestone",
      title: "A year with us",
      definition: { measure: { type: "membership_days", days: 365 }, reward: points(25) },
    });
    const customerId = uniqueId();
    const member = await db.member.create({
      data: { shopId: shop.id, customerId, customerCreatedAt: new Date("2025-06-01T10:00:00Z") },
    });
    await settleMembershipMilestones(db, new Date("2026-05-31T12:00:00Z"));
    expect((await completionsOf(shop, customerId)).completions).toEqual([]);
    const now = new Date("2026-06-01T12:00:00Z");
    await Promise.all([settleMembershipMilestones(db, now), settleMembershipMilestones(db, now)]);
    expect((await completionsOf(shop, customerId)).completions).toEqual([["lifetime", 0, 25, false]]);
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(25);
  });

  it("keeps each shop's challenges to its own members", async () => {
    const withChallenge = await installShop(db);
    const without = await installShop(db);
    await addChallenge(withChallenge, {
      ...MONTHLY_VISITS,
      definition: { ...MONTHLY_VISITS.definition, measure: { type: "visits", count: 1 } },
    });
    const customerId = uniqueId();
    await visit(without, customerId, "2026-06-01T10:00:00Z");
    expect(await db.challengeContribution.count({ where: { shopId: without.id } })).toBe(0);
    expect((await completionsOf(without, customerId)).completions).toEqual([]);
    await visit(withChallenge, customerId, "2026-06-01T10:00:00Z");
    expect((await completionsOf(withChallenge, customerId)).completions).toHaveLength(1);
    expect((await completionsOf(without, customerId)).completions).toEqual([]);
  });
});
