/**
 * The storefront view's per-shop part is cached per process by Shop.programVersion
 * (app/storefront/program-cache.server.ts). Every kind of change goes through the app's own
 * writer and must be in the next read: through this process's cache, and through a second
 * "instance" (another ProgramCache filled before the change), which can only see it because
 * the writer moved the version on. And the view's GET answers carry an ETag and answer 304.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db, type Db } from "../../app/db.server";
import {
  archiveReward,
  createReward,
  moveReward,
  setRewardActive,
  updateReward,
} from "../../app/rewards/catalogue.server";
import { loader as customerLoader } from "../../app/routes/proxy.customer";
import { createRule, deleteRule, setRuleActive, updateRule } from "../../app/rules/rules.server";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { recordInstall, updateProgrammeSettings } from "../../app/shops/shops.server";
import { customerView } from "../../app/storefront/customer-view.server";
import { ProgramCache, setProgramCache } from "../../app/storefront/program-cache.server";
import { applyTierProgramEdit } from "../../app/tiers/program-edit.server";
import { createFakeShopify } from "../../demo/fake-shopify";
import { DEMO_RULES, DEMO_TIERS } from "../../demo/seed";
import { customerFixture, installShop, memberWithBalance, rewardFixture } from "../support/factories";
import { callRoute, proxyRequest } from "../support/signed-requests";
import { earnByRule } from "../support/storefront-tiers";

let restoreGateway: () => void;
beforeEach(() => {
  restoreGateway = setShopifyGateway(createFakeShopify());
});
afterEach(() => restoreGateway());

/** Two processes' caches: `local` is the one the route uses, `other` a second instance's. */
const local = new ProgramCache();
const other = new ProgramCache();

async function read(cache: ProgramCache, domain: string, customerId: string | null, init: RequestInit = {}) {
  const restore = setProgramCache(cache);
  try {
    const request = proxyRequest({ shop: domain, path: "customer", customerId });
    return await callRoute(customerLoader, new Request(request, init));
  } finally {
    restore();
  }
}

const bodyOf = async (response: Response) => JSON.parse(await response.text());

async function shopWithProgramme() {
  const shop = await installShop(db);
  await createRule(db, shop.id, DEMO_RULES[0]!);
  await createRule(db, shop.id, DEMO_RULES[1]!);
  const reward = await createReward(db, shop.id, rewardFixture("amount_off", { title: "Ten off", costPoints: 300 }));
  const customer = customerFixture();
  const member = await memberWithBalance(db, shop.id, customer, 120);
  return { shop, reward, customer, member };
}

const version = async (shopId: string) =>
  (await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { programVersion: true } })).programVersion;

type Setup = Awaited<ReturnType<typeof shopWithProgramme>>;

type Change = [
  name: string,
  change: (s: Setup) => Promise<unknown>,
  bumps: boolean,
  prepare?: (s: Setup) => Promise<unknown>,
];

const secondReward = (s: Setup) => createReward(db, s.shop.id, rewardFixture("free_shipping", { costPoints: 50 }));

const changes: Change[] = [
  ["a rule created", (s) => createRule(db, s.shop.id, DEMO_RULES[3]!), true],
  [
    "a rule edited",
    async (s) => {
      const rule = await db.rule.findFirstOrThrow({ where: { shopId: s.shop.id, kind: "visit" } });
      await updateRule(db, s.shop.id, rule.id, { kind: "visit", name: "Daily visit", points: 7, period: "day" });
    },
    true,
  ],
  [
    "a rule paused",
    async (s) => {
      const rule = await db.rule.findFirstOrThrow({ where: { shopId: s.shop.id, kind: "visit" } });
      await setRuleActive(db, s.shop.id, rule.id, false);
    },
    true,
  ],
  [
    "a rule deleted",
    async (s) => {
      const rule = await db.rule.findFirstOrThrow({ where: { shopId: s.shop.id, kind: "page_visit" } });
      await deleteRule(db, s.shop.id, rule.id);
    },
    true,
  ],
  ["a reward created", secondReward, true],
  [
    "a reward edited",
    (s) =>
      updateReward(db, s.shop.id, s.reward.id, rewardFixture("amount_off", { title: "Twelve off", costPoints: 300 })),
    true,
  ],
  ["a reward paused", (s) => setRewardActive(db, s.shop.id, s.reward.id, false), true],
  [
    "a reward moved",
    async (s) => {
      const second = await db.reward.findFirstOrThrow({ where: { shopId: s.shop.id, kind: "free_shipping" } });
      await moveReward(db, s.shop.id, second.id, "up");
    },
    true,
    secondReward,
  ],
  ["a reward archived", (s) => archiveReward(db, s.shop.id, s.reward.id), true],
  ["the tier programme saved", (s) => applyTierProgramEdit(db, s.shop.id, DEMO_TIERS), true],
  ["the settings saved", (s) => updateProgrammeSettings(db, s.shop.domain, { pointsPerUnit: 3 }), true],
  [
    "the kill switch",
    (s) => updateProgrammeSettings(db, s.shop.domain, { pointsPerUnit: 1, engagementPaused: true }),
    true,
  ],
  ["the currency", (s) => recordInstall(db, s.shop.domain, "EUR"), true],
  // The member's own rows are read fresh each time: no version needed.
  ["the member's balance", (s) => earnByRule(db, s.shop.id, s.member.id, 40), false],
  [
    "a reward's stock (a redemption takes it without a version)",
    (s) => db.reward.update({ where: { id: s.reward.id }, data: { stockRemaining: 0 } }),
    false,
    (s) => db.reward.update({ where: { id: s.reward.id }, data: { stockRemaining: 5 } }),
  ],
];

