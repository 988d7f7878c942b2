import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { action as redeem } from "../../app/routes/proxy.redeem";
import { settleStaleRedemptions } from "../../app/rewards/settle-redemptions.server";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { createFakeShopify, type FakeShopify } from "../../demo/fake-shopify";
import { customerFixture, installShop, memberWithBalance, uniqueId } from "../support/factories";
import { callRoute, proxyRequest } from "../support/signed-requests";

let shopify: FakeShopify;
let restore: () => void;

beforeEach(() => {
  shopify = createFakeShopify();
  restore = setShopifyGateway(shopify);
});
afterEach(() => restore());

async function setup(balance: number) {
  const shop = await installShop(db);
  const reward = await db.reward.findFirstOrThrow({ where: { shopId: shop.id } });
  const customer = customerFixture();
  const member = await memberWithBalance(db, shop.id, customer, balance);
  const redeemRequest = () =>
    proxyRequest({ shop: shop.domain, path: "redeem", customerId: customer.id, body: { rewardId: reward.id } });
  return { shop, reward, customer, member, redeemRequest };
}

async function balanceOf(memberId: string) {
  return (await db.member.findUniqueOrThrow({ where: { id: memberId } })).balance;
}

async function sumOfEntries(memberId: string) {
  const { _sum } = await db.ledgerEntry.aggregate({ where: { memberId }, _sum: { points: true } });
  return _sum.points ?? 0;
}

describe("POST /proxy/redeem", () => {
  it("debits the points and returns a single-use code bound to the customer", async () => {
    const { shop, customer, member, redeemRequest } = await setup(620);

    const response = await callRoute(redeem, redeemRequest());

    expect(response.status).toBe(200);
    const body = JSON.parse(await response.text());
    expect(body).toMatchObject({
      redemption: {
        kind: "amount_off",
        code: expect.stringMatching(/^LOYAL-[A-Z2-9]{4}-[A-Z2-9]{4}$/),
        value: { amountMinor: 500, currency: "USD" },
        status: "unused",
        pointsSpent: 500,
        cancellable: true,
      },
      balance: 120,
    });
    expect(await balanceOf(member.id)).toBe(120);
    expect(shopify.discounts).toEqual([
      expect.objectContaining({
        shop: shop.domain,
        customerId: customer.id,
        code: body.redemption.code,
        value: { kind: "amount", amount: "5.00" },
      }),
    ]);
    const redemption = await db.redemption.findFirstOrThrow({ where: { memberId: member.id } });
    expect(redemption).toMatchObject({ status: "issued", code: body.redemption.code, pointsSpent: 500 });
  });

  it("refuses with a clear message and debits nothing when points are short", async () => {
    const { member, redeemRequest } = await setup(499);
    const response = await callRoute(redeem, redeemRequest());
    expect(response.status).toBe(409);
    expect(JSON.parse(await response.text())).toMatchObject({
      error: "insufficient_points",
      message: "You need 500 points for this reward; you have 499.",
      needed: 500,
      available: 499,
    });
    expect(await balanceOf(member.id)).toBe(499);
    expect(shopify.discounts).toHaveLength(0);
  });

  it("restores the points and explains when the Admin API fails", async () => {
    const { member, redeemRequest } = await setup(600);
    shopify.failNext();

    const response = await callRoute(redeem, redeemRequest());

    expect(response.status).toBe(502);
    expect(JSON.parse(await response.text())).toMatchObject({ error: "shopify_unavailable" });
    expect(await balanceOf(member.id)).toBe(600);
    expect(await sumOfEntries(member.id)).toBe(600);
    const redemption = await db.redemption.findFirstOrThrow({ where: { memberId: member.id } });
    expect(redemption.status).toBe("failed");
    const restore = await db.ledgerEntry.findFirstOrThrow({ where: { memberId: member.id, kind: "reverse" } });
    expect(restore).toMatchObject({
      points: 500,
      reason: expect.stringContaining("Shopify could not create the reward"),
    });
  });

  it("lets exactly one of 20 concurrent redemptions through when the balance covers one", async () => {
    const { member, redeemRequest } = await setup(700);

    const responses = await Promise.all(Array.from({ length: 20 }, () => callRoute(redeem, redeemRequest())));

    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(await balanceOf(member.id)).toBe(200);
    expect(await sumOfEntries(member.id)).toBe(200);
    expect(shopify.discounts).toHaveLength(1);
    expect(await db.redemption.count({ where: { memberId: member.id } })).toBe(1);
  });

  it("refuses guests, unknown rewards, bad bodies and non-JSON posts without debiting", async () => {
    const { shop, customer, member } = await setup(900);
    const cases: [Request, number, string][] = [
      [
        proxyRequest({ shop: shop.domain, path: "redeem", customerId: null, body: { rewardId: "x" } }),
        401,
        "sign_in_required",
      ],
      [
        proxyRequest({ shop: shop.domain, path: "redeem", customerId: customer.id, body: { rewardId: "nope" } }),
        404,
        "reward_not_found",
      ],
      [
        proxyRequest({ shop: shop.domain, path: "redeem", customerId: customer.id, body: { reward: 1 } }),
        400,
        "invalid_request",
      ],
      [
        proxyRequest({
          shop: shop.domain,
          path: "redeem",
          customerId: customer.id,
          body: {},
          contentType: "application/x-www-form-urlencoded",
        }),
        415,
        "invalid_request",
      ],
      [
        proxyRequest({
          shop: shop.domain,
          path: "redeem",
          customerId: customer.id,
          body: {},
          contentType: "text/plain; x=application/json",
        }),
        415,
        "invalid_request",
      ],
      [
        proxyRequest({ shop: shop.domain, path: "redeem", customerId: customer.id, body: {}, method: "GET" }),
        405,
        "method_not_allowed",
      ],
      [
        proxyRequest({
          shop: shop.domain,
          path: "redeem",
          customerId: uniqueId(),
          shopperQuery: [["logged_in_customer_id", customer.id]],
          body: { rewardId: "x" },
        }),
        400,
        "duplicate_parameter",
      ],
    ];
    for (const [request, status, error] of cases) {
      const response = await callRoute(redeem, request);
      expect(response.status).toBe(status);
      expect(JSON.parse(await response.text()).error).toBe(error);
    }
    expect(await balanceOf(member.id)).toBe(900);
  });
});

