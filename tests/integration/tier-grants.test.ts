/**
 * Tiers given rather than qualified for, through signed webhooks and the staff call: buying
 * the membership product (by product id or tag) grants the tier once however the delivery
 * repeats, refunding that product or cancelling the order revokes it, a refund of something
 * else does not; staff assign a tier with a reason that the history keeps, hidden tiers only
 * that way; every step scoped by shop.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "../../app/db.server";
import { MemberNotFoundError } from "../../app/ledger/ledger.server";
import { deliveryQueue } from "../../app/queue/queue.server";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { assignTierByHand } from "../../app/tiers/grants.server";
import { applyTierProgramEdit, type ProgramEditInput } from "../../app/tiers/program-edit.server";
import { createFakeShopify, type FakeShopify } from "../../demo/fake-shopify";
import {
  cancelledOrderPayload,
  customerFixture,
  installShop,
  memberWithBalance,
  orderLineItem,
  paidOrderPayload,
  refundPayload,
  uniqueId,
  type CustomerFixture,
} from "../support/factories";
import { deliverWebhook, drainWebhooks } from "../support/deliver";
import { webhookRequest } from "../support/signed-requests";

const MEMBERSHIP_PRODUCT = 7001;
const OTHER_PRODUCT = 7002;

let shopify: FakeShopify;
let restore: () => void;
beforeEach(() => {
  shopify = createFakeShopify();
  restore = setShopifyGateway(shopify);
});
afterEach(() => restore());

async function deliver(shop: string, topic: string, payload: unknown, eventId?: string) {
  const response = await deliverWebhook(webhookRequest({ shop, topic, payload, eventId }));
  expect(response.status).toBe(200);
}

const tiers = (overrides: Partial<ProgramEditInput["tiers"][number]>[] = []): ProgramEditInput => ({
  settings: { metric: "points", period: "lifetime", graceDays: 30 },
  tiers: [
    { name: "Bronze", threshold: 0 },
    { name: "Gold", threshold: 1000, entryRewardPoints: 25 },
    {
      name: "Club",
      threshold: 0,
      hidden: false,
      paidProductId: String(MEMBERSHIP_PRODUCT),
      paidMonths: 12,
      entryRewardPoints: 40,
    },
    { name: "Staff", threshold: 0, hidden: true },
  ].map((tier, i) => ({ ...tier, ...overrides[i] })),
});

/** A shop whose programme sells Club with the membership product (Club's threshold climbs past Gold's). */
async function shopSellingClub(program = tiers([{}, {}, { threshold: 100_000 }])) {
  const shop = await installShop(db);
  await applyTierProgramEdit(db, shop.id, program);
  const ids = Object.fromEntries((await db.tier.findMany({ where: { shopId: shop.id } })).map((t) => [t.name, t.id]));
  return { shop, ids: ids as Record<"Bronze" | "Gold" | "Club" | "Staff", string> };
}

function orderWith(customer: CustomerFixture, lines: { product_id: number; price: string }[], id = uniqueId()) {
  const subtotal = lines.reduce((sum, line) => sum + Number(line.price), 0).toFixed(2);
  return {
    ...paidOrderPayload({ id, customer, subtotal }),
    line_items: lines.map((line, i) => orderLineItem({ id: i + 1, ...line })),
  };
}

/** A refund of the given products' lines of `orderId`, at `price` each. */
function refundOf(orderId: string, products: { product_id: number | null; price: string }[]) {
  const refund = refundPayload({ orderId, subtotals: products.map((p) => p.price) });
  refund.refund_line_items = (refund.refund_line_items as Record<string, unknown>[]).map((line, i) => ({
    ...line,
    line_item: { ...(line.line_item as object), product_id: products[i]!.product_id },
  }));
  return refund;
}

async function memberOf(shopId: string, customerId: string) {
  return db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });
}

async function historyOf(memberId: string) {
  return db.tierChange.findMany({ where: { memberId }, orderBy: { createdAt: "asc" } });
}

