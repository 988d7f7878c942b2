import { describe, it, expect } from "vitest";
import { evaluate } from "./evaluate";
import type { EvaluationContext, History } from "./context";
import type { RuleEvent } from "./event";
import type { RuleInput } from "./rule";
import { context, event, MEMBER_ID, past, rule } from "./test-fixtures";

const K = `customer:${MEMBER_ID}`;

type Expect = { points: number; key: string; reason?: string } | { refused: string } | "nothing";
type Row = [
  label: string,
  rule: RuleInput,
  event: RuleEvent,
  history: History,
  context: EvaluationContext,
  expected: Expect,
];

function check([, r, e, h, c, expected]: Row) {
  const result = evaluate([rule(r)], e, h, c);
  if (expected === "nothing") {
    expect(result).toEqual({ awards: [], refusals: [] });
  } else if ("refused" in expected) {
    expect(result.awards).toEqual([]);
    expect(result.refusals.map((x) => x.code)).toEqual([expected.refused]);
    expect(result.refusals[0]?.message).toMatch(/^[A-Z].*\.$/);
  } else {
    expect(result.refusals).toEqual([]);
    expect(result.awards).toHaveLength(1);
    const [award] = result.awards;
    expect(award).toMatchObject({
      ruleId: r.id,
      customerId: MEMBER_ID,
      points: expected.points,
      idempotencyKey: expected.key,
    });
    if (expected.reason) expect(award?.reason).toBe(expected.reason);
  }
}

const ctx = context();
const at = (iso: string, timeZone = "UTC") => context({ now: new Date(iso), timeZone });

