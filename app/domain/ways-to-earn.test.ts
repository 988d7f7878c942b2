import { describe, expect, it } from "vitest";
import { ruleKeys, ruleSchema, type RuleInput } from "./rules";
import type { EvaluationContext, History } from "./rules";
import { waysToEarn, type WaysToEarnInput } from "./ways-to-earn";

const ME = "42";
const NOW = new Date("2026-06-15T12:00:00Z"); // a Monday
const context = (overrides: Partial<EvaluationContext> = {}): EvaluationContext => ({
  now: NOW,
  timeZone: "UTC",
  engagementPaused: false,
  member: { id: ME, createdAt: new Date("2025-01-01T00:00:00Z"), verified: true },
  ...overrides,
});

const rules = (...inputs: RuleInput[]) => inputs.map((input) => ruleSchema.parse(input));

function ways(overrides: Partial<WaysToEarnInput> & { rules: WaysToEarnInput["rules"] }) {
  return waysToEarn({ history: [], context: context(), signedIn: true, filledFields: [], ...overrides });
}

const visit: RuleInput = { id: "visit", kind: "visit", name: "Daily visit", points: 5 };
const lookbook: RuleInput = {
  id: "look",
  kind: "page_visit",
  name: "Lookbook",
  points: 10,
  pages: [{ pattern: "/pages/lookbook", label: "Lookbook" }, { pattern: "/blogs/news/*" }],
};

describe("waysToEarn", () => {
  it("lists what each engagement rule would award now, in rule order, with short labels", () => {
    const result = ways({
      rules: rules(
        visit,
        lookbook,
        { id: "share", kind: "share", name: "Share", points: 15, subject: "product" },
        { id: "store", kind: "store_search", name: "Stores", points: 10 },
        { id: "offer", kind: "offer_viewed", name: "Offers", points: 3 },
        { id: "app", kind: "custom", name: "Launch our app", points: 20, key: "app_launched" },
        { id: "ig", kind: "follow", name: "Instagram", points: 8, network: "Instagram" },
      ),
    });
    expect(result.map((w) => [w.ruleId, w.points, w.label])).toEqual([
      ["visit", 5, "Visit the shop"],
      ["look", 10, "Visit Lookbook"],
      ["look", 10, "Visit /blogs/news/*"],
      ["share", 15, "Share a product"],
      ["store", 10, "Search for a store near you"],
      ["offer", 3, "View a special offer"],
      ["app", 20, "Launch our app"],
      ["ig", 8, "Follow us on Instagram"],
    ]);
    expect(result[1]).toMatchObject({ kind: "page_visit", pattern: "/pages/lookbook", pageLabel: "Lookbook" });
    expect(result[2]).not.toHaveProperty("pageLabel");
    expect(result[3]).toMatchObject({ kind: "share", subject: "product" });
  });

  it("names a page with the merchant's words whole: 'the Journal' is not made 'the the Journal page'", () => {
    const journal: RuleInput = {
      id: "j",
      kind: "page_visit",
      name: "Journal",
      points: 5,
      pages: [{ pattern: "/blogs/journal", label: "the Journal" }],
    };
    expect(ways({ rules: rules(journal) }).map((w) => w.label)).toEqual(["Visit the Journal"]);
  });

  it("drops what the shopper already earned this period, and only that page", () => {
    const [visitRule, lookRule] = rules(visit, lookbook);
    const history: History = [
      { ruleId: "visit", key: ruleKeys.visit("visit", ME, "day:2026-06-15"), at: new Date("2026-06-15T08:00:00Z") },
      {
        ruleId: "look",
        key: ruleKeys.page("look", ME, "/pages/lookbook", "day:2026-06-15"),
        at: new Date("2026-06-15T08:00:00Z"),
      },
    ];
    const result = ways({ rules: [visitRule!, lookRule!], history });
    expect(result.map((w) => w.pattern)).toEqual(["/blogs/news/*"]);
    // Tomorrow both are back.
    const tomorrow = ways({
      rules: [visitRule!, lookRule!],
      history,
      context: context({ now: new Date("2026-06-16T08:00:00Z") }),
    });
    expect(tomorrow.map((w) => w.label)).toEqual(["Visit the shop", "Visit Lookbook", "Visit /blogs/news/*"]);
  });

  it("drops a rule whose limit is used up, whatever product comes next", () => {
    const [share] = rules({
      id: "share",
      kind: "share",
      name: "Share",
      points: 15,
      subject: "product",
      limits: { perWeek: 1 },
    });
    const history: History = [
      { ruleId: "share", key: ruleKeys.share("share", ME, "product:9", "x"), at: new Date("2026-06-15T09:00:00Z") },
    ];
    expect(ways({ rules: [share!], history })).toEqual([]);
  });

  it("lists nothing while the kill switch is on, nor inactive, ended, spend or referral rules", () => {
    const all = rules(
      visit,
      { id: "off", kind: "store_search", name: "Off", points: 1, active: false },
      { id: "ended", kind: "store_search", name: "Ended", points: 1, endsAt: "2026-06-01T00:00:00Z" },
      { id: "spend", kind: "spend", name: "Spend", pointsPerUnit: 1 },
      { id: "ref", kind: "referral", name: "Refer", referrerPoints: 100, friendPoints: 50 },
    );
    expect(ways({ rules: all }).map((w) => w.ruleId)).toEqual(["visit"]);
    expect(ways({ rules: all, context: context({ engagementPaused: true }) })).toEqual([]);
  });

  it("asks for profile fields not on file and not yet paid, each with its points", () => {
    const [profile] = rules({
      id: "prof",
      kind: "profile_completed",
      name: "Profile",
      fieldPoints: { name: 5, birthday: 25, phone: 0 },
    });
    const history: History = [
      { ruleId: "prof", key: ruleKeys.field("prof", ME, "name"), at: new Date("2026-01-01T00:00:00Z") },
    ];
    expect(ways({ rules: [profile!] }).map((w) => [w.field, w.points])).toEqual([
      ["name", 5],
      ["birthday", 25],
    ]);
    expect(ways({ rules: [profile!], history }).map((w) => w.field)).toEqual(["birthday"]);
    expect(ways({ rules: [profile!], filledFields: ["birthday"] }).map((w) => w.field)).toEqual(["name"]);
  });

  it("offers account creation to guests only, and the birthday bonus until this year's is paid", () => {
    const [account, birthday] = rules(
      { id: "acc", kind: "account_created", name: "Join", points: 50 },
      { id: "bday", kind: "birthday", name: "Birthday", points: 100 },
    );
    expect(ways({ rules: [account!, birthday!], signedIn: false }).map((w) => w.label)).toEqual([
      "Create an account",
      "Celebrate your birthday",
    ]);
    expect(ways({ rules: [account!, birthday!] }).map((w) => w.label)).toEqual(["Celebrate your birthday"]);
    const history: History = [
      { ruleId: "bday", key: ruleKeys.birthday("bday", ME, 2026), at: new Date("2026-03-14T00:00:00Z") },
    ];
    expect(ways({ rules: [birthday!], history })).toEqual([]);
  });

  it("respects the account checks of the shopper it is asked for", () => {
    const [strict] = rules({ ...visit, requiresVerifiedAccount: true } as RuleInput);
    expect(
      ways({ rules: [strict!], context: context({ member: { id: ME, createdAt: new Date(0), verified: false } }) }),
    ).toEqual([]);
  });
});
