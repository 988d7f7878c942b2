import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import {
  appUninstalledPayload,
  complianceCustomerPayload,
  customerFixture,
  installShop,
  paidOrderPayload,
  shopRedactPayload,
} from "../support/factories";
import { webhookRequest } from "../support/signed-requests";
import { deliverWebhook } from "../support/deliver";

async function earn(shopDomain: string, customer: ReturnType<typeof customerFixture>, subtotal: string) {
  const payload = paidOrderPayload({ customer, subtotal });
  const response = await deliverWebhook(webhookRequest({ shop: shopDomain, topic: "orders/paid", payload }));
  expect(response.status).toBe(200);
}

describe("compliance webhooks and uninstall", () => {
  it("customers/data_request compiles what we hold about the customer", async () => {
    const shop = await installShop(db);
    const customer = customerFixture({ first_name: "Grace" });
    await earn(shop.domain, customer, "42.00");
    await db.member.updateMany({
      where: { shopId: shop.id, customerId: customer.id },
      data: { birthday: "12-09", referralCode: "GRACE234" },
    });

    const response = await deliverWebhook(
      webhookRequest({
        shop: shop.domain,
        topic: "customers/data_request",
        payload: complianceCustomerPayload("customers/data_request", shop.domain, customer, {
          orders_requested: [],
          data_request: { id: 9 },
        }),
      }),
    );

    expect(response.status).toBe(200);
    const request = await db.dataRequest.findFirstOrThrow({ where: { shopId: shop.id, customerId: customer.id } });
    expect(request.requestId).toBe("9");
    expect(JSON.parse(request.payload)).toMatchObject({
      email: customer.email,
      firstName: "Grace",
      birthday: "12-09",
      referralCode: "GRACE234",
      balance: 42,
      entries: [{ points: 42 }],
      // The order the dashboard counts for them.
      orders: [{ totalMinor: 4200, refundedMinor: 0, currencyCode: "USD", cancelledAt: null }],
    });
  });

  it("customers/redact removes the customer's personal data and keeps the anonymous ledger", async () => {
    const shop = await installShop(db);
    const customer = customerFixture();
    const other = customerFixture();
    await earn(shop.domain, customer, "10.00");
    await earn(shop.domain, other, "20.00");
    // Profile facts and the referral link are personal data too; the friend they referred keeps
    // a link, to the anonymous id.
    await db.member.updateMany({
      where: { shopId: shop.id, customerId: customer.id },
      data: { birthday: "12-10", referralCode: "ADA23456", customerCreatedAt: new Date(), profileSyncedAt: new Date() },
    });
    await db.member.updateMany({
      where: { shopId: shop.id, customerId: other.id },
      data: { referredByCustomerId: customer.id },
    });
    // The merchant's note on a reward they handed over may name the customer too.
    const memberOf = (customerId: string) =>
      db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId } } });
    const member = await memberOf(customer.id);
    const friend = await memberOf(other.id);
    const note = `Handed to ${customer.first_name} in store`;
    for (const m of [member, friend]) {
      await db.redemption.create({
        data: {
          shopId: shop.id,
          memberId: m.id,
          kind: "custom",
          rewardTitle: "Tote",
          pointsSpent: 0,
          valueMinor: 0,
          currencyCode: "USD",
          status: "fulfilled",
          merchantNote: note,
        },
      });
    }

    const response = await deliverWebhook(
      webhookRequest({
        shop: shop.domain,
        topic: "customers/redact",
        payload: complianceCustomerPayload("customers/redact", shop.domain, customer, { orders_to_redact: [] }),
      }),
    );

    expect(response.status).toBe(200);
    expect(
      await db.member.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId: customer.id } } }),
    ).toBeNull();
    const members = await db.member.findMany({ where: { shopId: shop.id } });
    const redacted = members.find((m) => m.redactedAt);
    expect(redacted).toMatchObject({
      email: null,
      firstName: null,
      lastName: null,
      searchText: "",
      birthday: null,
      referralCode: null,
      customerCreatedAt: null,
      profileSyncedAt: null,
    });
    expect(members.find((m) => m.customerId === other.id)?.referredByCustomerId).toBe(redacted?.customerId);
    expect(JSON.stringify(redacted)).not.toContain(customer.email);
    expect(JSON.stringify(redacted)).not.toContain(customer.id);
    expect(members.find((m) => m.customerId === other.id)?.email).toBe(other.email);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(2);
    const notes = await db.redemption.findMany({
      where: { shopId: shop.id },
      select: { memberId: true, merchantNote: true },
    });
    expect(notes.find((r) => r.memberId === member.id)?.merchantNote).toBeNull();
    expect(notes.find((r) => r.memberId === friend.id)?.merchantNote).toBe(note);
  });

  it("app/uninstalled removes the shop's sessions; shop/redact removes all of its data", async () => {
    const shop = await installShop(db);
    const neighbour = await installShop(db);
    const customer = customerFixture();
    await earn(shop.domain, customer, "10.00");
    await earn(neighbour.domain, customer, "10.00");

    const uninstall = await deliverWebhook(
      webhookRequest({ shop: shop.domain, topic: "app/uninstalled", payload: appUninstalledPayload(shop.domain) }),
    );
    expect(uninstall.status).toBe(200);
    expect(await db.session.count({ where: { shop: shop.domain } })).toBe(0);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).uninstalledAt).not.toBeNull();

    const redact = await deliverWebhook(
      webhookRequest({ shop: shop.domain, topic: "shop/redact", payload: shopRedactPayload(shop.domain) }),
    );
    expect(redact.status).toBe(200);
    expect(await db.shop.findUnique({ where: { id: shop.id } })).toBeNull();
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(0);
    // The neighbour is untouched.
    expect(await db.member.count({ where: { shopId: neighbour.id } })).toBe(1);
    expect(await db.session.count({ where: { shop: neighbour.domain } })).toBe(1);
  });
});
