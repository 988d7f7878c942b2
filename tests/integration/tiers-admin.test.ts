/**
 * The Tiers page through the real route (session token, form posts of the whole draft): a
 * shop creates its tiers with money thresholds typed in its currency; a preview of a live edit
 * says how many members would move and what it costs, writing nothing; saving applies exactly
 * that; bad input is explained field by field and stores nothing; another shop's tier cannot
 * be named. Also the members list's tier filter and assigning a tier by hand on a member's page.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { emptyTierFields } from "../../app/domain/tiers/form";
import { runFactsWork } from "../../app/jobs/facts-work.server";
import { setShopifyGateway, ShopifyGatewayError } from "../../app/shopify/gateway.server";
import { createFakeShopify, type FakeShopify } from "../../demo/fake-shopify";
import { action as memberAction, loader as memberLoader } from "../../app/routes/app.members.$memberId";
import { loader as membersLoader } from "../../app/routes/app.members._index";
import { action as tiersAction, loader as tiersLoader } from "../../app/routes/app.tiers";
import { customerFixture, installShop, paidOrderPayload, uniqueId } from "../support/factories";
import { deliverWebhook } from "../support/deliver";
import { adminRequest, callRoute, webhookRequest } from "../support/signed-requests";

const json = async (response: Response) => JSON.parse(await response.text());

let shopify: FakeShopify;
let restoreGateway: () => void;
beforeEach(() => {
  shopify = createFakeShopify();
  restoreGateway = setShopifyGateway(shopify);
});
afterEach(() => restoreGateway());

function form(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  };
}

// What the page posts for a tier left as the form starts it (name and threshold aside).
const { name: _name, threshold: _threshold, ...TIER_DEFAULTS } = emptyTierFields();

type TierPost = Partial<typeof TIER_DEFAULTS> & { name: string; threshold: string };

/** The fields the Tiers page posts for a programme. */
function programPost(
  intent: string,
  settings: { metric: string; period: string; graceDays: string },
  tiers: TierPost[],
): Record<string, string> {
  const fields: Record<string, string> = { intent, ...settings };
  tiers.forEach((tier, index) => {
    for (const [name, value] of Object.entries({ ...TIER_DEFAULTS, ...tier })) fields[`tiers.${index}.${name}`] = value;
  });
  return fields;
}

const postTiers = (shop: string, fields: Record<string, string>) =>
  callRoute(tiersAction, adminRequest(shop, `/app/tiers?embedded=1&shop=${shop}`, form(fields)));
const loadTiers = async (shop: string) => json(await callRoute(tiersLoader, adminRequest(shop, "/app/tiers")));

const SPEND = { metric: "spend", period: "lifetime", graceDays: "30" };

/** A member made by a paid order of `subtotal` (their spend, and their points at 1 per dollar). */
async function memberWhoSpent(shop: { id: string; domain: string }, subtotal: string, firstName = "Ada") {
  const customer = customerFixture({ first_name: firstName });
  const payload = paidOrderPayload({ id: uniqueId(), customer, subtotal });
  expect((await deliverWebhook(webhookRequest({ shop: shop.domain, topic: "orders/paid", payload }))).status).toBe(200);
  return db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId: customer.id } } });
}

