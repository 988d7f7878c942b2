/**
 * The order backfill against Shopify's Admin API stubbed at the HTTP layer (the real gateway
 * builds its requests; answers are the documented shapes): the bulk query is created, polled
 * and its JSONL file read; each order becomes an OrderFact and its customer a member, with no
 * points; running it again changes nothing; THROTTLED is waited out, userErrors and a failed
 * operation end the backfill with Shopify's reason; a webhook's fact is never overwritten.
 * Tier credit: a member's paid orders get a points-free OrderAccount and the member the tier a
 * spend ladder gives them (entry reward included, no order entries, zero drift); later
 * refunds/create, orders/cancelled and orders/paid webhooks behave. An order suite: run on every
 * order path (vitest.config.ts).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../../app/db.server";
// Loaded first: its Node adapter sets the real fetch when imported (see shopify-gateway.test.ts).
import "../../app/shopify.server";
import { recordBackfilledOrderAccount } from "../../app/economics/backfill-order-account.server";
import { buyerKey } from "../../app/economics/buyer-key.server";
import { createOrderBackfill, resumeOrderBackfills, runOrderBackfill } from "../../app/economics/order-backfill.server";
import { recordOrderFact } from "../../app/economics/order-facts.server";
import { readBulkOrderLine } from "../../app/domain/backfill/bulk-order";
import { tierColumns, tierSchema, type TierInput } from "../../app/domain/tiers/definition";
import { claimLease } from "../../app/jobs/lease.server";
import { reconcileShop } from "../../app/ledger/reconcile.server";
import { deliverWebhook } from "../support/deliver";
import {
  cancelledOrderPayload,
  customerFixture,
  installShop,
  paidOrderPayload,
  refundPayload,
  uniqueId,
  type CustomerFixture,
} from "../support/factories";
import { webhookRequest } from "../support/signed-requests";
import { jsonAnswer, useStubbedAdminApi } from "../support/stubbed-admin-api";

const { captured, answers } = useStubbedAdminApi();

afterEach(() => vi.unstubAllGlobals());

const FILE_URL =
  "https://storage.googleapis.com/shopify-tiers-assets-prod-us-east1/bulk-operation-outputs/orders.jsonl";
const OPERATION = "gid://shopify/BulkOperation/720918";

const throttled = () =>
  jsonAnswer({
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
    extensions: {
      cost: {
        requestedQueryCost: 10,
        actualQueryCost: null,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 },
      },
    },
  });
const created = () =>
  jsonAnswer({
    data: { bulkOperationRunQuery: { bulkOperation: { id: OPERATION, status: "CREATED" }, userErrors: [] } },
  });
const operation =
  (status: string, extra: Record<string, unknown> = {}) =>
  () =>
    jsonAnswer({
      data: { node: { id: OPERATION, status, errorCode: null, objectCount: "0", url: null, ...extra } },
    });

interface LineOptions {
  /** Order.totalPriceSet: with shipping and tax. */
  amount?: string;
  email?: string;
  /** Order.subtotalPriceSet (line items after discounts, before shipping and tax); default: amount. */
  subtotal?: string;
  /** Order.currentSubtotalPriceSet (after returns); default: subtotal. */
  current?: string;
  status?: string;
  processedAt?: string;
  cancelledAt?: string | null;
}

/** One order as Shopify's bulk query file holds it (Order fields of ORDERS_BULK_FIELDS). */
function orderLine(id: string, customer: { id: string; email: string } | null, options: LineOptions | string = {}) {
  const o: LineOptions = typeof options === "string" ? { amount: options } : options;
  const amount = o.amount ?? "25.00";
  const money = (value: string) => ({ shopMoney: { amount: value, currencyCode: "USD" } });
  return JSON.stringify({
    id: `gid://shopify/Order/${id}`,
    createdAt: "2026-11-20T10:00:00Z",
    processedAt: o.processedAt ?? "2026-11-20T10:00:05Z",
    cancelledAt: o.cancelledAt ?? null,
    email: customer?.email ?? o.email ?? "guest@example.com",
    displayFinancialStatus: o.status ?? "PAID",
    totalPriceSet: money(amount),
    subtotalPriceSet: money(o.subtotal ?? amount),
    currentSubtotalPriceSet: money(o.current ?? o.subtotal ?? amount),
    customer: customer
      ? { id: `gid://shopify/Customer/${customer.id}`, email: customer.email, firstName: "Back", lastName: "Filled" }
      : null,
  });
}

