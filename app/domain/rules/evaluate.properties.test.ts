/**
 * Properties of evaluate() over random rules, events, histories and contexts: the promises
 * the callers (webhooks, app proxy, events API) rely on without reading the engine.
 */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { evaluate } from "./evaluate";
import type { EvaluationContext, PastAward } from "./context";
import { ruleEventSchema, type RuleEvent } from "./event";
import { isEngagement, PROFILE_FIELDS, ruleSchema, type Rule } from "./rule";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const YEAR = 366 * 86_400_000;
const instant = fc.integer({ min: T0, max: T0 + YEAR }).map((ms) => new Date(ms));
const zone = fc.constantFrom("UTC", "America/Los_Angeles", "Europe/Paris", "Asia/Tokyo");
const pts = fc.integer({ min: 1, max: 500 });
const smallId = fc.constantFrom("a", "b", "c");

const limits = fc.record(
  {
    perDay: fc.integer({ min: 1, max: 3 }),
    perWeek: fc.integer({ min: 1, max: 5 }),
    perMonth: fc.integer({ min: 1, max: 8 }),
    perLifetime: fc.integer({ min: 1, max: 10 }),
    cooldownSeconds: fc.integer({ min: 0, max: 7200 }),
  },
  { requiredKeys: [] },
);

// Mostly rules that can award: a generator that refuses everything would prove nothing.
const mostly = <T>(usual: T, other: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(usual), weight: 3 }, { arbitrary: other, weight: 1 });

const common = fc.record({
  id: fc.constantFrom("r1", "r2", "r3", "r4"),
  name: fc.constantFrom("Rule", "Launched the app"),
  active: mostly(true, fc.boolean()),
  limits: mostly({}, limits),
  requiresVerifiedAccount: mostly(false, fc.boolean()),
  minAccountAgeDays: mostly(0, fc.integer({ min: 0, max: 30 })),
});

const kindFields = fc.oneof(
  fc.record({
    kind: fc.constant("spend"),
    pointsPerUnit: fc.integer({ min: 1, max: 1000 }).map((c) => c / 100),
    rounding: fc.constantFrom("down", "nearest"),
    minimumOrderMinor: fc.integer({ min: 0, max: 5000 }),
    excludedProductTags: fc.subarray(["gift", "sale"]),
    firstOrderBonusPoints: fc.integer({ min: 0, max: 100 }),
  }),
  fc.record({ kind: fc.constant("account_created"), points: pts }),
  fc.record({
    kind: fc.constant("profile_completed"),
    fieldPoints: fc.record(Object.fromEntries(PROFILE_FIELDS.map((f) => [f, fc.integer({ min: 0, max: 50 })])), {
      requiredKeys: [],
    }),
  }),
  fc.record({ kind: fc.constant("birthday"), points: pts, awardOn: fc.constantFrom("day", "month") }),
  fc.record({ kind: fc.constant("visit"), points: pts, period: fc.constantFrom("day", "week", "month", "year") }),
  fc.record({ kind: fc.constant("page_visit"), points: pts, pages: fc.constant([{ pattern: "/pages/*" }]) }),
  fc.record({ kind: fc.constant("store_search"), points: pts }),
  fc.record({ kind: fc.constant("offer_viewed"), points: pts }),
  fc.record({ kind: fc.constant("share"), points: pts, subject: fc.constantFrom("product", "programme", "any") }),
  fc.record({ kind: fc.constant("follow"), points: pts, network: fc.constantFrom("instagram", "tiktok") }),
  fc.record({
    kind: fc.constant("referral"),
    referrerPoints: fc.integer({ min: 1, max: 500 }),
    friendPoints: fc.integer({ min: 0, max: 500 }),
  }),
  fc.record({ kind: fc.constant("custom"), points: pts, key: fc.constantFrom("app_launched", "geo") }),
);

const ruleArb: fc.Arbitrary<Rule> = fc.tuple(common, kindFields).map(([c, k]) => ruleSchema.parse({ ...c, ...k }));
const rulesArb = fc.array(ruleArb, { minLength: 1, maxLength: 10 });

const party = fc.record({
  customerId: fc.constantFrom("cust-1", "cust-2", "cust-3"),
  email: fc.constantFrom("a@x.com", "b@x.com", "A+1@x.com"),
});
const eventArb: fc.Arbitrary<RuleEvent> = fc
  .oneof(
    fc.record({
      type: fc.constant("order_paid"),
      orderId: smallId,
      currency: fc.constantFrom("USD", "JPY", "EUR"),
      spendMinor: fc.integer({ min: 0, max: 100_000 }),
      lines: fc.array(
        fc.record({
          productTags: fc.subarray(["gift", "sale", "shirt"]),
          spendMinor: fc.integer({ min: 0, max: 50_000 }),
        }),
        { maxLength: 3 },
      ),
      sourceName: fc.constantFrom("web", "pos", "shopify_draft_order", "tiktok"),
      isFirstOrder: fc.boolean(),
    }),
    fc.constant({ type: "account_created" }),
    fc.record({ type: fc.constant("profile_updated"), filledFields: fc.subarray([...PROFILE_FIELDS]) }),
    fc.record({
      type: fc.constant("birthday_check"),
      birthday: fc.record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) }),
    }),
    fc.constant({ type: "visit" }),
    fc.record({ type: fc.constant("page_visit"), url: fc.constantFrom("/pages/lookbook", "/pages/news", "/cart") }),
    fc.constant({ type: "store_search" }),
    fc.record({ type: fc.constant("offer_viewed"), offerId: smallId }),
    fc.record({
      type: fc.constant("share"),
      subject: fc.constantFrom("product", "programme"),
      productId: smallId,
      network: fc.constantFrom("x", "facebook"),
    }),
    fc.record({ type: fc.constant("follow"), network: fc.constantFrom("instagram", "tiktok") }),
    fc.record({ type: fc.constant("custom"), key: fc.constantFrom("app_launched", "geo"), eventId: smallId }),
    // Evaluated in the referrer's context, as the engine requires.
    fc.record({
      type: fc.constant("referral_completed"),
      orderId: smallId,
      referrer: party.map((p) => ({ ...p, customerId: "cust-1" })),
      friend: party,
    }),
  )
  .map((e) => ruleEventSchema.parse(e));