describe("paid membership", () => {
  it("buying the membership product grants the tier for its months, once however the delivery repeats", async () => {
    const { shop, ids } = await shopSellingClub();
    const customer = customerFixture();
    const orderId = uniqueId();
    const payload = orderWith(
      customer,
      [
        { product_id: MEMBERSHIP_PRODUCT, price: "50.00" },
        { product_id: OTHER_PRODUCT, price: "20.00" },
      ],
      orderId,
    );
    const eventId = `evt-${uniqueId()}`;

    await deliver(shop.domain, "orders/paid", payload, eventId);
    await deliver(shop.domain, "orders/paid", payload, eventId); // the same delivery again
    await deliver(shop.domain, "orders/paid", payload); // the same order, a new event id

    const member = await memberOf(shop.id, customer.id);
    expect(member).toMatchObject({ tierId: ids.Club, tierSource: "paid" });
    const grants = await db.tierGrant.findMany({ where: { shopId: shop.id } });
    expect(grants).toHaveLength(1);
    const grant = grants[0]!;
    expect(grant).toMatchObject({ memberId: member.id, tierId: ids.Club, source: "paid", orderId, revokedAt: null });
    const account = await db.orderAccount.findUniqueOrThrow({
      where: { shopId_orderId: { shopId: shop.id, orderId } },
    });
    expect(grant.startsAt).toEqual(account.paidAt);
    const months =
      (grant.endsAt!.getUTCFullYear() - grant.startsAt.getUTCFullYear()) * 12 +
      grant.endsAt!.getUTCMonth() -
      grant.startsAt.getUTCMonth();
    expect(months).toBe(12);
    expect(member.tierEndsAt).toEqual(grant.endsAt);

    // Club's entry reward once, and Gold's, the tier it skipped, besides the order's 70 points;
    // one move in the history (the grant is settled before the order's points are).
    const rewards = await db.ledgerEntry.findMany({ where: { memberId: member.id, causeType: "tier" } });
    expect(rewards.map((r) => [r.causeId, r.points]).sort()).toEqual(
      [
        [ids.Club, 40],
        [ids.Gold, 25],
      ].sort(),
    );
    expect(member.balance).toBe(70 + 40 + 25);
    expect((await historyOf(member.id)).map((c) => [c.fromTierId, c.toTierId, c.cause])).toEqual([
      [null, ids.Club, "paid"],
    ]);
  });

  it("an order without the product grants nothing; the member is in the tier they earned", async () => {
    const { shop, ids } = await shopSellingClub();
    const customer = customerFixture();
    await deliver(shop.domain, "orders/paid", orderWith(customer, [{ product_id: OTHER_PRODUCT, price: "30.00" }]));
    expect(await db.tierGrant.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await memberOf(shop.id, customer.id)).toMatchObject({ tierId: ids.Bronze, tierSource: "earned" });
  });

  it("refunding the membership line revokes the tier; a refund of another line does not", async () => {
    const { shop, ids } = await shopSellingClub();
    const customer = customerFixture();
    const orderId = uniqueId();
    await deliver(
      shop.domain,
      "orders/paid",
      orderWith(
        customer,
        [
          { product_id: MEMBERSHIP_PRODUCT, price: "50.00" },
          { product_id: OTHER_PRODUCT, price: "20.00" },
        ],
        orderId,
      ),
    );

    await deliver(shop.domain, "refunds/create", refundOf(orderId, [{ product_id: OTHER_PRODUCT, price: "20.00" }]));
    expect(await memberOf(shop.id, customer.id)).toMatchObject({ tierId: ids.Club, tierSource: "paid" });
    expect((await db.tierGrant.findFirstOrThrow({ where: { shopId: shop.id } })).revokedAt).toBeNull();

    const refund = refundOf(orderId, [{ product_id: MEMBERSHIP_PRODUCT, price: "50.00" }]);
    await deliver(shop.domain, "refunds/create", refund);
    await deliver(shop.domain, "refunds/create", refund); // again: nothing more
    const member = await memberOf(shop.id, customer.id);
    expect(member).toMatchObject({ tierId: ids.Bronze, tierSource: "earned" });
    const grant = await db.tierGrant.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(grant.revokedAt).not.toBeNull();
    expect((await historyOf(member.id)).map((c) => [c.fromTierId, c.toTierId, c.cause])).toEqual([
      [null, ids.Club, "paid"],
      [ids.Club, ids.Bronze, "paid_revoked"],
    ]);
    // The entry reward stays: it was given for reaching the tier, once per member per tier, ever.
    expect(await db.ledgerEntry.count({ where: { memberId: member.id, causeType: "tier" } })).toBe(2);
  });

  it("a refund without line items that leaves the order refunded in full revokes too", async () => {
    const { shop, ids } = await shopSellingClub();
    const customer = customerFixture();
    const orderId = uniqueId();
    await deliver(
      shop.domain,
      "orders/paid",
      orderWith(customer, [{ product_id: MEMBERSHIP_PRODUCT, price: "50.00" }], orderId),
    );
    await deliver(shop.domain, "refunds/create", refundOf(orderId, [{ product_id: null, price: "50.00" }]));
    expect(await memberOf(shop.id, customer.id)).toMatchObject({ tierId: ids.Bronze });
  });

  it("cancelling the order revokes the tier, before or after the payment arrives", async () => {
    const { shop, ids } = await shopSellingClub();
    const customer = customerFixture();
    const orderId = uniqueId();
    await deliver(
      shop.domain,
      "orders/paid",
      orderWith(customer, [{ product_id: MEMBERSHIP_PRODUCT, price: "50.00" }], orderId),
    );
    await deliver(shop.domain, "orders/cancelled", cancelledOrderPayload(orderId));
    const member = await memberOf(shop.id, customer.id);
    expect(member).toMatchObject({ tierId: ids.Bronze, tierSource: "earned" });
    expect((await db.tierGrant.findFirstOrThrow({ where: { shopId: shop.id } })).revokedAt).not.toBeNull();
    expect((await historyOf(member.id)).at(-1)).toMatchObject({ fromTierId: ids.Club, cause: "paid_revoked" });

    // orders/cancelled first, orders/paid late: the membership is never granted.
    const late = customerFixture();
    const lateOrder = uniqueId();
    await deliver(shop.domain, "orders/cancelled", cancelledOrderPayload(lateOrder));
    await deliver(
      shop.domain,
      "orders/paid",
      orderWith(late, [{ product_id: MEMBERSHIP_PRODUCT, price: "50.00" }], lateOrder),
    );
    expect(await db.tierGrant.count({ where: { shopId: shop.id, orderId: lateOrder } })).toBe(0);
    expect(await memberOf(shop.id, late.id)).toMatchObject({ tierId: ids.Bronze });
  });

  it("a product carrying the tier's tag buys it; Shopify unavailable, the delivery is retried and grants", async () => {
    const { shop, ids } = await shopSellingClub(
      tiers([{}, {}, { threshold: 100_000, paidProductId: null, paidProductTag: "club-membership" }]),
    );
    shopify.productTagsById.set(String(MEMBERSHIP_PRODUCT), ["Club-Membership"]);
    shopify.failProductTags(1);
    const customer = customerFixture();
    await deliver(
      shop.domain,
      "orders/paid",
      orderWith(customer, [{ product_id: MEMBERSHIP_PRODUCT, price: "50.00" }]),
    );
    expect(await db.tierGrant.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await (await deliveryQueue(db)).health()).toMatchObject({ retrying: 1 });

    await drainWebhooks({ includeDeferred: true });
    expect(await memberOf(shop.id, customer.id)).toMatchObject({ tierId: ids.Club, tierSource: "paid" });
    expect(await db.tierGrant.count({ where: { shopId: shop.id } })).toBe(1);
    expect((await memberOf(shop.id, customer.id)).balance).toBe(50 + 40 + 25);
  });

  it("tags are not asked for when no tier is sold by tag", async () => {
    const { shop } = await shopSellingClub();
    await deliver(
      shop.domain,
      "orders/paid",
      orderWith(customerFixture(), [{ product_id: MEMBERSHIP_PRODUCT, price: "50.00" }]),
    );
    expect(shopify.productTagRequests).toEqual([]);
  });

  it("a grant belongs to the shop whose order it was: another shop selling the same product id is untouched", async () => {
    const a = await shopSellingClub();
    const b = await shopSellingClub();
    const customer = customerFixture();
    await memberWithBalance(db, b.shop.id, customer, 0);
    const orderId = uniqueId();
    await deliver(
      a.shop.domain,
      "orders/paid",
      orderWith(customer, [{ product_id: MEMBERSHIP_PRODUCT, price: "50.00" }], orderId),
    );
    await deliver(b.shop.domain, "orders/cancelled", cancelledOrderPayload(orderId));

    expect(await memberOf(a.shop.id, customer.id)).toMatchObject({ tierId: a.ids.Club });
    expect((await db.tierGrant.findFirstOrThrow({ where: { shopId: a.shop.id } })).revokedAt).toBeNull();
    expect(await db.tierGrant.count({ where: { shopId: b.shop.id } })).toBe(0);
    expect((await memberOf(b.shop.id, customer.id)).tierId).not.toBe(a.ids.Club);
  });
});