describe("the Tiers page", () => {
  it("starts empty, then stores the tiers typed, money in the shop currency as minor units", async () => {
    const shop = await installShop(db);
    const empty = await loadTiers(shop.domain);
    expect(empty.fields).toMatchObject({ metric: "points", period: "lifetime", tiers: [] });

    const response = await postTiers(
      shop.domain,
      programPost("save", SPEND, [
        { name: "Bronze", threshold: "0" },
        {
          name: "Gold",
          threshold: "500.50",
          multiplier: "1.5",
          multiplyEngagement: "true",
          entryRewardPoints: "100",
          birthdayBonusPoints: "50",
          freeShipping: "true",
          percentOff: "10",
          textPerks: "Early access\nGift wrapping",
        },
        { name: "Club", threshold: "900", paidProductId: "4242", paidMonths: "12" },
        { name: "Press", threshold: "", hidden: "true" },
      ]),
    );
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ outcome: "saved", preview: { up: 0, down: 0, unchanged: 0 } });

    const rows = await db.tier.findMany({ where: { shopId: shop.id }, orderBy: { position: "asc" } });
    expect(rows.map((r) => [r.name, Number(r.threshold), r.position, r.hidden])).toEqual([
      ["Bronze", 0, 0, false],
      ["Gold", 50050, 1, false],
      ["Club", 90000, 2, false],
      ["Press", 0, 3, true],
    ]);
    expect(rows[1]).toMatchObject({
      multiplierHundredths: 150,
      multiplyEngagement: true,
      entryRewardPoints: 100,
      birthdayBonusPoints: 50,
    });
    expect(JSON.parse(rows[1]!.shopifyPerks)).toEqual([
      { type: "free_shipping" },
      { type: "percent_off", percent: 10 },
    ]);
    expect(JSON.parse(rows[1]!.textPerks)).toEqual(["Early access", "Gift wrapping"]);
    expect(rows[2]).toMatchObject({ paidProductId: "4242", paidMonths: 12 });
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      tierMetric: "spend",
      tierGraceDays: 30,
    });

    // The page shows what is stored, as typed.
    const loaded = await loadTiers(shop.domain);
    expect(loaded.fields.metric).toBe("spend");
    expect(loaded.fields.tiers.map((t: { name: string; threshold: string }) => [t.name, t.threshold])).toEqual([
      ["Bronze", "0.00"],
      ["Gold", "500.50"],
      ["Club", "900.00"],
      ["Press", "0.00"],
    ]);
    expect(loaded.fields.tiers[1]).toMatchObject({ id: rows[1]!.id, multiplier: "1.5", percentOff: "10" });
  });

  it("previews a live edit from the shop's own members, writing nothing; saving applies exactly that", async () => {
    const shop = await installShop(db);
    const ada = await memberWhoSpent(shop, "620.00", "Ada");
    const grace = await memberWhoSpent(shop, "340.00", "Grace");
    await memberWhoSpent(shop, "80.00", "Katherine");
    expect(
      (
        await postTiers(
          shop.domain,
          programPost("save", SPEND, [
            { name: "Bronze", threshold: "0" },
            { name: "Gold", threshold: "1000" },
          ]),
        )
      ).status,
    ).toBe(200);
    const { fields } = await loadTiers(shop.domain);
    const [bronze, gold] = fields.tiers as (TierPost & { id: string })[];
    expect((await db.member.findUniqueOrThrow({ where: { id: ada.id } })).tierId).toBe(bronze!.id);

    const lowered = programPost("preview", SPEND, [bronze!, { ...gold!, threshold: "600", entryRewardPoints: "25" }]);
    const previewed = await postTiers(shop.domain, lowered);
    expect(previewed.status).toBe(200);
    const preview = await json(previewed);
    expect(preview).toMatchObject({
      outcome: "previewed",
      preview: {
        up: 1,
        down: 0,
        unchanged: 2,
        entryRewardPoints: 25,
        groups: [{ from: "Bronze", to: "Gold", members: 1 }],
      },
    });
    // A preview writes nothing.
    expect(Number((await db.tier.findUniqueOrThrow({ where: { id: gold!.id } })).threshold)).toBe(100000);
    expect((await db.member.findUniqueOrThrow({ where: { id: ada.id } })).tierId).toBe(bronze!.id);

    const saved = await json(await postTiers(shop.domain, { ...lowered, intent: "save" }));
    expect(saved).toEqual({ outcome: "saved", perks: "synced", preview: preview.preview });
    expect((await db.member.findUniqueOrThrow({ where: { id: ada.id } })).tierId).toBe(gold!.id);
    expect((await db.member.findUniqueOrThrow({ where: { id: grace.id } })).tierId).toBe(bronze!.id);
    // Each tier kept its id: a live edit, not a rebuild.
    expect((await db.tier.findMany({ where: { shopId: shop.id } })).map((t) => t.id).sort()).toEqual(
      [bronze!.id, gold!.id].sort(),
    );
  });

  it("answers bad input with 400 and a message per field, storing nothing", async () => {
    const shop = await installShop(db);
    const response = await postTiers(
      shop.domain,
      programPost("save", { ...SPEND, graceDays: "a week" }, [
        { name: "", threshold: "0" },
        { name: "Silver", threshold: "ten" },
        { name: "Gold", threshold: "100", multiplier: "20", paidMonths: "6" },
        { name: "Staff", threshold: "", hidden: "true", paidProductTag: "staff" },
      ]),
    );
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.errors).toEqual({
      graceDays: "Enter a whole number of days from 0 to 365.",
      "tiers.0.name": "Give the tier a name, for example Gold.",
      "tiers.1.threshold": "Enter an amount in USD, for example 500.00.",
      "tiers.2.multiplier": "Enter a multiplier from 1 to 10, for example 1.5 (at most two decimals).",
      "tiers.2.paidMonths": "A duration needs a product that sells the tier.",
      "tiers.3.hidden": "A hidden tier is only assigned by hand: it cannot also be sold.",
    });
    // What was typed comes back, so nothing is lost.
    expect(body.fields.graceDays).toBe("a week");
    expect(body.fields.tiers[1].threshold).toBe("ten");
    expect(await db.tier.count({ where: { shopId: shop.id } })).toBe(0);

    const climbing = await json(
      await postTiers(
        shop.domain,
        programPost("preview", SPEND, [
          { name: "Silver", threshold: "200" },
          { name: "Gold", threshold: "150" },
        ]),
      ),
    );
    expect(climbing.errors).toEqual({
      "tiers.1.threshold": "Must be more than Silver’s $200.00: each tier needs more than the one below it.",
    });

    expect((await postTiers(shop.domain, { intent: "publish" })).status).toBe(400);
    const asJson = await callRoute(
      tiersAction,
      adminRequest(shop.domain, "/app/tiers", {
        method: "POST",
        body: "{}",
        headers: { "content-type": "application/json" },
      }),
    );
    expect(asJson.status).toBe(415);
  });

  it("cannot name another shop's tier", async () => {
    const other = await installShop(db);
    await postTiers(other.domain, programPost("save", SPEND, [{ name: "Theirs", threshold: "0" }]));
    const [theirs] = await db.tier.findMany({ where: { shopId: other.id } });
    const shop = await installShop(db);
    const response = await postTiers(
      shop.domain,
      programPost("save", SPEND, [{ id: theirs!.id, name: "Mine", threshold: "0" }]),
    );
    expect(response.status).toBe(400);
    expect((await json(response)).errors).toEqual({ "tiers.0.name": "This shop has no such tier." });
    expect((await db.tier.findUniqueOrThrow({ where: { id: theirs!.id } })).name).toBe("Theirs");
    expect(await db.tier.count({ where: { shopId: shop.id } })).toBe(0);
  });
});