describe("every kind of change is in the next read, on this instance and another", () => {
  it.each(changes)("%s", async (_name, change, bumps, prepare) => {
    const setup = await shopWithProgramme();
    const { shop, customer } = setup;
    await prepare?.(setup);
    // Both instances hold the programme as it is now.
    const before = await bodyOf(await read(local, shop.domain, customer.id));
    expect(await bodyOf(await read(other, shop.domain, customer.id))).toEqual(before);
    const held = await version(shop.id);
    expect(other.versionOf(shop.id)).toBe(held);

    await change(setup);

    expect(await version(shop.id)).toBe(bumps ? held + 1 : held);
    const missesBefore = other.stats.misses;
    const after = await bodyOf(await read(local, shop.domain, customer.id));
    expect(after).not.toEqual(before);
    // The other instance's entry is older than the shop row: it misses and reads the change.
    expect(await bodyOf(await read(other, shop.domain, customer.id))).toEqual(after);
    expect(other.stats.misses - missesBefore).toBe(bumps ? 1 : 0);
  });
});

/** A client that counts the queries made through it. */
function counting() {
  const queries: string[] = [];
  const client = db.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          queries.push(`${model}.${operation}`);
          return query(args);
        },
      },
    },
  }) as unknown as Db;
  return { client, queries };
}

describe("what a read costs once the shop's part is cached", () => {
  it("a guest's view makes no query, a member's one per kind of row", async () => {
    const { shop, customer, member } = await shopWithProgramme();
    await applyTierProgramEdit(db, shop.id, DEMO_TIERS);
    for (let i = 0; i < 5; i++) await earnByRule(db, shop.id, member.id, 10);
    const row = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    const restore = setProgramCache(new ProgramCache());
    try {
      const cold = counting();
      const first = await customerView(cold.client, row, customer.id);
      expect(cold.queries).toEqual(expect.arrayContaining(["Rule.findMany", "Reward.findMany", "Tier.findMany"]));

      const guest = counting();
      await customerView(guest.client, row, null);
      expect(guest.queries).toEqual([]);

      const warm = counting();
      expect(await customerView(warm.client, row, customer.id)).toEqual(first);
      // The member, their rule earnings, redemptions, latest entries, and the tier facts
      // (contributions, grants, rewarded tiers): none of the shop's rows again.
      expect(warm.queries.filter((q) => /^(Rule|Reward|Tier|Shop)\./.test(q))).toEqual([]);
      expect(warm.queries.length).toBeLessThanOrEqual(7);
    } finally {
      restore();
    }
  });

  it("a shop without tiers skips the member's tier facts", async () => {
    const { shop, customer } = await shopWithProgramme();
    const row = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    await customerView(db, row, customer.id);
    const warm = counting();
    const view = await customerView(warm.client, row, customer.id);
    expect(view).toMatchObject({ tier: null, nextTier: null, tierKeep: null });
    expect(warm.queries.some((q) => q.startsWith("TierGrant."))).toBe(false);
    expect(warm.queries.length).toBeLessThanOrEqual(4);
  });
});

describe("ETag and 304 on GET /customer", () => {
  it("answers 304 without a body to the ETag it gave, and a new ETag after a change", async () => {
    const { shop, customer, member } = await shopWithProgramme();
    const first = await read(local, shop.domain, customer.id);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);

    const again = await read(local, shop.domain, customer.id, { headers: { "If-None-Match": etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe("private, no-cache");
    // A weak form or a list naming it matches too; another tag does not.
    expect(
      (await read(local, shop.domain, customer.id, { headers: { "If-None-Match": `"x", W/${etag}` } })).status,
    ).toBe(304);
    expect((await read(local, shop.domain, customer.id, { headers: { "If-None-Match": '"x"' } })).status).toBe(200);

    // Another shopper's view (here: the guest's) is another body, so another tag.
    const guest = await read(local, shop.domain, null, { headers: { "If-None-Match": etag! } });
    expect(guest.status).toBe(200);
    expect(guest.headers.get("etag")).not.toBe(etag);

    await earnByRule(db, shop.id, member.id, 25);
    const changed = await read(local, shop.domain, customer.id, { headers: { "If-None-Match": etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect((await bodyOf(changed)).balance).toBe(145);
  });

  it("errors are not cached at all", async () => {
    const response = await read(local, "no-such-shop.myshopify.com", null);
    expect(response.status).toBe(404);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("etag")).toBeNull();
  });
});
