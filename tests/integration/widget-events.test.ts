/**
 * Engagement events from the storefront widget through the app proxy (POST /proxy/events,
 * POST /proxy/profile): only Shopify's signed customer earns, once per period, within the
 * anti-farming limits, never while the kill switch is on, never in another shop.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { eventRateLimits, EVENT_LIMITS, windowOf } from "../../app/domain/anti-farming";
import { MAX_POINTS } from "../../app/domain/ledger";
import { hitRateLimits } from "../../app/rules/rate-limit.server";
import { createRule, type NewRuleInput } from "../../app/rules/rules.server";
import { action as eventsAction, loader as eventsLoader } from "../../app/routes/proxy.events";
import { action as profileAction } from "../../app/routes/proxy.profile";
import { loader as customerLoader } from "../../app/routes/proxy.customer";
import { recordWidgetEvent } from "../../app/storefront/engagement.server";
import { customerFixture, installShop, memberWithBalance, uniqueId } from "../support/factories";
import { callRoute, proxyRequest } from "../support/signed-requests";
import { WIDGET_BODY_LIMIT_BYTES } from "../../app/storefront/proxy-input";

const VISIT: NewRuleInput = { kind: "visit", name: "Daily visit", points: 5 };
const LOOKBOOK: NewRuleInput = {
  kind: "page_visit",
  name: "Lookbook",
  points: 10,
  pages: [{ pattern: "/pages/lookbook", label: "Lookbook" }],
};
const SHARE: NewRuleInput = {
  kind: "share",
  name: "Share a product",
  points: 15,
  subject: "product",
  limits: { perWeek: 1 },
};

async function shopWithRules(...rules: NewRuleInput[]) {
  const shop = await installShop(db);
  for (const rule of rules) await createRule(db, shop.id, rule);
  return shop;
}

async function send(
  shop: { domain: string },
  customerId: string | null,
  body: unknown,
  extra: Partial<Parameters<typeof proxyRequest>[0]> = {},
) {
  const response = await callRoute(
    eventsAction,
    proxyRequest({ shop: shop.domain, path: "events", customerId, body, ...extra }),
  );
  return { status: response.status, headers: response.headers, body: JSON.parse(await response.text()) };
}

async function saveBirthday(shop: { domain: string }, customerId: string | null, body: unknown) {
  const response = await callRoute(
    profileAction,
    proxyRequest({ shop: shop.domain, path: "profile", customerId, body }),
  );
  return { status: response.status, body: JSON.parse(await response.text()) };
}

const ruleEntries = (shopId: string) => db.ledgerEntry.findMany({ where: { shopId, causeType: "rule" } });

describe("POST /proxy/events", () => {
  it("awards a visit once per day and answers with the award, the refusal and the balance", async () => {
    const shop = await shopWithRules(VISIT);
    const customerId = uniqueId();

    const first = await send(shop, customerId, { type: "visit" });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toContain("no-store");
    expect(first.body).toEqual({
      awards: [{ points: 5, reason: "5 points for visiting today" }],
      refusals: [],
      balance: 5,
    });

    const again = await send(shop, customerId, { type: "visit" });
    expect(again.body).toEqual({
      awards: [],
      refusals: [{ code: "already_awarded", message: "Points were already given for this." }],
      balance: 5,
    });
    expect(await ruleEntries(shop.id)).toHaveLength(1);
  });

  it("awards the next visit on the shop's next day", async () => {
    const shop = await shopWithRules(VISIT);
    const customerId = uniqueId();
    const call = (now: string) =>
      recordWidgetEvent(db, {
        shop,
        customerId,
        body: { type: "visit" },
        query: new URLSearchParams(),
        now: new Date(now),
      });
    expect(await call("2026-06-15T09:00:00Z")).toMatchObject({ outcome: "recorded", balance: 5 });
    expect(await call("2026-06-15T23:59:00Z")).toMatchObject({ outcome: "recorded", awards: [], balance: 5 });
    expect(await call("2026-06-16T00:01:00Z")).toMatchObject({
      outcome: "recorded",
      awards: [{ points: 5 }],
      balance: 10,
    });
  });

  it("awards a page visit only for the merchant's pages, once per page per day", async () => {
    const shop = await shopWithRules(LOOKBOOK);
    const customerId = uniqueId();

    const elsewhere = await send(shop, customerId, { type: "page_visit", url: "/pages/journal" });
    expect(elsewhere.body).toEqual({ awards: [], refusals: [], balance: 0 });

    const lookbook = await send(shop, customerId, {
      type: "page_visit",
      url: "https://shop.example/pages/lookbook?utm_source=mail",
    });
    expect(lookbook.body.awards).toEqual([{ points: 10, reason: "10 points for visiting Lookbook" }]);
    expect(lookbook.body.balance).toBe(10);

    const sameAgain = await send(shop, customerId, { type: "page_visit", url: "/Pages/Lookbook/" });
    expect(sameAgain.body).toMatchObject({ awards: [], refusals: [{ code: "already_awarded" }], balance: 10 });
  });

  it("awards a product share, once per product and network, at most once a week", async () => {
    const shop = await shopWithRules(SHARE);
    const customerId = uniqueId();
    const share = (productId: string, network = "x") =>
      send(shop, customerId, { type: "share", subject: "product", productId, network });

    expect((await share("7001")).body).toMatchObject({
      awards: [{ points: 15, reason: "15 points for sharing a product on X" }],
      balance: 15,
    });
    expect((await share("7001")).body.refusals).toEqual([expect.objectContaining({ code: "already_awarded" })]);
    expect((await share("7002", "facebook")).body.refusals).toEqual([
      { code: "limit_reached", message: "This can earn points at most once a week." },
    ]);
    // Sharing the programme is not a product share: this rule does not concern it.
    expect((await send(shop, customerId, { type: "share", subject: "programme", network: "email" })).body).toEqual({
      awards: [],
      refusals: [],
      balance: 15,
    });
    expect(await ruleEntries(shop.id)).toHaveLength(1);
  });

  it("passes store searches and offers viewed to their rules", async () => {
    const shop = await shopWithRules(
      { kind: "store_search", name: "Find a store", points: 4 },
      { kind: "offer_viewed", name: "Offers", points: 3 },
    );
    const customerId = uniqueId();
    expect((await send(shop, customerId, { type: "store_search" })).body.awards).toEqual([
      { points: 4, reason: "4 points for looking for a store near you" },
    ]);
    expect((await send(shop, customerId, { type: "offer_viewed", offerId: "spring" })).body.balance).toBe(7);
    expect((await send(shop, customerId, { type: "offer_viewed", offerId: "spring" })).body.awards).toEqual([]);
  });

  it("refuses an unsigned, tampered or foreign-signed request, and awards nothing", async () => {
    const shop = await shopWithRules(VISIT);
    const customerId = uniqueId();
    const attacker = uniqueId();
    const refused = [
      proxyRequest({
        shop: shop.domain,
        path: "events",
        customerId,
        body: { type: "visit" },
        mutate: (p) => p.delete("signature"),
      }),
      proxyRequest({
        shop: shop.domain,
        path: "events",
        customerId: attacker,
        body: { type: "visit" },
        mutate: (p) => p.set("logged_in_customer_id", customerId),
      }),
      proxyRequest({
        shop: shop.domain,
        path: "events",
        customerId,
        body: { type: "visit" },
        secret: "someone-elses-secret",
      }),
    ];
    for (const request of refused) expect((await callRoute(eventsAction, request)).status).toBe(400);
    expect(await ruleEntries(shop.id)).toEqual([]);
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("asks a guest to sign in, and enrols nobody", async () => {
    const shop = await shopWithRules(VISIT);
    const guest = await send(shop, null, { type: "visit" });
    expect(guest.status).toBe(401);
    expect(guest.body.error).toBe("sign_in_required");
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("refuses an event whose body or query names a customer other than the signed one", async () => {
    const shop = await shopWithRules(VISIT);
    const signed = uniqueId();
    const victim = customerFixture();
    await memberWithBalance(db, shop.id, victim, 0);

    for (const attempt of [
      await send(shop, signed, { type: "visit", customerId: victim.id }),
      await send(shop, signed, { type: "visit", customer_id: Number(victim.id) }),
      await send(shop, signed, { type: "visit" }, { shopperQuery: { customer_id: victim.id } }),
    ]) {
      expect(attempt.status).toBe(403);
      expect(attempt.body).toEqual({ error: "customer_mismatch", message: expect.any(String) });
    }
    expect(await ruleEntries(shop.id)).toEqual([]);
    expect(await db.member.findMany({ where: { shopId: shop.id }, select: { customerId: true } })).toEqual([
      { customerId: victim.id },
    ]);

    // Naming oneself is harmless: the id is ignored, the signed shopper earns.
    expect((await send(shop, signed, { type: "visit", customerId: signed })).body.balance).toBe(5);
  });

  it("refuses an event whose signed query names logged_in_customer_id twice, earning for nobody", async () => {
    const shop = await shopWithRules(VISIT);
    const victim = customerFixture();
    await memberWithBalance(db, shop.id, victim, 0);
    const attempt = await send(
      shop,
      uniqueId(),
      { type: "visit" },
      { shopperQuery: [["logged_in_customer_id", victim.id]] },
    );
    expect([attempt.status, attempt.body.error]).toEqual([400, "duplicate_parameter"]);
    expect(await ruleEntries(shop.id)).toEqual([]);
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("answers 429 with Retry-After once the shopper's per-minute limit is used, and awards nothing more", async () => {
    const shop = await shopWithRules(VISIT, { kind: "store_search", name: "Find a store", points: 4 });
    const customerId = uniqueId();
    // The limit already used in this minute and the next, so the request cannot straddle a fresh window.
    const now = Date.now();
    for (const at of [now, now + 60_000]) {
      for (let i = 0; i < EVENT_LIMITS.perCustomerPerMinute; i++)
        await hitRateLimits(db, shop.id, eventRateLimits("widget", customerId), new Date(at));
    }
    const limited = await send(shop, customerId, { type: "store_search" });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(await ruleEntries(shop.id)).toEqual([]);

    // Another shopper of the same shop is not held back.
    expect((await send(shop, uniqueId(), { type: "store_search" })).status).toBe(200);
  });

  it("spends none of the shop's budget on a shopper's refused events: other shoppers still earn", async () => {
    const shop = await shopWithRules({ kind: "store_search", name: "Find a store", points: 4 });
    const flooder = uniqueId();
    const [customerLimit, , shopLimit] = eventRateLimits("widget", flooder);
    // The limits count per clock minute, and the test's last two sends must fall in one: if
    // `other` took this minute's last slot and the last send landed in the next, the next
    // minute's slot would let it through. Started in a minute's last seconds, it waits for the
    // next one (a few seconds at most, rarely).
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
    // This minute and the next: the flooder's own minute is used up, and the shop has exactly
    // one slot left.
    for (const at of [new Date(), new Date(Date.now() + 60_000)]) {
      for (const [limit, count] of [
        [customerLimit!, customerLimit!.max],
        [shopLimit!, shopLimit!.max - 1],
      ] as const) {
        const window = windowOf(limit, at);
        await db.rateLimitCounter.create({
          data: { shopId: shop.id, bucket: window.key, count, expiresAt: window.end },
        });
      }
    }
    for (let i = 0; i < 5; i++) expect((await send(shop, flooder, { type: "store_search" })).status).toBe(429);

    const other = await send(shop, uniqueId(), { type: "store_search" });
    expect([other.status, other.body.balance]).toEqual([200, 4]);
    // And then the shop's limit holds for everyone.
    expect((await send(shop, uniqueId(), { type: "store_search" })).status).toBe(429);
  });

  it("gives nothing while the shop's kill switch is on, and says why", async () => {
    const shop = await shopWithRules(VISIT, LOOKBOOK);
    await db.shop.update({ where: { id: shop.id }, data: { engagementPaused: true } });
    const customerId = uniqueId();
    const visit = await send(shop, customerId, { type: "visit" });
    expect(visit.status).toBe(200);
    expect(visit.body).toEqual({
      awards: [],
      refusals: [{ code: "paused", message: "The shop has paused points for this activity." }],
      balance: 0,
    });
    expect((await send(shop, customerId, { type: "page_visit", url: "/pages/lookbook" })).body.awards).toEqual([]);
    expect(await ruleEntries(shop.id)).toEqual([]);
  });

  it("keeps shops apart: an event signed for one shop never earns from another's rules", async () => {
    const a = await shopWithRules(VISIT);
    const b = await installShop(db);
    const customerId = uniqueId(); // the same Shopify customer id in both shops

    const inB = await send(b, customerId, { type: "visit" });
    expect(inB.body).toEqual({ awards: [], refusals: [], balance: 0 });
    expect(await ruleEntries(a.id)).toEqual([]);
    expect(await db.member.count({ where: { shopId: a.id } })).toBe(0);

    expect((await send(a, customerId, { type: "visit" })).body.balance).toBe(5);
    expect((await send(b, customerId, { type: "visit" })).body.balance).toBe(0);
  });

  it("answers an unknown or uninstalled shop with 404", async () => {
    const unknown = await send({ domain: "nobody-here.myshopify.com" }, uniqueId(), { type: "visit" });
    expect(unknown.status).toBe(404);
    const gone = await shopWithRules(VISIT);
    await db.shop.update({ where: { id: gone.id }, data: { uninstalledAt: new Date() } });
    expect((await send(gone, uniqueId(), { type: "visit" })).status).toBe(404);
    expect(await ruleEntries(gone.id)).toEqual([]);
  });

  it("explains a bad request instead of failing: invalid event, not JSON, wrong method", async () => {
    const shop = await shopWithRules(VISIT);
    const customerId = uniqueId();
    const invalid = await send(shop, customerId, { type: "page_visit" });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ error: "invalid_request", message: expect.stringContaining("url") });
    expect((await send(shop, customerId, "{not json")).status).toBe(400);
    expect((await send(shop, customerId, { type: "visit" }, { contentType: "text/plain" })).status).toBe(415);
    // Named by its parsed media type: plain text that mentions JSON in a parameter is plain text.
    expect(
      (await send(shop, customerId, { type: "visit" }, { contentType: "text/plain; x=application/json" })).status,
    ).toBe(415);
    const get = await callRoute(
      eventsLoader,
      proxyRequest({ shop: shop.domain, path: "events", customerId, body: null, method: "GET" }),
    );
    expect(get.status).toBe(405);
    expect(await ruleEntries(shop.id)).toEqual([]);
  });

  it("tells a member at the ledger's bound that the points cannot be recorded, instead of failing", async () => {
    const shop = await shopWithRules(VISIT);
    const customer = customerFixture();
    await memberWithBalance(db, shop.id, customer, MAX_POINTS - 2);
    const answer = await send(shop, customer.id, { type: "visit" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ awards: [], refusals: [{ code: "points_limit" }], balance: MAX_POINTS - 2 });
    expect(await ruleEntries(shop.id)).toEqual([]);
  });

  it("refuses a body past the widget's limit with 413 without reading it whole, and awards nothing", async () => {
    const shop = await shopWithRules(VISIT);
    const customerId = uniqueId();
    const padded = { type: "visit", padding: "x".repeat(WIDGET_BODY_LIMIT_BYTES) };
    const tooLarge = await send(shop, customerId, padded);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ error: "payload_too_large" });
    expect(await ruleEntries(shop.id)).toEqual([]);
    // Just under the limit is read (and the visit earns).
    const fits = { type: "visit", padding: "x".repeat(WIDGET_BODY_LIMIT_BYTES - 100) };
    expect((await send(shop, customerId, fits)).status).toBe(200);
  });
});

describe("POST /proxy/profile", () => {
  const PROFILE: NewRuleInput = {
    kind: "profile_completed",
    name: "Complete your profile",
    fieldPoints: { name: 5, birthday: 25 },
  };

  it("stores the birthday and pays each filled field once", async () => {
    const shop = await shopWithRules(PROFILE);
    const customer = customerFixture({ first_name: "Ada" });
    await memberWithBalance(db, shop.id, customer, 0);

    const saved = await saveBirthday(shop, customer.id, { birthday: "12-10" });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      birthday: "12-10",
      awards: [
        { points: 5, reason: "5 points for adding your name to your profile" },
        { points: 25, reason: "25 points for adding your birthday to your profile" },
      ],
      refusals: [],
      balance: 30,
    });
    const member = await db.member.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shop.id, customerId: customer.id } },
    });
    expect(member.birthday).toBe("12-10");

    // The same birthday again is a harmless retry; nothing is paid twice.
    const retry = await saveBirthday(shop, customer.id, { birthday: "12-10" });
    expect(retry.body).toMatchObject({ awards: [], balance: 30 });
    expect(await ruleEntries(shop.id)).toHaveLength(2);
  });

  it("refuses to change a birthday on file, an impossible date, a guest and another customer", async () => {
    const shop = await shopWithRules(PROFILE);
    const customerId = uniqueId();
    expect((await saveBirthday(shop, customerId, { birthday: "02-29" })).body.balance).toBe(25);

    const change = await saveBirthday(shop, customerId, { birthday: "06-15" });
    expect(change.status).toBe(409);
    expect(change.body.error).toBe("birthday_already_set");

    expect((await saveBirthday(shop, uniqueId(), { birthday: "02-30" })).status).toBe(400);
    expect((await saveBirthday(shop, null, { birthday: "03-14" })).status).toBe(401);

    const other = uniqueId();
    const mismatch = await saveBirthday(shop, customerId, { birthday: "03-14", customerId: other });
    expect(mismatch.status).toBe(403);
    expect(await db.member.count({ where: { shopId: shop.id, customerId: other } })).toBe(0);

    const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId } } });
    expect(member.birthday).toBe("02-29");
    expect(await ruleEntries(shop.id)).toHaveLength(1);
  });
});

describe("ways to earn in GET /proxy/customer", () => {
  it("lists what the shopper can still earn, with the page patterns the widget watches", async () => {
    const shop = await shopWithRules(VISIT, LOOKBOOK, SHARE, {
      kind: "profile_completed",
      name: "Profile",
      fieldPoints: { birthday: 25 },
    });
    const customerId = uniqueId();
    const view = async () =>
      JSON.parse(
        await (
          await callRoute(customerLoader, proxyRequest({ shop: shop.domain, path: "customer", customerId }))
        ).text(),
      );

    const before = await view();
    expect(before.profile).toEqual({ birthday: null });
    expect(before.waysToEarn.map((w: { kind: string; points: number }) => [w.kind, w.points])).toEqual([
      ["visit", 5],
      ["page_visit", 10],
      ["share", 15],
      ["profile_completed", 25],
    ]);
    expect(before.waysToEarn[1]).toMatchObject({
      pattern: "/pages/lookbook",
      pageLabel: "Lookbook",
      label: "Visit Lookbook",
    });

    await send(shop, customerId, { type: "page_visit", url: "/pages/lookbook" });
    await saveBirthday(shop, customerId, { birthday: "03-14" });
    const after = await view();
    expect(after.profile).toEqual({ birthday: "03-14" });
    expect(after.waysToEarn.map((w: { kind: string }) => w.kind)).toEqual(["visit", "share"]);
  });

  it("shows guests what joining would earn, and nothing while the kill switch is on", async () => {
    const shop = await shopWithRules(VISIT, { kind: "account_created", name: "Join", points: 50 });
    const guestView = async () =>
      JSON.parse(
        await (
          await callRoute(customerLoader, proxyRequest({ shop: shop.domain, path: "customer", customerId: null }))
        ).text(),
      );
    const guest = await guestView();
    expect(guest.profile).toBeNull();
    expect(guest.waysToEarn.map((w: { label: string }) => w.label)).toEqual(["Visit the shop", "Create an account"]);
    await db.shop.update({ where: { id: shop.id }, data: { engagementPaused: true } });
    expect((await guestView()).waysToEarn).toEqual([]);
  });
});