describe("evaluate: one table per rule kind", () => {
  const account: RuleInput = { id: "acc", kind: "account_created", name: "Join", points: 100 };
  it.each<Row>([
    [
      "awards once",
      account,
      event({ type: "account_created" }),
      [],
      ctx,
      { points: 100, key: `rule:acc:${K}:account`, reason: "100 points for creating an account" },
    ],
    [
      "a second account_created event is a retry",
      account,
      event({ type: "account_created" }),
      [past("acc", "2026-06-15T11:00:00Z", `rule:acc:${K}:account`)],
      ctx,
      { refused: "already_awarded" },
    ],
    ["not about other events", account, event({ type: "visit" }), [], ctx, "nothing"],
  ])("account_created: %s", (...row) => check(row));

  const profile: RuleInput = {
    id: "prof",
    kind: "profile_completed",
    name: "Profile",
    fieldPoints: { birthday: 20, phone: 10 },
  };
  it.each<Row>([
    [
      "a rewarded field",
      profile,
      event({ type: "profile_updated", filledFields: ["birthday"] }),
      [],
      ctx,
      {
        points: 20,
        key: `rule:prof:${K}:field:birthday`,
        reason: "20 points for adding your birthday to your profile",
      },
    ],
    [
      "a field without points earns nothing",
      profile,
      event({ type: "profile_updated", filledFields: ["name"] }),
      [],
      ctx,
      "nothing",
    ],
    [
      "a field already rewarded",
      profile,
      event({ type: "profile_updated", filledFields: ["phone"] }),
      [past("prof", "2025-01-01T00:00:00Z", `rule:prof:${K}:field:phone`)],
      ctx,
      { refused: "already_awarded" },
    ],
  ])("profile_completed: %s", (...row) => check(row));

  it("profile_completed: several fields at once, each once, in a fixed order", () => {
    const result = evaluate(
      [rule(profile)],
      event({ type: "profile_updated", filledFields: ["phone", "name", "birthday", "phone"] }),
      [past("prof", "2025-01-01T00:00:00Z", `rule:prof:${K}:field:phone`)],
      ctx,
    );
    expect(result.awards.map((a) => [a.idempotencyKey, a.points])).toEqual([[`rule:prof:${K}:field:birthday`, 20]]);
    expect(result.refusals.map((r) => r.code)).toEqual(["already_awarded"]);
  });

  const birthday: RuleInput = { id: "bday", kind: "birthday", name: "Birthday", points: 200 };
  const check15June = event({ type: "birthday_check", birthday: { month: 6, day: 15 } });
  it.each<Row>([
    [
      "on the day",
      birthday,
      check15June,
      [],
      ctx,
      { points: 200, key: `rule:bday:${K}:birthday:2026`, reason: "200 points for your birthday" },
    ],
    ["on another day", birthday, check15June, [], at("2026-06-16T12:00:00Z"), { refused: "not_birthday" }],
    // 15 June 23:30 in Los Angeles is 16 June 06:30 UTC: still the birthday in the shop's zone.
    [
      "the shop's day, not UTC's",
      birthday,
      check15June,
      [],
      at("2026-06-16T06:30:00Z", "America/Los_Angeles"),
      { points: 200, key: `rule:bday:${K}:birthday:2026` },
    ],
    [
      "once per calendar year",
      birthday,
      check15June,
      [past("bday", "2026-06-15T08:00:00Z", `rule:bday:${K}:birthday:2026`)],
      ctx,
      { refused: "already_awarded" },
    ],
    [
      "again the next year",
      birthday,
      check15June,
      [past("bday", "2025-06-15T08:00:00Z", `rule:bday:${K}:birthday:2025`)],
      at("2027-06-15T12:00:00Z"),
      { points: 200, key: `rule:bday:${K}:birthday:2027` },
    ],
    [
      "29 February in a common year: on the 28th",
      birthday,
      event({ type: "birthday_check", birthday: { month: 2, day: 29 } }),
      [],
      at("2027-02-28T12:00:00Z"),
      { points: 200, key: `rule:bday:${K}:birthday:2027` },
    ],
    [
      "29 February in a leap year: not on the 28th",
      birthday,
      event({ type: "birthday_check", birthday: { month: 2, day: 29 } }),
      [],
      at("2028-02-28T12:00:00Z"),
      { refused: "not_birthday" },
    ],
    [
      "birthday month",
      { ...birthday, awardOn: "month" } as RuleInput,
      check15June,
      [],
      at("2026-06-02T12:00:00Z"),
      { points: 200, key: `rule:bday:${K}:birthday:2026` },
    ],
  ])("birthday: %s", (...row) => check(row));

  const visit: RuleInput = { id: "visit", kind: "visit", name: "Visit", points: 5 };
  it.each<Row>([
    [
      "first visit of the day",
      visit,
      event({ type: "visit" }),
      [],
      ctx,
      { points: 5, key: `rule:visit:${K}:visit:day:2026-06-15`, reason: "5 points for visiting today" },
    ],
    [
      "second visit the same day",
      visit,
      event({ type: "visit" }),
      [past("visit", "2026-06-15T01:00:00Z", `rule:visit:${K}:visit:day:2026-06-15`)],
      ctx,
      { refused: "already_awarded" },
    ],
    // Paris: 23:30 local on 14 June (21:30Z) was awarded; 00:10 local on 15 June (22:10Z) is a new day.
    [
      "Paris: 00:10 after 23:30 is a new day",
      visit,
      event({ type: "visit" }),
      [past("visit", "2026-06-14T21:30:00Z", `rule:visit:${K}:visit:day:2026-06-14`)],
      at("2026-06-14T22:10:00Z", "Europe/Paris"),
      { points: 5, key: `rule:visit:${K}:visit:day:2026-06-15` },
    ],
    [
      "weekly visits: key is the week's Monday",
      { ...visit, period: "week" } as RuleInput,
      event({ type: "visit" }),
      [],
      at("2026-06-18T12:00:00Z"),
      { points: 5, key: `rule:visit:${K}:visit:week:2026-06-15`, reason: "5 points for visiting this week" },
    ],
  ])("visit: %s", (...row) => check(row));

  const page: RuleInput = {
    id: "page",
    kind: "page_visit",
    name: "Pages",
    points: 10,
    pages: [{ pattern: "/pages/lookbook", label: "Lookbook" }, { pattern: "/blogs/news/*" }],
  };
  it.each<Row>([
    [
      "a chosen page",
      page,
      event({ type: "page_visit", url: "https://shop.example/pages/lookbook?utm=1" }),
      [],
      ctx,
      {
        points: 10,
        key: `rule:page:${K}:page:/pages/lookbook:day:2026-06-15`,
        reason: "10 points for visiting Lookbook",
      },
    ],
    [
      "a page matched by a glob",
      page,
      event({ type: "page_visit", url: "/blogs/news/spring" }),
      [],
      ctx,
      {
        points: 10,
        key: `rule:page:${K}:page:/blogs/news/spring:day:2026-06-15`,
        reason: "10 points for visiting /blogs/news/spring",
      },
    ],
    // The merchant's label is used whole: "the Journal" is not made "the the Journal page".
    [
      "a page whose label has its own article",
      { ...page, pages: [{ pattern: "/blogs/journal", label: "the Journal" }] } as RuleInput,
      event({ type: "page_visit", url: "/blogs/journal" }),
      [],
      ctx,
      {
        points: 10,
        key: `rule:page:${K}:page:/blogs/journal:day:2026-06-15`,
        reason: "10 points for visiting the Journal",
      },
    ],
    [
      "another page: not this rule's business",
      page,
      event({ type: "page_visit", url: "/pages/about" }),
      [],
      ctx,
      "nothing",
    ],
    [
      "the same page twice a day",
      page,
      event({ type: "page_visit", url: "/pages/Lookbook/" }),
      [past("page", "2026-06-15T09:00:00Z", `rule:page:${K}:page:/pages/lookbook:day:2026-06-15`)],
      ctx,
      { refused: "already_awarded" },
    ],
    [
      "another page the same day",
      page,
      event({ type: "page_visit", url: "/blogs/news/spring" }),
      [past("page", "2026-06-15T09:00:00Z", `rule:page:${K}:page:/pages/lookbook:day:2026-06-15`)],
      ctx,
      { points: 10, key: `rule:page:${K}:page:/blogs/news/spring:day:2026-06-15` },
    ],
  ])("page_visit: %s", (...row) => check(row));

  const search: RuleInput = { id: "find", kind: "store_search", name: "Store finder", points: 5 };
  const offer: RuleInput = { id: "offer", kind: "offer_viewed", name: "Offers", points: 3 };
  it.each<Row>([
    [
      "store search",
      search,
      event({ type: "store_search" }),
      [],
      ctx,
      {
        points: 5,
        key: `rule:find:${K}:store-search:day:2026-06-15`,
        reason: "5 points for looking for a store near you",
      },
    ],
    [
      "store search twice a day",
      search,
      event({ type: "store_search" }),
      [past("find", "2026-06-15T09:00:00Z", `rule:find:${K}:store-search:day:2026-06-15`)],
      ctx,
      { refused: "already_awarded" },
    ],
    [
      "offer viewed",
      offer,
      event({ type: "offer_viewed", offerId: "summer" }),
      [],
      ctx,
      { points: 3, key: `rule:offer:${K}:offer:summer`, reason: "3 points for viewing a special offer" },
    ],
    [
      "the same offer again",
      offer,
      event({ type: "offer_viewed", offerId: "summer" }),
      [past("offer", "2026-05-01T00:00:00Z", `rule:offer:${K}:offer:summer`)],
      ctx,
      { refused: "already_awarded" },
    ],
  ])("store_search / offer_viewed: %s", (...row) => check(row));

  const share: RuleInput = { id: "share", kind: "share", name: "Share", points: 15, subject: "product" };
  const follow: RuleInput = { id: "ig", kind: "follow", name: "Instagram", points: 20, network: "instagram" };
  it.each<Row>([
    [
      "share a product",
      share,
      event({ type: "share", subject: "product", productId: "p1", network: "facebook" }),
      [],
      ctx,
      {
        points: 15,
        key: `rule:share:${K}:share:product%3Ap1:facebook`,
        reason: "15 points for sharing a product on Facebook",
      },
    ],
    [
      "a product rule ignores programme shares",
      share,
      event({ type: "share", subject: "programme", network: "facebook" }),
      [],
      ctx,
      "nothing",
    ],
    [
      "share the programme",
      { ...share, subject: "any" } as RuleInput,
      event({ type: "share", subject: "programme", network: "x" }),
      [],
      ctx,
      {
        points: 15,
        key: `rule:share:${K}:share:programme:x`,
        reason: "15 points for sharing our rewards programme on X",
      },
    ],
    [
      "follow the named network",
      follow,
      event({ type: "follow", network: "Instagram" }),
      [],
      ctx,
      { points: 20, key: `rule:ig:${K}:follow:instagram`, reason: "20 points for following us on Instagram" },
    ],
    ["follow elsewhere", follow, event({ type: "follow", network: "tiktok" }), [], ctx, "nothing"],
    [
      "follow twice",
      follow,
      event({ type: "follow", network: "instagram" }),
      [past("ig", "2026-01-01T00:00:00Z", `rule:ig:${K}:follow:instagram`)],
      ctx,
      { refused: "already_awarded" },
    ],
  ])("share / follow: %s", (...row) => check(row));

  const custom: RuleInput = { id: "app", kind: "custom", name: "Launched the app", points: 7, key: "app_launched" };
  it.each<Row>([
    [
      "the merchant's key",
      custom,
      event({ type: "custom", key: "app_launched", eventId: "evt-1" }),
      [],
      ctx,
      { points: 7, key: `rule:app:${K}:custom:evt-1`, reason: "7 points: Launched the app" },
    ],
    ["another key", custom, event({ type: "custom", key: "geo_used", eventId: "evt-1" }), [], ctx, "nothing"],
    [
      "the merchant retries the same event",
      custom,
      event({ type: "custom", key: "app_launched", eventId: "evt-1" }),
      [past("app", "2026-06-15T11:59:00Z", `rule:app:${K}:custom:evt-1`)],
      ctx,
      { refused: "already_awarded" },
    ],
    [
      "a new event is limited by the rule's limits",
      { ...custom, limits: { perDay: 1 } } as RuleInput,
      event({ type: "custom", key: "app_launched", eventId: "evt-2" }),
      [past("app", "2026-06-15T11:59:00Z", `rule:app:${K}:custom:evt-1`)],
      ctx,
      { refused: "limit_reached" },
    ],
  ])("custom: %s", (...row) => check(row));
});

