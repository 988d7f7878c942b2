import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readChallengeRow, type ChallengeKind } from "./definition";
import { blankChallengeFields, challengeToFields, parseChallengeForm, type ChallengeFields } from "./form";

const options = { timeZone: "UTC", currencyCode: "USD" };
const fields = (kind: ChallengeKind, overrides: ChallengeFields = {}): ChallengeFields => ({
  ...blankChallengeFields(kind),
  title: "Visit 5 times this month",
  ...overrides,
});
const parse = (kind: ChallengeKind, overrides: ChallengeFields = {}, opts = options) => {
  const result = parseChallengeForm(fields(kind, overrides), opts);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
};
const errorsOf = (kind: ChallengeKind, overrides: ChallengeFields = {}, opts: object = {}) => {
  const result = parseChallengeForm(fields(kind, overrides), { ...options, ...opts });
  return result.ok ? {} : result.errors;
};

describe("parseChallengeForm", () => {
  it("reads the blank challenge form with a name as visit 5 times each month, for 100 points", () => {
    expect(parse("challenge")).toEqual({
      ok: true,
      kind: "challenge",
      title: "Visit 5 times this month",
      description: "",
      definition: {
        keepOnRefund: false,
        measure: { type: "visits", count: 5 },
        window: { type: "month", repeat: true },
        reward: { type: "points", points: 100 },
      },
    });
  });

  it("reads each measure's own fields", () => {
    expect(parse("challenge", { measure: "spend", goal: "150.50" }).definition).toMatchObject({
      measure: { type: "spend", amountMinor: 15050 },
    });
    expect(
      parse("challenge", { measure: "pages", goal: "2", pages: "/pages/lookbook, /blogs/news/*" }).definition,
    ).toMatchObject({
      measure: { type: "pages", count: 2, pages: [{ pattern: "/pages/lookbook" }, { pattern: "/blogs/news/*" }] },
    });
    expect(
      parse("challenge", { measure: "custom_actions", goal: "3", actionKey: "app_launched" }).definition,
    ).toMatchObject({ measure: { type: "custom_actions", count: 3, key: "app_launched" } });
    expect(
      parse("challenge", { measure: "profile_fields", goal: "2", profileFields: "name,birthday" }).definition,
    ).toMatchObject({ measure: { type: "profile_fields", count: 2, fields: ["name", "birthday"] } });
  });

  it("explains each measure's mistakes under its field", () => {
    expect(errorsOf("challenge", { goal: "" })).toEqual({ goal: "Enter how many times." });
    expect(errorsOf("challenge", { goal: "0" })).toEqual({ goal: "Enter at least 1." });
    expect(errorsOf("challenge", { measure: "spend", goal: "1.234" })).toEqual({ goal: "Use at most 2 decimals." });
    expect(errorsOf("challenge", { measure: "spend", goal: "0" })).toEqual({ goal: "Enter an amount more than zero." });
    expect(errorsOf("challenge", { measure: "pages", goal: "1" })).toEqual({
      pages: "Add at least one page, for example /pages/lookbook.",
    });
    expect(errorsOf("challenge", { measure: "pages", goal: "1", pages: "lookbook" })).toEqual({
      pages: "Start the page with /, for example /pages/lookbook.",
    });
    expect(errorsOf("challenge", { measure: "custom_actions", goal: "1", actionKey: "no spaces" })).toEqual({
      actionKey: "Use letters, digits, _ . or -.",
    });
    expect(errorsOf("challenge", { measure: "profile_fields", goal: "3", profileFields: "name,phone" })).toEqual({
      goal: "Ask for at most as many fields as are listed.",
    });
    expect(errorsOf("challenge", { measure: "profile_fields", goal: "1", profileFields: "shoe size" })).toEqual({
      profileFields: "Choose profile details from the list.",
    });
  });

  it("reads a date range in the shop's time zone, the last day included", () => {
    const paris = { timeZone: "Europe/Paris", currencyCode: "EUR" };
    const { definition } = parse(
      "challenge",
      { window: "range", windowStartsOn: "2026-12-01", windowEndsOn: "2026-12-24" },
      paris,
    );
    expect(definition).toMatchObject({
      window: { type: "range", startsAt: new Date("2026-11-30T23:00:00Z"), endsAt: new Date("2026-12-24T23:00:00Z") },
    });
    expect(errorsOf("challenge", { window: "range" })).toEqual({
      windowStartsOn: "Enter the first day.",
      windowEndsOn: "Enter the last day.",
    });
    expect(
      errorsOf("challenge", { window: "range", windowStartsOn: "2026-12-02", windowEndsOn: "2026-12-01" }),
    ).toEqual({
      windowEndsOn: "The last day must be on or after the first day.",
    });
    expect(parse("challenge", { startsOn: "2026-01-01", endsOn: "2026-01-31" }).definition).toMatchObject({
      startsAt: new Date("2026-01-01T00:00:00Z"),
      endsAt: new Date("2026-02-01T00:00:00Z"),
    });
  });

  it("gives points or a reward of the shop's catalogue", () => {
    expect(
      parse("challenge", { rewardType: "reward", rewardId: "r1" }, { ...options, rewardIds: ["r1"] } as never)
        .definition,
    ).toMatchObject({ reward: { type: "reward", rewardId: "r1" } });
    expect(errorsOf("challenge", { rewardType: "reward", rewardId: "theirs" }, { rewardIds: ["r1"] })).toEqual({
      rewardId: "Choose a reward from your catalogue.",
    });
    expect(errorsOf("challenge", { rewardType: "reward" })).toEqual({
      rewardId: "Choose the reward completing gives.",
    });
    expect(errorsOf("challenge", { rewardPoints: "" })).toEqual({ rewardPoints: "Enter the points completing gives." });
  });

  it("reads milestones", () => {
    expect(parse("milestone", { measure: "membership_days", goal: "365", keepOnRefund: "true" }).definition).toEqual({
      keepOnRefund: true,
      measure: { type: "membership_days", days: 365 },
      reward: { type: "points", points: 100 },
    });
    expect(errorsOf("milestone", { measure: "visits" })).toEqual({ measure: "Choose what counts." });
  });

  it("reads a streak's escalating steps, blank rows left out", () => {
    const { definition } = parse("streak", {
      "steps.1.length": "6",
      "steps.1.points": "",
      "steps.1.rewardType": "reward",
      "steps.1.rewardId": "r1",
      graceMissed: "1",
    });
    expect(definition).toEqual({
      keepOnRefund: false,
      action: { type: "orders" },
      period: "week",
      graceMissed: 1,
      steps: [
        { length: 3, reward: { type: "points", points: 100 } },
        { length: 6, reward: { type: "reward", rewardId: "r1" } },
      ],
    });
    expect(errorsOf("streak", { "steps.1.length": "3", "steps.1.points": "50" })).toEqual({
      "steps.1.length": "Each step is longer than the one before.",
    });
    expect(errorsOf("streak", { "steps.0.length": "1" })).toEqual({
      "steps.0.length": "A streak is at least 2 in a row.",
    });
    expect(errorsOf("streak", { "steps.0.length": "", "steps.0.points": "" })).toEqual({
      steps: "Add at least one length to reward.",
    });
    expect(errorsOf("streak", { action: "custom_actions" })).toEqual({
      actionKey: "Enter the action’s key, for example app_launched.",
    });
    expect(errorsOf("streak", { graceMissed: "4" })).toEqual({ graceMissed: "Enter at most 3." });
  });

  it("reports every problem at once", () => {
    expect(parseChallengeForm({ kind: "quest" }, options)).toEqual({
      ok: false,
      errors: {
        kind: "Choose a challenge, a milestone or a streak.",
        title: "Give it a name, such as “Visit 5 times this month”.",
      },
    });
  });
});

