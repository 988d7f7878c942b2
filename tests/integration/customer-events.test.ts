/**
 * customers/create and customers/update as rule events, through the real webhook route:
 * account creation and profile fields earn once each whatever Shopify redelivers, the
 * member keeps the newest details when an older payload arrives late, and customers the
 * programme does not know join only when an update earns them points.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { createRule, type NewRuleInput } from "../../app/rules/rules.server";
import { customerFixture, customerWebhookPayload, installShop, uniqueId } from "../support/factories";
import { webhookRequest } from "../support/signed-requests";
import { deliverWebhook } from "../support/deliver";

const PROFILE_RULE: NewRuleInput = {
  kind: "profile_completed",
  name: "Complete your profile",
  fieldPoints: { name: 5, birthday: 6, phone: 3, address: 4, marketing_consent: 2 },
};
const ACCOUNT_RULE: NewRuleInput = { kind: "account_created", name: "Create an account", points: 10 };

async function shopWithRules(...rules: NewRuleInput[]) {
  const shop = await installShop(db);
  for (const rule of rules) await createRule(db, shop.id, rule);
  return shop;
}

/** Shopify's documented customers/* example as a new customer, with the fields the app reads. */
function customerPayload(overrides: Record<string, unknown> = {}) {
  return customerWebhookPayload(customerFixture(), {
    verified_email: true,
    created_at: "2026-03-01T09:00:00-05:00",
    updated_at: "2026-03-01T09:00:00-05:00",
    phone: null,
    default_address: null,
    email_marketing_consent: { state: "not_subscribed", opt_in_level: "single_opt_in", consent_updated_at: null },
    accepts_marketing: false,
    ...overrides,
  });
}

/** Posts a signed delivery; `triggeredAt: null` sends none (deliveries from before the header). */
async function deliver(
  shop: string,
  topic: string,
  payload: unknown,
  options: { eventId?: string; triggeredAt?: string | null } = {},
) {
  const request = webhookRequest({ shop, topic, payload, eventId: options.eventId });
  if (options.triggeredAt === null) request.headers.delete("x-shopify-triggered-at");
  else if (options.triggeredAt) request.headers.set("x-shopify-triggered-at", options.triggeredAt);
  const response = await deliverWebhook(request);
  expect(response.status).toBe(200);
}

const memberOf = (shopId: string, customerId: string | number) =>
  db.member.findUnique({ where: { shopId_customerId: { shopId, customerId: String(customerId) } } });

const ruleReasons = async (shopId: string) =>
  (await db.ledgerEntry.findMany({ where: { shopId, causeType: "rule" }, orderBy: { createdAt: "asc" } })).map((e) => [
    e.points,
    e.reason,
  ]);

