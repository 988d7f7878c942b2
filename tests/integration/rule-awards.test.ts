/**
 * The one earn path for rules, against the database: awards land in the ledger with a "rule"
 * cause, retries and concurrent duplicates award once, limits count the stored history,
 * referrals pay both sides, a shop's rules never touch another shop, and the anti-farming
 * counters refuse over the limit from several "instances" at once.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { EVENT_LIMITS, eventRateLimits, windowOf, type RateLimit } from "../../app/domain/anti-farming";
import { awardEvent } from "../../app/rules/award.server";
import { hitRateLimits, pruneRateLimitCounters } from "../../app/rules/rate-limit.server";
import {
  createRule,
  deleteRule,
  listRules,
  setRuleActive,
  updateRule,
  type NewRuleInput,
} from "../../app/rules/rules.server";
import { installShop, uniqueId } from "../support/factories";

/** A new shop with one rule. */
async function shopWithRule(input: NewRuleInput) {
  const shop = await installShop(db);
  return { shop, rule: await createRule(db, shop.id, input) };
}

const ruleEntries = (shopId: string) =>
  db.ledgerEntry.findMany({ where: { shopId, causeType: "rule" }, orderBy: { createdAt: "asc" } });

describe("rule awards", () => {
  it("posts a visit award once per day, as a rule-caused earn entry", async () => {
    const { shop, rule } = await shopWithRule({ kind: "visit", name: "Daily visit", points: 5 });
    const customerId = uniqueId();
    const morning = new Date("2026-06-15T09:00:00Z");

    const first = await awardEvent(db, { shop, customerId, event: { type: "visit" }, now: morning });
    expect(first.awards).toEqual([expect.objectContaining({ ruleId: rule.id, points: 5, status: "posted" })]);
    expect(first.balance).toBe(5);

    const again = await awardEvent(db, {
      shop,
      customerId,
      event: { type: "visit" },
      now: new Date("2026-06-15T18:00:00Z"),
    });
    expect(again.awards).toEqual([]);
    expect(again.refusals.map((r) => r.code)).toEqual(["already_awarded"]);
    expect(again.balance).toBe(5);

    const nextDay = await awardEvent(db, {
      shop,
      customerId,
      event: { type: "visit" },
      now: new Date("2026-06-16T09:00:00Z"),
    });
    expect(nextDay.balance).toBe(10);

    const entries = await ruleEntries(shop.id);
    expect(entries.map((e) => [e.kind, e.causeType, e.causeId, e.points])).toEqual([
      ["earn", "rule", rule.id, 5],
      ["earn", "rule", rule.id, 5],
    ]);
    const member = await db.member.findUniqueOrThrow({ where: { id: first.memberId } });
    expect([member.balance, member.lifetimeEarned]).toEqual([10, 10]);
  });

  it("awards concurrent duplicates of one event once", async () => {
    const { shop } = await shopWithRule({ kind: "custom", name: "App launched", points: 7, key: "app_launched" });
    const customerId = uniqueId();
    const event = { type: "custom" as const, key: "app_launched", eventId: "evt-1" };
    const results = await Promise.all(Array.from({ length: 6 }, () => awardEvent(db, { shop, customerId, event })));
    expect(results.flatMap((r) => r.awards.filter((a) => a.status === "posted"))).toHaveLength(1);
    const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId } } });
    expect(member.balance).toBe(7);
  });

  it("counts limits from the stored history, even across concurrent distinct events", async () => {
    const { shop } = await shopWithRule({
      kind: "custom",
      name: "Check-in",
      points: 1,
      key: "check_in",
      limits: { perDay: 3 },
    });
    const customerId = uniqueId();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        awardEvent(db, { shop, customerId, event: { type: "custom", key: "check_in", eventId: `e${i}` } }),
      ),
    );
    expect(results.flatMap((r) => r.awards)).toHaveLength(3);
    expect(results.flatMap((r) => r.refusals.map((x) => x.code)).filter((c) => c === "limit_reached")).toHaveLength(5);
  });

  it("pays the referrer and the friend, and only once per friend", async () => {
    const { shop } = await shopWithRule({
      kind: "referral",
      name: "Refer a friend",
      referrerPoints: 50,
      friendPoints: 20,
    });
    const referrer = { customerId: uniqueId(), email: "ref@example.com" };
    const friend = { customerId: uniqueId(), email: "friend@example.com" };
    const event = { type: "referral_completed" as const, orderId: "9001", referrer, friend };
    await awardEvent(db, { shop, customerId: referrer.customerId, event });
    await awardEvent(db, { shop, customerId: referrer.customerId, event: { ...event, orderId: "9002" } });
    const members = await db.member.findMany({ where: { shopId: shop.id }, orderBy: { balance: "desc" } });
    expect(members.map((m) => [m.customerId, m.balance])).toEqual([
      [referrer.customerId, 50],
      [friend.customerId, 20],
    ]);
  });

  it("gives nothing while the shop's kill switch is on, and nothing from a paused rule", async () => {
    const { shop, rule } = await shopWithRule({ kind: "visit", name: "Daily visit", points: 5 });
    const paused = await awardEvent(db, {
      shop: { ...shop, engagementPaused: true },
      customerId: uniqueId(),
      event: { type: "visit" },
    });
    expect(paused.refusals.map((r) => r.code)).toEqual(["paused"]);
    await setRuleActive(db, shop.id, rule.id, false);
    const inactive = await awardEvent(db, { shop, customerId: uniqueId(), event: { type: "visit" } });
    expect(inactive.refusals.map((r) => r.code)).toEqual(["inactive"]);
    expect(await ruleEntries(shop.id)).toEqual([]);
  });

  it("keeps one shop's rules and awards away from another", async () => {
    const a = await shopWithRule({ kind: "visit", name: "Visit", points: 5 });
    const b = await installShop(db);
    const customerId = uniqueId();
    const result = await awardEvent(db, { shop: b, customerId, event: { type: "visit" } });
    expect(result.awards).toEqual([]);
    expect(await listRules(db, b.id)).toEqual([]);
    await expect(deleteRule(db, b.id, a.rule.id)).rejects.toThrow(/No rule/);
    await expect(setRuleActive(db, b.id, a.rule.id, false)).rejects.toThrow(/No rule/);
    await expect(updateRule(db, b.id, a.rule.id, { kind: "visit", name: "Stolen", points: 500 })).rejects.toThrow(
      /No rule/,
    );
    expect(await listRules(db, a.shop.id)).toMatchObject([{ name: "Visit", active: true }]);
  });

  it("refuses a bad rule with zod's message and stores nothing", async () => {
    const shop = await installShop(db);
    await expect(createRule(db, shop.id, { kind: "visit", name: "", points: 0 })).rejects.toThrow();
    expect(await listRules(db, shop.id)).toEqual([]);
  });
});

