/**
 * Orders priced by the shop's spend rules, through signed webhooks: rate and rounding,
 * minimum, excluded product tags (asked of Shopify only when a rule needs them), channels
 * and POS locations, the first-order bonus once, refunds in proportion, the flat rate kept
 * for shops without spend rules, and referrals paid on a friend's first paid order.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { ensureReferralCode } from "../../app/members/referral.server";
import { loader as customerLoader } from "../../app/routes/proxy.customer";
import { createRule, setRuleActive, type NewRuleInput } from "../../app/rules/rules.server";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { createFakeShopify, type FakeShopify } from "../../demo/fake-shopify";
import {
  customerFixture,
  installShop,
  memberWithBalance,
  orderLineItem,
  paidOrderPayload,
  refundPayload,
  uniqueId,
  type CustomerFixture,
} from "../support/factories";
import { callRoute, proxyRequest, webhookRequest } from "../support/signed-requests";
import { deliverWebhook, drainWebhooks } from "../support/deliver";
import { deliveryQueue } from "../../app/queue/queue.server";

let shopify: FakeShopify;
let restore: () => void;
beforeEach(() => {
  shopify = createFakeShopify();
  restore = setShopifyGateway(shopify);
});
afterEach(() => restore());

type Line = { product_id: number | null; price: string; quantity?: number; total_discount?: string };

/** An orders/paid payload with what spend rules read: channel, location, lines, attributes. */
function order(options: {
  customer: CustomerFixture | (CustomerFixture & { default_address?: object }) | null;
  subtotal: string;
  id?: string;
  sourceName?: string;
  locationId?: number | null;
  lines?: Line[];
  noteAttributes?: { name: string; value: string }[];
  landingSite?: string | null;
}) {
  return {
    ...paidOrderPayload({
      id: options.id,
      customer: options.customer as CustomerFixture | null,
      subtotal: options.subtotal,
      sourceName: options.sourceName,
    }),
    location_id: options.locationId ?? null,
    line_items: (options.lines ?? [{ product_id: 9001, price: options.subtotal }]).map((line, i) =>
      orderLineItem({ id: i + 1, ...line }),
    ),
    note_attributes: options.noteAttributes ?? [],
    landing_site: options.landingSite ?? null,
  };
}

async function deliver(shop: string, topic: string, payload: unknown, eventId?: string) {
  const response = await deliverWebhook(webhookRequest({ shop, topic, payload, eventId }));
  return response.status;
}

async function paid(shop: string, payload: unknown, eventId?: string) {
  expect(await deliver(shop, "orders/paid", payload, eventId)).toBe(200);
}

async function shopWith(...rules: NewRuleInput[]) {
  const shop = await installShop(db);
  const created = [];
  for (const rule of rules) created.push(await createRule(db, shop.id, rule));
  return { shop, rules: created };
}

async function balanceOf(shopId: string, customerId: string) {
  const member = await db.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
  return member?.balance ?? 0;
}

const orderEntries = (shopId: string) => db.ledgerEntry.findMany({ where: { shopId }, orderBy: { createdAt: "asc" } });

const spend = (overrides: Partial<Extract<NewRuleInput, { kind: "spend" }>> = {}): NewRuleInput => ({
  kind: "spend",
  name: "Purchases",
  pointsPerUnit: 1,
  ...overrides,
});

