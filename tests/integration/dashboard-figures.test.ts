/**
 * The economics dashboard against an independent computation: orders arrive through the real
 * signed webhooks (members, guests, a refund, a cancellation, an order before the period),
 * each writes its OrderFact on the order store in use, and the dashboard's loader (through
 * `authenticate.admin`) answers the figures worked out here by hand and from the rows. Another
 * shop's orders never count; customers/redact erases a guest's buyer key, shop/redact the facts.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { buyerKey } from "../../app/economics/buyer-key.server";
import { loader as dashboardLoader } from "../../app/routes/app._index";
import { loader as dashboardCsvLoader } from "../../app/routes/app.dashboard[.]csv";
import { ledgerPeriodSchema, periodInstants } from "../../app/domain/ledger-period";
import { addCalendarMonths } from "../../app/domain/expiry";
import { dayOf } from "../../app/domain/rules/shop-dates";
import { expireDuePoints } from "../../app/ledger/expire.server";
import { redeemReward } from "../../app/rewards/redeem.server";
import { json } from "../support/admin-routes";
import { deliverWebhook } from "../support/deliver";
import {
  cancelledOrderPayload,
  complianceCustomerPayload,
  customerFixture,
  installShop,
  paidOrderPayload,
  refundPayload,
  shopRedactPayload,
  uniqueId,
} from "../support/factories";
import { adminRequest, callRoute, webhookRequest } from "../support/signed-requests";

const DAY_MS = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString();

async function deliver(shop: string, topic: string, payload: unknown) {
  expect((await deliverWebhook(webhookRequest({ shop, topic, payload }))).status).toBe(200);
}

/** An orders/paid payload placed `ago` days back; a guest's carries only an e-mail. */
function order(options: {
  subtotal: string;
  ago: number;
  customer?: ReturnType<typeof customerFixture>;
  email?: string;
}) {
  return {
    ...paidOrderPayload({ subtotal: options.subtotal, customer: options.customer ?? null }),
    processed_at: daysAgo(options.ago),
    created_at: daysAgo(options.ago),
    email: options.email ?? options.customer?.email ?? null,
  };
}

async function seed() {
  const shop = await installShop(db);
  const ada = customerFixture();
  const grace = customerFixture();
  const adaFirst = order({ subtotal: "30.00", ago: 40, customer: ada });
  const adaSecond = order({ subtotal: "50.00", ago: 10, customer: ada });
  const graceOrder = order({ subtotal: "20.00", ago: 5, customer: grace });
  const graceCancelled = order({ subtotal: "25.00", ago: 3, customer: grace });
  const guestFirst = order({ subtotal: "10.00", ago: 60, email: "Guest.One@example.com" });
  const guestSecond = order({ subtotal: "15.00", ago: 2, email: "guest.one@example.com " });
  const otherGuest = order({ subtotal: "40.00", ago: 20, email: "guest.two@example.com" });
  const beforePeriod = order({ subtotal: "99.00", ago: 200, customer: ada });
  for (const payload of [
    adaFirst,
    adaSecond,
    graceOrder,
    graceCancelled,
    guestFirst,
    guestSecond,
    otherGuest,
    beforePeriod,
  ]) {
    await deliver(shop.domain, "orders/paid", payload);
  }
  await deliver(shop.domain, "refunds/create", refundPayload({ orderId: adaSecond.id, subtotals: ["10.00"] }));
  await deliver(shop.domain, "orders/cancelled", cancelledOrderPayload(graceCancelled.id));
  // A duplicate delivery changes nothing.
  await deliver(shop.domain, "orders/paid", adaFirst);

  // Another shop's big order must never appear in the first shop's figures.
  const other = await installShop(db);
  await deliver(other.domain, "orders/paid", order({ subtotal: "5000.00", ago: 1, customer: customerFixture() }));
  return { shop, other, ada, grace, orders: { adaSecond, graceCancelled, guestFirst, guestSecond, otherGuest } };
}

type Board = {
  figures: { key: string; value: number | null }[];
  sides: { side: string; orders: number; buyers: number; repeatRate: number | null; revenueMinor: number }[];
  topSources: { name: string; points: number }[];
};

const figureOf = (board: Board, key: string) => board.figures.find((f) => f.key === key)?.value;

