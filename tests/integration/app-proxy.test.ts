import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { loader as customerLoader } from "../../app/routes/proxy.customer";
import { createRule } from "../../app/rules/rules.server";
import { customerFixture, installShop, memberWithBalance } from "../support/factories";
import { callRoute, proxyRequest } from "../support/signed-requests";

async function json(response: Response) {
  return JSON.parse(await response.text());
}

describe("GET /proxy/customer through the app proxy", () => {
  it("returns the signed-in customer's balance and progress to the next reward", async () => {
    const shop = await installShop(db);
    const customer = customerFixture();
    await memberWithBalance(db, shop.id, customer, 120);

    const response = await callRoute(
      customerLoader,
      proxyRequest({ shop: shop.domain, path: "customer", customerId: customer.id }),
    );

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-cache");
    const body = await json(response);
    expect(body).toMatchObject({ loggedIn: true, balance: 120, currency: "USD" });
    expect(Number.isInteger(body.balance)).toBe(true);
    expect(body.progress).toMatchObject({ costPoints: 500, pointsNeeded: 380, percent: 24 });
    // Money as minor units and a currency code: the widget formats it in the shopper's locale.
    expect(body.rewards).toEqual([
      expect.objectContaining({
        costPoints: 500,
        value: { amountMinor: 500, currency: "USD" },
        available: false,
        lockedReason: "points",
        pointsNeeded: 380,
      }),
    ]);
  });

  it("answers a logged-out request with the guest view", async () => {
    const shop = await installShop(db);
    const body = await json(
      await callRoute(customerLoader, proxyRequest({ shop: shop.domain, path: "customer", customerId: null })),
    );
    expect(body).toMatchObject({ loggedIn: false, balance: 0, redemptions: [] });
    expect(body.earn).toEqual({
      offers: [
        {
          pointsPerUnit: 1,
          minimumOrderMinor: 0,
          firstOrderBonusPoints: 0,
          multiplierHundredths: 100,
          campaignBonusPoints: 0,
        },
      ],
    });
  });

  it("tells shoppers what the shop's spend rule gives, not the Settings rate it replaced", async () => {
    const shop = await installShop(db);
    await createRule(db, shop.id, { kind: "spend", name: "Purchases", pointsPerUnit: 5, minimumOrderMinor: 2000 });
    await createRule(db, shop.id, { kind: "spend", name: "Old promotion", pointsPerUnit: 3, active: false });

    const body = await json(
      await callRoute(customerLoader, proxyRequest({ shop: shop.domain, path: "customer", customerId: null })),
    );

    expect(body.earn).toEqual({
      offers: [
        {
          pointsPerUnit: 5,
          minimumOrderMinor: 2000,
          firstOrderBonusPoints: 0,
          multiplierHundredths: 100,
          campaignBonusPoints: 0,
        },
      ],
    });
  });

  it("refuses a tampered customer id, a missing signature or a stale timestamp and reveals nothing", async () => {
    const shop = await installShop(db);
    const victim = customerFixture({ email: "victim@example.com" });
    await memberWithBalance(db, shop.id, victim, 777);
    const attacker = customerFixture();

    const refused = [
      proxyRequest({
        shop: shop.domain,
        path: "customer",
        customerId: attacker.id,
        mutate: (p) => p.set("logged_in_customer_id", victim.id),
      }),
      proxyRequest({
        shop: shop.domain,
        path: "customer",
        customerId: victim.id,
        mutate: (p) => p.delete("signature"),
      }),
      proxyRequest({
        shop: shop.domain,
        path: "customer",
        customerId: victim.id,
        timestamp: Math.floor(Date.now() / 1000) - 91,
      }),
      proxyRequest({ shop: shop.domain, path: "customer", customerId: victim.id, secret: "someone-elses-secret" }),
    ];
    for (const request of refused) {
      const response = await callRoute(customerLoader, request);
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(text).not.toContain("777");
      expect(text).not.toContain("victim");
    }
  });

  it("refuses a signed query that names a caller parameter twice, acting for nobody", async () => {
    const shop = await installShop(db);
    const victim = customerFixture({ email: "victim@example.com" });
    await memberWithBalance(db, shop.id, victim, 777);
    const attacker = customerFixture();

    // The shopper typed the parameter into the URL; Shopify signs it too, ahead of its own.
    for (const [name, value] of [
      ["logged_in_customer_id", victim.id],
      ["shop", "other-shop.myshopify.com"],
      ["path_prefix", "/apps/other"],
      ["timestamp", String(Math.floor(Date.now() / 1000))],
    ] as [string, string][]) {
      const request = proxyRequest({
        shop: shop.domain,
        path: "customer",
        customerId: attacker.id,
        shopperQuery: [[name, value]],
      });
      const response = await callRoute(customerLoader, request);
      const text = await response.text();
      expect([response.status, JSON.parse(text).error], name).toEqual([400, "duplicate_parameter"]);
      expect(text).not.toContain("777");
    }
  });

  it("acts for the signed customer when the shopper adds parameters of their own", async () => {
    const shop = await installShop(db);
    const customer = customerFixture();
    await memberWithBalance(db, shop.id, customer, 5);
    const request = proxyRequest({
      shop: shop.domain,
      path: "customer",
      customerId: customer.id,
      shopperQuery: { utm_source: "mail" },
    });
    expect((await json(await callRoute(customerLoader, request))).balance).toBe(5);
  });

  it("accepts a timestamp within Shopify's 90 second window", async () => {
    const shop = await installShop(db);
    const customer = customerFixture();
    await memberWithBalance(db, shop.id, customer, 5);
    const response = await callRoute(
      customerLoader,
      proxyRequest({
        shop: shop.domain,
        path: "customer",
        customerId: customer.id,
        timestamp: Math.floor(Date.now() / 1000) - 60,
      }),
    );
    expect((await json(response)).balance).toBe(5);
  });
});