describe("orders priced by spend rules", () => {
  it("uses the rule's rate and rounding instead of the shop's, in one order entry naming the rule", async () => {
    const { shop } = await shopWith(spend({ name: "Points and a half", pointsPerUnit: 1.5, rounding: "nearest" }));
    await db.shop.update({ where: { id: shop.id }, data: { pointsPerUnit: 10 } });
    const customer = customerFixture();
    const payload = order({ customer, subtotal: "10.35" }); // 15.525 → 16

    await paid(shop.domain, payload);
    await paid(shop.domain, payload); // a new delivery of the same order

    expect(await balanceOf(shop.id, customer.id)).toBe(16);
    const entries = await orderEntries(shop.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "earn", points: 16, causeType: "order", causeId: String(payload.id) });
    expect(entries[0]!.reason).toContain("Points and a half");
  });

  it("pays nothing below the minimum order, and from the minimum on", async () => {
    const { shop } = await shopWith(spend({ minimumOrderMinor: 5000 }));
    const small = customerFixture();
    const enough = customerFixture();

    await paid(shop.domain, order({ customer: small, subtotal: "49.99" }));
    await paid(shop.domain, order({ customer: enough, subtotal: "50.00" }));

    expect(await balanceOf(shop.id, small.id)).toBe(0);
    expect(await balanceOf(shop.id, enough.id)).toBe(50);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("leaves out lines whose product has an excluded tag, asking Shopify once per order", async () => {
    const { shop } = await shopWith(spend({ excludedProductTags: ["gift-card"] }));
    shopify.productTagsById.set("501", ["Gift-Card"]);
    shopify.productTagsById.set("502", ["summer"]);
    const customer = customerFixture();
    const payload = order({
      customer,
      subtotal: "90.00",
      lines: [
        { product_id: 501, price: "50.00" },
        { product_id: 502, price: "25.00", quantity: 2, total_discount: "10.00" },
      ],
    });

    await paid(shop.domain, payload);
    await paid(shop.domain, payload); // already priced: Shopify is not asked again

    expect(await balanceOf(shop.id, customer.id)).toBe(40);
    expect(shopify.productTagRequests).toEqual([{ shop: shop.domain, productIds: ["501", "502"] }]);
  });

  it("does not ask Shopify for tags when no active spend rule excludes any", async () => {
    const { shop } = await shopWith(
      spend(),
      spend({ name: "Paused exclusions", active: false, excludedProductTags: ["sale"] }),
    );
    const customer = customerFixture();
    await paid(shop.domain, order({ customer, subtotal: "20.00" }));
    expect(await balanceOf(shop.id, customer.id)).toBe(20);
    expect(shopify.productTagRequests).toEqual([]);
  });

  it("writes nothing and retries later when Shopify cannot give the tags; the retry prices the order", async () => {
    const { shop } = await shopWith(spend({ excludedProductTags: ["gift-card"] }));
    shopify.productTagsById.set("501", ["gift-card"]);
    const customer = customerFixture();
    const payload = order({
      customer,
      subtotal: "80.00",
      lines: [
        { product_id: 501, price: "30.00" },
        { product_id: 502, price: "50.00" },
      ],
    });
    const eventId = `evt-${uniqueId()}`;
    shopify.failProductTags(1);

    // Acknowledged: the delivery is kept in the queue, whatever happens when it is processed.
    expect(await deliver(shop.domain, "orders/paid", payload, eventId)).toBe(200);
    expect(await db.webhookDelivery.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.orderAccount.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await (await deliveryQueue(db)).health()).toMatchObject({ waiting: 0, retrying: 1 });

    await drainWebhooks({ includeDeferred: true });
    expect(await balanceOf(shop.id, customer.id)).toBe(50);
    expect(await db.webhookDeadLetter.count({ where: { shopDomain: shop.domain } })).toBe(0);
  });

  it("counts every line when the shop has not granted read_products, rather than losing the order", async () => {
    const { shop } = await shopWith(spend({ excludedProductTags: ["gift-card"] }));
    shopify.productTagsById.set("501", ["gift-card"]);
    shopify.failProductTags(1, "access_denied");
    const customer = customerFixture();

    await paid(
      shop.domain,
      order({
        customer,
        subtotal: "80.00",
        lines: [
          { product_id: 501, price: "30.00" },
          { product_id: 502, price: "50.00" },
        ],
      }),
    );

    expect(await balanceOf(shop.id, customer.id)).toBe(80);
  });

  it("pays at POS only at the rule's locations; an online-only rule pays nothing at POS, without error", async () => {
    const { shop } = await shopWith(
      spend({ name: "Downtown store", pointsPerUnit: 2, channels: [{ type: "pos", locationIds: ["111"] }] }),
      spend({ name: "Online", channels: [{ type: "online_store" }] }),
    );
    const atDowntown = customerFixture();
    const atMall = customerFixture();
    const online = customerFixture();

    await paid(shop.domain, order({ customer: atDowntown, subtotal: "10.00", sourceName: "pos", locationId: 111 }));
    await paid(shop.domain, order({ customer: atMall, subtotal: "10.00", sourceName: "pos", locationId: 222 }));
    await paid(shop.domain, order({ customer: online, subtotal: "10.00", sourceName: "web" }));

    expect(await balanceOf(shop.id, atDowntown.id)).toBe(20);
    expect(await balanceOf(shop.id, atMall.id)).toBe(0);
    expect(await balanceOf(shop.id, online.id)).toBe(10);
  });

  it("pays draft orders by default, and an unlisted source only when a rule names it", async () => {
    const { shop } = await shopWith(spend());
    const draft = customerFixture();
    const app = customerFixture();
    await paid(shop.domain, order({ customer: draft, subtotal: "15.00", sourceName: "shopify_draft_order" }));
    await paid(shop.domain, order({ customer: app, subtotal: "15.00", sourceName: "iphone" }));
    expect(await balanceOf(shop.id, draft.id)).toBe(15);
    expect(await balanceOf(shop.id, app.id)).toBe(0);

    const { shop: listing } = await shopWith(spend({ channels: [{ type: "source_name", sourceName: "iphone" }] }));
    await paid(listing.domain, order({ customer: app, subtotal: "15.00", sourceName: "iphone" }));
    expect(await balanceOf(listing.id, app.id)).toBe(15);
  });

  it("gives the first-order bonus once, even to two first orders paid at the same moment", async () => {
    const { shop } = await shopWith(spend({ firstOrderBonusPoints: 100 }));
    const customer = customerFixture();

    await Promise.all([
      paid(shop.domain, order({ customer, subtotal: "10.00" })),
      paid(shop.domain, order({ customer, subtotal: "10.00" })),
    ]);
    await paid(shop.domain, order({ customer, subtotal: "10.00" }));

    expect(await balanceOf(shop.id, customer.id)).toBe(130);
    const accounts = await db.orderAccount.findMany({ where: { shopId: shop.id } });
    expect(accounts.map((a) => a.earnedPoints).sort((a, b) => a - b)).toEqual([10, 10, 110]);
  });

  it("counts an order that was placed (pending) as the first one, so the next paid order gets no bonus", async () => {
    const { shop } = await shopWith(spend({ firstOrderBonusPoints: 100 }));
    await db.shop.update({ where: { id: shop.id }, data: { pointsReleaseRule: "fulfilment" } });
    const customer = customerFixture();
    expect(
      await deliver(shop.domain, "orders/create", {
        ...order({ customer, subtotal: "10.00" }),
        financial_status: "pending",
      }),
    ).toBe(200);
    await paid(shop.domain, order({ customer, subtotal: "20.00" }));

    const member = await db.member.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shop.id, customerId: customer.id } },
    });
    expect(member.pending).toBe(130);
  });

  it("counts a spend rule's limits over the member's orders: at most one order a day earns from it", async () => {
    const { shop, rules } = await shopWith(spend({ name: "Daily purchase points", limits: { perDay: 1 } }));
    const customer = customerFixture();
    const placed = (id: string, createdAt: string) => ({
      ...order({ customer, subtotal: "10.00", id }),
      created_at: createdAt,
    });

    await paid(shop.domain, placed(uniqueId(), "2026-01-10T10:00:00Z"));
    await paid(shop.domain, placed(uniqueId(), "2026-01-11T10:00:00Z"));
    const capped = placed(uniqueId(), "2026-01-11T15:00:00Z");
    await paid(shop.domain, capped);
    await paid(shop.domain, capped); // a redelivery prices it the same way

    expect(await balanceOf(shop.id, customer.id)).toBe(20);
    const accounts = await db.orderAccount.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "asc" } });
    expect(
      accounts.map((a) => [a.earnedPoints, JSON.parse(a.spendAwards).map((p: { ruleId: string }) => p.ruleId)]),
    ).toEqual([
      [10, [rules[0]!.id]],
      [10, [rules[0]!.id]],
      [0, []],
    ]);
  });

  it("a refund after spend-rule pricing takes back points in proportion", async () => {
    const { shop } = await shopWith(spend({ pointsPerUnit: 2, firstOrderBonusPoints: 50 }));
    const customer = customerFixture();
    const orderId = uniqueId();
    await paid(shop.domain, order({ id: orderId, customer, subtotal: "100.00" })); // 200 + 50

    expect(await deliver(shop.domain, "refunds/create", refundPayload({ orderId, subtotals: ["20.00"] }))).toBe(200);

    expect(await balanceOf(shop.id, customer.id)).toBe(200); // 250 - floor(250 × 20 / 100)
    const reversal = await db.ledgerEntry.findFirstOrThrow({ where: { shopId: shop.id, kind: "reverse" } });
    expect(reversal).toMatchObject({ points: -50, causeType: "order", causeId: orderId });
  });

  it("keeps the shop's flat rate when it has no spend rule; any spend rule row, even paused, takes over", async () => {
    const { shop } = await shopWith({ kind: "visit", name: "Visit", points: 5 });
    await db.shop.update({ where: { id: shop.id }, data: { pointsPerUnit: 3 } });
    const customer = customerFixture();
    await paid(shop.domain, order({ customer, subtotal: "10.00" }));
    expect(await balanceOf(shop.id, customer.id)).toBe(30);
    expect((await orderEntries(shop.id))[0]!.reason).toBeNull();

    await createRule(db, shop.id, spend({ active: false }));
    await paid(shop.domain, order({ customer, subtotal: "10.00" }));
    expect(await balanceOf(shop.id, customer.id)).toBe(30);
  });

  it("never prices one shop's orders with another shop's rules", async () => {
    const { shop: generous } = await shopWith(spend({ pointsPerUnit: 100 }));
    const plain = await installShop(db);
    const customer = customerFixture();
    await paid(plain.domain, order({ customer, subtotal: "10.00" }));
    await paid(generous.domain, order({ customer, subtotal: "10.00" }));
    expect(await balanceOf(plain.id, customer.id)).toBe(10);
    expect(await balanceOf(generous.id, customer.id)).toBe(1000);
  });
});