const contextArb: fc.Arbitrary<EvaluationContext> = fc
  .record({
    now: instant,
    accountAgeMs: fc.integer({ min: 0, max: 60 * 86_400_000 }),
    timeZone: zone,
    verified: fc.boolean(),
    engagementPaused: mostly(false, fc.boolean()),
    multiplier: fc.constantFrom(
      undefined,
      () => 2,
      () => 1.5,
      () => 0.5,
    ),
  })
  .map(({ now, accountAgeMs, verified, ...rest }) => ({
    ...rest,
    now,
    member: { id: "cust-1", createdAt: new Date(now.getTime() - accountAgeMs), verified },
  }));

const historyArb = fc.array(
  fc.record({ ruleId: fc.constantFrom("r1", "r2", "r3", "r4"), key: fc.constantFrom("k1", "k2"), at: instant }),
  { maxLength: 8 },
);

describe("evaluate: properties", () => {
  it("the generators give awards often enough for the properties below to mean something", () => {
    const samples = fc.sample(fc.tuple(rulesArb, eventArb, historyArb, contextArb), { numRuns: 1000, seed: 42 });
    const withAwards = samples.filter(([r, e, h, c]) => evaluate(r, e, h, c).awards.length > 0).length;
    expect(withAwards).toBeGreaterThan(100);
  });

  it("is deterministic: the same inputs give the same output", () => {
    fc.assert(
      fc.property(rulesArb, eventArb, historyArb, contextArb, (rules, event, history, context) => {
        expect(evaluate(rules, event, history, context)).toEqual(evaluate(rules, event, history, context));
      }),
    );
  });

  it("never awards a key twice: re-evaluating with the awards in history awards nothing new", () => {
    fc.assert(
      fc.property(
        rulesArb,
        eventArb,
        historyArb,
        contextArb,
        fc.integer({ min: 0, max: 3 * 86_400_000 }),
        (rules, event, history, context, later) => {
          const first = evaluate(rules, event, history, context);
          const keys = first.awards.map((a) => a.idempotencyKey);
          expect(new Set(keys).size).toBe(keys.length);
          // The member's own awards join their history (the friend's go to the friend's).
          const posted: PastAward[] = first.awards
            .filter((a) => a.customerId === context.member.id)
            .map((a) => ({ ruleId: a.ruleId, key: a.idempotencyKey, at: context.now }));
          const again = evaluate(rules, event, [...history, ...posted], {
            ...context,
            now: new Date(context.now.getTime() + later),
          });
          const repeated = again.awards.filter((a) => keys.includes(a.idempotencyKey));
          expect(repeated).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("awards whole, positive points only", () => {
    fc.assert(
      fc.property(rulesArb, eventArb, historyArb, contextArb, (rules, event, history, context) => {
        for (const award of evaluate(rules, event, history, context).awards) {
          expect(Number.isSafeInteger(award.points)).toBe(true);
          expect(award.points).toBeGreaterThan(0);
        }
      }),
    );
  });

  it("a paused shop awards no engagement points", () => {
    fc.assert(
      fc.property(rulesArb, eventArb, historyArb, contextArb, (rules, event, history, context) => {
        const { awards } = evaluate(rules, event, history, { ...context, engagementPaused: true });
        const byId = new Map(rules.map((r) => [r.id, r]));
        // Rule ids may repeat in random input; an award is fine only if some rule with its id is not engagement.
        for (const award of awards) {
          const owners = rules.filter((r) => r.id === award.ruleId);
          expect(
            owners.some((r) => !isEngagement(r)),
            `${byId.get(award.ruleId)?.kind}`,
          ).toBe(true);
        }
      }),
    );
  });

  it("every refusal and award names a rule that was given, with a sentence", () => {
    fc.assert(
      fc.property(rulesArb, eventArb, historyArb, contextArb, (rules, event, history, context) => {
        const ids = new Set(rules.map((r) => r.id));
        const { awards, refusals } = evaluate(rules, event, history, context);
        for (const x of [...awards, ...refusals]) expect(ids.has(x.ruleId)).toBe(true);
        for (const r of refusals) expect(r.message).toMatch(/^[A-Z].*\.$/);
        for (const a of awards) expect(a.reason).toMatch(/^\d+ points?\b/);
      }),
    );
  });
});