describe("customers/create", () => {
  it("stores the account facts and awards account creation and the fields filled, once however delivered", async () => {
    const shop = await shopWithRules(ACCOUNT_RULE, PROFILE_RULE);
    const customer = customerPayload({ first_name: "Ada", last_name: "Lovelace" });
    const eventId = `evt-${uniqueId()}`;

    await deliver(shop.domain, "customers/create", customer, { eventId, triggeredAt: "2026-03-01T14:00:01.000Z" });
    await deliver(shop.domain, "customers/create", customer, { eventId }); // the same delivery again
    await deliver(shop.domain, "customers/create", customer); // the same event under a new id

    const member = await memberOf(shop.id, customer.id);
    expect(member).toMatchObject({
      firstName: "Ada",
      lastName: "Lovelace",
      verifiedEmail: true,
      customerCreatedAt: new Date("2026-03-01T14:00:00Z"),
      balance: 15,
      lifetimeEarned: 15,
    });
    expect(await ruleReasons(shop.id)).toEqual([
      [10, "10 points for creating an account"],
      [5, "5 points for adding your name to your profile"],
    ]);
  });

  it("lets a rule that demands a verified e-mail refuse an unverified account", async () => {
    const shop = await shopWithRules({ ...ACCOUNT_RULE, requiresVerifiedAccount: true });
    const customer = customerPayload({ verified_email: false });
    await deliver(shop.domain, "customers/create", customer);
    expect(await memberOf(shop.id, customer.id)).toMatchObject({ verifiedEmail: false, balance: 0 });
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("enrols the customer with no points in a shop without data rules", async () => {
    const shop = await installShop(db);
    const customer = customerPayload();
    await deliver(shop.domain, "customers/create", customer);
    expect(await memberOf(shop.id, customer.id)).toMatchObject({ balance: 0, email: customer.email });
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(0);
  });
});

describe("customers/update", () => {
  it("awards each newly filled field once, with every field filled counted, birthday included", async () => {
    const shop = await shopWithRules(ACCOUNT_RULE, PROFILE_RULE);
    const customer = customerPayload({ first_name: "Grace", last_name: "Hopper" });
    await deliver(shop.domain, "customers/create", customer);

    const completed = {
      ...customer,
      phone: "+15551234567",
      default_address: { address1: "1 Navy Way", city: "Arlington", country_code: "US" },
      email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in" },
    };
    await deliver(shop.domain, "customers/update", completed);
    await deliver(shop.domain, "customers/update", completed);
    expect((await memberOf(shop.id, customer.id))?.balance).toBe(10 + 5 + 3 + 4 + 2);

    // The birthday is given to the programme, not to Shopify: the next update counts it.
    await db.member.update({
      where: { shopId_customerId: { shopId: shop.id, customerId: String(customer.id) } },
      data: { birthday: "12-09" },
    });
    await deliver(shop.domain, "customers/update", completed);
    await deliver(shop.domain, "customers/update", { ...completed, phone: null });

    expect((await memberOf(shop.id, customer.id))?.balance).toBe(30);
    const fields = (await ruleReasons(shop.id)).map(([, reason]) => reason);
    expect(fields).toHaveLength(6);
    expect(new Set(fields).size).toBe(6);
  });

  it("reads the older accepts_marketing flag when there is no consent object", async () => {
    const shop = await shopWithRules(PROFILE_RULE);
    const customer = customerPayload({
      first_name: null,
      last_name: null,
      email_marketing_consent: null,
      accepts_marketing: true,
    });
    await deliver(shop.domain, "customers/create", customer);
    expect(await ruleReasons(shop.id)).toEqual([[2, "2 points for adding subscribing to emails to your profile"]]);
  });

  it("keeps the newer details when an older payload arrives late, but still awards what it shows", async () => {
    const shop = await shopWithRules(PROFILE_RULE);
    const customer = customerPayload({ first_name: "Ada", last_name: "Byron", verified_email: false });
    await deliver(shop.domain, "customers/create", customer, { triggeredAt: "2026-03-01T10:00:00Z" });

    const newer = { ...customer, last_name: "Lovelace", verified_email: true };
    const older = { ...customer, last_name: "King", phone: "+442071234567" };
    await deliver(shop.domain, "customers/update", newer, { triggeredAt: "2026-03-01T12:00:00Z" });
    await deliver(shop.domain, "customers/update", older, { triggeredAt: "2026-03-01T11:00:00Z" });

    const member = await memberOf(shop.id, customer.id);
    expect(member).toMatchObject({
      lastName: "Lovelace",
      verifiedEmail: true,
      searchText: expect.stringContaining("lovelace"),
      profileSyncedAt: new Date("2026-03-01T12:00:00Z"),
    });
    // The phone was filled when the late payload was produced: that is worth its points once.
    expect(member?.balance).toBe(5 + 3);

    // A newer payload still applies.
    await deliver(
      shop.domain,
      "customers/update",
      { ...newer, first_name: "Augusta" },
      { triggeredAt: "2026-03-01T13:00:00Z" },
    );
    expect(await memberOf(shop.id, customer.id)).toMatchObject({
      firstName: "Augusta",
      profileSyncedAt: new Date("2026-03-01T13:00:00Z"),
    });
  });

  it("dates a delivery without X-Shopify-Triggered-At by the payload's updated_at", async () => {
    const shop = await installShop(db);
    const customer = customerPayload({ last_name: "First" });
    await deliver(shop.domain, "customers/create", customer, { triggeredAt: null });
    await deliver(
      shop.domain,
      "customers/update",
      { ...customer, last_name: "Newer", updated_at: "2026-03-05T10:00:00Z" },
      { triggeredAt: null },
    );
    await deliver(
      shop.domain,
      "customers/update",
      { ...customer, last_name: "Older", updated_at: "2026-03-04T10:00:00Z" },
      { triggeredAt: null },
    );

    expect(await memberOf(shop.id, customer.id)).toMatchObject({
      lastName: "Newer",
      profileSyncedAt: new Date("2026-03-05T10:00:00Z"),
    });
  });

  it("enrols a customer the programme does not know only when the update earns them points", async () => {
    const shop = await shopWithRules({ ...PROFILE_RULE, fieldPoints: { phone: 3 } });
    const withoutPhone = customerPayload();
    const withPhone = customerPayload({ phone: "+15550001111" });

    await deliver(shop.domain, "customers/update", withoutPhone);
    await deliver(shop.domain, "customers/update", withPhone);

    expect(await memberOf(shop.id, withoutPhone.id)).toBeNull();
    expect(await memberOf(shop.id, withPhone.id)).toMatchObject({
      balance: 3,
      email: withPhone.email,
      verifiedEmail: true,
    });
  });

  it("awards once when the same update arrives concurrently under several event ids", async () => {
    const shop = await shopWithRules(ACCOUNT_RULE, PROFILE_RULE);
    const customer = customerPayload({ first_name: "Ada", last_name: "Lovelace", phone: "+15551234567" });
    await Promise.all([
      deliver(shop.domain, "customers/create", customer),
      deliver(shop.domain, "customers/create", customer),
      ...Array.from({ length: 4 }, () => deliver(shop.domain, "customers/update", customer)),
    ]);
    expect((await memberOf(shop.id, customer.id))?.balance).toBe(10 + 5 + 3);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(3);
  });

  it("applies one shop's rules to its own customers only", async () => {
    const rewarding = await shopWithRules(ACCOUNT_RULE);
    const other = await installShop(db);
    const customer = customerPayload();
    await deliver(rewarding.domain, "customers/create", customer);
    await deliver(other.domain, "customers/create", customer);
    expect((await memberOf(rewarding.id, customer.id))?.balance).toBe(10);
    expect((await memberOf(other.id, customer.id))?.balance).toBe(0);
  });
});