describe("the Tiers page's Shopify perks", () => {
  it("puts a saved tier's free shipping in Shopify at once, for the tier's segment only", async () => {
    const shop = await installShop(db);
    const saved = await postTiers(
      shop.domain,
      programPost("save", SPEND, [
        { name: "Bronze", threshold: "0" },
        { name: "Gold", threshold: "500", freeShipping: "true" },
      ]),
    );
    expect(saved.status).toBe(200);
    expect(await json(saved)).toMatchObject({ outcome: "saved", perks: "synced" });
    const segment = shopify.segments.find((s) => s.shop === shop.domain);
    expect(segment?.query).toContain("Gold");
    expect(shopify.automaticDiscounts.filter((d) => d.shop === shop.domain)).toEqual([
      expect.objectContaining({ segmentId: segment!.segmentId, perk: { type: "free_shipping" } }),
    ]);
  });

  it("keeps the save when Shopify refuses the perk, says so, and the facts job puts it there later", async () => {
    const shop = await installShop(db);
    const refusing = setShopifyGateway({
      ...shopify,
      createSegment: async () => {
        throw new ShopifyGatewayError("Shopify did not create the segment: Internal error");
      },
    });
    const saved = await postTiers(
      shop.domain,
      programPost("save", SPEND, [
        { name: "Bronze", threshold: "0" },
        { name: "Gold", threshold: "500", percentOff: "10" },
      ]),
    );
    refusing();
    expect(await json(saved)).toMatchObject({ outcome: "saved", perks: "deferred" });
    expect(await db.tier.count({ where: { shopId: shop.id } })).toBe(2);
    expect(shopify.automaticDiscounts.filter((d) => d.shop === shop.domain)).toEqual([]);

    await runFactsWork(db);
    expect(shopify.automaticDiscounts.filter((d) => d.shop === shop.domain)).toEqual([
      expect.objectContaining({ perk: { type: "percent_off", percent: 10 } }),
    ]);
  });
});

