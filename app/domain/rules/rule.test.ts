import { describe, it, expect } from "vitest";
import { isEngagement, ruleSchema, shopRuleSettingsSchema } from "./rule";

describe("ruleSchema", () => {
  it("fills sensible defaults", () => {
    const spend = ruleSchema.parse({ id: "s", kind: "spend", name: "Purchases", pointsPerUnit: 1 });
    expect(spend).toMatchObject({
      active: true,
      limits: {},
      rounding: "down",
      minimumOrderMinor: 0,
      excludedProductTags: [],
      channels: [{ type: "online_store" }, { type: "pos" }, { type: "draft_order" }],
      firstOrderBonusPoints: 0,
    });
    const visit = ruleSchema.parse({ id: "v", kind: "visit", name: "Visit", points: 5 });
    expect(visit).toMatchObject({ period: "day", requiresVerifiedAccount: false, minAccountAgeDays: 0 });
  });

  it("reads dates from stored JSON", () => {
    const r = ruleSchema.parse({
      id: "v",
      kind: "visit",
      name: "Visit",
      points: 5,
      startsAt: "2026-11-27T00:00:00-08:00",
    });
    expect(r.startsAt?.toISOString()).toBe("2026-11-27T08:00:00.000Z");
  });

  it.each<[string, Record<string, unknown>]>([
    ["unknown kind", { id: "x", kind: "tweet", name: "X", points: 1 }],
    ["no name", { id: "x", kind: "visit", name: " ", points: 1 }],
    ["zero points", { id: "x", kind: "visit", name: "V", points: 0 }],
    ["fractional points", { id: "x", kind: "visit", name: "V", points: 1.5 }],
    ["a rate with three decimals", { id: "x", kind: "spend", name: "S", pointsPerUnit: 1.005 }],
    ["a negative rate", { id: "x", kind: "spend", name: "S", pointsPerUnit: -1 }],
    ["no channel", { id: "x", kind: "spend", name: "S", pointsPerUnit: 1, channels: [] }],
    [
      "end before start",
      {
        id: "x",
        kind: "visit",
        name: "V",
        points: 1,
        startsAt: "2026-02-01T00:00:00Z",
        endsAt: "2026-01-01T00:00:00Z",
      },
    ],
    [
      "a date without an offset is ambiguous",
      { id: "x", kind: "visit", name: "V", points: 1, startsAt: "2026-02-01T00:00:00" },
    ],
    ["a zero daily limit (use active: false)", { id: "x", kind: "visit", name: "V", points: 1, limits: { perDay: 0 } }],
    [
      "a page that is not a path",
      { id: "x", kind: "page_visit", name: "P", points: 1, pages: [{ pattern: "lookbook" }] },
    ],
    ["no pages", { id: "x", kind: "page_visit", name: "P", points: 1, pages: [] }],
    ["a custom key with spaces", { id: "x", kind: "custom", name: "C", points: 1, key: "app launched" }],
  ])("refuses %s", (_label, input) => {
    expect(ruleSchema.safeParse(input).success).toBe(false);
  });

  it("drops unknown profile fields (zod strips unknown keys), so they earn nothing", () => {
    const r = ruleSchema.parse({
      id: "x",
      kind: "profile_completed",
      name: "P",
      fieldPoints: { shoe_size: 5, phone: 3 },
    });
    expect(r).toMatchObject({ fieldPoints: { phone: 3 } });
    expect(r.kind === "profile_completed" && Object.keys(r.fieldPoints)).toEqual(["phone"]);
  });

  it("spend and referral are not engagement; everything else is", () => {
    const kinds = ["spend", "referral", "visit", "custom", "account_created"].map((kind) =>
      isEngagement({ kind } as Parameters<typeof isEngagement>[0]),
    );
    expect(kinds).toEqual([false, false, true, true, true]);
  });
});

describe("shopRuleSettingsSchema", () => {
  it.each([
    [{ timeZone: "Europe/Paris" }, true],
    [{ timeZone: "America/Los_Angeles", engagementPaused: true }, true],
    [{ timeZone: "Somewhere/Else" }, false],
  ])("%o → valid: %s", (input, valid) => {
    expect(shopRuleSettingsSchema.safeParse(input).success).toBe(valid);
  });
});