describe("referrals on a friend's first paid order", () => {
  const referralRule: NewRuleInput = {
    kind: "referral",
    name: "Refer a friend",
    referrerPoints: 500,
    friendPoints: 200,
  };

  async function referrerIn(shop: { id: string }, overrides: Partial<CustomerFixture> = {}) {
    const customer = customerFixture(overrides);
    const member = await memberWithBalance(db, shop.id, customer, 0);
    return { customer, code: await ensureReferralCode(db, shop.id, member.id) };
  }

  const ruleAwards = (shopId: string) =>
    db.ledgerEntry.findMany({ where: { shopId, causeType: "rule" }, include: { member: true } });

  it("pays the referrer and the friend once, on the first paid order only", async () => {
    const { shop } = await shopWith(referralRule);
    const referrer = await referrerIn(shop);
    const friend = customerFixture();
    const first = order({
      customer: friend,
      subtotal: "40.00",
      noteAttributes: [{ name: "loyalty_referral", value: referrer.code.toLowerCase() }],
    });

    await paid(shop.domain, first);
    await paid(shop.domain, first); // a new delivery
    await paid(
      shop.domain,
      order({
        customer: friend,
        subtotal: "40.00",
        noteAttributes: [{ name: "loyalty_referral", value: referrer.code }],
      }),
    );

    expect(await balanceOf(shop.id, referrer.customer.id)).toBe(500);
    expect(await balanceOf(shop.id, friend.id)).toBe(200 + 40 + 40);
    const awards = await ruleAwards(shop.id);
    expect(awards.map((a) => [a.member.customerId, a.points]).sort()).toEqual(
      [
        [friend.id, 200],
        [referrer.customer.id, 500],
      ].sort(),
    );
    const friendMember = await db.member.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shop.id, customerId: friend.id } },
    });
    expect(friendMember.referredByCustomerId).toBe(referrer.customer.id);
  });

  it("promotes the referrer whose referral points reach a tier, on the friend's order", async () => {
    const { shop } = await shopWith(referralRule);
    await db.tier.create({ data: { shopId: shop.id, name: "Bronze", position: 0, threshold: 0n } });
    const silver = await db.tier.create({ data: { shopId: shop.id, name: "Silver", position: 1, threshold: 400n } });
    const referrer = await referrerIn(shop);
    const friend = customerFixture();
    await paid(
      shop.domain,
      order({
        customer: friend,
        subtotal: "40.00",
        noteAttributes: [{ name: "loyalty_referral", value: referrer.code }],
      }),
    );
    const promoted = await db.member.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shop.id, customerId: referrer.customer.id } },
    });
    expect(promoted.tierId).toBe(silver.id);
  });

  it("attributes from ?ref= in the landing site", async () => {
    const { shop } = await shopWith(referralRule);
    const referrer = await referrerIn(shop);
    const friend = customerFixture();
    await paid(
      shop.domain,
      order({ customer: friend, subtotal: "10.00", landingSite: `/products/mug?ref=${referrer.code}` }),
    );
    expect(await balanceOf(shop.id, referrer.customer.id)).toBe(500);
  });

  it("pays nothing for referring yourself: the same mailbox with a +tag, or the same address", async () => {
    const { shop } = await shopWith(referralRule);
    const byEmail = await referrerIn(shop, { email: "Ann.Smith@example.com" });
    const sameMailbox = customerFixture({ email: "ann.smith+second@example.com" });
    await paid(
      shop.domain,
      order({
        customer: sameMailbox,
        subtotal: "10.00",
        noteAttributes: [{ name: "loyalty_referral", value: byEmail.code }],
      }),
    );

    const byAddress = await referrerIn(shop);
    shopify.customerAddresses.set(byAddress.customer.id, {
      line1: "12 Main St.",
      postalCode: "10001",
      countryCode: "US",
    });
    const sameHome = {
      ...customerFixture(),
      default_address: { address1: "12 main st", zip: "10001", country_code: "us" },
    };
    await paid(
      shop.domain,
      order({
        customer: sameHome,
        subtotal: "10.00",
        noteAttributes: [{ name: "loyalty_referral", value: byAddress.code }],
      }),
    );

    const ownCode = await referrerIn(shop);
    await paid(
      shop.domain,
      order({
        customer: ownCode.customer,
        subtotal: "10.00",
        noteAttributes: [{ name: "loyalty_referral", value: ownCode.code }],
      }),
    );

    expect(await ruleAwards(shop.id)).toEqual([]);
    expect(await balanceOf(shop.id, sameMailbox.id)).toBe(10);
    expect(await balanceOf(shop.id, byAddress.customer.id)).toBe(0);
  });

  it("pays nothing without an active referral rule, and a friend with an earlier paid order is no new customer", async () => {
    const { shop, rules } = await shopWith({ ...referralRule, active: false });
    const referrer = await referrerIn(shop);
    const friend = customerFixture();
    await paid(
      shop.domain,
      order({
        customer: friend,
        subtotal: "10.00",
        noteAttributes: [{ name: "loyalty_referral", value: referrer.code }],
      }),
    );
    expect(await ruleAwards(shop.id)).toEqual([]);

    await db.rule.update({ where: { id: rules[0]!.id }, data: { active: true } });
    await paid(
      shop.domain,
      order({
        customer: friend,
        subtotal: "10.00",
        noteAttributes: [{ name: "loyalty_referral", value: referrer.code }],
      }),
    );
    expect(await ruleAwards(shop.id)).toEqual([]);
  });

  it("a code from another shop refers nobody", async () => {
    const { shop: other } = await shopWith(referralRule);
    const { shop } = await shopWith(referralRule);
    const elsewhere = await referrerIn(other);
    const friend = customerFixture();
    await paid(
      shop.domain,
      order({
        customer: friend,
        subtotal: "10.00",
        noteAttributes: [{ name: "loyalty_referral", value: elsewhere.code }],
      }),
    );
    expect(await ruleAwards(shop.id)).toEqual([]);
    expect(await ruleAwards(other.id)).toEqual([]);
  });

  it("gives a member one code, whoever asks first and however many ask at once", async () => {
    const shop = await installShop(db);
    const members = await Promise.all(
      [customerFixture(), customerFixture()].map((c) => memberWithBalance(db, shop.id, c, 0)),
    );
    const codes = await Promise.all([0, 0, 0, 1, 1, 1].map((i) => ensureReferralCode(db, shop.id, members[i]!.id)));
    expect(new Set(codes.slice(0, 3)).size).toBe(1);
    expect(new Set(codes.slice(3)).size).toBe(1);
    expect(codes[0]).not.toBe(codes[3]);
    const stored = await db.member.findMany({ where: { shopId: shop.id }, select: { referralCode: true } });
    expect(stored.map((m) => m.referralCode).sort()).toEqual([codes[0], codes[3]].sort());
  });

  it("shows a signed-in member their referral link only while a referral rule is active", async () => {
    const { shop, rules } = await shopWith(referralRule);
    const customer = customerFixture();
    await memberWithBalance(db, shop.id, customer, 0);
    const view = async (customerId: string | null) =>
      JSON.parse(
        await (
          await callRoute(customerLoader, proxyRequest({ shop: shop.domain, path: "customer", customerId }))
        ).text(),
      );

    const shown = (await view(customer.id)).referral;
    expect(shown).toEqual({
      code: expect.stringMatching(/^[2-9A-HJKMNP-Z]{8}$/),
      url: `https://${shop.domain}/?ref=${shown.code}`,
    });
    expect((await view(customer.id)).referral.code).toBe(shown.code);
    expect((await view(null)).referral).toBeNull();

    // Paused the way the admin pauses it (which moves the shop's programme version on).
    await setRuleActive(db, shop.id, rules[0]!.id, false);
    expect((await view(customer.id)).referral).toBeNull();
  });
});