describe("tiers on the members list and a member's page", () => {
  async function shopWithTiers() {
    const shop = await installShop(db);
    const ada = await memberWhoSpent(shop, "620.00", "Ada");
    const grace = await memberWhoSpent(shop, "40.00", "Grace");
    await postTiers(
      shop.domain,
      programPost("save", SPEND, [
        { name: "Bronze", threshold: "0" },
        { name: "Gold", threshold: "500" },
        { name: "Press", threshold: "", hidden: "true" },
      ]),
    );
    const tiers = await db.tier.findMany({ where: { shopId: shop.id }, orderBy: { position: "asc" } });
    return { shop, ada, grace, bronze: tiers[0]!, gold: tiers[1]!, press: tiers[2]! };
  }

  const listMembersOf = async (shop: string, query: string) =>
    json(await callRoute(membersLoader, adminRequest(shop, `/app/members${query}`)));

  it("filters the members list by tier and shows each member's tier", async () => {
    const { shop, ada, bronze, gold } = await shopWithTiers();
    const all = await listMembersOf(shop.domain, "");
    expect(
      all.result.members.map((m: { name: string; tier: { name: string } | null }) => [m.name, m.tier?.name]),
    ).toEqual([
      [expect.stringContaining("Grace"), "Bronze"],
      [expect.stringContaining("Ada"), "Gold"],
    ]);
    expect(all.tierChoices.map((c: { label: string }) => c.label)).toEqual(["Bronze", "Gold", "Press (hidden)"]);

    const golds = await listMembersOf(shop.domain, `?tier=${gold.id}`);
    expect(golds.tier).toBe(gold.id);
    expect(golds.result.members.map((m: { id: string }) => m.id)).toEqual([ada.id]);
    expect(golds.result.total).toBe(1);
    // With a search too (the search's own SQL).
    expect((await listMembersOf(shop.domain, `?tier=${bronze.id}&q=ada`)).result.members).toEqual([]);
    expect((await listMembersOf(shop.domain, `?tier=${gold.id}&q=ada`)).result.members).toHaveLength(1);
    expect((await listMembersOf(shop.domain, "?tier=none")).result.members).toEqual([]);

    // Another shop's tier (or a deleted one) filters nothing out.
    const other = await shopWithTiers();
    const foreign = await listMembersOf(shop.domain, `?tier=${other.gold.id}`);
    expect(foreign.tier).toBe("");
    expect(foreign.result.total).toBe(2);
  });

  function postMember(shop: string, memberId: string, fields: Record<string, string>) {
    const request = adminRequest(shop, `/app/members/${memberId}?embedded=1&shop=${shop}`, form(fields));
    return callRoute(
      (args) => memberAction({ ...args, params: { memberId } } as Parameters<typeof memberAction>[0]),
      request,
    );
  }
  const loadMember = async (shop: string, memberId: string) =>
    json(
      await callRoute(
        (args) => memberLoader({ ...args, params: { memberId } } as Parameters<typeof memberLoader>[0]),
        adminRequest(shop, `/app/members/${memberId}`),
      ),
    );

  it("shows the member's tier and progress, and staff assign a hidden tier with a reason, then take it back", async () => {
    const { shop, grace, bronze, press } = await shopWithTiers();
    const before = await loadMember(shop.domain, grace.id);
    expect(before.tier).toMatchObject({
      tier: { id: bronze.id, name: "Bronze" },
      source: "earned",
      nextTier: { name: "Gold", remaining: 46000, unit: "money" },
    });
    expect(before.tiers.map((t: { name: string; hidden: boolean }) => [t.name, t.hidden])).toEqual([
      ["Bronze", false],
      ["Gold", false],
      ["Press", true],
    ]);

    const assigned = await postMember(shop.domain, grace.id, {
      intent: "assignTier",
      tierId: press.id,
      tierReason: "Press partner",
    });
    expect(assigned.status).toBe(302);
    expect(new URL(assigned.headers.get("location")!, "https://x.test").searchParams.get("tier")).toBe("assigned");
    const after = await loadMember(shop.domain, grace.id);
    expect(after.tier).toMatchObject({ tier: { id: press.id, name: "Press" }, source: "manual", endsAt: null });
    expect(after.tierHistory[0]).toMatchObject({ fromTier: "Bronze", toTier: "Press", reason: "Press partner" });

    const removed = await postMember(shop.domain, grace.id, {
      intent: "removeManualTier",
      tierId: "",
      tierReason: "Partnership ended",
    });
    expect(removed.status).toBe(302);
    const back = await loadMember(shop.domain, grace.id);
    expect(back.tier).toMatchObject({ tier: { id: bronze.id }, source: "earned" });
    expect(back.tierHistory[0]).toMatchObject({ fromTier: "Press", toTier: "Bronze", reason: "Partnership ended" });
  });

  it("refuses a tier without a reason, another shop's tier, and removing a tier not given by hand", async () => {
    const { shop, grace, gold } = await shopWithTiers();
    const other = await shopWithTiers();
    const noReason = await postMember(shop.domain, grace.id, {
      intent: "assignTier",
      tierId: gold.id,
      tierReason: " ",
    });
    expect(noReason.status).toBe(400);
    expect((await json(noReason)).errors).toEqual({
      reason: "Enter a reason. It is kept in the member’s tier history.",
    });

    const foreign = await postMember(shop.domain, grace.id, {
      intent: "assignTier",
      tierId: other.gold.id,
      tierReason: "Why not",
    });
    expect(foreign.status).toBe(400);
    expect((await json(foreign)).errors).toEqual({ tierId: "Choose one of your tiers." });

    const nothingToRemove = await postMember(shop.domain, grace.id, {
      intent: "removeManualTier",
      tierId: "",
      tierReason: "Tidy up",
    });
    expect(nothingToRemove.status).toBe(400);
    expect((await json(nothingToRemove)).errors).toEqual({ form: "This member has no tier given by hand to remove." });
    expect(await db.tierGrant.count({ where: { memberId: grace.id } })).toBe(0);

    // Another shop's member is not found from this shop.
    const theirs = await postMember(shop.domain, other.grace.id, {
      intent: "assignTier",
      tierId: gold.id,
      tierReason: "Try",
    });
    expect(theirs.status).toBe(404);
  });
});