describe("tiers by hand", () => {
  it("staff assign a tier with a reason; the history shows who and why, and taking it back returns the earned tier", async () => {
    const { shop, ids } = await shopSellingClub();
    const member = await memberWithBalance(db, shop.id, customerFixture(), 0);
    const now = new Date();

    const decision = await assignTierByHand(
      db,
      shop.id,
      member.id,
      { tierId: ids.Gold, reason: "  Goodwill after a late parcel ", staff: "ana@shop.example" },
      now,
    );
    expect(decision).toMatchObject({ tierId: ids.Gold, source: "manual" });
    expect(await db.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({
      tierId: ids.Gold,
      tierSource: "manual",
    });
    expect(await db.tierGrant.findFirstOrThrow({ where: { memberId: member.id } })).toMatchObject({
      source: "manual",
      tierId: ids.Gold,
      reason: "Goodwill after a late parcel",
      staff: "ana@shop.example",
      revokedAt: null,
    });

    await assignTierByHand(
      db,
      shop.id,
      member.id,
      { tierId: null, reason: "Goodwill period over", staff: "ben@shop.example" },
      new Date(now.getTime() + 1000),
    );
    expect(await db.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({
      tierId: ids.Bronze,
      tierSource: "earned",
    });
    const history = await historyOf(member.id);
    expect(
      history.filter((c) => c.cause === "manual").map((c) => [c.fromTierId, c.toTierId, c.reason, c.staff]),
    ).toEqual([
      [null, ids.Gold, "Goodwill after a late parcel", "ana@shop.example"],
      [ids.Gold, ids.Bronze, "Goodwill period over", "ben@shop.example"],
    ]);
    expect((await db.tierGrant.findFirstOrThrow({ where: { memberId: member.id } })).revokedAt).not.toBeNull();
  });

  it("a hidden tier is reached only by hand, never by qualifying", async () => {
    const { shop, ids } = await shopSellingClub();
    const customer = customerFixture();
    // 2000 points: past Gold, and past every threshold the hidden tier could have.
    await deliver(shop.domain, "orders/paid", orderWith(customer, [{ product_id: OTHER_PRODUCT, price: "2000.00" }]));
    const member = await memberOf(shop.id, customer.id);
    expect(member.tierId).toBe(ids.Gold);

    await assignTierByHand(db, shop.id, member.id, {
      tierId: ids.Staff,
      reason: "Works here",
      staff: "ana@shop.example",
    });
    expect(await memberOf(shop.id, customer.id)).toMatchObject({ tierId: ids.Staff, tierSource: "manual" });
    // Manual overrides: a new order does not take them out of it.
    await deliver(shop.domain, "orders/paid", orderWith(customer, [{ product_id: OTHER_PRODUCT, price: "10.00" }]));
    expect(await memberOf(shop.id, customer.id)).toMatchObject({ tierId: ids.Staff });
  });

  it("refuses an empty reason, another shop's tier and another shop's member with clear errors, writing nothing", async () => {
    const a = await shopSellingClub();
    const b = await shopSellingClub();
    const member = await memberWithBalance(db, a.shop.id, customerFixture(), 0);

    const empty = assignTierByHand(db, a.shop.id, member.id, { tierId: a.ids.Gold, reason: "   ", staff: "ana" });
    await expect(empty).rejects.toBeInstanceOf(ZodError);
    await expect(empty).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["reason"] })] });

    const foreign = assignTierByHand(db, a.shop.id, member.id, { tierId: b.ids.Gold, reason: "Why not", staff: "ana" });
    await expect(foreign).rejects.toMatchObject({
      issues: [{ code: "custom", path: ["tierId"], message: "This shop has no such tier." }],
    });

    await expect(
      assignTierByHand(db, b.shop.id, member.id, { tierId: b.ids.Gold, reason: "Why not", staff: "ana" }),
    ).rejects.toBeInstanceOf(MemberNotFoundError);
    await expect(
      assignTierByHand(db, a.shop.id, member.id, { tierId: a.ids.Gold, reason: "x".repeat(501), staff: "ana" }),
    ).rejects.toBeInstanceOf(ZodError);

    expect(await db.tierGrant.count({ where: { memberId: member.id } })).toBe(0);
    expect(await db.tierChange.count({ where: { memberId: member.id, cause: "manual" } })).toBe(0);
  });
});