describe("the economics dashboard", () => {
  it("writes an OrderFact for every order through the webhooks: members, guests, refunds and cancellations", async () => {
    const { shop, orders } = await seed();
    const facts = await db.orderFact.findMany({ where: { shopId: shop.id } });
    expect(facts).toHaveLength(8);
    const fact = (id: number) => facts.find((f) => f.orderId === String(id))!;
    expect(fact(orders.adaSecond.id)).toMatchObject({ totalMinor: 5000n, refundedMinor: 1000n, buyerKey: null });
    expect(fact(orders.adaSecond.id).memberId).not.toBeNull();
    expect(fact(orders.graceCancelled.id).cancelledAt).not.toBeNull();
    // A guest is a keyed hash of the e-mail, the same whatever its case and spacing.
    const guestKey = buyerKey(shop.id, { email: "guest.one@example.com" });
    expect(fact(orders.guestFirst.id)).toMatchObject({ memberId: null, buyerKey: guestKey, totalMinor: 1000n });
    expect(fact(orders.guestSecond.id).buyerKey).toBe(guestKey);
    expect(fact(orders.guestFirst.id).placedAt.toISOString()).toBe(
      new Date(orders.guestFirst.processed_at).toISOString(),
    );
  });

  it("answers the figures computed independently from the seeded orders and the ledger", async () => {
    const { shop } = await seed();
    const response = await callRoute(dashboardLoader, adminRequest(shop.domain, "/app"));
    expect(response.status).toBe(200);
    const { board, days } = (await json(response)) as { board: Board; days: { from: string; to: string } };
    expect(days.to).toBe(dayOf(new Date(), shop.timeZone));

    // By hand: members 30 + 50 − 10 refunded + 20 (Grace's cancelled 25 left out); guests 10 + 15 + 40.
    expect(figureOf(board, "revenue")).toBe(15_500);
    expect(board.sides.find((s) => s.side === "members")).toMatchObject({
      orders: 3,
      buyers: 2,
      repeatRate: 0.5,
      revenueMinor: 9_000,
    });
    expect(board.sides.find((s) => s.side === "non_members")).toMatchObject({
      orders: 3,
      buyers: 2,
      repeatRate: 0.5,
      revenueMinor: 6_500,
    });
    expect(figureOf(board, "aov")).toBe(Math.round(15_500 / 6));
    expect(figureOf(board, "members")).toBe(2);
    expect(figureOf(board, "active_members")).toBe(2);

    // From the rows: the period's facts and the ledger's entries, summed here without the app's code.
    const period = periodInstants(ledgerPeriodSchema.parse(days), shop.timeZone);
    const facts = (await db.orderFact.findMany({ where: { shopId: shop.id } })).filter(
      (f) => f.placedAt >= period.from && f.placedAt < period.to && f.cancelledAt === null,
    );
    expect(facts).toHaveLength(6);
    expect(figureOf(board, "revenue")).toBe(facts.reduce((sum, f) => sum + Number(f.totalMinor - f.refundedMinor), 0));
    const entries = await db.ledgerEntry.findMany({ where: { shopId: shop.id } });
    const credited = entries.filter(
      (e) => ["earn", "release", "reverse", "adjust"].includes(e.kind) && e.causeType !== "redemption",
    );
    const issued = credited.reduce((sum, e) => sum + e.points, 0);
    // 1 point per unit: 30 + 50 − 10 + 20 + 25 − 25 + 99 (the old order's points were posted today).
    expect(issued).toBe(189);
    expect(figureOf(board, "points_issued")).toBe(issued);
    const balances = await db.member.findMany({ where: { shopId: shop.id } });
    expect(figureOf(board, "outstanding_points")).toBe(balances.reduce((sum, m) => sum + Math.max(0, m.balance), 0));
    expect(board.topSources).toEqual([expect.objectContaining({ name: "Purchases", points: 189 })]);
  });

  it("takes a period from the address, explains one it cannot read, and downloads every figure as CSV", async () => {
    const { shop } = await seed();
    const recent = (await json(
      await callRoute(
        dashboardLoader,
        adminRequest(shop.domain, `/app?from=${daysAgo(7).slice(0, 10)}&to=${daysAgo(0).slice(0, 10)}`),
      ),
    )) as { board: Board; problem: string | null };
    expect(recent.problem).toBeNull();
    // The last week: Grace's 20 and the guest's 15 (the cancelled order left out).
    expect(figureOf(recent.board, "revenue")).toBe(3_500);

    const unread = (await json(
      await callRoute(dashboardLoader, adminRequest(shop.domain, "/app?from=yesterday&to=2026-13-01")),
    )) as {
      problem: string;
    };
    expect(unread.problem).toMatch(/YYYY-MM-DD.*Showing the last 90 days/);

    const csv = await callRoute(
      dashboardCsvLoader,
      adminRequest(shop.domain, `/app/dashboard.csv?from=${daysAgo(89).slice(0, 10)}&to=${daysAgo(0).slice(0, 10)}`),
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("section,name,value,unit,explanation");
    expect(lines).toContainEqual(expect.stringMatching(/^figure,Revenue,15500,minor,/));
    const backwards = await callRoute(
      dashboardCsvLoader,
      adminRequest(shop.domain, "/app/dashboard.csv?from=2026-11-02&to=2026-11-01"),
    );
    expect(backwards.status).toBe(400);
  });

  it("shows what expires in each coming month: lots by their date, or balances at the end of inactivity", async () => {
    const shop = await installShop(db);
    await db.shop.update({ where: { id: shop.id }, data: { expiryMode: "fixed", expiryMonths: 2 } });
    await deliver(shop.domain, "orders/paid", order({ subtotal: "70.00", ago: 1, customer: customerFixture() }));
    const board = async () =>
      (
        (await json(await callRoute(dashboardLoader, adminRequest(shop.domain, "/app")))) as {
          board: { waterfall: { month: string; points: number }[] };
        }
      ).board.waterfall;
    const lots = await db.pointLot.findMany({ where: { shopId: shop.id } });
    expect(lots).toHaveLength(1);
    const lotMonth = dayOf(lots[0]!.expiresAt!, shop.timeZone).slice(0, 7);
    const fixed = await board();
    expect(fixed).toHaveLength(12);
    expect(fixed[0]!.month).toBe(dayOf(new Date(), shop.timeZone).slice(0, 7));
    expect(fixed.filter((m) => m.points > 0)).toEqual([
      { month: lotMonth, points: 70, worthMinor: expect.any(Number) },
    ]);

    await db.shop.update({ where: { id: shop.id }, data: { expiryMode: "inactivity", expiryMonths: 3 } });
    const member = await db.member.findFirstOrThrow({ where: { shopId: shop.id } });
    const deadline = dayOf(addCalendarMonths(member.lastActivityAt ?? member.createdAt, 3), shop.timeZone).slice(0, 7);
    expect((await board()).filter((m) => m.points > 0)).toEqual([
      { month: deadline, points: 70, worthMinor: expect.any(Number) },
    ]);

    await db.shop.update({ where: { id: shop.id }, data: { expiryMode: "never" } });
    expect((await board()).every((m) => m.points === 0)).toBe(true);
  });

  it("counts redemptions and expiry: redemption rate, breakage, cost by reward and the point value", async () => {
    const shop = await installShop(db);
    await db.shop.update({ where: { id: shop.id }, data: { expiryMode: "inactivity", expiryMonths: 1 } });
    const saver = customerFixture();
    const spender = customerFixture();
    await deliver(shop.domain, "orders/paid", order({ subtotal: "100.00", ago: 1, customer: saver }));
    await deliver(shop.domain, "orders/paid", order({ subtotal: "300.00", ago: 1, customer: spender }));
    // A custom reward (nothing to create at Shopify): 200 points for a $10.00 tote.
    const tote = await db.reward.create({
      data: { shopId: shop.id, kind: "custom", title: "Tote", costPoints: 200, valueMinor: 1000, position: 9 },
    });
    await redeemReward(db, {
      shopId: shop.id,
      shopDomain: shop.domain,
      currencyCode: "USD",
      customerId: spender.id,
      rewardId: tote.id,
    });
    // The saver's month of inactivity runs out: their 100 points expire (posted now).
    const expired = await expireDuePoints(db, { now: new Date(Date.now() + 40 * DAY_MS), shopId: shop.id });
    expect(expired.points).toBeGreaterThanOrEqual(100);

    const { board } = (await json(await callRoute(dashboardLoader, adminRequest(shop.domain, "/app")))) as {
      board: Board & { topRewards: { name: string; points: number; valueMinor: number }[] };
    };
    const entries = await db.ledgerEntry.findMany({ where: { shopId: shop.id } });
    const sum = (kind: string) => entries.filter((e) => e.kind === kind).reduce((total, e) => total + e.points, 0);
    expect(figureOf(board, "points_issued")).toBe(400);
    expect(figureOf(board, "points_redeemed")).toBe(-sum("redeem"));
    expect(figureOf(board, "points_redeemed")).toBe(200);
    expect(figureOf(board, "points_expired")).toBe(-sum("expire"));
    expect(figureOf(board, "redemption_rate")).toBe(200 / 400);
    expect(figureOf(board, "breakage")).toBe(-sum("expire") / 400);
    // A point is worth what members got for it: $10.00 for 200 points.
    expect(figureOf(board, "point_value")).toBe(5);
    expect(board.topRewards).toEqual([expect.objectContaining({ name: "Tote", points: 200, valueMinor: 1000 })]);
  });

  it("never counts another shop's orders, even asked for by name", async () => {
    const { shop, other } = await seed();
    const forged = (await json(
      await callRoute(dashboardLoader, adminRequest(shop.domain, `/app?shop=${other.domain}`)),
    )) as {
      board: Board;
    };
    expect(figureOf(forged.board, "revenue")).toBe(15_500);
    const theirs = (await json(await callRoute(dashboardLoader, adminRequest(other.domain, "/app")))) as {
      board: Board;
    };
    expect(figureOf(theirs.board, "revenue")).toBe(500_000);
  });

  it("customers/redact erases the buyer keys of their e-mail and named orders; shop/redact erases the facts", async () => {
    const { shop, orders } = await seed();
    await deliver(
      shop.domain,
      "customers/redact",
      complianceCustomerPayload(
        "customers/redact",
        shop.domain,
        { id: uniqueId(), email: "guest.one@example.com" },
        {
          orders_to_redact: [orders.otherGuest.id],
        },
      ),
    );
    const guests = await db.orderFact.findMany({ where: { shopId: shop.id, memberId: null } });
    expect(guests).toHaveLength(3);
    expect(guests.every((f) => f.buyerKey === null)).toBe(true);
    // The amounts stay: they are the merchant's sales.
    expect(guests.reduce((sum, f) => sum + Number(f.totalMinor), 0)).toBe(6_500);

    await deliver(shop.domain, "shop/redact", shopRedactPayload(shop.domain));
    expect(await db.orderFact.count({ where: { shopId: shop.id } })).toBe(0);
  });
});
