/**
 * The Rewards pages through the real admin routes (session tokens, form posts): a merchant
 * creates a reward of each kind with money typed in the shop currency, is told field by field
 * what is wrong (nothing stored, everything typed sent back), pauses, reorders and archives
 * rewards from the list, which shows stock, redemptions and the cost rate; the fulfilment
 * queue marks a request fulfilled or cancels it (points back once); the member page cancels
 * an unused code. Another shop's reward, request or redemption is not found.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import type { RewardKind } from "../../app/domain/rewards/catalogue";
import { redeemReward } from "../../app/rewards/redeem.server";
import { action as memberAction, loader as memberLoader } from "../../app/routes/app.members.$memberId";
import { action as editAction, loader as editLoader } from "../../app/routes/app.rewards.$rewardId";
import { action as listAction, loader as listLoader } from "../../app/routes/app.rewards._index";
import { action as queueAction, loader as queueLoader } from "../../app/routes/app.rewards.fulfilment";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { createFakeShopify, type FakeShopify } from "../../demo/fake-shopify";
import { customerFixture, installShop, memberWithBalance, rewardFixture } from "../support/factories";
import { formPost, json, withParams } from "../support/admin-routes";
import { adminRequest, callRoute } from "../support/signed-requests";

let shopify: FakeShopify;
let restoreGateway: () => void;
beforeEach(() => {
  shopify = createFakeShopify();
  restoreGateway = setShopifyGateway(shopify);
});
afterEach(() => restoreGateway());

const form = formPost;

const postReward = (shop: string, rewardId: string, fields: Record<string, string>) =>
  callRoute(
    withParams(editAction, { rewardId }),
    adminRequest(shop, `/app/rewards/${rewardId}?embedded=1&shop=${shop}`, form(fields)),
  );
const loadReward = (shop: string, rewardId: string) =>
  callRoute(withParams(editLoader, { rewardId }), adminRequest(shop, `/app/rewards/${rewardId}`));
const postList = (shop: string, fields: Record<string, string>) =>
  callRoute(listAction, adminRequest(shop, "/app/rewards", form(fields)));
const loadList = async (shop: string) => json(await callRoute(listLoader, adminRequest(shop, "/app/rewards")));
const postQueue = (shop: string, fields: Record<string, string>) =>
  callRoute(queueAction, adminRequest(shop, "/app/rewards/fulfilment", form(fields)));
const loadQueue = async (shop: string, status = "open") =>
  json(await callRoute(queueLoader, adminRequest(shop, `/app/rewards/fulfilment?status=${status}`)));

const CODE = { combinesWithOrder: "false", combinesWithProduct: "true", combinesWithShipping: "true" };

/** What the editor posts for each kind, with the columns it must store. */
const KINDS: { kind: RewardKind; fields: Record<string, string>; stored: Record<string, unknown> }[] = [
  {
    kind: "amount_off",
    fields: { title: "$5 off", costPoints: "500", value: "5", minimumOrder: "20.00", ...CODE },
    stored: { valueMinor: 500, minimumOrderMinor: 2000, combinesWithProduct: true },
  },
  {
    kind: "percent_off",
    fields: {
      title: "10% off",
      costPoints: "800",
      percentOff: "10",
      minimumOrder: "50",
      codeExpiryDays: "30",
      ...CODE,
    },
    stored: { percentOff: 10, minimumOrderMinor: 5000, codeExpiryDays: 30, valueMinor: 0 },
  },
  {
    kind: "free_shipping",
    fields: { title: "Free shipping", costPoints: "300", maxShipping: "15", ...CODE, combinesWithShipping: "false" },
    stored: { maxShippingMinor: 1500, combinesWithShipping: false },
  },
  {
    kind: "free_product",
    fields: { title: "Free coffee", costPoints: "50", productId: "7201", variantId: "42001", value: "3.50", ...CODE },
    stored: { productId: "7201", variantId: "42001", valueMinor: 350 },
  },
  {
    kind: "store_credit",
    fields: { title: "$10 store credit", costPoints: "1000", value: "10" },
    stored: { valueMinor: 1000, combinesWithOrder: false, combinesWithProduct: false, codeExpiryDays: null },
  },
  {
    kind: "custom",
    fields: { title: "Tote bag", costPoints: "1200", value: "8", stock: "3", limitPerCustomer: "1" },
    stored: { valueMinor: 800, stockRemaining: 3, limitPerCustomer: 1 },
  },
  {
    kind: "points_to_discount",
    fields: { title: "Spend any amount", costPoints: "100", value: "1", maxPoints: "2000", ...CODE },
    stored: { valueMinor: 100, maxPoints: 2000 },
  },
];