/** Shopify's file: a member's order, a guest's, another customer's with a child line, one a webhook knows. */
function bulkFile() {
  const alice = { id: uniqueId(), email: `alice${uniqueId()}@example.com` };
  const bob = { id: uniqueId(), email: `bob${uniqueId()}@example.com` };
  const orders = { alice: uniqueId(), guest: uniqueId(), bob: uniqueId(), known: uniqueId() };
  const text = [
    orderLine(orders.alice, alice, "120.50"),
    orderLine(orders.guest, null, "9.99"),
    orderLine(orders.bob, bob),
    JSON.stringify({ id: "gid://shopify/LineItem/1", __parentId: `gid://shopify/Order/${orders.bob}` }),
    orderLine(orders.known, alice, "1.00"),
  ].join("\n");
  return { alice, bob, orders, text: `${text}\n` };
}

/** The file download (a signed storage link, not the Admin API), and the URLs asked for. */
function stubFile(text: string) {
  const asked: string[] = [];
  vi.stubGlobal("fetch", async (url: string) => {
    asked.push(String(url));
    return new Response(text, { status: 200, headers: { "content-type": "application/jsonl" } });
  });
  return asked;
}

const noWait = () => {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
};

describe("order backfill", () => {
  it("creates the bulk query, waits out a throttle, polls it, reads the file and records facts and members, no points", async () => {
    const shop = await installShop(db);
    const other = await installShop(db);
    const file = bulkFile();
    await recordOrderFact(db, shop.id, {
      orderId: file.orders.known,
      placedAt: new Date("2026-11-20T10:00:05Z"),
      totalMinor: 4200,
      currencyCode: "USD",
      memberId: null,
      buyerKey: "webhook-key",
      source: "webhook",
    });
    const asked = stubFile(file.text);
    answers.push(throttled, created, operation("RUNNING"), operation("COMPLETED", { objectCount: "5", url: FILE_URL }));
    const { backfill } = await createOrderBackfill(db, shop.id, new Date("2026-12-02T00:00:00Z"));
    const { waits, sleep } = noWait();

    expect(await runOrderBackfill(db, shop, backfill.id, { sleep, pollMs: 7 })).toBe("done");

    expect(captured).toHaveLength(4);
    expect(captured[1]!.body.query).toContain("bulkOperationRunQuery");
    expect(captured[1]!.body.variables!.query).toContain('orders(query: "created_at:>=2026-10-03")');
    expect(captured[1]!.body.variables!.query).toContain("totalPriceSet { shopMoney { amount currencyCode } }");
    expect(captured[1]!.body.variables!.query).toContain("subtotalPriceSet { shopMoney { amount currencyCode } }");
    expect(captured[1]!.body.variables!.query).toContain(
      "currentSubtotalPriceSet { shopMoney { amount currencyCode } }",
    );
    expect(captured[1]!.body.variables!.query).toContain("displayFinancialStatus");
    expect(captured.slice(2).map((c) => c.body.variables)).toEqual([{ id: OPERATION }, { id: OPERATION }]);
    // 10 points missing at 100 a second, then one poll interval.
    expect(waits).toEqual([100, 7]);
    expect(asked).toEqual([FILE_URL]);

    const facts = await db.orderFact.findMany({ where: { shopId: shop.id } });
    const byOrder = new Map(facts.map((f) => [f.orderId, f]));
    const alice = await db.member.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shop.id, customerId: file.alice.id } },
    });
    const bob = await db.member.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shop.id, customerId: file.bob.id } },
    });
    expect(alice.email).toBe(file.alice.email);
    expect(byOrder.get(file.orders.alice)).toMatchObject({
      source: "backfill",
      memberId: alice.id,
      buyerKey: null,
      totalMinor: 12050n,
      placedAt: new Date("2026-11-20T10:00:05Z"),
    });
    expect(byOrder.get(file.orders.bob)).toMatchObject({ source: "backfill", memberId: bob.id });
    expect(byOrder.get(file.orders.guest)).toMatchObject({
      source: "backfill",
      memberId: null,
      buyerKey: buyerKey(shop.id, { email: "guest@example.com" }),
      totalMinor: 999n,
    });
    // What the webhook wrote stands.
    expect(byOrder.get(file.orders.known)).toMatchObject({
      source: "webhook",
      totalMinor: 4200n,
      buyerKey: "webhook-key",
    });
    expect(facts).toHaveLength(4);

    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.member.findMany({ where: { shopId: shop.id }, select: { balance: true, pending: true } })).toEqual([
      { balance: 0, pending: 0 },
      { balance: 0, pending: 0 },
    ]);
    expect(await db.orderFact.count({ where: { shopId: other.id } })).toBe(0);
    expect(await db.member.count({ where: { shopId: other.id } })).toBe(0);
    expect(await db.orderBackfill.findUniqueOrThrow({ where: { id: backfill.id } })).toMatchObject({
      status: "done",
      ordersSeen: 4,
      bulkOperationId: OPERATION,
      error: null,
      leaseUntil: null,
    });
  });

  it("changes nothing when run again over the same orders", async () => {
    const shop = await installShop(db);
    const file = bulkFile();
    const snapshot = async () => ({
      facts: await db.orderFact.findMany({ where: { shopId: shop.id }, orderBy: { orderId: "asc" } }),
      members: await db.member.findMany({
        where: { shopId: shop.id },
        orderBy: { id: "asc" },
        select: { id: true, customerId: true, email: true },
      }),
    });
    const backfillOnce = async () => {
      stubFile(file.text);
      answers.push(created, operation("COMPLETED", { url: FILE_URL }));
      const { backfill, created: isNew } = await createOrderBackfill(db, shop.id);
      expect(isNew).toBe(true);
      expect(await runOrderBackfill(db, shop, backfill.id, noWait())).toBe("done");
      return snapshot();
    };
    const first = await backfillOnce();
    const second = await backfillOnce();
    expect(second).toEqual(first);
    expect(second.facts).toHaveLength(4);
    expect(second.members).toHaveLength(2);
    expect(await db.orderBackfill.count({ where: { shopId: shop.id, status: "done" } })).toBe(2);
  });

  it("starts no second backfill while one is under way, and a held one is not worked twice", async () => {
    const shop = await installShop(db);
    const first = await createOrderBackfill(db, shop.id);
    const again = await createOrderBackfill(db, shop.id);
    expect(again).toEqual({ backfill: first.backfill, created: false });
    const lease = await claimLease(db.orderBackfill, shop.id, first.backfill.id);
    expect(await runOrderBackfill(db, shop, first.backfill.id, noWait())).toBe("held");
    expect(captured).toHaveLength(0);
    await lease!.release();
    await db.orderBackfill.update({ where: { id: first.backfill.id }, data: { status: "failed" } });
  });

  it("ends with Shopify's reason when the bulk query is refused with userErrors", async () => {
    const shop = await installShop(db);
    answers.push(() =>
      jsonAnswer({
        data: {
          bulkOperationRunQuery: {
            bulkOperation: null,
            userErrors: [
              {
                field: null,
                message:
                  "A bulk query operation for this app and shop is already in progress: gid://shopify/BulkOperation/1.",
                code: "OPERATION_IN_PROGRESS",
              },
            ],
          },
        },
      }),
    );
    const { backfill } = await createOrderBackfill(db, shop.id);
    expect(await runOrderBackfill(db, shop, backfill.id, noWait())).toBe("failed");
    const row = await db.orderBackfill.findUniqueOrThrow({ where: { id: backfill.id } });
    expect(row.status).toBe("failed");
    expect(row.error).toContain("already in progress");
    expect(row.error).toContain("OPERATION_IN_PROGRESS");
    expect(await db.orderFact.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("ends with the error code when Shopify's operation fails", async () => {
    const shop = await installShop(db);
    answers.push(created, operation("FAILED", { errorCode: "ACCESS_DENIED" }));
    const { backfill } = await createOrderBackfill(db, shop.id);
    expect(await runOrderBackfill(db, shop, backfill.id, noWait())).toBe("failed");
    expect((await db.orderBackfill.findUniqueOrThrow({ where: { id: backfill.id } })).error).toBe(
      "Shopify's bulk query of orders ended FAILED (ACCESS_DENIED).",
    );
  });

  it("leaves a still-throttled or still-running backfill to the next pass, which finishes it", async () => {
    const shop = await installShop(db);
    const file = bulkFile();
    answers.push(throttled, throttled);
    const { backfill } = await createOrderBackfill(db, shop.id);
    expect(await runOrderBackfill(db, shop, backfill.id, { ...noWait(), maxThrottles: 1 })).toBe("running");
    answers.push(created, operation("RUNNING"));
    expect(await runOrderBackfill(db, shop, backfill.id, { ...noWait(), maxPolls: 1 })).toBe("running");
    expect((await db.orderBackfill.findUniqueOrThrow({ where: { id: backfill.id } })).bulkOperationId).toBe(OPERATION);
    stubFile(file.text);
    answers.push(operation("COMPLETED", { url: FILE_URL }));
    expect(await runOrderBackfill(db, shop, backfill.id, noWait())).toBe("done");
    // The next pass polled the operation it had started: no second bulk query.
    expect(captured.filter((c) => c.body.query.includes("bulkOperationRunQuery"))).toHaveLength(3);
    expect(await db.orderFact.count({ where: { shopId: shop.id } })).toBe(4);
  });

  it("resumes where an instance that died stopped: the scheduled work takes the lapsed lease and skips the orders counted", async () => {
    const shop = await installShop(db);
    const file = bulkFile();
    const { backfill } = await createOrderBackfill(db, shop.id);
    // An instance started the query, counted two orders, and died holding the lease.
    await db.orderBackfill.update({
      where: { id: backfill.id },
      data: {
        status: "importing",
        bulkOperationId: OPERATION,
        ordersSeen: 2,
        leaseUntil: new Date(Date.now() - 1_000),
      },
    });
    stubFile(file.text);
    answers.push(operation("COMPLETED", { url: FILE_URL }));

    const resumed = await resumeOrderBackfills(db, new Date(), noWait());

    expect(resumed.done).toBeGreaterThanOrEqual(1);
    expect(captured.map((c) => c.body.variables)).toEqual([{ id: OPERATION }]);
    expect(await db.orderBackfill.findUniqueOrThrow({ where: { id: backfill.id } })).toMatchObject({
      status: "done",
      ordersSeen: 4,
      leaseUntil: null,
    });
    // The two orders counted before are passed over; the rest are brought in.
    const facts = await db.orderFact.findMany({ where: { shopId: shop.id }, select: { orderId: true } });
    expect(facts.map((f) => f.orderId).sort()).toEqual([file.orders.bob, file.orders.known].sort());
  });
});

/** A spend ladder (thresholds in cents of eligible spend), Gold with an entry reward. */
const LADDER: Omit<TierInput, "id" | "position">[] = [
  { name: "Member", threshold: 0 },
  { name: "Silver", threshold: 10_000 },
  { name: "Gold", threshold: 50_000, entryRewardPoints: 50 },
];

async function spendTierShop() {
  const shop = await installShop(db);
  await db.shop.update({ where: { id: shop.id }, data: { tierMetric: "spend", tierPeriod: "lifetime" } });
  const tiers: Record<string, string> = {};
  for (const [position, tier] of LADDER.entries()) {
    const { id: _id, ...parsed } = tierSchema.parse({ id: "new", position, ...tier });
    tiers[tier.name] = (await db.tier.create({ data: { shopId: shop.id, ...tierColumns(parsed) } })).id;
  }
  return { shop, tiers };
}

/**
 * Sixty days of two customers: Alice paid 300 and 250 (50 of it refunded) of eligible spend,
 * with shipping and tax on top, and has a 1,000 order not paid yet; Bob paid 150 and 400, the
 * 400 cancelled. Alice qualifies for Gold (500), Bob for Silver (150).
 */
function historyFile() {
  const alice = customerFixture();
  const bob = customerFixture();
  const orders = { a1: uniqueId(), a2: uniqueId(), aPending: uniqueId(), b1: uniqueId(), bCancelled: uniqueId() };
  const text = [
    orderLine(orders.a1, alice, { amount: "321.00", subtotal: "300.00", processedAt: "2026-10-10T09:00:00Z" }),
    orderLine(orders.a2, alice, {
      amount: "262.50",
      subtotal: "250.00",
      current: "200.00",
      status: "PARTIALLY_REFUNDED",
      processedAt: "2026-11-02T09:00:00Z",
    }),
    orderLine(orders.aPending, alice, { amount: "1000.00", status: "PENDING" }),
    orderLine(orders.b1, bob, { amount: "150.00" }),
    orderLine(orders.bCancelled, bob, { amount: "400.00", cancelledAt: "2026-11-21T08:00:00Z" }),
  ].join("\n");
  return { alice, bob, orders, text: `${text}\n` };
}

async function backfill(shop: { id: string; domain: string }, text: string) {
  stubFile(text);
  answers.push(created, operation("COMPLETED", { url: FILE_URL }));
  const { backfill: row } = await createOrderBackfill(db, shop.id);
  expect(await runOrderBackfill(db, shop, row.id, noWait())).toBe("done");
}

const memberOf = (shopId: string, customer: CustomerFixture) =>
  db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: customer.id } } });

