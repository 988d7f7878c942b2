/** The widget's tier fields in GET /proxy/customer: the member's tier, the next one, a guest's none. */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { loader as customerLoader } from "../../app/routes/proxy.customer";
import { settleMemberTier } from "../../app/tiers/movement.server";
import { customerFixture, installShop, memberWithBalance } from "../support/factories";
import { callRoute, proxyRequest } from "../support/signed-requests";
import { bronzeSilverGold, earnByRule } from "../support/storefront-tiers";

async function viewOf(shopDomain: string, customerId: string | null) {
  const response = await callRoute(customerLoader, proxyRequest({ shop: shopDomain, path: "customer", customerId }));
  expect(response.status).toBe(200);
  return JSON.parse(await response.text());
}

describe("GET /proxy/customer: tiers", () => {
  it("shows a Silver member Silver, its perks as text and codes, and how many points Gold takes", async () => {
    const shop = await installShop(db);
    const { silver, gold } = await bronzeSilverGold(db, shop.id);
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, 0);
    await earnByRule(db, shop.id, member.id, 620);
    await settleMemberTier(db, shop.id, member.id);

    const view = await viewOf(shop.domain, customer.id);

    expect(view.tier).toEqual({
      id: silver.id,
      name: "Silver",
      perks: expect.arrayContaining(["Early access to sales", "percent_off:5"]),
    });
    expect(view.tier.perks).toHaveLength(2);
    expect(view.nextTier).toEqual({ id: gold.id, name: "Gold", remaining: 380, unit: "points", threshold: 1000 });
    expect(view.tierKeep).toBeNull(); // lifetime: a tier once earned is never at risk
  });

  it("shows a Gold member no next tier, and free shipping as its code", async () => {
    const shop = await installShop(db);
    const { gold } = await bronzeSilverGold(db, shop.id);
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, 0);
    await earnByRule(db, shop.id, member.id, 1200);
    await settleMemberTier(db, shop.id, member.id);

    const view = await viewOf(shop.domain, customer.id);

    expect(view.tier).toEqual({ id: gold.id, name: "Gold", perks: ["free_shipping"] });
    expect(view.nextTier).toBeNull();
  });

  it("counts what the shop's tiers count: money spent, in minor units", async () => {
    const shop = await installShop(db);
    const { bronze, silver } = await bronzeSilverGold(db, shop.id, "spend");
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, 700);
    await settleMemberTier(db, shop.id, member.id);

    const view = await viewOf(shop.domain, customer.id);

    // Nothing spent yet: the entry tier, and all of Silver's $500.00 to go.
    expect(view.tier).toMatchObject({ id: bronze.id, name: "Bronze", perks: [] });
    expect(view.nextTier).toEqual({
      id: silver.id,
      name: "Silver",
      remaining: 50_000,
      unit: "money",
      threshold: 50_000,
    });
  });

  it("gives a guest no tier, no next tier and nothing to keep", async () => {
    const shop = await installShop(db);
    await bronzeSilverGold(db, shop.id);
    const view = await viewOf(shop.domain, null);
    expect(view).toMatchObject({ loggedIn: false, tier: null, nextTier: null, tierKeep: null });
  });

  it("answers no tier where the shop has none", async () => {
    const shop = await installShop(db);
    const customer = customerFixture();
    await memberWithBalance(db, shop.id, customer, 50);
    expect(await viewOf(shop.domain, customer.id)).toMatchObject({ tier: null, nextTier: null, tierKeep: null });
  });
});