describe("creating and editing rewards", () => {
  it.each(KINDS)(
    "creates a $kind reward from the editor's fields, last in the list",
    async ({ kind, fields, stored }) => {
      const shop = await installShop(db);
      const response = await postReward(shop.domain, "new", {
        kind,
        ...fields,
        "translations.0.locale": "fr",
        "translations.0.title": `${fields.title} (fr)`,
        "translations.0.description": "",
      });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get("location")!, "https://x.test");
      expect(location.pathname).toBe("/app/rewards");
      expect(location.searchParams.get("shop")).toBe(shop.domain);
      const row = await db.reward.findUniqueOrThrow({ where: { id: location.searchParams.get("saved")! } });
      expect(row).toMatchObject({ shopId: shop.id, kind, title: fields.title, active: true, position: 1, ...stored });
      expect(JSON.parse(row.translations)).toEqual({ fr: { title: `${fields.title} (fr)` } });

      // The editor opens on what was stored, and the list names it.
      const loaded = await json(await loadReward(shop.domain, row.id));
      expect(loaded.fields).toMatchObject({ kind, title: fields.title, "translations.0.locale": "fr" });
      const list = await loadList(`${shop.domain}`);
      expect(list.rewards.map((r: { title: string }) => r.title)).toContain(fields.title);
    },
  );

  it("explains every problem under its field, stores nothing and sends back what was typed", async () => {
    const shop = await installShop(db);
    const typed = {
      kind: "points_to_discount",
      title: "",
      costPoints: "1e3",
      value: "5.123",
      maxPoints: "250",
      stock: "-1",
      limitPerPeriod: "2",
      redeemFrom: "2026-05-01",
      redeemUntil: "2026-04-01",
      imageUrl: "javascript:alert(1)",
      "translations.0.locale": "français",
      "translations.0.title": "Remise",
      ...CODE,
    };
    const response = await postReward(shop.domain, "new", typed);
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(Object.keys(body.errors).sort()).toEqual([
      "costPoints",
      "imageUrl",
      "limitPeriodDays",
      "redeemUntil",
      "stock",
      "title",
      "translations.0.locale",
      "value",
    ]);
    expect(body.errors.title).toBe("Give the reward a name.");
    expect(body.fields).toEqual(typed);
    expect(await db.reward.count({ where: { shopId: shop.id } })).toBe(1); // the shop's default only

    const stepless = await json(
      await postReward(shop.domain, "new", { ...typed, title: "Any", costPoints: "100", value: "1", stock: "" }),
    );
    expect(stepless.errors.maxPoints).toBe("Enter a multiple of the step, 100 points.");
  });

  it("takes a minimum tier only from the shop's own tiers", async () => {
    const shop = await installShop(db);
    const other = await installShop(db);
    const theirs = await db.tier.create({ data: { shopId: other.id, name: "Gold", threshold: 0, position: 0 } });
    const response = await postReward(shop.domain, "new", {
      kind: "custom",
      title: "Masterclass",
      costPoints: "2500",
      minTierId: theirs.id,
    });
    expect(response.status).toBe(400);
    expect((await json(response)).errors).toEqual({ minTierId: "Choose a tier from the list." });

    const mine = await db.tier.create({ data: { shopId: shop.id, name: "Gold", threshold: 0, position: 0 } });
    const saved = await postReward(shop.domain, "new", {
      kind: "custom",
      title: "Masterclass",
      costPoints: "2500",
      minTierId: mine.id,
    });
    expect(saved.status).toBe(302);
    expect(await db.reward.findFirstOrThrow({ where: { shopId: shop.id, title: "Masterclass" } })).toMatchObject({
      minTierId: mine.id,
    });
    expect((await json(await loadReward(shop.domain, "new"))).tiers).toEqual([{ id: mine.id, name: "Gold" }]);
  });

  it("edits a reward in place and keeps its kind whatever is posted", async () => {
    const shop = await installShop(db);
    const reward = await db.reward.findFirstOrThrow({ where: { shopId: shop.id } });
    const loaded = await json(await loadReward(shop.domain, reward.id));
    expect(loaded.fields).toMatchObject({ kind: "amount_off", costPoints: "500", value: "5.00" });
    const response = await postReward(shop.domain, reward.id, {
      ...loaded.fields,
      kind: "store_credit",
      costPoints: "400",
      value: "6",
    });
    expect(response.status).toBe(302);
    expect(await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).toMatchObject({
      kind: "amount_off",
      costPoints: 400,
      valueMinor: 600,
    });
  });

  it("an edit that leaves the stock as loaded keeps what redemptions took meanwhile; a changed stock is set", async () => {
    const shop = await installShop(db);
    const reward = await db.reward.findFirstOrThrow({ where: { shopId: shop.id } });
    await db.reward.update({ where: { id: reward.id }, data: { stockRemaining: 5 } });
    const loaded = await json(await loadReward(shop.domain, reward.id));
    expect(loaded.fields.stock).toBe("5");
    // Two shoppers redeem while the merchant has the form open (the redeem store's decrement).
    await db.reward.update({ where: { id: reward.id }, data: { stockRemaining: { decrement: 2 } } });
    // The editor posts the stock it loaded beside the field (a hidden input).
    const edited = await postReward(shop.domain, reward.id, {
      ...loaded.fields,
      stockAsLoaded: loaded.fields.stock,
      title: "Five off",
    });
    expect(edited.status).toBe(302);
    expect(await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).toMatchObject({
      title: "Five off",
      stockRemaining: 3,
    });
    // A stock the merchant typed is what they meant.
    const restocked = await postReward(shop.domain, reward.id, { ...loaded.fields, stockAsLoaded: "5", stock: "10" });
    expect(restocked.status).toBe(302);
    expect((await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).stockRemaining).toBe(10);
  });

  it("answers another shop's reward with 404, reading or writing, and changes nothing", async () => {
    const other = await installShop(db);
    const theirs = await db.reward.findFirstOrThrow({ where: { shopId: other.id } });
    const shop = await installShop(db);
    await expect(loadReward(shop.domain, theirs.id)).resolves.toMatchObject({ status: 404 });
    const posted = await postReward(shop.domain, theirs.id, {
      kind: "amount_off",
      title: "Mine",
      costPoints: "1",
      value: "1",
    });
    expect(posted.status).toBe(404);
    for (const intent of ["pause", "up", "archive"]) {
      const response = await postList(shop.domain, { intent, rewardId: theirs.id });
      expect(response.status).toBe(404);
      expect(await json(response)).toMatchObject({ error: "not_found" });
    }
    expect(await db.reward.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({
      title: theirs.title,
      active: true,
      archivedAt: null,
    });
  });
});