describe("evaluate: availability, checked before anything else", () => {
  const visit = (extra: Record<string, unknown>) =>
    ({ id: "v", kind: "visit", name: "Visit", points: 5, ...extra }) as RuleInput;
  const spend = (extra: Record<string, unknown>) =>
    ({ id: "s", kind: "spend", name: "Spend", pointsPerUnit: 1, ...extra }) as RuleInput;
  const order = event({ type: "order_paid", orderId: "1", currency: "USD", spendMinor: 1000, sourceName: "web" });
  const young = context({ member: { id: MEMBER_ID, createdAt: new Date("2026-06-13T12:00:00Z"), verified: false } });
  it.each<Row>([
    ["inactive", visit({ active: false }), event({ type: "visit" }), [], ctx, { refused: "inactive" }],
    [
      "before its start",
      visit({ startsAt: "2026-06-16T00:00:00Z" }),
      event({ type: "visit" }),
      [],
      ctx,
      { refused: "not_started" },
    ],
    [
      "from its start",
      visit({ startsAt: "2026-06-15T12:00:00Z" }),
      event({ type: "visit" }),
      [],
      ctx,
      { points: 5, key: `rule:v:${K}:visit:day:2026-06-15` },
    ],
    [
      "at its end (exclusive)",
      visit({ endsAt: "2026-06-15T12:00:00Z" }),
      event({ type: "visit" }),
      [],
      ctx,
      { refused: "ended" },
    ],
    [
      "before its end",
      visit({ endsAt: "2026-06-15T12:00:01Z" }),
      event({ type: "visit" }),
      [],
      ctx,
      { points: 5, key: `rule:v:${K}:visit:day:2026-06-15` },
    ],
    [
      "engagement paused",
      visit({}),
      event({ type: "visit" }),
      [],
      context({ engagementPaused: true }),
      { refused: "paused" },
    ],
    [
      "spend is not paused",
      spend({}),
      order,
      [],
      context({ engagementPaused: true }),
      { points: 10, key: "rule:s:order:1" },
    ],
    [
      "unverified account, rule requires verification",
      visit({ requiresVerifiedAccount: true }),
      event({ type: "visit" }),
      [],
      young,
      { refused: "unverified_account" },
    ],
    [
      "unverified account, rule does not care",
      visit({}),
      event({ type: "visit" }),
      [],
      young,
      { points: 5, key: `rule:v:${K}:visit:day:2026-06-15` },
    ],
    [
      "account 2 days old, 3 required",
      visit({ minAccountAgeDays: 3 }),
      event({ type: "visit" }),
      [],
      young,
      { refused: "account_too_new" },
    ],
    [
      "account 2 days old, 2 required",
      visit({ minAccountAgeDays: 2 }),
      event({ type: "visit" }),
      [],
      young,
      { points: 5, key: `rule:v:${K}:visit:day:2026-06-15` },
    ],
    ["spend ignores account age", spend({}), order, [], young, { points: 10, key: "rule:s:order:1" }],
    [
      "inactive wins over a retry",
      visit({ active: false }),
      event({ type: "visit" }),
      [past("v", "2026-06-15T01:00:00Z", `rule:v:${K}:visit:day:2026-06-15`)],
      ctx,
      { refused: "inactive" },
    ],
  ])("%s", (...row) => check(row));
});

