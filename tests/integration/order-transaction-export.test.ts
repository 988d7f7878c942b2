/**
 * `paidOrderTransaction()` (what bench:orders hands pgbench, docs/decisions/0020) is the
 * transaction the direct path sends, statement for statement: the SQL sent on the pool's
 * clients while one paid order of a new customer is processed, from BEGIN to COMMIT, is the
 * export's, in the same order. (order-paths.test.ts holds that the export writes the rows the
 * app writes; this holds that it sends nothing more or less.) On SQLite order transactions
 * only take the Prisma path, and nothing is exported for it.
 */
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db, postgresPoolOf } from "../../app/db.server";
import { paidOrderTransaction } from "../../app/orders/order-store-postgres.server";
import { orderTransactionPath } from "../../app/orders/order-store.server";
import { createDeliveryBatch } from "../../app/webhooks/batch.server";
import { dispatchWebhook } from "../../app/webhooks/dispatch.server";
import { parseWebhookBody } from "../../app/webhooks/json-body";
import { customerFixture, installShop, paidOrderPayload, uniqueId } from "../support/factories";

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the exported paid-order transaction", () => {
  it("is what the direct path sends for a new customer's paid order", async () => {
    if (!postgresPoolOf(db)) {
      expect(orderTransactionPath(db, "direct")).toBe("prisma");
      return;
    }
    const shop = await installShop(db);
    const batch = createDeliveryBatch(db, { orderTransactions: "direct" });
    // The shop, its rules and tiers are read once per batch, before any transaction: read them first.
    await batch.shop(shop.domain);
    await batch.rules(shop.id);
    await batch.earningTiers(shop.id);

    const sent: string[] = [];
    const query = pg.Client.prototype.query;
    vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const config = args[0];
      const text = typeof config === "string" ? config : (config as { text?: string } | null)?.text;
      if (text) sent.push(oneLine(text));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query);

    const customer = customerFixture();
    const outcome = await dispatchWebhook(
      db,
      {
        shopDomain: shop.domain,
        topic: "orders/paid",
        deliveryId: `event-${uniqueId()}`,
        triggeredAt: new Date().toISOString(),
        payload: parseWebhookBody(JSON.stringify(paidOrderPayload({ customer, subtotal: "42.00" }))),
      },
      batch,
    );
    vi.restoreAllMocks();
    expect(outcome).toMatchObject({ status: "handled", result: { status: "awarded", points: 42 } });

    const begin = sent.indexOf("BEGIN");
    const commit = sent.indexOf("COMMIT", begin);
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(commit).toBeGreaterThan(begin);
    const exported = paidOrderTransaction().map((statement) => oneLine(statement.text));
    expect(sent.slice(begin, commit + 1)).toEqual(exported);
  });
});