const accountOf = (shopId: string, orderId: string) =>
  db.orderAccount.findUnique({ where: { shopId_orderId: { shopId, orderId } } });

async function deliver(shop: string, topic: string, payload: unknown) {
  const response = await deliverWebhook(webhookRequest({ shop, topic, payload }));
  expect(response.status).toBe(200);
}

describe("order backfill: tier credit from 60 days of history", () => {
  it("puts each member in the tier their paid spend qualifies for, with no order points, and changes nothing run twice", async () => {
    const { shop, tiers } = await spendTierShop();
    const other = await spendTierShop();
    const file = historyFile();
    // The same customer in another shop: never touched.
    const elsewhere = await db.member.create({
      data: { shopId: other.shop.id, customerId: file.alice.id, email: file.alice.email },
    });

    await backfill(shop, file.text);

    const alice = await memberOf(shop.id, file.alice);
    const bob = await memberOf(shop.id, file.bob);
    expect(alice).toMatchObject({ tierId: tiers.Gold, tierSource: "earned", balance: 50, pending: 0 });
    expect(bob).toMatchObject({ tierId: tiers.Silver, tierSource: "earned", balance: 0, pending: 0 });

    // The accounts a paid webhook would leave, without points: spend on the subtotal's basis.
    expect(await accountOf(shop.id, file.orders.a1)).toMatchObject({
      memberId: alice.id,
      currencyCode: "USD",
      spendMinor: 30_000n,
      refundedMinor: 0n,
      paidAt: new Date("2026-10-10T09:00:00Z"),
      cancelledAt: null,
      earnedPoints: 0,
      pointsState: "none",
    });
    expect(await accountOf(shop.id, file.orders.a2)).toMatchObject({ spendMinor: 25_000n, refundedMinor: 5_000n });
    // Its fact for the dashboard: the total price, and the refund on the same basis as the account's.
    expect(
      await db.orderFact.findUniqueOrThrow({ where: { shopId_orderId: { shopId: shop.id, orderId: file.orders.a2 } } }),
    ).toMatchObject({ source: "backfill", totalMinor: 26_250n, refundedMinor: 5_000n });
    expect(await accountOf(shop.id, file.orders.bCancelled)).toMatchObject({
      memberId: bob.id,
      cancelledAt: new Date("2026-11-21T08:00:00Z"),
    });
    // Not paid: no account, so its later orders/paid is a new order.
    expect(await accountOf(shop.id, file.orders.aPending)).toBeNull();

    // The ledger: no order entries, only the entry reward the tier code posts for reaching Gold.
    const entries = await db.ledgerEntry.findMany({
      where: { shopId: shop.id },
      select: { memberId: true, kind: true, causeType: true, causeId: true, points: true },
    });
    expect(entries).toEqual([{ memberId: alice.id, kind: "earn", causeType: "tier", causeId: tiers.Gold, points: 50 }]);
    expect(await reconcileShop(db, shop.id)).toEqual({ membersChecked: 2, drifted: [] });

    const snapshot = async () => ({
      members: await db.member.findMany({
        where: { shopId: shop.id },
        orderBy: { id: "asc" },
        select: { id: true, tierId: true, tierSource: true, tierSince: true, balance: true, pending: true },
      }),
      accounts: await db.orderAccount.findMany({ where: { shopId: shop.id }, orderBy: { orderId: "asc" } }),
      entries: await db.ledgerEntry.count({ where: { shopId: shop.id } }),
      changes: await db.tierChange.count({ where: { shopId: shop.id } }),
    });
    const first = await snapshot();
    await backfill(shop, file.text);
    expect(await snapshot()).toEqual(first);
    expect(first.accounts).toHaveLength(4);
    expect(first.changes).toBe(2);

    // Another shop: its member, tiers and ledger as they were.
    expect(await db.member.findUniqueOrThrow({ where: { id: elsewhere.id } })).toMatchObject({
      tierId: null,
      balance: 0,
    });
    expect(await db.orderAccount.count({ where: { shopId: other.shop.id } })).toBe(0);
    expect(await db.ledgerEntry.count({ where: { shopId: other.shop.id } })).toBe(0);
  });

  it("gives a points-metric programme no credit: no points were earned", async () => {
    const { shop } = await spendTierShop();
    await db.shop.update({ where: { id: shop.id }, data: { tierMetric: "points" } });
    // In points: had the backfill paid Alice's 550 of spend at the shop's 1 point a unit, she would be Gold.
    await db.tier.updateMany({ where: { shopId: shop.id, name: "Silver" }, data: { threshold: 100 } });
    await db.tier.updateMany({ where: { shopId: shop.id, name: "Gold" }, data: { threshold: 500 } });
    const file = historyFile();
    await backfill(shop, file.text);
    const alice = await memberOf(shop.id, file.alice);
    // The lowest tier (threshold 0) only, and no entry reward posted.
    expect(alice.tierId).not.toBeNull();
    expect((await db.tier.findUniqueOrThrow({ where: { id: alice.tierId! } })).name).toBe("Member");
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("a webhook's account stands: the backfill adds none over it", async () => {
    const { shop, tiers } = await spendTierShop();
    const file = historyFile();
    // A real orders/paid for Alice's first order came before the backfill.
    await deliver(
      shop.domain,
      "orders/paid",
      paidOrderPayload({ id: file.orders.a1, customer: file.alice, subtotal: "300.00" }),
    );
    const before = await accountOf(shop.id, file.orders.a1);
    expect(before).toMatchObject({ earnedPoints: 300, pointsState: "released" });

    await backfill(shop, file.text);

    expect(await accountOf(shop.id, file.orders.a1)).toEqual(before);
    const alice = await memberOf(shop.id, file.alice);
    expect(alice.tierId).toBe(tiers.Gold);
    expect(
      await db.ledgerEntry.count({ where: { shopId: shop.id, causeType: "order", causeId: file.orders.a1 } }),
    ).toBe(1);
    expect(await reconcileShop(db, shop.id)).toEqual({ membersChecked: 2, drifted: [] });
  });

  it("a later refunds/create of a backfilled order reverses nothing, counts the refund and moves the tier", async () => {
    const { shop, tiers } = await spendTierShop();
    const file = historyFile();
    await backfill(shop, file.text);

    // 100 refunded of Alice's 300: 400 left, Silver; the refund is counted, nothing reversed.
    await deliver(shop.domain, "refunds/create", refundPayload({ orderId: file.orders.a1, subtotals: ["100.00"] }));

    expect(await accountOf(shop.id, file.orders.a1)).toMatchObject({
      refundedMinor: 10_000n,
      reversedPoints: 0,
      shortfallPoints: 0,
      pointsState: "none",
    });
    expect(await memberOf(shop.id, file.alice)).toMatchObject({ tierId: tiers.Silver, balance: 50 });
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id, causeType: "order" } })).toBe(0);
    expect(await reconcileShop(db, shop.id)).toEqual({ membersChecked: 2, drifted: [] });
  });

  it("a later orders/cancelled of a backfilled order reverses nothing and its spend no longer counts", async () => {
    const { shop, tiers } = await spendTierShop();
    const file = historyFile();
    await backfill(shop, file.text);

    // Bob's 150 cancelled: nothing left, the lowest tier.
    await deliver(shop.domain, "orders/cancelled", cancelledOrderPayload(file.orders.b1));

    expect(await accountOf(shop.id, file.orders.b1)).toMatchObject({
      cancelledAt: expect.any(Date),
      reversedPoints: 0,
      pointsState: "none",
    });
    expect(await memberOf(shop.id, file.bob)).toMatchObject({ tierId: tiers.Member, balance: 0 });
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id, causeType: "order" } })).toBe(0);
    expect(await reconcileShop(db, shop.id)).toEqual({ membersChecked: 2, drifted: [] });
  });

  it("a later orders/paid earns a backfilled unpaid order as new, and is a duplicate for a backfilled paid one", async () => {
    const { shop, tiers } = await spendTierShop();
    const file = historyFile();
    await backfill(shop, file.text);
    const alice = await memberOf(shop.id, file.alice);

    // A repeated orders/paid of a backfilled paid order: already counted, no points, amounts kept.
    await deliver(
      shop.domain,
      "orders/paid",
      paidOrderPayload({ id: file.orders.a2, customer: file.alice, subtotal: "250.00" }),
    );
    expect(await accountOf(shop.id, file.orders.a2)).toMatchObject({
      earnedPoints: 0,
      pointsState: "none",
      spendMinor: 25_000n,
      refundedMinor: 5_000n,
    });
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id, causeType: "order" } })).toBe(0);

    // Alice's pending 1,000 is paid only now: priced and awarded as a new order.
    await deliver(
      shop.domain,
      "orders/paid",
      paidOrderPayload({ id: file.orders.aPending, customer: file.alice, subtotal: "1000.00" }),
    );
    expect(await accountOf(shop.id, file.orders.aPending)).toMatchObject({
      memberId: alice.id,
      earnedPoints: 1000,
      pointsState: "released",
      spendMinor: 100_000n,
    });
    const orderEntries = await db.ledgerEntry.findMany({
      where: { shopId: shop.id, causeType: "order" },
      select: { causeId: true, kind: true, points: true },
    });
    expect(orderEntries).toEqual([{ causeId: file.orders.aPending, kind: "earn", points: 1000 }]);
    // Gold's entry reward was posted once, by the backfill: still Gold, no second reward.
    expect(await memberOf(shop.id, file.alice)).toMatchObject({ tierId: tiers.Gold, balance: 1050 });
    expect(await reconcileShop(db, shop.id)).toEqual({ membersChecked: 2, drifted: [] });
  });

  it("racing writers end in one row: two backfill writers, or a backfill and a real orders/paid", async () => {
    const { shop } = await spendTierShop();
    const file = historyFile();
    const read = readBulkOrderLine(file.text.split("\n")[0]!);
    if (read.kind !== "order") throw new Error("the first line is an order");
    const alice = await db.member.create({
      data: { shopId: shop.id, customerId: file.alice.id, email: file.alice.email },
    });
    const wrote = await Promise.all([
      recordBackfilledOrderAccount(db, shop.id, alice.id, read.order),
      recordBackfilledOrderAccount(db, shop.id, alice.id, read.order),
    ]);
    expect(wrote.filter(Boolean)).toHaveLength(1);
    expect(await db.orderAccount.count({ where: { shopId: shop.id, orderId: file.orders.a1 } })).toBe(1);

    // The backfill and the order's own orders/paid at once: one account, its points at most once.
    const raceOrder = uniqueId();
    stubFile(`${orderLine(raceOrder, file.alice, { amount: "300.00" })}\n`);
    answers.push(created, operation("COMPLETED", { url: FILE_URL }));
    const { backfill: row } = await createOrderBackfill(db, shop.id);
    const [status] = await Promise.all([
      runOrderBackfill(db, shop, row.id, noWait()),
      deliver(
        shop.domain,
        "orders/paid",
        paidOrderPayload({ id: raceOrder, customer: file.alice, subtotal: "300.00" }),
      ),
    ]);
    expect(status).toBe("done");
    const account = await accountOf(shop.id, raceOrder);
    const earned = await db.ledgerEntry.count({ where: { shopId: shop.id, causeType: "order", causeId: raceOrder } });
    // Whichever came first: the webhook's priced account (and its entry), or the backfill's without points.
    expect([account?.earnedPoints, earned]).toEqual(account?.pointsState === "released" ? [300, 1] : [0, 0]);
    expect(await reconcileShop(db, shop.id)).toEqual({ membersChecked: 1, drifted: [] });
  });
});