const day = fc
  .integer({ min: Date.UTC(2025, 0, 1) / 86_400_000, max: Date.UTC(2030, 0, 1) / 86_400_000 })
  .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
const range = fc.tuple(day, day).map(([a, b]) => (a < b ? [a, b] : [b, a]) as [string, string]);
const optionalRange = fc.option(range, { nil: null }).map((r) => ({ startsOn: r?.[0] ?? "", endsOn: r?.[1] ?? "" }));
const reward = fc.oneof(
  fc.integer({ min: 1, max: 1_000_000 }).map((p) => ({ rewardType: "points", points: String(p), rewardId: "" })),
  fc.constantFrom("r1", "r2").map((id) => ({ rewardType: "reward", points: "", rewardId: id })),
);
const count = fc.integer({ min: 1, max: 1_000_000 }).map(String);

const challengeFields = fc
  .tuple(
    fc.oneof(
      fc.record({ measure: fc.constantFrom("orders", "visits", "shares"), goal: count }),
      fc.record({
        measure: fc.constant("spend"),
        goal: fc.integer({ min: 1, max: 10_000_000 }).map((m) => (m / 100).toFixed(2)),
      }),
      fc.record({
        measure: fc.constant("pages"),
        goal: count,
        pages: fc.constantFrom("/pages/a", "/pages/a, /blogs/*"),
      }),
      fc.record({
        measure: fc.constant("custom_actions"),
        goal: count,
        actionKey: fc.constantFrom("app_launched", "x.y"),
      }),
      fc.record({
        measure: fc.constant("profile_fields"),
        goal: fc.constant("1"),
        profileFields: fc.constantFrom("name", "phone,address"),
      }),
    ),
    fc.oneof(
      fc.record({ window: fc.constantFrom("week", "month"), repeat: fc.constantFrom("true", "false") }),
      range.map(([a, b]) => ({ window: "range", windowStartsOn: a, windowEndsOn: b })),
    ),
    reward,
    optionalRange,
    fc.constantFrom("true", "false"),
  )
  .map(([measure, window, r, dates, keep]) => ({
    ...blankChallengeFields("challenge"),
    ...measure,
    ...window,
    rewardType: r.rewardType,
    rewardPoints: r.points,
    rewardId: r.rewardId,
    ...dates,
    keepOnRefund: keep,
  }));

