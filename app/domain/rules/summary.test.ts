import { describe, expect, it } from "vitest";
import { ruleSchema, type RuleInput } from "./rule";
import { ruleCost, ruleStatus, ruleSummary } from "./summary";

/** A rule's settings without the id and name every test would repeat. */
type Settings = RuleInput extends infer R ? (R extends unknown ? Omit<R, "id" | "name"> : never) : never;
const rule = (input: Settings) => ruleSchema.parse({ id: "r", name: "R", ...input });

describe("ruleSummary", () => {
  it.each<[string, Settings, string, string]>([
    ["a daily visit", { kind: "visit", points: 5 }, "USD", "5 points per visit, once a day"],
    [
      "a weekly store search",
      { kind: "store_search", points: 1, period: "week" },
      "USD",
      "1 point for looking up a store, once a week",
    ],
    [
      "a spend rule on two channels",
      { kind: "spend", pointsPerUnit: 2, channels: [{ type: "pos" }, { type: "online_store" }] },
      "USD",
      "2 points per $1 spent, POS and online store",
    ],
    [
      "a spend rule with every option",
      {
        kind: "spend",
        pointsPerUnit: 1.5,
        rounding: "nearest",
        minimumOrderMinor: 2000,
        excludedProductTags: ["gift-card", "sale"],
        channels: [
          { type: "online_store" },
          { type: "pos", locationIds: ["1", "2"] },
          { type: "draft_order" },
          { type: "source_name", sourceName: "iphone" },
        ],
        firstOrderBonusPoints: 100,
      },
      "EUR",
      "1.5 points per €1 spent, online store, POS (2 locations), draft orders and “iphone”, on orders of €20.00 or more, not on products tagged “gift-card” and “sale”, rounded to the nearest point, plus 100 points on a first order",
    ],
    [
      "a one-off account bonus",
      { kind: "account_created", points: 1000 },
      "USD",
      "1,000 points for creating an account",
    ],
    [
      "profile details",
      { kind: "profile_completed", fieldPoints: { phone: 5, name: 10, address: 0 } },
      "USD",
      "10 points for a name and 5 points for a phone number, once each",
    ],
    [
      "a profile rule paying nothing",
      { kind: "profile_completed", fieldPoints: {} },
      "USD",
      "No profile detail earns points yet",
    ],
    ["a birthday", { kind: "birthday", points: 100 }, "USD", "100 points on the shopper’s birthday"],
    [
      "a birthday month",
      { kind: "birthday", points: 100, awardOn: "month" },
      "USD",
      "100 points in the shopper’s birthday month",
    ],
    [
      "pages with and without labels",
      {
        kind: "page_visit",
        points: 5,
        pages: [{ pattern: "/pages/lookbook", label: "the Lookbook" }, { pattern: "/blogs/news/*" }],
      },
      "USD",
      "5 points for visiting the Lookbook and /blogs/news/*, once a day per page",
    ],
    [
      "many pages",
      {
        kind: "page_visit",
        points: 5,
        period: "month",
        pages: ["/a", "/b", "/c", "/d"].map((pattern) => ({ pattern })),
      },
      "USD",
      "5 points for visiting /a, /b and 2 more pages, once a month per page",
    ],
    [
      "a viewed offer",
      { kind: "offer_viewed", points: 2 },
      "USD",
      "2 points for viewing a special offer, once per offer",
    ],
    [
      "a product share",
      { kind: "share", points: 10, subject: "product" },
      "USD",
      "10 points for sharing a product, once per thing shared and network",
    ],
    [
      "a follow",
      { kind: "follow", points: 10, network: "Instagram" },
      "USD",
      "10 points for following on Instagram, once",
    ],
    [
      "a referral",
      { kind: "referral", referrerPoints: 500, friendPoints: 250 },
      "USD",
      "500 points to the referrer and 250 points to the friend, on the friend’s first order",
    ],
    [
      "a referral paying the referrer only",
      { kind: "referral", referrerPoints: 500, friendPoints: 0 },
      "USD",
      "500 points to the referrer, on the friend’s first order",
    ],
    [
      "a custom action",
      { kind: "custom", points: 7, key: "app_launched" },
      "USD",
      "7 points each time your systems report “app_launched”",
    ],
    [
      "limits and account checks",
      {
        kind: "custom",
        points: 7,
        key: "k",
        limits: { perDay: 3, perMonth: 20, perLifetime: 1, cooldownSeconds: 3600 },
        requiresVerifiedAccount: true,
        minAccountAgeDays: 7,
      },
      "USD",
      "7 points each time your systems report “k”, at most 3 a day, at most 20 a month, once per customer, at least 1 hour apart, verified accounts only, accounts at least 7 days old",
    ],
    [
      "a long lifetime cap and a cooldown in minutes",
      { kind: "visit", points: 1, limits: { perLifetime: 50, cooldownSeconds: 5400 } },
      "USD",
      "1 point per visit, once a day, at most 50 per customer, at least 90 minutes apart",
    ],
  ])("says what %s gives", (_label, input, currency, expected) => {
    expect(ruleSummary(rule(input), currency)).toBe(expected);
  });
});

