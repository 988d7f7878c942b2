/**
 * Signed webhooks the app cannot use are acknowledged (200, so Shopify does not retry 8 times
 * over 4 hours for nothing) and kept as dead letters, with nothing else written; the replay
 * command sends them through the dispatch table again, once, idempotently.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { loader as deadLettersLoader } from "../../app/routes/app.webhooks.dead-letters";
import { deadLetterSummary, replayDeadLetters, storeDeadLetter } from "../../app/webhooks/dead-letters.server";
import {
  customerFixture,
  installShop,
  paidOrderPayload,
  refundPayload,
  uniqueDomainless,
  uniqueId,
} from "../support/factories";
import { adminRequest, callRoute, webhookRequest } from "../support/signed-requests";
import { deliverWebhook } from "../support/deliver";

async function deliver(shop: string, topic: string, payload: unknown, eventId = `evt-${uniqueId()}`) {
  return deliverWebhook(webhookRequest({ shop, topic, payload, eventId }));
}

const deadLetters = (shopDomain: string) =>
  db.webhookDeadLetter.findMany({ where: { shopDomain }, orderBy: { receivedAt: "asc" } });

async function paidOrder(shop: Awaited<ReturnType<typeof installShop>>) {
  const orderId = uniqueId();
  const customer = customerFixture();
  expect(
    (await deliver(shop.domain, "orders/paid", paidOrderPayload({ id: orderId, customer, subtotal: "100.00" }))).status,
  ).toBe(200);
  return { orderId, customer };
}

describe("dead letters", () => {
  it("keeps a signed webhook from a shop domain Shopify does not give, answering 200 and creating no shop", async () => {
    const domain = `${uniqueDomainless()}.example.com`;
    const response = await deliver(
      domain,
      "orders/paid",
      paidOrderPayload({ customer: customerFixture(), subtotal: "10.00" }),
      "evt-foreign",
    );

    expect(response.status).toBe(200);
    expect(await db.shop.count({ where: { domain } })).toBe(0);
    expect(await deadLetters(domain)).toEqual([
      expect.objectContaining({
        topic: "orders/paid",
        deliveryId: "evt-foreign",
        reason: expect.stringMatching(/shop/i),
      }),
    ]);
    // A replay does not let it in either.
    expect((await replayDeadLetters(db, { shopDomain: domain })).map((r) => r.status)).toEqual(["still_unusable"]);
    expect(await db.shop.count({ where: { domain } })).toBe(0);
  });

  it("keeps a signed body that is not JSON", async () => {
    const shop = await installShop(db);
    const response = await deliverWebhook(
      webhookRequest({ shop: shop.domain, topic: "orders/paid", body: "{not json", eventId: "evt-broken" }),
    );
    expect(response.status).toBe(200);
    expect(await deadLetters(shop.domain)).toEqual([
      expect.objectContaining({ deliveryId: "evt-broken", body: "{not json" }),
    ]);
  });

  it.each<[string, (number | string)[]]>([
    ["a line far past the safe integer range", [1e300]],
    ["a line of an integer past 2^53", [2 ** 56]],
    ["a line past the safe integer range, as a string", ["90071992547409930.25"]],
    ["lines that add up past the safe integer range", Array(20).fill(900_000_000_000)],
  ])("keeps a refund with %s and reverses nothing", async (_case, subtotals) => {
    const shop = await installShop(db);
    const { orderId, customer } = await paidOrder(shop);
    const payload = refundPayload({ orderId, subtotals: subtotals.map(Number) });
    subtotals.forEach(
      (subtotal, i) => ((payload.refund_line_items as { subtotal: unknown }[])[i]!.subtotal = subtotal),
    );
    const response = await deliver(shop.domain, "refunds/create", payload);

    expect(response.status).toBe(200);
    expect(await db.orderRefund.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.member.findFirstOrThrow({ where: { shopId: shop.id, customerId: customer.id } })).toMatchObject({
      balance: 100,
    });
    expect(await deadLetters(shop.domain)).toEqual([
      expect.objectContaining({ topic: "refunds/create", reason: expect.stringMatching(/range/) }),
    ]);
  });

  it("counts the shop's pending dead letters, newest first, for the admin", async () => {
    const shop = await installShop(db);
    await deliver(shop.domain, "orders/paid", { id: "x" }, "evt-1");
    await deliver(shop.domain, "refunds/create", { id: 1 }, "evt-2");
    await deliver(shop.domain, "refunds/create", { id: 1 }, "evt-2"); // the same delivery again: one letter

    const summary = await deadLetterSummary(db, shop.domain);
    expect(summary.count).toBe(2);
    expect(summary.newest.map((letter) => letter.topic)).toEqual(["refunds/create", "orders/paid"]);
  });

  it("shows the merchant, in the admin, the count of their own shop's dead letters with the newest topics and reasons", async () => {
    const shop = await installShop(db);
    const other = await installShop(db);
    await deliver(shop.domain, "refunds/create", { id: 1 }, "evt-mine");
    await deliver(other.domain, "refunds/create", { id: 1 }, "evt-theirs");
    await deliver(other.domain, "orders/paid", { id: 1 }, "evt-theirs-2");

    const response = await callRoute(deadLettersLoader, adminRequest(shop.domain, "/app/webhooks/dead-letters"));
    expect(response.status).toBe(200);
    expect(JSON.parse(await response.text())).toEqual({
      shopDomain: shop.domain,
      count: 1,
      newest: [expect.objectContaining({ topic: "refunds/create", reason: expect.stringContaining("order_id") })],
    });
  });

  it("replays through the dispatch table once: handled ones are marked, a second run changes nothing", async () => {
    const shop = await installShop(db);
    const { orderId, customer } = await paidOrder(shop);
    // As if kept by an older app that could not read the refund's numbers.
    const body = JSON.stringify(refundPayload({ orderId, subtotals: [25] }));
    await storeDeadLetter(db, {
      shopDomain: shop.domain,
      topic: "refunds/create",
      deliveryId: "evt-old-refund",
      reason: "unreadable",
      body,
    });
    await storeDeadLetter(db, {
      shopDomain: shop.domain,
      topic: "orders/paid",
      deliveryId: "evt-junk",
      reason: "unreadable",
      body: "{}",
    });

    const first = await replayDeadLetters(db, { shopDomain: shop.domain });
    expect(first.map((r) => [r.deliveryId, r.status])).toEqual([
      ["evt-old-refund", "replayed"],
      ["evt-junk", "still_unusable"],
    ]);
    const member = () => db.member.findFirstOrThrow({ where: { shopId: shop.id, customerId: customer.id } });
    expect(await member()).toMatchObject({ balance: 75 });
    expect(await deadLetterSummary(db, shop.domain)).toMatchObject({ count: 1 });

    const again = await replayDeadLetters(db, { shopDomain: shop.domain });
    expect(again.map((r) => [r.deliveryId, r.status])).toEqual([["evt-junk", "still_unusable"]]);
    const [replayed] = await db.webhookDeadLetter.findMany({
      where: { shopDomain: shop.domain, deliveryId: "evt-old-refund" },
    });
    const byId = await replayDeadLetters(db, { shopDomain: shop.domain, ids: [replayed!.id] });
    expect(byId.map((r) => r.status)).toEqual(["replayed"]);
    expect(await member()).toMatchObject({ balance: 75 });
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(2);
  });

  it("does not replay another shop's dead letters", async () => {
    const shop = await installShop(db);
    const other = await installShop(db);
    await storeDeadLetter(db, {
      shopDomain: other.domain,
      topic: "orders/paid",
      deliveryId: "evt-other",
      reason: "x",
      body: "{}",
    });
    const [letter] = await deadLetters(other.domain);
    expect(await replayDeadLetters(db, { shopDomain: shop.domain, ids: [letter!.id] })).toEqual([]);
  });
});