describe("the Rewards list", () => {
  async function catalogue() {
    const shop = await installShop(db);
    await db.reward.deleteMany({ where: { shopId: shop.id } });
    const make = (kind: RewardKind, title: string, position: number, extra = {}) =>
      db.reward.create({ data: { ...rewardFixture(kind, { title, position, ...extra }), shopId: shop.id } });
    const five = await make("amount_off", "$5 off", 0, { costPoints: 500, valueMinor: 500 });
    const tote = await make("custom", "Tote", 1, { costPoints: 1200, valueMinor: 800, stockRemaining: 3 });
    const ship = await make("free_shipping", "Free shipping", 2, { maxShippingMinor: null });
    return { shop, five, tote, ship };
  }

  it("shows each reward's cost, what it gives, stock, redemptions and cost rate at the shop's rate", async () => {
    const { shop, tote } = await catalogue();
    await db.shop.update({ where: { id: shop.id }, data: { pointsPerUnit: 2 } });
    const ada = await memberWithBalance(db, shop.id, customerFixture({ first_name: "Ada" }), 5000);
    await redeemReward(db, {
      shopId: shop.id,
      shopDomain: shop.domain,
      currencyCode: "USD",
      customerId: ada.customerId,
      rewardId: tote.id,
    });
    const list = await loadList(shop.domain);
    expect(list.pointsPerUnit).toBe(2);
    expect(list.openRequests).toBe(1);
    expect(list.rewards).toEqual([
      expect.objectContaining({
        title: "$5 off",
        kind: "Amount off",
        cost: "500 points",
        value: "$5.00 off any order",
        stock: "Unlimited",
        redeemed: 0,
        // 2 points per $1, 500 points for $5: $5 back on $250 spent.
        costRate: "~2.0% back",
        active: true,
      }),
      expect.objectContaining({ title: "Tote", stock: "2 left", redeemed: 1, costRate: "~1.3% back" }),
      // Free shipping without a ceiling has no rate to show.
      expect.objectContaining({ title: "Free shipping", costRate: "—" }),
    ]);
  });

  it("pauses and resumes, moves up and down, and archives", async () => {
    const { shop, five, tote, ship } = await catalogue();
    const titles = async () => (await loadList(shop.domain)).rewards.map((r: { title: string }) => r.title);

    expect(await json(await postList(shop.domain, { intent: "pause", rewardId: tote.id }))).toEqual({ done: "pause" });
    expect((await db.reward.findUniqueOrThrow({ where: { id: tote.id } })).active).toBe(false);
    expect((await loadList(shop.domain)).rewards[1]).toMatchObject({ title: "Tote", active: false });
    await postList(shop.domain, { intent: "resume", rewardId: tote.id });
    expect((await db.reward.findUniqueOrThrow({ where: { id: tote.id } })).active).toBe(true);

    await postList(shop.domain, { intent: "up", rewardId: ship.id });
    expect(await titles()).toEqual(["$5 off", "Free shipping", "Tote"]);
    await postList(shop.domain, { intent: "down", rewardId: five.id });
    expect(await titles()).toEqual(["Free shipping", "$5 off", "Tote"]);
    // At the top, up moves nothing.
    await postList(shop.domain, { intent: "up", rewardId: ship.id });
    expect(await titles()).toEqual(["Free shipping", "$5 off", "Tote"]);

    await postList(shop.domain, { intent: "archive", rewardId: five.id });
    expect(await titles()).toEqual(["Free shipping", "Tote"]);
    expect((await db.reward.findUniqueOrThrow({ where: { id: five.id } })).archivedAt).not.toBeNull();
    // Archived: its editor is gone too.
    expect((await loadReward(shop.domain, five.id)).status).toBe(404);

    const bad = await postList(shop.domain, { intent: "delete", rewardId: tote.id });
    expect(bad.status).toBe(400);
  });
});

