/**
 * The order backfill against Shopify's Admin API stubbed at the HTTP layer (the real gateway
 * builds its requests; answers are the documented shapes): the bulk query is created, polled
 * and its JSONL file read; each order becomes an OrderFact and its customer a member, with no
 * points; running it again changes nothing; THROTTLED is waited out, userErrors and a failed
 * operation end the backfill with Shopify's reason; a webhook's fact is never overwritten.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../../app/db.server";
// Loaded first: its Node adapter sets the real fetch when imported (see shopify-gateway.test.ts).
import "../../app/shopify.server";
import { buyerKey } from "../../app/economics/buyer-key.server";
import { createOrderBackfill, resumeOrderBackfills, runOrderBackfill } from "../../app/economics/order-backfill.server";
import { recordOrderFact } from "../../app/economics/order-facts.server";
import { claimLease } from "../../app/jobs/lease.server";
import { installShop, uniqueId } from "../support/factories";
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

function orderLine(
  id: string,
  customer: { id: string; email: string } | null,
  amount = "25.00",
  email = "guest@example.com",
) {
  return JSON.stringify({
    id: `gid://shopify/Order/${id}`,
    createdAt: "2026-11-20T10:00:00Z",
    processedAt: "2026-11-20T10:00:05Z",
    cancelledAt: null,
    email: customer?.email ?? email,
    totalPriceSet: { shopMoney: { amount, currencyCode: "USD" } },
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