describe("evaluate: limits on a rule with a fresh key each time", () => {
  const custom = (limits: Record<string, number>) =>
    ({ id: "c", kind: "custom", name: "Geo", points: 2, key: "geo", limits }) as RuleInput;
  const geo = (id: string) => event({ type: "custom", key: "geo", eventId: id });
  const awardedAt = (...isos: string[]) => isos.map((iso, i) => past("c", iso, `k${i}`));
  it.each<Row>([
    [
      "per day: allowed",
      custom({ perDay: 2 }),
      geo("e3"),
      awardedAt("2026-06-15T01:00:00Z"),
      ctx,
      { points: 2, key: `rule:c:${K}:custom:e3` },
    ],
    [
      "per day: refused",
      custom({ perDay: 2 }),
      geo("e3"),
      awardedAt("2026-06-15T01:00:00Z", "2026-06-15T02:00:00Z"),
      ctx,
      { refused: "limit_reached" },
    ],
    [
      "per day, LA: 23:30 local yesterday does not count at 00:10",
      custom({ perDay: 1 }),
      geo("e3"),
      awardedAt("2026-06-15T06:30:00Z"),
      at("2026-06-15T07:10:00Z", "America/Los_Angeles"),
      { points: 2, key: `rule:c:${K}:custom:e3` },
    ],
    [
      "per day, LA: 00:10 local counts later that day",
      custom({ perDay: 1 }),
      geo("e3"),
      awardedAt("2026-06-15T07:10:00Z"),
      at("2026-06-16T06:50:00Z", "America/Los_Angeles"),
      { refused: "limit_reached" },
    ],
    [
      "per week: allowed",
      custom({ perWeek: 1 }),
      geo("e3"),
      awardedAt("2026-06-14T12:00:00Z"),
      ctx,
      { points: 2, key: `rule:c:${K}:custom:e3` },
    ],
    [
      "per week: refused",
      custom({ perWeek: 1 }),
      geo("e3"),
      awardedAt("2026-06-15T00:30:00Z"),
      ctx,
      { refused: "limit_reached" },
    ],
    [
      "per week, Paris: Sunday 23:30 local does not count on Monday 00:10",
      custom({ perWeek: 1 }),
      geo("e3"),
      awardedAt("2026-06-14T21:30:00Z"),
      at("2026-06-14T22:10:00Z", "Europe/Paris"),
      { points: 2, key: `rule:c:${K}:custom:e3` },
    ],
    [
      "per month: allowed",
      custom({ perMonth: 1 }),
      geo("e3"),
      awardedAt("2026-05-31T12:00:00Z"),
      ctx,
      { points: 2, key: `rule:c:${K}:custom:e3` },
    ],
    [
      "per month: refused",
      custom({ perMonth: 1 }),
      geo("e3"),
      awardedAt("2026-06-01T00:00:00Z"),
      ctx,
      { refused: "limit_reached" },
    ],
    [
      "per lifetime: allowed",
      custom({ perLifetime: 2 }),
      geo("e3"),
      awardedAt("2020-06-01T00:00:00Z"),
      ctx,
      { points: 2, key: `rule:c:${K}:custom:e3` },
    ],
    [
      "per lifetime: refused",
      custom({ perLifetime: 2 }),
      geo("e3"),
      awardedAt("2020-06-01T00:00:00Z", "2021-06-01T00:00:00Z"),
      ctx,
      { refused: "limit_reached" },
    ],
    [
      "cooldown: allowed",
      custom({ cooldownSeconds: 60 }),
      geo("e3"),
      awardedAt("2026-06-15T11:59:00Z"),
      ctx,
      { points: 2, key: `rule:c:${K}:custom:e3` },
    ],
    [
      "cooldown: refused",
      custom({ cooldownSeconds: 60 }),
      geo("e3"),
      awardedAt("2026-06-15T11:59:30Z"),
      ctx,
      { refused: "cooldown" },
    ],
    [
      "another rule's awards do not count",
      custom({ perLifetime: 1 }),
      geo("e3"),
      [past("other", "2026-06-15T11:00:00Z", "x")],
      ctx,
      { points: 2, key: `rule:c:${K}:custom:e3` },
    ],
  ])("%s", (...row) => check(row));

  it("a daily limit holds within one evaluation (three fields, limit two)", () => {
    const profile = rule({
      id: "p",
      kind: "profile_completed",
      name: "Profile",
      fieldPoints: { name: 1, phone: 1, address: 1 },
      limits: { perDay: 2 },
    });
    const result = evaluate(
      [profile],
      event({ type: "profile_updated", filledFields: ["name", "phone", "address"] }),
      [],
      ctx,
    );
    expect(result.awards).toHaveLength(2);
    expect(result.refusals.map((r) => r.code)).toEqual(["limit_reached"]);
  });
});

