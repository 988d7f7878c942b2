/**
 * Members' facts reach Shopify (docs/decisions/0025): tier tags and loyalty metafields after
 * an order moves the balance or the tier, only what changed, recorded only once Shopify
 * accepted it; throttles retried, refusals named; the resync command; the tier perks as
 * segment-bound automatic discounts; every shop its own.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { redactCustomer } from "../../app/compliance/compliance.server";
import { db } from "../../app/db.server";
import { FACT_DEFINITIONS, FACTS_NAMESPACE } from "../../app/domain/customer-facts";
import { tierColumns, tierSchema, type TierInput } from "../../app/domain/tiers/definition";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { ensureFactDefinitions } from "../../app/shopify-facts/definitions.server";
import { syncTierPerks } from "../../app/shopify-facts/perks.server";
import { resyncShop, UnknownShopError } from "../../app/shopify-facts/resync.server";
import { syncShopFacts } from "../../app/shopify-facts/sync.server";
import { createFakeShopify, type FakeShopify } from "../../demo/fake-shopify";
import { deliverWebhook } from "../support/deliver";
import { customerFixture, installShop, paidOrderPayload, refundPayload, uniqueId } from "../support/factories";
import { webhookRequest } from "../support/signed-requests";

let shopify: FakeShopify;
let restore: () => void;
const waits: number[] = [];
const sleep = async (ms: number) => {
  waits.push(ms);
};

beforeEach(() => {
  shopify = createFakeShopify();
  restore = setShopifyGateway(shopify);
  waits.length = 0;
});
afterEach(() => restore());

async function addTier(shopId: string, input: Omit<TierInput, "id">) {
  const tier = tierSchema.parse({ id: "new", ...input });
  const { id: _id, ...columns } = tier;
  return db.tier.create({ data: { shopId, ...tierColumns(columns) } });
}

async function paidOrder(shopDomain: string, customer = customerFixture(), subtotal = "120.00", id = uniqueId()) {
  const response = await deliverWebhook(
    webhookRequest({
      shop: shopDomain,
      topic: "orders/paid",
      payload: paidOrderPayload({ id, customer, subtotal }),
    }),
  );
  expect(response.status).toBe(200);
  return customer;
}

const memberOf = (shopId: string, customerId: string) =>
  db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });

const metafield = (shop: string, customerId: string, key: string) =>
  shopify.customer(shop, customerId).metafields.get(`${FACTS_NAMESPACE}.${key}`)?.value;

describe("facts written to Shopify", () => {
  it("tags and metafields reach Shopify after an order moves the balance and the tier, only what changed, and a second run sends nothing", async () => {
    const shop = await installShop(db);
    const silver = await addTier(shop.id, { name: "Silver", position: 0, threshold: 0 });
    const gold = await addTier(shop.id, { name: "Gold", position: 1, threshold: 200 });
    const customer = customerFixture();
    // The merchant's and other apps' tags are theirs.
    shopify.customer(shop.domain, customer.id).tags.add("vip");
    await paidOrder(shop.domain, customer, "120.00");
    const member = await memberOf(shop.id, customer.id);
    expect(member).toMatchObject({ balance: 120, tierId: silver.id });

    expect(await syncShopFacts(db, shop.id, { sleep })).toMatchObject({
      members: 1,
      written: 1,
      failed: [],
      stopped: null,
    });
    expect([...shopify.customer(shop.domain, customer.id).tags].sort()).toEqual([
      "loyalty:member",
      "loyalty:tier:Silver",
      "vip",
    ]);
    expect(
      Object.fromEntries([...shopify.customer(shop.domain, customer.id).metafields].map(([k, v]) => [k, v.value])),
    ).toEqual({
      [`${FACTS_NAMESPACE}.balance`]: "120",
      [`${FACTS_NAMESPACE}.tier`]: "Silver",
      [`${FACTS_NAMESPACE}.tier_id`]: silver.id,
      [`${FACTS_NAMESPACE}.next_tier`]: "Gold",
      [`${FACTS_NAMESPACE}.next_tier_remaining`]: "80",
      [`${FACTS_NAMESPACE}.next_tier_unit`]: "points",
    });
    expect(shopify.customer(shop.domain, customer.id).metafields.get(`${FACTS_NAMESPACE}.balance`)?.type).toBe(
      "number_integer",
    );

    const calls = shopify.factCalls.length;
    expect(await syncShopFacts(db, shop.id, { sleep })).toMatchObject({ members: 0, written: 0 });
    expect(shopify.factCalls.length, "nothing changed: nothing sent").toBe(calls);

    // A second order promotes the member to Gold (the tier engine, on the order's own path).
    const secondOrder = uniqueId();
    await paidOrder(shop.domain, customer, "100.00", secondOrder);
    expect(await memberOf(shop.id, customer.id)).toMatchObject({ balance: 220, tierId: gold.id });
    expect(await syncShopFacts(db, shop.id, { sleep })).toMatchObject({ members: 1, written: 1 });
    expect(shopify.factCalls.slice(calls)).toEqual([
      { method: "tagsRemove", shop: shop.domain, customerId: customer.id, tags: ["loyalty:tier:Silver"] },
      { method: "tagsAdd", shop: shop.domain, customerId: customer.id, tags: ["loyalty:tier:Gold"] },
      {
        method: "metafieldsSet",
        shop: shop.domain,
        metafields: [
          { customerId: customer.id, key: "tier", value: "Gold" },
          { customerId: customer.id, key: "tier_id", value: gold.id },
          { customerId: customer.id, key: "balance", value: "220" },
        ],
      },
      {
        method: "metafieldsDelete",
        shop: shop.domain,
        metafields: ["next_tier", "next_tier_remaining", "next_tier_unit"].map((key) => ({
          customerId: customer.id,
          key,
        })),
      },
    ]);

    // A refund takes the second order back: down to Silver, Gold's tag goes, and only it.
    const refund = await deliverWebhook(
      webhookRequest({
        shop: shop.domain,
        topic: "refunds/create",
        payload: refundPayload({ orderId: secondOrder, subtotals: ["100.00"] }),
      }),
    );
    expect(refund.status).toBe(200);
    expect(await memberOf(shop.id, customer.id)).toMatchObject({ balance: 120, tierId: silver.id });
    await syncShopFacts(db, shop.id, { sleep });
    expect(shopify.factCalls.filter((c) => c.method === "tagsRemove").at(-1)).toEqual({
      method: "tagsRemove",
      shop: shop.domain,
      customerId: customer.id,
      tags: ["loyalty:tier:Gold"],
    });
    expect([...shopify.customer(shop.domain, customer.id).tags].sort()).toEqual([
      "loyalty:member",
      "loyalty:tier:Silver",
      "vip",
    ]);
    expect(metafield(shop.domain, customer.id, "next_tier_remaining")).toBe("80");
    const record = await db.customerFactsSync.findUniqueOrThrow({
      where: { shopId_memberId: { shopId: shop.id, memberId: member.id } },
    });
    expect(record.syncedAt?.getTime()).toBe((await memberOf(shop.id, customer.id)).updatedAt.getTime());
    expect(JSON.parse(record.facts).tags).toEqual(["loyalty:member", "loyalty:tier:Silver"]);
  });

  it("batches members' metafields into calls of at most Shopify's 25", async () => {
    const shop = await installShop(db);
    for (let i = 0; i < 7; i++) await paidOrder(shop.domain);
    expect(await syncShopFacts(db, shop.id, { sleep })).toMatchObject({ members: 7, written: 7 });
    const sets = shopify.factCalls.filter((c) => c.method === "metafieldsSet");
    expect(sets.length).toBeLessThan(7);
    for (const call of sets) expect(call.method === "metafieldsSet" && call.metafields.length).toBeLessThanOrEqual(25);
  });

  it("a throttled write is asked again after a wait and recorded only once accepted", async () => {
    const shop = await installShop(db);
    const customer = await paidOrder(shop.domain);
    const member = await memberOf(shop.id, customer.id);

    // Throttled longer than the run retries: nothing recorded, the member stays due.
    shopify.failFactWrites(5, "throttled");
    const stopped = await syncShopFacts(db, shop.id, { sleep, attempts: 3 });
    expect(stopped.stopped).toMatch(/THROTTLED/);
    expect(stopped.written).toBe(0);
    expect(waits).toEqual([5, 10]);
    expect(await db.customerFactsSync.count({ where: { shopId: shop.id, memberId: member.id } })).toBe(0);

    // Throttled twice, then accepted.
    shopify.failFactWrites(2, "throttled");
    const done = await syncShopFacts(db, shop.id, { sleep, attempts: 3 });
    expect(done).toMatchObject({ written: 1, stopped: null });
    expect(metafield(shop.domain, customer.id, "balance")).toBe("120");
    const record = await db.customerFactsSync.findUniqueOrThrow({
      where: { shopId_memberId: { shopId: shop.id, memberId: member.id } },
    });
    expect(record.syncedAt).not.toBeNull();
    expect(record.attempts).toBe(0);
  });

  it("a refusal names Shopify's reason for the member, and the others are written", async () => {
    const shop = await installShop(db);
    const refused = await paidOrder(shop.domain);
    const fine = await paidOrder(shop.domain);
    const refusedMember = await memberOf(shop.id, refused.id);
    const fineMember = await memberOf(shop.id, fine.id);
    // The first member in id order is written first; make its tag write the refused one.
    const [first, second] = [refusedMember, fineMember].sort((a, b) => a.id.localeCompare(b.id));
    shopify.failFactWrites(1, "refused");

    const result = await syncShopFacts(db, shop.id, { sleep });
    expect(result.written).toBe(1);
    expect(result.failed).toEqual([
      { memberId: first!.id, customerId: first!.customerId, error: expect.stringMatching(/INVALID_VALUE/) },
    ]);
    const record = await db.customerFactsSync.findUniqueOrThrow({
      where: { shopId_memberId: { shopId: shop.id, memberId: first!.id } },
    });
    expect(record).toMatchObject({ attempts: 1, syncedAt: null, lastError: expect.stringMatching(/INVALID_VALUE/) });
    expect(metafield(shop.domain, second!.customerId, "balance")).toBe("120");

    // The refused member waits for its backoff, then is written.
    expect((await syncShopFacts(db, shop.id, { sleep })).members).toBe(0);
    const later = await syncShopFacts(db, shop.id, { sleep, now: new Date(Date.now() + 3 * 60_000) });
    expect(later).toMatchObject({ written: 1, failed: [] });
  });

  it("the resync writes every member again from Shopify's own tags, removing only the app's stale ones", async () => {
    const shop = await installShop(db);
    const customer = await paidOrder(shop.domain);
    await syncShopFacts(db, shop.id, { sleep });
    // By hand in Shopify: the membership tag removed, a stale tier tag and a merchant tag added, a value edited.
    const inShopify = shopify.customer(shop.domain, customer.id);
    inShopify.tags.delete("loyalty:member");
    inShopify.tags.add("loyalty:tier:Old");
    inShopify.tags.add("loyalty:vip");
    inShopify.metafields.set(`${FACTS_NAMESPACE}.balance`, { type: "number_integer", value: "9999" });
    inShopify.metafields.set(`${FACTS_NAMESPACE}.tier`, { type: "single_line_text_field", value: "Old" });
    // A scheduled run does not see hand edits (nothing changed in the programme).
    expect((await syncShopFacts(db, shop.id, { sleep })).members).toBe(0);

    const { lines, complete } = await resyncShop(db, shop.domain);
    expect(complete).toBe(true);
    expect(lines.join("\n")).toMatch(/Members: 1 resynced, 1 written/);
    expect([...inShopify.tags].sort()).toEqual(["loyalty:member", "loyalty:vip"]);
    expect(metafield(shop.domain, customer.id, "balance")).toBe("120");
    expect(metafield(shop.domain, customer.id, "tier")).toBeUndefined();
    expect(shopify.metafieldDefinitions.get(shop.domain)?.size).toBe(FACT_DEFINITIONS.length);

    await expect(resyncShop(db, "no-such-shop.myshopify.com")).rejects.toBeInstanceOf(UnknownShopError);
  });

  it("writes one shop's members only, under that shop's domain", async () => {
    const [a, b] = [await installShop(db), await installShop(db)];
    const inA = await paidOrder(a.domain);
    const inB = await paidOrder(b.domain);
    await syncShopFacts(db, a.id, { sleep });
    expect(new Set(shopify.factCalls.map((c) => c.shop))).toEqual(new Set([a.domain]));
    expect(metafield(a.domain, inA.id, "balance")).toBe("120");
    expect(metafield(b.domain, inB.id, "balance")).toBeUndefined();
    expect(await db.customerFactsSync.count({ where: { shopId: b.id } })).toBe(0);
  });

  it("a redacted customer's record goes, and they are not written again", async () => {
    const shop = await installShop(db);
    const customer = await paidOrder(shop.domain);
    await syncShopFacts(db, shop.id, { sleep });
    expect(await db.customerFactsSync.count({ where: { shopId: shop.id } })).toBe(1);
    await redactCustomer(db, shop.domain, customer.id);
    expect(await db.customerFactsSync.count({ where: { shopId: shop.id } })).toBe(0);
    const calls = shopify.factCalls.length;
    expect((await syncShopFacts(db, shop.id, { sleep, force: true })).members).toBe(0);
    expect((await syncShopFacts(db, shop.id, { sleep })).members).toBe(0);
    expect(shopify.factCalls.length).toBe(calls);
  });

  it("creates the metafield definitions once, however often installed", async () => {
    const shop = await installShop(db);
    expect(await ensureFactDefinitions(shop.domain)).toEqual({ created: FACT_DEFINITIONS.length });
    expect(await ensureFactDefinitions(shop.domain)).toEqual({ created: 0 });
  });
});

describe("tier perks Shopify delivers", () => {
  it("a tier with free shipping gets a segment of its tagged members and an automatic discount for it; removing the perk removes both", async () => {
    const shop = await installShop(db);
    const other = await installShop(db);
    const gold = await addTier(shop.id, {
      name: "Gold",
      position: 1,
      threshold: 100,
      shopifyPerks: [{ type: "free_shipping" }],
    });
    await addTier(shop.id, { name: "Silver", position: 0, threshold: 0 });

    expect(await syncTierPerks(db, shop.id, { sleep })).toEqual({
      segments: { created: 1, updated: 0, deleted: 0 },
      discounts: { created: 1, updated: 0, deleted: 0 },
    });
    expect(shopify.segments).toEqual([
      {
        shop: shop.domain,
        segmentId: expect.any(String),
        name: "Loyalty tier: Gold",
        query: "customer_tags CONTAINS 'loyalty:tier:Gold'",
      },
    ]);
    expect(shopify.automaticDiscounts).toEqual([
      {
        shop: shop.domain,
        discountId: expect.any(String),
        title: "Gold members: free shipping",
        segmentId: shopify.segments[0]!.segmentId,
        perk: { type: "free_shipping" },
      },
    ]);
    const stored = await db.tierPerkDiscount.findUniqueOrThrow({
      where: { shopId_tierId_perk: { shopId: shop.id, tierId: gold.id, perk: "free_shipping" } },
    });
    expect(stored.discountId).toBe(shopify.automaticDiscounts[0]!.discountId);

    // Nothing changed: nothing sent. Another shop's tiers are its own.
    expect(await syncTierPerks(db, shop.id, { sleep })).toEqual({
      segments: { created: 0, updated: 0, deleted: 0 },
      discounts: { created: 0, updated: 0, deleted: 0 },
    });
    await syncTierPerks(db, other.id, { sleep });
    expect(shopify.segments).toHaveLength(1);

    // 10% off added, then every perk removed.
    await db.tier.update({
      where: { id: gold.id },
      data: { shopifyPerks: JSON.stringify([{ type: "free_shipping" }, { type: "percent_off", percent: 10 }]) },
    });
    expect((await syncTierPerks(db, shop.id, { sleep })).discounts.created).toBe(1);
    expect(shopify.automaticDiscounts.map((d) => d.perk)).toEqual([
      { type: "free_shipping" },
      { type: "percent_off", percent: 10 },
    ]);

    await db.tier.update({ where: { id: gold.id }, data: { shopifyPerks: "[]" } });
    expect(await syncTierPerks(db, shop.id, { sleep })).toEqual({
      segments: { created: 0, updated: 0, deleted: 1 },
      discounts: { created: 0, updated: 0, deleted: 2 },
    });
    expect(shopify.automaticDiscounts).toEqual([]);
    expect(shopify.segments).toEqual([]);
    expect(await db.tierPerkDiscount.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.tierSegment.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("a renamed tier's segment follows its new tag; a deleted tier's discounts go", async () => {
    const shop = await installShop(db);
    const gold = await addTier(shop.id, {
      name: "Gold",
      position: 0,
      threshold: 0,
      shopifyPerks: [{ type: "percent_off", percent: 5 }],
    });
    await syncTierPerks(db, shop.id, { sleep });
    await db.tier.update({ where: { id: gold.id }, data: { name: "Aurum" } });
    expect((await syncTierPerks(db, shop.id, { sleep })).segments.updated).toBe(1);
    expect(shopify.segments[0]).toMatchObject({
      name: "Loyalty tier: Aurum",
      query: "customer_tags CONTAINS 'loyalty:tier:Aurum'",
    });
    expect(shopify.automaticDiscounts[0]).toMatchObject({ title: "Aurum members: 5% off" });

    await db.tier.delete({ where: { id: gold.id } });
    await syncTierPerks(db, shop.id, { sleep });
    expect(shopify.automaticDiscounts).toEqual([]);
    expect(shopify.segments).toEqual([]);
  });
});