describe("redemptions whose outcome is uncertain", () => {
  it("keeps the code and the debit when Shopify created the code but its answer was lost", async () => {
    const { member, redeemRequest } = await setup(600);
    shopify.failNext(1, "answer_lost");

    const response = await callRoute(redeem, redeemRequest());

    expect(response.status).toBe(200);
    const body = JSON.parse(await response.text());
    expect(shopify.discounts.map((d) => d.code)).toEqual([body.redemption.code]);
    expect(await balanceOf(member.id)).toBe(100);
    expect((await db.redemption.findFirstOrThrow({ where: { memberId: member.id } })).status).toBe("issued");
  });

  it("leaves the redemption pending when Shopify cannot even be asked, and the sweeper settles it later", async () => {
    const { settleStaleRedemptions } = await import("../../app/rewards/settle-redemptions.server");
    const { member, shop, redeemRequest } = await setup(1200);
    // First: no code was created and the lookup fails → pending, points held.
    shopify.failNext(1, "refused");
    shopify.failLookups(1);
    const first = await callRoute(redeem, redeemRequest());
    expect(first.status).toBe(502);
    expect(JSON.parse(await first.text()).message).toContain("points come back automatically");
    // Second: the code was created, the answer and the lookup both lost → pending.
    shopify.failNext(1, "answer_lost");
    shopify.failLookups(1);
    expect((await callRoute(redeem, redeemRequest())).status).toBe(502);
    expect(await balanceOf(member.id)).toBe(200);
    expect(await db.redemption.count({ where: { memberId: member.id, status: "pending" } })).toBe(2);

    // Not stale yet: left alone.
    expect(await settleStaleRedemptions(db, { olderThan: new Date(Date.now() - 600_000), shopId: shop.id })).toEqual({
      issued: 0,
      released: 0,
      unresolved: 0,
    });
    // Shopify unreachable for the sweeper too: tried again next time.
    shopify.failLookups(2);
    expect(await settleStaleRedemptions(db, { olderThan: new Date(Date.now() + 1000), shopId: shop.id })).toEqual({
      issued: 0,
      released: 0,
      unresolved: 2,
    });
    // Two sweepers at once (two instances): each redemption settles once.
    const reports = await Promise.all(
      [1, 2].map(() => settleStaleRedemptions(db, { olderThan: new Date(Date.now() + 1000), shopId: shop.id })),
    );
    expect(reports.reduce((s, r) => s + r.issued, 0)).toBe(1);
    expect(reports.reduce((s, r) => s + r.released, 0)).toBe(1);

    expect(await balanceOf(member.id)).toBe(700);
    expect(await sumOfEntries(member.id)).toBe(700);
    const statuses = (
      await db.redemption.findMany({ where: { memberId: member.id }, orderBy: { createdAt: "asc" } })
    ).map((r) => r.status);
    expect(statuses).toEqual(["failed", "issued"]);
  });
});

describe("a redemption the sweeper settles while Shopify is still creating its code", () => {
  /** Shopify, slow enough that the sweeper runs in the middle of creating the code. */
  function sweepWhileCreating(shopId: string, when: "before the code exists" | "after the code exists") {
    const create = shopify.createCodeDiscount.bind(shopify);
    const sweep = () => settleStaleRedemptions(db, { olderThan: new Date(Date.now() + 60_000), shopId });
    shopify.createCodeDiscount = async (shop, input) => {
      if (when === "before the code exists") {
        expect(await sweep()).toMatchObject({ released: 1 });
        return create(shop, input);
      }
      const created = await create(shop, input);
      expect(await sweep()).toMatchObject({ issued: 1 });
      return created;
    };
  }

  it("deletes the code when the sweeper gave the points back first: no code and points both", async () => {
    const { shop, member, redeemRequest } = await setup(600);
    sweepWhileCreating(shop.id, "before the code exists");

    const response = await callRoute(redeem, redeemRequest());

    expect(response.status).toBe(502);
    const body = JSON.parse(await response.text());
    expect(body).toMatchObject({ error: "shopify_unavailable" });
    expect(body.redemption).toBeUndefined();
    expect(shopify.discounts).toEqual([]);
    expect(await balanceOf(member.id)).toBe(600);
    expect(await sumOfEntries(member.id)).toBe(600);
    expect(await db.redemption.findFirstOrThrow({ where: { memberId: member.id } })).toMatchObject({
      status: "failed",
    });
  });

  it("gives the code when the sweeper found it and marked it issued first", async () => {
    const { shop, member, redeemRequest } = await setup(600);
    sweepWhileCreating(shop.id, "after the code exists");

    const response = await callRoute(redeem, redeemRequest());

    expect(response.status).toBe(200);
    const body = JSON.parse(await response.text());
    expect(shopify.discounts.map((d) => d.code)).toEqual([body.redemption.code]);
    expect(await balanceOf(member.id)).toBe(100);
    expect(await sumOfEntries(member.id)).toBe(100);
    expect(await db.redemption.findFirstOrThrow({ where: { memberId: member.id } })).toMatchObject({
      status: "issued",
    });
  });
});
