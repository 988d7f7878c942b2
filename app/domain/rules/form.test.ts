import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  emptyRuleFields,
  fieldsFromEntries,
  pageRows,
  parseRuleForm,
  ruleToFields,
  withPageRows,
  type RuleFields,
} from "./form";
import { RULE_KIND_ORDER } from "./kinds";
import { ruleSchema, type Rule, type RuleInput, type RuleKind } from "./rule";

const LA = { timeZone: "America/Los_Angeles", currencyCode: "USD" };

function parse(kind: RuleKind, overrides: RuleFields = {}, settings = LA) {
  return parseRuleForm(kind, { ...emptyRuleFields(kind), ...overrides }, settings);
}

function errorsOf(kind: RuleKind, overrides: RuleFields, settings = LA) {
  const result = parse(kind, overrides, settings);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.draft)}`);
  return result.errors;
}

function draftOf(kind: RuleKind, overrides: RuleFields = {}, settings = LA) {
  const result = parse(kind, overrides, settings);
  if (!result.ok) throw new Error(`expected a rule, got ${JSON.stringify(result.errors)}`);
  return result.draft;
}

describe("a new rule's starting fields", () => {
  // Every kind can be saved as offered, except where only the merchant can know the answer.
  const mustFillIn: Partial<Record<RuleKind, string[]>> = { page_visit: ["pages"], custom: ["key"] };

  it.each(RULE_KIND_ORDER)("%s: saves as offered, or asks only for what only the merchant knows", (kind) => {
    const result = parseRuleForm(kind, emptyRuleFields(kind), LA);
    if (mustFillIn[kind]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(Object.keys(result.errors)).toEqual(mustFillIn[kind]);
    } else {
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.draft).toMatchObject({ kind, active: true, limits: {} });
    }
  });
});

describe("parseRuleForm", () => {
  it("reads a page-visit rule with limits, account checks and a schedule in the shop's time zone", () => {
    const draft = draftOf("page_visit", {
      name: "  Lookbook  ",
      active: "false",
      points: "5",
      period: "week",
      "pages.0.pattern": "/pages/lookbook",
      "pages.0.label": "Lookbook",
      "pages.1.pattern": "",
      "pages.1.label": "",
      "pages.2.pattern": "https://shop.example/blogs/news/*?utm_source=x",
      "pages.2.label": "",
      startsOn: "2026-11-27",
      endsOn: "2026-11-30",
      perDay: "2",
      perLifetime: "10",
      cooldown: "90",
      cooldownUnit: "minutes",
      requiresVerifiedAccount: "on",
      minAccountAgeDays: "7",
    });
    expect(draft).toEqual({
      kind: "page_visit",
      name: "Lookbook",
      active: false,
      points: 5,
      period: "week",
      pages: [{ pattern: "/pages/lookbook", label: "Lookbook" }, { pattern: "/blogs/news/*" }],
      // Midnight in Los Angeles; the last day runs to its end, so the end is 1 December.
      startsAt: new Date("2026-11-27T08:00:00Z"),
      endsAt: new Date("2026-12-01T08:00:00Z"),
      limits: { perDay: 2, perLifetime: 10, cooldownSeconds: 5400 },
      requiresVerifiedAccount: true,
      minAccountAgeDays: 7,
    });
  });

  it("reads a spend rule's rate, rounding, minimum, tags and channels", () => {
    const draft = draftOf("spend", {
      pointsPerUnit: "1.25",
      rounding: "nearest",
      minimumOrder: "20.5",
      excludedProductTags: "gift-card, Clearance,\n gift-card ,clearance",
      "channel.online_store": "true",
      "channel.pos": "true",
      posLocationIds: "101, 102",
      "channel.draft_order": "false",
      otherSources: "iphone, Wholesale app",
      firstOrderBonusPoints: "50",
    });
    expect(draft).toMatchObject({
      kind: "spend",
      pointsPerUnit: 1.25,
      rounding: "nearest",
      minimumOrderMinor: 2050,
      excludedProductTags: ["gift-card", "Clearance"],
      channels: [
        { type: "online_store" },
        { type: "pos", locationIds: ["101", "102"] },
        { type: "source_name", sourceName: "iphone" },
        { type: "source_name", sourceName: "Wholesale app" },
      ],
      firstOrderBonusPoints: 50,
    });
  });

  it("reads a minimum order in the shop's currency", () => {
    expect(draftOf("spend", { minimumOrder: "2000" }, { timeZone: "Asia/Tokyo", currencyCode: "JPY" })).toMatchObject({
      minimumOrderMinor: 2000,
    });
    expect(errorsOf("spend", { minimumOrder: "2000.5" }, { timeZone: "Asia/Tokyo", currencyCode: "JPY" })).toEqual({
      minimumOrder: "Enter a whole amount.",
    });
    expect(draftOf("spend", { minimumOrder: "" })).toMatchObject({ minimumOrderMinor: 0 });
  });

  it.each<[string, RuleKind, RuleFields, Record<string, string>]>([
    ["a blank name", "visit", { name: "   " }, { name: "Give the rule a name, for example “Visit the store”." }],
    ["a long name", "visit", { name: "x".repeat(121) }, { name: "Keep it to 120 characters or fewer." }],
    ["no points", "visit", { points: "" }, { points: "Enter a number." }],
    ["zero points", "visit", { points: "0" }, { points: "Give at least 1 point." }],
    ["fractional points", "visit", { points: "1.5" }, { points: "Enter a whole number, such as 10." }],
    ["points in words", "birthday", { points: "ten" }, { points: "Enter a whole number, such as 10." }],
    ["too many points", "offer_viewed", { points: "1000001" }, { points: "Enter at most 1,000,000." }],
    ["an unknown period", "visit", { period: "hour" }, { period: "Choose how often it can earn." }],
    ["an unknown birthday choice", "birthday", { awardOn: "week" }, { awardOn: "Choose when the points are given." }],
    ["an unknown share subject", "share", { subject: "cats" }, { subject: "Choose what shoppers share." }],
    ["a zero daily limit", "visit", { perDay: "0" }, { perDay: "Enter at least 1, or leave it empty for no limit." }],
    ["a negative monthly limit", "visit", { perMonth: "-3" }, { perMonth: "Enter a whole number, such as 10." }],
    [
      "a cooldown over a year",
      "visit",
      { cooldown: "367", cooldownUnit: "days" },
      { cooldown: "A cooldown lasts at most 366 days." },
    ],
    [
      "an unknown cooldown unit",
      "visit",
      { cooldown: "2", cooldownUnit: "weeks" },
      { cooldownUnit: "Choose minutes, hours or days." },
    ],
    ["an impossible date", "visit", { startsOn: "2026-02-30" }, { startsOn: "Enter a date such as 2026-11-27." }],
    [
      "an end before the start",
      "visit",
      { startsOn: "2026-12-01", endsOn: "2026-11-30" },
      { endsOn: "The last day must be on or after the first day." },
    ],
    [
      "an old account age over ten years",
      "visit",
      { minAccountAgeDays: "3651" },
      { minAccountAgeDays: "Enter at most 3,650." },
    ],
    [
      "a rate with three decimals",
      "spend",
      { pointsPerUnit: "1.255" },
      { pointsPerUnit: "Use at most two decimals, such as 1.25." },
    ],
    ["a zero rate", "spend", { pointsPerUnit: "0.00" }, { pointsPerUnit: "Give more than 0 points per unit." }],
    [
      "a rate in words",
      "spend",
      { pointsPerUnit: "one" },
      { pointsPerUnit: "Enter the points per unit, such as 1, 1.5 or 2.25." },
    ],
    [
      "a rate too high",
      "spend",
      { pointsPerUnit: "10000.01" },
      { pointsPerUnit: "Enter at most 10,000 points per unit." },
    ],
    ["an unknown rounding", "spend", { rounding: "up" }, { rounding: "Choose how points are rounded." }],
    ["three decimals of dollars", "spend", { minimumOrder: "20.001" }, { minimumOrder: "Use at most 2 decimals." }],
    [
      "a minimum with a currency sign",
      "spend",
      { minimumOrder: "$20" },
      { minimumOrder: "Enter an amount such as 20 or 20.00." },
    ],
    [
      "no channel",
      "spend",
      { "channel.online_store": "false", "channel.pos": "false", "channel.draft_order": "false", otherSources: " , " },
      { channels: "Choose at least one sales channel." },
    ],
    [
      "no profile detail earning points",
      "profile_completed",
      { "fieldPoints.name": "", "fieldPoints.birthday": "0" },
      { fieldPoints: "Give points for at least one profile detail." },
    ],
    [
      "a bad profile detail",
      "profile_completed",
      { "fieldPoints.phone": "x" },
      { "fieldPoints.phone": "Enter a whole number, such as 10." },
    ],
    ["no page", "page_visit", {}, { pages: "Add at least one page, for example /pages/lookbook." }],
    ["no network", "follow", { network: " " }, { network: "Name the network, for example Instagram." }],
    ["a custom key with spaces", "custom", { key: "app launched" }, { key: "Use letters, digits, _ . or -." }],
    [
      "a referral without referrer points",
      "referral",
      { referrerPoints: "0" },
      { referrerPoints: "The referrer earns at least 1 point." },
    ],
  ])("explains %s", (_label, kind, overrides, expected) => {
    expect(errorsOf(kind, overrides)).toEqual(expected);
  });

  it("shows a page's problem on the row the merchant typed it in, whatever the gaps in numbering", () => {
    const errors = errorsOf("page_visit", {
      "pages.0.pattern": "/pages/ok",
      "pages.3.pattern": "",
      "pages.3.label": "",
      "pages.5.pattern": "lookbook",
      "pages.7.pattern": "",
      "pages.7.label": "News",
    });
    expect(errors).toEqual({
      "pages.5.pattern": "Start the page with /, for example /pages/lookbook.",
      "pages.7.pattern": "Enter the page, for example /pages/lookbook.",
    });
  });

  it("reports every bad field at once", () => {
    expect(Object.keys(errorsOf("visit", { name: "", points: "x", perDay: "0", startsOn: "soon" })).sort()).toEqual([
      "name",
      "perDay",
      "points",
      "startsOn",
    ]);
  });

  it("ignores fields of other kinds and treats only a ticked box as true", () => {
    const draft = draftOf("visit", {
      pointsPerUnit: "nonsense",
      key: "bad key",
      requiresVerifiedAccount: "yes please",
    });
    expect(draft).toMatchObject({ kind: "visit", requiresVerifiedAccount: false });
    expect(draft).not.toHaveProperty("pointsPerUnit");
  });
});

describe("page rows", () => {
  it("renumber from 0 in the order typed", () => {
    const fields = { name: "x", "pages.4.pattern": "/b", "pages.1.pattern": "/a", "pages.1.label": "A" };
    expect(pageRows(fields)).toEqual([
      { pattern: "/a", label: "A" },
      { pattern: "/b", label: "" },
    ]);
    expect(withPageRows(fields, pageRows(fields).slice(1))).toEqual({
      name: "x",
      "pages.0.pattern": "/b",
      "pages.0.label": "",
    });
  });
});

/** A rule of each kind with every option set away from its default. */
const SAMPLES: RuleInput[] = [
  {
    id: "r",
    kind: "spend",
    name: "Purchases",
    active: false,
    pointsPerUnit: 2.5,
    rounding: "nearest",
    minimumOrderMinor: 2500,
    excludedProductTags: ["gift-card"],
    channels: [
      { type: "pos", locationIds: ["1", "2"] },
      { type: "draft_order" },
      { type: "source_name", sourceName: "iphone" },
    ],
    firstOrderBonusPoints: 100,
    startsAt: new Date("2026-11-27T08:00:00Z"),
    endsAt: new Date("2026-12-01T08:00:00Z"),
    limits: { perDay: 3 },
  },
  { id: "r", kind: "account_created", name: "Join", points: 50, requiresVerifiedAccount: true, minAccountAgeDays: 2 },
  { id: "r", kind: "profile_completed", name: "Profile", fieldPoints: { name: 10, phone: 0, marketing_consent: 30 } },
  { id: "r", kind: "birthday", name: "Birthday", points: 100, awardOn: "month", limits: { perLifetime: 5 } },
  { id: "r", kind: "visit", name: "Visit", points: 5, period: "week", limits: { cooldownSeconds: 7200, perMonth: 4 } },
  {
    id: "r",
    kind: "page_visit",
    name: "Pages",
    points: 5,
    period: "month",
    pages: [{ pattern: "/pages/a", label: "A" }, { pattern: "/blogs/*" }],
  },
  { id: "r", kind: "store_search", name: "Stores", points: 5, period: "year", limits: { cooldownSeconds: 3 * 86_400 } },
  { id: "r", kind: "offer_viewed", name: "Offers", points: 3, limits: { perWeek: 2 } },
  { id: "r", kind: "share", name: "Share", points: 10, subject: "programme" },
  { id: "r", kind: "follow", name: "Follow", points: 10, network: "TikTok" },
  { id: "r", kind: "referral", name: "Refer", referrerPoints: 500, friendPoints: 0 },
  { id: "r", kind: "custom", name: "App", points: 7, key: "app.launched" },
];

describe("ruleToFields", () => {
  it("covers every kind in the samples", () => {
    expect(new Set(SAMPLES.map((s) => s.kind))).toEqual(new Set(RULE_KIND_ORDER));
  });

  it.each(SAMPLES.map((s) => [s.kind, s] as const))("%s: the form gives the stored rule back", (kind, input) => {
    const rule = ruleSchema.parse(input);
    const result = parseRuleForm(kind, ruleToFields(rule, LA), LA);
    expect(result.ok && result.rule).toEqual({ ...rule, id: "draft" });
  });

  it("shows an end as the last day the rule runs", () => {
    const rule = ruleSchema.parse({ ...SAMPLES[0], endsAt: new Date("2026-12-01T08:00:00Z") });
    expect(ruleToFields(rule, LA)).toMatchObject({ startsOn: "2026-11-27", endsOn: "2026-11-30" });
    expect(ruleToFields(rule, { ...LA, timeZone: "Europe/Paris" })).toMatchObject({
      startsOn: "2026-11-27",
      endsOn: "2026-12-01",
    });
  });

  it("shows a cooldown in the largest exact unit, rounding odd seconds up to a minute", () => {
    const visit = (cooldownSeconds: number) =>
      ruleSchema.parse({ id: "v", kind: "visit", name: "V", points: 1, limits: { cooldownSeconds } });
    expect(ruleToFields(visit(2 * 86_400), LA)).toMatchObject({ cooldown: "2", cooldownUnit: "days" });
    expect(ruleToFields(visit(5400), LA)).toMatchObject({ cooldown: "90", cooldownUnit: "minutes" });
    expect(ruleToFields(visit(90), LA)).toMatchObject({ cooldown: "2", cooldownUnit: "minutes" });
  });

  it("gives back any visit or spend rule the form can express", () => {
    const limit = fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: undefined });
    const limits = fc.record({
      perDay: limit,
      perWeek: limit,
      perMonth: limit,
      perLifetime: limit,
      cooldownSeconds: fc.option(
        fc.integer({ min: 1, max: 366 * 24 * 60 }).map((m) => m * 60),
        { nil: undefined },
      ),
    });
    const days = fc.integer({ min: 0, max: 3000 }).map((d) => new Date(Date.UTC(2025, 0, 1 + d)));
    const visit = fc.record({
      kind: fc.constant("visit" as const),
      points: fc.integer({ min: 1, max: 1_000_000 }),
      period: fc.constantFrom("day" as const, "week" as const, "month" as const, "year" as const),
      minAccountAgeDays: fc.integer({ min: 0, max: 3650 }),
      requiresVerifiedAccount: fc.boolean(),
    });
    const spend = fc.record({
      kind: fc.constant("spend" as const),
      pointsPerUnit: fc.integer({ min: 1, max: 1_000_000 }).map((h) => h / 100),
      minimumOrderMinor: fc.integer({ min: 0, max: 10_000_000 }),
      firstOrderBonusPoints: fc.integer({ min: 0, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(
        fc.oneof(visit, spend),
        limits,
        fc.boolean(),
        days,
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom("UTC", "America/Los_Angeles", "Asia/Kolkata"),
        (kind, limitValues, active, start, length, timeZone) => {
          const settings = { timeZone, currencyCode: "USD" };
          // Dates the form can express: midnights in the shop's time zone.
          const fields = ruleToFields(ruleSchema.parse({ id: "p", name: "P", ...kind }), settings);
          const dated = parseRuleForm(
            kind.kind,
            {
              ...fields,
              startsOn: start.toISOString().slice(0, 10),
              endsOn: new Date(start.getTime() + length * 86_400_000).toISOString().slice(0, 10),
            },
            settings,
          );
          if (!dated.ok) throw new Error(JSON.stringify(dated.errors));
          const definedLimits = Object.fromEntries(Object.entries(limitValues).filter(([, v]) => v !== undefined));
          const rule: Rule = ruleSchema.parse({ ...dated.rule, active, limits: definedLimits });
          const again = parseRuleForm(rule.kind, ruleToFields(rule, settings), settings);
          expect(again.ok && again.rule).toEqual(rule);
        },
      ),
    );
  });
});

describe("fieldsFromEntries", () => {
  it("keeps the text fields, without the page's own controls, files or odd names", () => {
    const entries: [string, unknown][] = [
      ["name", "Visit"],
      ["pages.0.pattern", "/a"],
      ["intent", "save"],
      ["kind", "visit"],
      ["upload", { size: 3 }],
      ["__proto__", "x"],
      ["a b", "x"],
    ];
    expect(fieldsFromEntries(entries)).toEqual({ name: "Visit", "pages.0.pattern": "/a" });
  });

  it("stops at 400 fields", () => {
    const many = Array.from({ length: 1000 }, (_, i) => [`f${i}`, "x"] as [string, unknown]);
    expect(Object.keys(fieldsFromEntries(many))).toHaveLength(400);
  });
});