describe("anti-farming counters", () => {
  it("allow up to the limit per window, then refuse with a retry time, from many callers at once", async () => {
    const shop = await installShop(db);
    const limits = [{ scope: "customer", bucket: "customer:1:widget", max: 5, windowSeconds: 60 }] as const;
    const now = new Date("2026-11-23T10:00:30Z");
    const decisions = await Promise.all(Array.from({ length: 12 }, () => hitRateLimits(db, shop.id, limits, now)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.find((d) => !d.allowed)).toMatchObject({ allowed: false, retryAfterSeconds: 30 });
    const nextMinute = await hitRateLimits(db, shop.id, limits, new Date("2026-11-23T10:01:00Z"));
    expect(nextMinute.allowed).toBe(true);
  });

  it("count per shop: another shop's hits do not use this shop's allowance", async () => {
    const a = await installShop(db);
    const b = await installShop(db);
    const limits = eventRateLimits("api", "7");
    const now = new Date();
    for (let i = 0; i < EVENT_LIMITS.perCustomerPerMinute; i++) await hitRateLimits(db, a.id, limits, now);
    expect((await hitRateLimits(db, a.id, limits, now)).allowed).toBe(false);
    expect((await hitRateLimits(db, b.id, limits, now)).allowed).toBe(true);
  });

  it("take the shop's slot only for a hit the customer's own limits admit, and give back a refused hit's slots", async () => {
    const shop = await installShop(db);
    const now = new Date("2026-11-23T10:00:30Z");
    const limitsOf = (customerId: string): RateLimit[] => [
      { scope: "customer", bucket: `customer:${customerId}:widget`, max: 2, windowSeconds: 60 },
      { scope: "customer", bucket: `customer:${customerId}:widget`, max: 10, windowSeconds: 86_400 },
      { scope: "shop", bucket: "shop:widget", max: 3, windowSeconds: 60 },
    ];
    const countOf = async (limit: RateLimit) =>
      (
        await db.rateLimitCounter.findUnique({
          where: { shopId_bucket: { shopId: shop.id, bucket: windowOf(limit, now).key } },
        })
      )?.count ?? 0;

    const flood = [];
    for (let i = 0; i < 10; i++) flood.push(await hitRateLimits(db, shop.id, limitsOf("a"), now));
    expect(flood.filter((d) => d.allowed)).toHaveLength(2);
    expect(await countOf(limitsOf("a")[2]!)).toBe(2);
    expect(await countOf(limitsOf("a")[1]!)).toBe(2);

    expect((await hitRateLimits(db, shop.id, limitsOf("b"), now)).allowed).toBe(true);
    const overShop = await hitRateLimits(db, shop.id, limitsOf("c"), now);
    expect(overShop).toMatchObject({ allowed: false, limit: { scope: "shop" }, retryAfterSeconds: 30 });
    expect(await countOf(limitsOf("c")[0]!)).toBe(0);
    expect(await countOf(limitsOf("c")[1]!)).toBe(0);
    expect(await countOf(limitsOf("c")[2]!)).toBe(3);
  });

  it("hold the shop's limit against many accounts at once", async () => {
    const shop = await installShop(db);
    const now = new Date("2026-11-23T10:00:30Z");
    const shopLimit: RateLimit = { scope: "shop", bucket: "shop:api", max: 5, windowSeconds: 60 };
    const decisions = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        hitRateLimits(
          db,
          shop.id,
          [{ scope: "customer", bucket: `customer:${i}:api`, max: 20, windowSeconds: 60 }, shopLimit],
          now,
        ),
      ),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    const rows = await db.rateLimitCounter.findMany({ where: { shopId: shop.id } });
    const total = (prefix: string) =>
      rows.filter((row) => row.bucket.startsWith(prefix)).reduce((sum, row) => sum + row.count, 0);
    expect(total("shop:")).toBe(5);
    expect(total("customer:")).toBe(5);
  });

  it("tell a customer whose minute and day are both full to wait for the day", async () => {
    const shop = await installShop(db);
    const now = new Date("2026-11-23T10:00:30Z");
    const limits: RateLimit[] = [
      { scope: "customer", bucket: "customer:9:api", max: 1, windowSeconds: 60 },
      { scope: "customer", bucket: "customer:9:api", max: 1, windowSeconds: 86_400 },
    ];
    await hitRateLimits(db, shop.id, limits, now);
    expect(await hitRateLimits(db, shop.id, limits, now)).toMatchObject({ allowed: false, retryAfterSeconds: 50_370 });
  });

  it("prunes counters of windows that are over", async () => {
    const shop = await installShop(db);
    await hitRateLimits(
      db,
      shop.id,
      [{ scope: "shop", bucket: "x", max: 1, windowSeconds: 60 }],
      new Date("2020-01-01T00:00:00Z"),
    );
    expect(await pruneRateLimitCounters(db, new Date("2020-01-01T00:05:00Z"))).toBeGreaterThanOrEqual(1);
    expect(await db.rateLimitCounter.count({ where: { shopId: shop.id } })).toBe(0);
  });
});