const milestoneFields = fc
  .tuple(
    fc.constantFrom("orders", "points_earned", "membership_days"),
    fc.integer({ min: 1, max: 36_500 }),
    reward,
    optionalRange,
  )
  .map(([measure, goal, r, dates]) => ({
    ...blankChallengeFields("milestone"),
    measure,
    goal: String(goal),
    rewardType: r.rewardType,
    rewardPoints: r.points,
    rewardId: r.rewardId,
    ...dates,
  }));

const streakFields = fc
  .tuple(
    fc.constantFrom<ChallengeFields>(
      { action: "orders" },
      { action: "visits" },
      { action: "custom_actions", actionKey: "app_launched" },
    ),
    fc.constantFrom("day", "week"),
    fc.uniqueArray(fc.integer({ min: 2, max: 1000 }), { minLength: 1, maxLength: 10 }),
    fc.array(reward, { minLength: 10, maxLength: 10 }),
    fc.integer({ min: 0, max: 3 }),
  )
  .map(([action, period, lengths, rewards, grace]) => {
    const base = blankChallengeFields("streak");
    for (const name of Object.keys(base)) if (name.startsWith("steps.")) delete base[name];
    const steps: ChallengeFields = {};
    [...lengths]
      .sort((a, b) => a - b)
      .forEach((length, i) => {
        steps[`steps.${i}.length`] = String(length);
        steps[`steps.${i}.rewardType`] = rewards[i]!.rewardType;
        steps[`steps.${i}.points`] = rewards[i]!.points;
        steps[`steps.${i}.rewardId`] = rewards[i]!.rewardId;
      });
    return { ...base, ...action, period, graceMissed: String(grace), ...steps };
  });

describe("challenge form round trip", () => {
  it("fields → definition → stored row → fields → the same definition, in several time zones", () => {
    fc.assert(
      fc.property(
        fc.oneof(challengeFields, milestoneFields, streakFields),
        fc.constantFrom("UTC", "Europe/Paris", "America/Santiago", "Asia/Kolkata", "Pacific/Chatham"),
        (typed, timeZone) => {
          const opts = { timeZone, currencyCode: "USD" };
          const first = parseChallengeForm({ ...typed, title: "A goal" }, opts);
          expect(first.ok).toBe(true);
          if (!first.ok) return;
          const read = readChallengeRow({
            id: "c1",
            kind: first.kind,
            title: first.title,
            description: first.description,
            translations: "{}",
            definition: JSON.stringify(first.definition),
            active: true,
            position: 0,
          });
          expect(read.error).toBeNull();
          const second = parseChallengeForm(challengeToFields(read.challenge!, opts), opts);
          expect(second).toEqual(first);
        },
      ),
    );
  });
});
