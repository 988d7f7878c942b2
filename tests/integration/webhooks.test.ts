import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { customerFixture, customerWebhookPayload, installShop, paidOrderPayload, uniqueId } from "../support/factories";
import { webhookRequest } from "../support/signed-requests";
import { deliverWebhook } from "../support/deliver";

async function memberOf(shopId: string, customerId: string) {
  return db.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
}

describe("orders/paid webhook", () => {
  it("awards points at the shop's rate on the subtotal after discounts, creating the member", async () => {
    const shop = await installShop(db);
    await db.shop.update({ where: { id: shop.id }, data: { pointsPerUnit: 2 } });
    const customer = customerFixture();
    const payload = paidOrderPayload({ customer, subtotal: "45.99" });

    const response = await deliverWebhook(webhookRequest({ shop: shop.domain, topic: "orders/paid", payload }));

    expect(response.status).toBe(200);
    const member = await memberOf(shop.id, customer.id);
    expect(member).toMatchObject({ balance: 91, lifetimeEarned: 91, email: customer.email });
    const entries = await db.ledgerEntry.findMany({ where: { shopId: shop.id } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ points: 91, kind: "earn", causeType: "order", causeId: String(payload.id) });
  });

  it("refuses a bad HMAC with 401 and writes nothing", async () => {
    const shop = await installShop(db);
    const customer = customerFixture();
    const payload = paidOrderPayload({ customer, subtotal: "100.00" });
    const tampered = webhookRequest({
      shop: shop.domain,
      topic: "orders/paid",
      payload,
      tamper: (body) => body.replace('"100.00"', '"999999.00"'),
    });
    const wrongSecret = webhookRequest({ shop: shop.domain, topic: "orders/paid", payload, secret: "not-the-secret" });

    expect((await deliverWebhook(tampered)).status).toBe(401);
    expect((await deliverWebhook(wrongSecret)).status).toBe(401);
    expect(await memberOf(shop.id, customer.id)).toBeNull();
    expect(await db.webhookDelivery.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("awards once when the same delivery arrives twice (same X-Shopify-Event-Id)", async () => {
    const shop = await installShop(db);
    const customer = customerFixture();
    const payload = paidOrderPayload({ customer, subtotal: "30.00" });
    const eventId = `event-${uniqueId()}`;

    for (let i = 0; i < 3; i++) {
      const response = await deliverWebhook(
        webhookRequest({ shop: shop.domain, topic: "orders/paid", payload, eventId }),
      );
      expect(response.status).toBe(200);
    }
    expect((await memberOf(shop.id, customer.id))?.balance).toBe(30);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("awards once when the same order arrives under new event ids, even concurrently", async () => {
    const shop = await installShop(db);
    const customer = customerFixture();
    const payload = paidOrderPayload({ customer, subtotal: "12.50" });

    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        deliverWebhook(webhookRequest({ shop: shop.domain, topic: "orders/paid", payload })),
      ),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect((await memberOf(shop.id, customer.id))?.balance).toBe(12);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("excludes tax from the spend of a tax-inclusive shop and ignores guest checkouts", async () => {
    const shop = await installShop(db);
    const customer = customerFixture();
    const taxed = paidOrderPayload({ customer, subtotal: "120.00", totalTax: "20.00", taxesIncluded: true });
    const guest = paidOrderPayload({ customer: null, subtotal: "80.00" });

    await deliverWebhook(webhookRequest({ shop: shop.domain, topic: "orders/paid", payload: taxed }));
    const guestResponse = await deliverWebhook(
      webhookRequest({ shop: shop.domain, topic: "orders/paid", payload: guest }),
    );

    expect(guestResponse.status).toBe(200);
    expect((await memberOf(shop.id, customer.id))?.balance).toBe(100);
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("acknowledges a signed payload it cannot read with 200, keeping it as a dead letter and writing nothing else", async () => {
    const shop = await installShop(db);
    const payload = { ...paidOrderPayload({ customer: customerFixture(), subtotal: "10.00" }), id: "not-a-number" };
    const response = await deliverWebhook(
      webhookRequest({ shop: shop.domain, topic: "orders/paid", payload, eventId: "evt-unreadable" }),
    );

    expect(response.status).toBe(200);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.webhookDeadLetter.findMany({ where: { shopDomain: shop.domain } })).toEqual([
      expect.objectContaining({
        topic: "orders/paid",
        deliveryId: "evt-unreadable",
        reason: expect.stringContaining("id"),
        replayedAt: null,
      }),
    ]);
  });

  it("enrols a new customer on customers/create and refreshes details on customers/update", async () => {
    const shop = await installShop(db);
    const customer = customerFixture({ first_name: "Ada", last_name: "Lovelace" });
    const stranger = customerFixture();

    await deliverWebhook(
      webhookRequest({ shop: shop.domain, topic: "customers/create", payload: customerWebhookPayload(customer) }),
    );
    await deliverWebhook(
      webhookRequest({
        shop: shop.domain,
        topic: "customers/update",
        payload: customerWebhookPayload(customer, { last_name: "King" }, "customers/update"),
      }),
    );
    await deliverWebhook(
      webhookRequest({
        shop: shop.domain,
        topic: "customers/update",
        payload: customerWebhookPayload(stranger, {}, "customers/update"),
      }),
    );

    expect(await memberOf(shop.id, customer.id)).toMatchObject({
      lastName: "King",
      searchText: expect.stringContaining("king"),
    });
    expect(await memberOf(shop.id, stranger.id)).toBeNull();
  });
});