describe("ruleCost", () => {
  const fiveOffFor500 = [{ costPoints: 500, valueMinor: 500 }];

  it("prices a spend rule as money back, over the rewards with a money value", () => {
    expect(ruleCost(rule({ kind: "spend", pointsPerUnit: 2 }), fiveOffFor500, "USD")).toBe("~2% back");
    expect(
      ruleCost(
        rule({ kind: "spend", pointsPerUnit: 1 }),
        [...fiveOffFor500, { costPoints: 1000, valueMinor: 1500 }, { costPoints: 100, valueMinor: 0 }],
        "USD",
      ),
    ).toBe("~1–1.5% back");
  });

  it("prices fixed points at what they buy", () => {
    expect(ruleCost(rule({ kind: "visit", points: 50 }), fiveOffFor500, "USD")).toBe("worth ~$0.50");
    expect(
      ruleCost(rule({ kind: "visit", points: 50 }), [...fiveOffFor500, { costPoints: 1000, valueMinor: 1500 }], "USD"),
    ).toBe("worth ~$0.50–$0.75");
    expect(ruleCost(rule({ kind: "birthday", points: 300 }), [{ costPoints: 100, valueMinor: 500 }], "JPY")).toBe(
      "worth ~¥1,500",
    );
  });

  it("adds up the points a profile or a referral can give", () => {
    expect(
      ruleCost(rule({ kind: "profile_completed", fieldPoints: { name: 10, phone: 40 } }), fiveOffFor500, "USD"),
    ).toBe("worth ~$0.50 in all");
    expect(ruleCost(rule({ kind: "referral", referrerPoints: 500, friendPoints: 250 }), fiveOffFor500, "USD")).toBe(
      "worth ~$7.50 per referral",
    );
  });

  it("says when the points are worth less than a cent", () => {
    expect(ruleCost(rule({ kind: "visit", points: 1 }), [{ costPoints: 1000, valueMinor: 400 }], "USD")).toBe(
      "worth under $0.01",
    );
    expect(
      ruleCost(
        rule({ kind: "visit", points: 1 }),
        [
          { costPoints: 1000, valueMinor: 400 },
          { costPoints: 100, valueMinor: 500 },
        ],
        "USD",
      ),
    ).toBe("worth up to ~$0.05");
  });

  it("has no money figure without a reward worth money", () => {
    expect(ruleCost(rule({ kind: "visit", points: 5 }), [], "USD")).toBeNull();
    expect(ruleCost(rule({ kind: "visit", points: 5 }), [{ costPoints: 100, valueMinor: 0 }], "USD")).toBeNull();
    expect(ruleCost(rule({ kind: "spend", pointsPerUnit: 1 }), [], "USD")).toBeNull();
    expect(ruleCost(rule({ kind: "profile_completed", fieldPoints: {} }), fiveOffFor500, "USD")).toBeNull();
  });
});

describe("ruleStatus", () => {
  const now = new Date("2026-06-15T12:00:00Z");
  const visit = (dates: { startsAt?: Date; endsAt?: Date } = {}) => rule({ kind: "visit", points: 1, ...dates });

  it.each([
    ["active", { rule: visit(), active: true }],
    ["paused", { rule: visit({ startsAt: new Date("2026-07-01T00:00:00Z") }), active: false }],
    ["scheduled", { rule: visit({ startsAt: new Date("2026-06-15T12:00:01Z") }), active: true }],
    ["active", { rule: visit({ startsAt: now, endsAt: new Date("2026-06-15T12:00:01Z") }), active: true }],
    // endsAt is exclusive, as in the engine.
    ["ended", { rule: visit({ endsAt: now }), active: true }],
    ["needs_attention", { rule: null, active: true }],
    ["needs_attention", { rule: null, active: false }],
  ] as const)("%s", (expected, stored) => {
    expect(ruleStatus(stored, now)).toBe(expected);
  });
});