describe("the fulfilment queue and cancelling from the admin", () => {
  async function requested() {
    const shop = await installShop(db);
    const tote = await db.reward.create({
      data: { ...rewardFixture("custom", { title: "Tote", costPoints: 1200, stockRemaining: 3 }), shopId: shop.id },
    });
    const ada = await memberWithBalance(db, shop.id, customerFixture({ first_name: "Ada", last_name: "L" }), 2000);
    const { redemptionId } = await redeemReward(db, {
      shopId: shop.id,
      shopDomain: shop.domain,
      currencyCode: "USD",
      customerId: ada.customerId,
      rewardId: tote.id,
    });
    return { shop, tote, ada, redemptionId };
  }
  const balanceOf = async (memberId: string) =>
    (await db.member.findUniqueOrThrow({ where: { id: memberId } })).balance;

  it("lists an open request with the member, marks it fulfilled with a note, once", async () => {
    const { shop, ada, redemptionId } = await requested();
    const open = await loadQueue(shop.domain);
    expect(open.requests).toEqual([
      expect.objectContaining({
        id: redemptionId,
        reward: "Tote",
        points: 1200,
        member: expect.objectContaining({ name: "Ada L" }),
      }),
    ]);

    const done = await postQueue(shop.domain, { intent: "fulfil", redemptionId, note: "Handed over in store" });
    expect(await json(done)).toEqual({ done: "fulfil", balance: null });
    expect(await db.redemption.findUniqueOrThrow({ where: { id: redemptionId } })).toMatchObject({
      status: "fulfilled",
      merchantNote: "Handed over in store",
    });
    expect((await loadQueue(shop.domain)).requests).toEqual([]);
    expect((await loadQueue(shop.domain, "fulfilled")).requests).toEqual([
      expect.objectContaining({ id: redemptionId, note: "Handed over in store" }),
    ]);

    const again = await postQueue(shop.domain, { intent: "fulfil", redemptionId });
    expect(again.status).toBe(409);
    // A fulfilled request is not cancelled for its points.
    expect((await postQueue(shop.domain, { intent: "cancel", redemptionId })).status).toBe(409);
    expect(await balanceOf(ada.id)).toBe(800);
  });

  it("cancels a request: points and stock back exactly once, even when cancelled twice at once", async () => {
    const { shop, tote, ada, redemptionId } = await requested();
    expect(await balanceOf(ada.id)).toBe(800);
    const answers = await Promise.all([
      postQueue(shop.domain, { intent: "cancel", redemptionId }),
      postQueue(shop.domain, { intent: "cancel", redemptionId }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(await balanceOf(ada.id)).toBe(2000);
    expect((await db.reward.findUniqueOrThrow({ where: { id: tote.id } })).stockRemaining).toBe(3);
    expect(
      await db.ledgerEntry.count({
        where: { shopId: shop.id, memberId: ada.id, kind: "reverse", causeId: redemptionId },
      }),
    ).toBe(1);
    expect((await loadQueue(shop.domain, "cancelled")).requests).toHaveLength(1);
  });

  it("asks the merchant about store credit Shopify never confirmed, and settles it once", async () => {
    const shop = await installShop(db);
    const credit = await db.reward.create({
      data: { ...rewardFixture("store_credit", { title: "$10 credit", costPoints: 1000 }), shopId: shop.id },
    });
    const ada = await memberWithBalance(db, shop.id, customerFixture({ first_name: "Ada", last_name: "L" }), 1500);
    shopify.failNext(1, "refused");
    const redeem = redeemReward(db, {
      shopId: shop.id,
      shopDomain: shop.domain,
      currencyCode: "USD",
      customerId: ada.customerId,
      rewardId: credit.id,
    });
    await expect(redeem).rejects.toMatchObject({ name: "RedemptionUnconfirmedError" });
    // Just redeemed: the request may still be waiting for Shopify, so it is not asked about yet.
    expect((await loadQueue(shop.domain)).unconfirmed).toEqual([]);
    const pending = await db.redemption.findFirstOrThrow({ where: { memberId: ada.id } });
    await db.redemption.update({
      where: { id: pending.id },
      data: { createdAt: new Date(Date.now() - 60 * 60_000) },
    });
    expect((await loadQueue(shop.domain)).unconfirmed).toEqual([
      expect.objectContaining({
        id: pending.id,
        valueMinor: 1000,
        points: 1000,
        member: expect.objectContaining({ name: "Ada L" }),
      }),
    ]);

    const other = await installShop(db);
    const fromOther = await postQueue(other.domain, {
      intent: "store_credit",
      redemptionId: pending.id,
      credited: "no",
    });
    expect(fromOther.status).toBe(404);
    expect(
      (await postQueue(shop.domain, { intent: "store_credit", redemptionId: pending.id, credited: "maybe" })).status,
    ).toBe(400);

    const answers = await Promise.all([
      postQueue(shop.domain, { intent: "store_credit", redemptionId: pending.id, credited: "no" }),
      postQueue(shop.domain, { intent: "store_credit", redemptionId: pending.id, credited: "no" }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404]);
    expect(await balanceOf(ada.id)).toBe(1500);
    expect((await loadQueue(shop.domain)).unconfirmed).toEqual([]);
  });

  it("refuses another shop's request and a bad post", async () => {
    const { redemptionId } = await requested();
    const shop = await installShop(db);
    expect((await postQueue(shop.domain, { intent: "fulfil", redemptionId })).status).toBe(404);
    expect((await postQueue(shop.domain, { intent: "cancel", redemptionId })).status).toBe(404);
    expect((await postQueue(shop.domain, { intent: "ship", redemptionId })).status).toBe(400);
    expect((await loadQueue(shop.domain)).requests).toEqual([]);
    expect((await db.redemption.findUniqueOrThrow({ where: { id: redemptionId } })).status).toBe("issued");
  });

  const postMember = (shop: string, memberId: string, fields: Record<string, string>) =>
    callRoute(
      withParams(memberAction, { memberId }),
      adminRequest(shop, `/app/members/${memberId}?embedded=1&shop=${shop}`, form(fields)),
    );
  const loadMember = async (shop: string, memberId: string) =>
    json(await callRoute(withParams(memberLoader, { memberId }), adminRequest(shop, `/app/members/${memberId}`)));

  it("lists a member's redemptions, and staff cancel an unused code: deleted at Shopify, points back", async () => {
    const shop = await installShop(db);
    const five = await db.reward.findFirstOrThrow({ where: { shopId: shop.id } });
    const ada = await memberWithBalance(db, shop.id, customerFixture({ first_name: "Ada" }), 700);
    const { redemptionId } = await redeemReward(db, {
      shopId: shop.id,
      shopDomain: shop.domain,
      currencyCode: "USD",
      customerId: ada.customerId,
      rewardId: five.id,
    });
    const issued = await db.redemption.findUniqueOrThrow({ where: { id: redemptionId } });
    expect(shopify.discounts.some((d) => d.code === issued.code)).toBe(true);

    const before = await loadMember(shop.domain, ada.id);
    expect(before.redemptions).toEqual([
      expect.objectContaining({ id: redemptionId, code: issued.code, status: "unused", cancellable: true }),
    ]);

    // Another member's redemption is not this member's.
    const grace = await memberWithBalance(db, shop.id, customerFixture({ first_name: "Grace" }), 0);
    expect((await postMember(shop.domain, grace.id, { intent: "cancelRedemption", redemptionId })).status).toBe(404);

    const cancelled = await postMember(shop.domain, ada.id, { intent: "cancelRedemption", redemptionId });
    expect(cancelled.status).toBe(302);
    expect(new URL(cancelled.headers.get("location")!, "https://x.test").searchParams.get("cancelled")).toBe("1");
    expect(await balanceOf(ada.id)).toBe(700);
    expect(shopify.discounts.some((d) => d.code === issued.code)).toBe(false);
    const after = await loadMember(shop.domain, ada.id);
    expect(after.redemptions[0]).toMatchObject({ status: "cancelled", cancellable: false });
    // The history says why the points came back.
    expect(after.entries[0]).toMatchObject({ points: 500, description: `Points returned: ${five.title} cancelled` });

    const twice = await postMember(shop.domain, ada.id, { intent: "cancelRedemption", redemptionId });
    expect(twice.status).toBe(409);
    expect(await balanceOf(ada.id)).toBe(700);
  });
});
