/**
 * The earning rules admin through the real routes (session token, form posts): rules are
 * created, listed with what they give and cost, edited, paused, resumed and deleted; bad
 * input is explained field by field and stores nothing; a rule's kind cannot change; another
 * shop can neither see nor touch a rule. Also the shop-wide settings the rules depend on:
 * the time zone and the engagement kill switch.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { action as ruleAction, loader as ruleLoader } from "../../app/routes/app.rules.$ruleId";
import { action as listAction, loader as listLoader } from "../../app/routes/app.rules._index";
import { action as settingsAction, loader as settingsLoader } from "../../app/routes/app.settings";
import { awardEvent } from "../../app/rules/award.server";
import { createRule, listRules, type NewRuleInput } from "../../app/rules/rules.server";
import { installShop, uniqueId } from "../support/factories";
import { adminRequest, callRoute } from "../support/signed-requests";
import { LOOKBOOK_RULE_FORM as LOOKBOOK } from "../support/rule-forms";

type RuleHandler = typeof ruleLoader | typeof ruleAction;
const EMBEDDED = (shop: string) => `embedded=1&shop=${shop}&host=aG9zdA`;

function form(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  };
}

function callRule(handler: RuleHandler, shop: string, ruleId: string, init: RequestInit = {}, query = "") {
  const request = adminRequest(shop, `/app/rules/${ruleId}?${EMBEDDED(shop)}${query}`, init);
  return callRoute((args) => handler({ ...args, params: { ruleId } } as Parameters<RuleHandler>[0]), request);
}

const loadRule = async (shop: string, ruleId: string, query = "") => callRule(ruleLoader, shop, ruleId, {}, query);
const saveRule = (shop: string, ruleId: string, fields: Record<string, string>) =>
  callRule(ruleAction, shop, ruleId, form({ intent: "save", ...fields }));
const listPost = (shop: string, fields: Record<string, string>) =>
  callRoute(listAction, adminRequest(shop, "/app/rules", form(fields)));
const json = async (response: Response) => JSON.parse(await response.text());
const loadList = async (shop: string, query = "") =>
  json(await callRoute(listLoader, adminRequest(shop, `/app/rules${query}`)));

async function shopWithRule(input: NewRuleInput) {
  const shop = await installShop(db);
  return { shop, rule: await createRule(db, shop.id, input) };
}

describe("creating a rule", () => {
  it("offers a choice of kinds, then the kind's starting fields", async () => {
    const shop = await installShop(db);
    expect(await json(await loadRule(shop.domain, "new"))).toEqual({ mode: "choose" });
    expect(await json(await loadRule(shop.domain, "new", "&kind=tweet"))).toEqual({ mode: "choose" });
    const visit = await json(await loadRule(shop.domain, "new", "&kind=visit"));
    expect(visit).toMatchObject({
      mode: "create",
      kind: "visit",
      timeZone: "UTC",
      currencyCode: "USD",
      fields: { points: "5", period: "day" },
    });
    expect(visit.rewards).toEqual([{ costPoints: 500, valueMinor: 500 }]);
  });

  it("stores a page-visit rule and goes back to the list, which names it and says what it gives", async () => {
    const shop = await installShop(db);
    const response = await saveRule(shop.domain, "new", LOOKBOOK);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!, "https://loyalty.example.test");
    expect(location.pathname).toBe("/app/rules");
    expect(location.searchParams.get("shop")).toBe(shop.domain);
    expect(location.searchParams.get("host")).toBe("aG9zdA");

    const [stored] = await listRules(db, shop.id);
    expect(stored?.rule).toMatchObject({
      kind: "page_visit",
      name: "Visit the lookbook",
      points: 5,
      pages: [{ pattern: "/pages/lookbook", label: "the Lookbook" }],
    });
    expect(location.searchParams.get("saved")).toBe(stored!.id);

    const list = await loadList(shop.domain, `?saved=${stored!.id}`);
    expect(list.saved).toBe("Visit the lookbook");
    expect(list.rules).toEqual([
      {
        id: stored!.id,
        name: "Visit the lookbook",
        kind: "Page visits",
        status: "active",
        summary: "5 points for visiting the Lookbook, once a day per page",
        // 5 points at the default reward (500 points for $5.00).
        cost: "worth ~$0.05",
        problem: null,
      },
    ]);
  });

  it("dates a rule in the shop's time zone", async () => {
    const shop = await installShop(db);
    await db.shop.update({ where: { id: shop.id }, data: { timeZone: "America/Los_Angeles" } });
    expect(
      (await saveRule(shop.domain, "new", { ...LOOKBOOK, startsOn: "2026-11-27", endsOn: "2026-11-30" })).status,
    ).toBe(302);
    const [stored] = await listRules(db, shop.id);
    expect(stored?.rule?.startsAt?.toISOString()).toBe("2026-11-27T08:00:00.000Z");
    expect(stored?.rule?.endsAt?.toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect((await json(await loadRule(shop.domain, stored!.id))).fields).toMatchObject({
      startsOn: "2026-11-27",
      endsOn: "2026-11-30",
    });
  });

  it("answers bad input with 400 and a message per field, storing nothing", async () => {
    const shop = await installShop(db);
    const response = await saveRule(shop.domain, "new", {
      ...LOOKBOOK,
      name: " ",
      points: "0",
      perDay: "-1",
      "pages.0.pattern": "lookbook",
    });
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.errors).toEqual({
      name: "Give the rule a name, for example “Visit the store”.",
      points: "Give at least 1 point.",
      perDay: "Enter a whole number, such as 10.",
      "pages.0.pattern": "Start the page with /, for example /pages/lookbook.",
    });
    // What the merchant typed comes back, so nothing is lost.
    expect(body.fields).toMatchObject({ points: "0", "pages.0.pattern": "lookbook" });
    expect(await db.rule.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("refuses a new rule without a known kind", async () => {
    const shop = await installShop(db);
    for (const kind of ["", "tweet"]) {
      const response = await saveRule(shop.domain, "new", { ...LOOKBOOK, kind });
      expect(response.status).toBe(400);
      expect((await json(response)).errors).toEqual({ form: "Choose what the rule rewards first." });
    }
    expect(await db.rule.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("answers a body that is not a form with 415 (tests/integration/admin-form-body.test.ts covers every action)", async () => {
    const shop = await installShop(db);
    const response = await callRule(ruleAction, shop.domain, "new", {
      method: "POST",
      body: "{",
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(415);
    expect(await json(response)).toMatchObject({ error: "unsupported_media_type" });
    expect(await db.rule.count({ where: { shopId: shop.id } })).toBe(0);
  });
});

describe("editing a rule", () => {
  it("shows the stored rule as fields and saves a change", async () => {
    const { shop, rule } = await shopWithRule({
      kind: "visit",
      name: "Daily visit",
      points: 5,
      limits: { perWeek: 3 },
    });
    const loaded = await json(await loadRule(shop.domain, rule.id));
    expect(loaded).toMatchObject({ mode: "edit", kind: "visit", name: "Daily visit", problem: null });
    expect(loaded.fields).toMatchObject({
      name: "Daily visit",
      points: "5",
      period: "day",
      perWeek: "3",
      active: "true",
    });

    const response = await saveRule(shop.domain, rule.id, {
      ...loaded.fields,
      kind: "visit",
      points: "8",
      period: "week",
      cooldown: "2",
      cooldownUnit: "hours",
    });
    expect(response.status).toBe(302);
    const [stored] = await listRules(db, shop.id);
    expect(stored?.rule).toMatchObject({
      id: rule.id,
      kind: "visit",
      points: 8,
      period: "week",
      limits: { perWeek: 3, cooldownSeconds: 7200 },
    });
    expect((await loadList(shop.domain)).rules[0].summary).toBe(
      "8 points per visit, once a week, at most 3 a week, at least 2 hours apart",
    );
  });

  it("cannot change a rule's kind", async () => {
    const { shop, rule } = await shopWithRule({ kind: "visit", name: "Daily visit", points: 5 });
    const response = await saveRule(shop.domain, rule.id, {
      kind: "spend",
      name: "Purchases",
      active: "true",
      pointsPerUnit: "1",
      rounding: "down",
      "channel.online_store": "true",
    });
    expect(response.status).toBe(400);
    expect((await json(response)).errors.kind).toMatch(/kind cannot change/);
    const [stored] = await listRules(db, shop.id);
    expect(stored).toMatchObject({ kind: "visit", name: "Daily visit" });
  });

  it("keeps the stored rule when an edit is refused", async () => {
    const { shop, rule } = await shopWithRule({ kind: "custom", name: "App launched", points: 7, key: "app_launched" });
    const loaded = await json(await loadRule(shop.domain, rule.id));
    const response = await saveRule(shop.domain, rule.id, {
      ...loaded.fields,
      kind: "custom",
      key: "app launched",
      points: "x",
    });
    expect(response.status).toBe(400);
    expect((await json(response)).errors).toEqual({
      key: "Use letters, digits, _ . or -.",
      points: "Enter a whole number, such as 10.",
    });
    const [stored] = await listRules(db, shop.id);
    expect(stored?.rule).toMatchObject({ key: "app_launched", points: 7 });
  });

  it("shows a rule whose stored definition does not parse as needing attention, and saving fixes it", async () => {
    const shop = await installShop(db);
    const broken = await db.rule.create({
      data: {
        shopId: shop.id,
        kind: "visit",
        name: "Old visit rule",
        active: true,
        definition: '{"kind":"visit","points":-5}',
      },
    });

    const list = await loadList(shop.domain);
    expect(list.rules).toEqual([
      expect.objectContaining({
        id: broken.id,
        status: "needs_attention",
        summary: null,
        cost: null,
        problem: expect.stringContaining("points"),
      }),
    ]);

    const loaded = await json(await loadRule(shop.domain, broken.id));
    expect(loaded).toMatchObject({
      mode: "edit",
      kind: "visit",
      problem: expect.stringContaining("points"),
      fields: { name: "Old visit rule", points: "5" },
    });
    expect((await saveRule(shop.domain, broken.id, { ...loaded.fields, kind: "visit" })).status).toBe(302);
    expect((await loadList(shop.domain)).rules[0]).toMatchObject({ status: "active", problem: null });
  });

  it("shows an unknown rule id as not found", async () => {
    const shop = await installShop(db);
    expect((await loadRule(shop.domain, "no-such-rule")).status).toBe(404);
    expect((await saveRule(shop.domain, "no-such-rule", LOOKBOOK)).status).toBe(404);
  });
});

describe("pausing, resuming and deleting", () => {
  it("pauses and resumes a rule from the list", async () => {
    const { shop, rule } = await shopWithRule({ kind: "visit", name: "Daily visit", points: 5 });
    expect((await listPost(shop.domain, { intent: "pause", ruleId: rule.id })).status).toBe(200);
    expect((await loadList(shop.domain)).rules[0]).toMatchObject({ status: "paused" });
    expect((await db.rule.findUniqueOrThrow({ where: { id: rule.id } })).active).toBe(false);

    expect((await listPost(shop.domain, { intent: "resume", ruleId: rule.id })).status).toBe(200);
    expect((await loadList(shop.domain)).rules[0]).toMatchObject({ status: "active" });
  });

  it("lists scheduled and ended rules as such", async () => {
    const shop = await installShop(db);
    const day = 86_400_000;
    await createRule(db, shop.id, {
      kind: "visit",
      name: "Later",
      points: 1,
      startsAt: new Date(Date.now() + 30 * day),
    });
    await createRule(db, shop.id, { kind: "visit", name: "Over", points: 1, endsAt: new Date(Date.now() - day) });
    expect((await loadList(shop.domain)).rules.map((r: { status: string }) => r.status)).toEqual([
      "scheduled",
      "ended",
    ]);
  });

  it("deletes a rule from the list, keeping the points it gave", async () => {
    const { shop, rule } = await shopWithRule({ kind: "visit", name: "Daily visit", points: 5 });
    const award = await awardEvent(db, { shop, customerId: uniqueId(), event: { type: "visit" } });
    expect(award.balance).toBe(5);

    expect((await listPost(shop.domain, { intent: "delete", ruleId: rule.id })).status).toBe(200);
    expect(await db.rule.count({ where: { shopId: shop.id } })).toBe(0);
    const entries = await db.ledgerEntry.findMany({ where: { shopId: shop.id, causeType: "rule", causeId: rule.id } });
    expect(entries.map((e) => e.points)).toEqual([5]);
    expect((await db.member.findUniqueOrThrow({ where: { id: award.memberId } })).balance).toBe(5);
  });

  it("deletes a rule from its page and goes back to the list", async () => {
    const { shop, rule } = await shopWithRule({ kind: "follow", name: "Instagram", points: 10, network: "Instagram" });
    const response = await callRule(ruleAction, shop.domain, rule.id, form({ intent: "delete" }));
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get("location")!, "https://x.test").searchParams.get("deleted")).toBe("1");
    expect(await db.rule.count({ where: { shopId: shop.id } })).toBe(0);
    expect((await callRule(ruleAction, shop.domain, rule.id, form({ intent: "delete" }))).status).toBe(404);
  });

  it("answers a list post without a rule or a known intent with 400", async () => {
    const { shop, rule } = await shopWithRule({ kind: "visit", name: "Daily visit", points: 5 });
    expect((await listPost(shop.domain, { intent: "pause" })).status).toBe(400);
    expect((await listPost(shop.domain, { intent: "archive", ruleId: rule.id })).status).toBe(400);
    expect((await db.rule.findUniqueOrThrow({ where: { id: rule.id } })).active).toBe(true);
  });
});

describe("another shop", () => {
  it("can neither see, edit, pause nor delete a rule", async () => {
    const { shop, rule } = await shopWithRule({ kind: "visit", name: "Daily visit", points: 5 });
    const other = await installShop(db);

    expect((await loadList(other.domain)).rules).toEqual([]);
    expect((await loadRule(other.domain, rule.id)).status).toBe(404);
    expect((await saveRule(other.domain, rule.id, { ...LOOKBOOK, kind: "visit", name: "Hijacked" })).status).toBe(404);
    expect((await callRule(ruleAction, other.domain, rule.id, form({ intent: "delete" }))).status).toBe(404);
    for (const intent of ["pause", "resume", "delete"]) {
      expect((await listPost(other.domain, { intent, ruleId: rule.id })).status).toBe(404);
    }

    expect(await db.rule.findUniqueOrThrow({ where: { id: rule.id } })).toMatchObject({
      shopId: shop.id,
      name: "Daily visit",
      active: true,
    });
    expect(await db.rule.count({ where: { shopId: other.id } })).toBe(0);
  });
});

describe("the list's notes on how purchases earn and the kill switch", () => {
  it("says purchases earn the Settings' rate until a purchases rule exists", async () => {
    const shop = await installShop(db);
    await db.shop.update({ where: { id: shop.id }, data: { pointsPerUnit: 3 } });
    expect((await loadList(shop.domain)).purchaseFallback).toBe("3 points for every $1 spent");

    await createRule(db, shop.id, {
      kind: "spend",
      name: "Purchases",
      pointsPerUnit: 2,
      channels: [{ type: "pos" }, { type: "online_store" }],
    });
    const list = await loadList(shop.domain);
    expect(list.purchaseFallback).toBeNull();
    // 2 points per $1 with 500 points for $5: 2% back.
    expect(list.rules[0]).toMatchObject({ summary: "2 points per $1 spent, POS and online store", cost: "~2% back" });
  });

  it("shows the kill switch", async () => {
    const shop = await installShop(db);
    expect((await loadList(shop.domain)).engagementPaused).toBe(false);
    await db.shop.update({ where: { id: shop.id }, data: { engagementPaused: true } });
    expect((await loadList(shop.domain)).engagementPaused).toBe(true);
  });
});

describe("settings the rules depend on", () => {
  const valid = { pointsPerUnit: "1", rewardTitle: "$5 off", rewardCostPoints: "500", rewardValue: "5" };
  const postSettings = (shop: string, fields: Record<string, string>) =>
    callRoute(settingsAction, adminRequest(shop, "/app/settings", form(fields)));

  it("saves the time zone and the kill switch, and reads them back", async () => {
    const shop = await installShop(db);
    const loaded = await json(await callRoute(settingsLoader, adminRequest(shop.domain, "/app/settings")));
    expect(loaded.fields).toMatchObject({ timeZone: "UTC", engagementPaused: "false" });
    expect(loaded.timeZones).toContainEqual({ label: "Europe/Paris", value: "Europe/Paris" });

    const response = await postSettings(shop.domain, { ...valid, timeZone: "Europe/Paris", engagementPaused: "true" });
    expect(response.status).toBe(200);
    expect((await json(response)).fields).toMatchObject({ timeZone: "Europe/Paris", engagementPaused: "true" });
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      timeZone: "Europe/Paris",
      engagementPaused: true,
    });

    // A form that leaves them out (an older page, an API client) keeps them.
    expect((await postSettings(shop.domain, valid)).status).toBe(200);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      timeZone: "Europe/Paris",
      engagementPaused: true,
    });

    expect((await postSettings(shop.domain, { ...valid, engagementPaused: "false" })).status).toBe(200);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ engagementPaused: false });
  });

  it("refuses an unknown zone with 400, saving nothing", async () => {
    const shop = await installShop(db);
    const response = await postSettings(shop.domain, {
      ...valid,
      pointsPerUnit: "4",
      timeZone: "Mars/Olympus_Mons",
      engagementPaused: "true",
    });
    expect(response.status).toBe(400);
    expect((await json(response)).errors).toEqual({ timeZone: "Choose your shop’s time zone from the list." });
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      timeZone: "UTC",
      engagementPaused: false,
      pointsPerUnit: 1,
    });
  });

  it("stops engagement awards once the switch is saved on", async () => {
    const shop = await installShop(db);
    await createRule(db, shop.id, { kind: "visit", name: "Daily visit", points: 5 });
    expect((await postSettings(shop.domain, { ...valid, engagementPaused: "true" })).status).toBe(200);
    const paused = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    const result = await awardEvent(db, { shop: paused, customerId: uniqueId(), event: { type: "visit" } });
    expect(result.awards).toEqual([]);
    expect(result.refusals.map((r) => r.code)).toEqual(["paused"]);
  });
});