describe("evaluate: multiplier hook", () => {
  const visit = rule({ id: "v", kind: "visit", name: "Visit", points: 15 });
  const run = (multiplier: EvaluationContext["multiplier"]) =>
    evaluate([visit], event({ type: "visit" }), [], context({ multiplier }));
  it.each<[string, EvaluationContext["multiplier"], number | "no_points"]>([
    ["default is 1", undefined, 15],
    ["×2", () => 2, 30],
    ["×1.25 rounds down (18.75)", () => 1.25, 18],
    ["×0 gives nothing", () => 0, "no_points"],
    ["a broken multiplier counts as 1 (NaN)", () => Number.NaN, 15],
    ["a broken multiplier counts as 1 (negative)", () => -3, 15],
  ])("%s", (_label, multiplier, expected) => {
    const result = run(multiplier);
    if (expected === "no_points") expect(result.refusals.map((r) => r.code)).toEqual(["no_points"]);
    else expect(result.awards.map((a) => a.points)).toEqual([expected]);
  });

  it("×1.15 on 100 points is 115, although 100 * 1.15 is 114.99999999999999 in floating point", () => {
    const hundred = rule({ id: "h", kind: "visit", name: "Visit", points: 100 });
    const result = evaluate([hundred], event({ type: "visit" }), [], context({ multiplier: () => 1.15 }));
    expect(result.awards.map((a) => a.points)).toEqual([115]);
  });

  it("the reason states the multiplied points", () => {
    expect(run(() => 2).awards[0]?.reason).toBe("30 points for visiting today");
  });

  it("reports the points before the multiplier, so a caller can tell what the multiplier added", () => {
    expect(run(() => 1.5).awards[0]).toMatchObject({ points: 22, basePoints: 15, bonusPoints: 0 });
  });

  it("receives the rule and the event, so a campaign can target either", () => {
    const seen: string[] = [];
    evaluate(
      [visit],
      event({ type: "visit" }),
      [],
      context({ multiplier: (r, e) => (seen.push(`${r.id}/${e.type}`), 1) }),
    );
    expect(seen).toEqual(["v/visit"]);
  });
});
