/**
 * Random programmes, histories and grants for the tier engine's property tests: every metric
 * and period, shop time zones on both sides of UTC, grace periods, hidden tiers, refunds, and
 * decision times where the rules bite. Test-only.
 */
import fc from "fast-check";
import { TIER_METRICS, TIER_PERIODS, tierSchema, type TierProgram } from "./definition";
import type { MemberTierFacts, TierGrantFact } from "./movement";
import type { Contribution } from "./qualification";

/** The model walks the calendar from here: before every generated instant, in every zone. */
export const MODEL_FROM = { year: 2023, month: 12, day: 25 };
export const START = Date.parse("2024-01-01T00:00:00Z");
export const END = Date.parse("2027-03-31T00:00:00Z");
export const DAY = 86_400_000;

export const instantArb = fc.oneof(
  fc.integer({ min: START, max: END }),
  // Close to a New Year somewhere: the boundary the shop's time zone decides.
  fc
    .tuple(fc.constantFrom(2025, 2026, 2027), fc.integer({ min: -2 * DAY, max: 2 * DAY }))
    .map(([year, offset]) => Date.UTC(year, 0, 1) + offset),
);

export const programArb: fc.Arbitrary<TierProgram> = fc
  .record({
    metric: fc.constantFrom(...TIER_METRICS),
    period: fc.constantFrom(...TIER_PERIODS),
    graceDays: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 45 }), fc.integer({ min: 46, max: 200 })),
    timeZone: fc.constantFrom("UTC", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata"),
    entryTier: fc.boolean(),
    steps: fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 4 }),
    hidden: fc.option(fc.record({ at: fc.nat(), threshold: fc.nat({ max: 2000 }) })),
    rewards: fc.array(fc.constantFrom(0, 0, 25, 100), { minLength: 6, maxLength: 6 }),
  })
  .map(({ metric, period, graceDays, timeZone, entryTier, steps, hidden, rewards }) => {
    const scale = metric === "orders" ? 0.01 : metric === "spend" ? 10 : 1;
    let threshold = entryTier ? 0 : Math.max(1, Math.round(steps[0]! * scale));
    const thresholds = steps.map((step, index) => {
      if (index > 0) threshold += Math.max(1, Math.round(step * scale));
      return threshold;
    });
    const visible = thresholds.map((t, index) => ({ id: `t${index}`, threshold: t, hidden: false }));
    const ladder = [...visible];
    if (hidden)
      ladder.splice(hidden.at % (ladder.length + 1), 0, { id: "hidden", threshold: hidden.threshold, hidden: true });
    const tiers = ladder.map((t, position) =>
      tierSchema.parse({ ...t, name: t.id, position, entryRewardPoints: rewards[position] ?? 0 }),
    );
    return { metric, period, graceDays, timeZone, tiers };
  });

export const contributionArb: fc.Arbitrary<Contribution> = fc
  .record({
    at: instantArb,
    refund: fc.integer({ min: 0, max: 5 }).map((n) => n === 0), // one in six takes back
    points: fc.integer({ min: 1, max: 700 }),
    spendMinor: fc.integer({ min: 1, max: 7000 }),
  })
  .map(({ at, refund, points, spendMinor }) => {
    const sign = refund ? -1 : 1;
    return { at: new Date(at), points: sign * points, spendMinor: sign * spendMinor, orders: sign };
  });

function grantArb(tierIds: string[]): fc.Arbitrary<TierGrantFact> {
  return fc
    .record({
      tierId: fc.constantFrom(...tierIds, "deleted-tier"),
      source: fc.constantFrom("manual" as const, "paid" as const),
      startsAt: instantArb,
      lasts: fc.option(fc.integer({ min: 1, max: 500 })),
      revokedAfter: fc.option(fc.integer({ min: 0, max: 500 }), { freq: 3 }),
    })
    .map(({ tierId, source, startsAt, lasts, revokedAfter }) => ({
      tierId,
      source,
      startsAt: new Date(startsAt),
      endsAt: lasts === null ? null : new Date(startsAt + lasts * DAY),
      revokedAt: revokedAfter === null ? null : new Date(startsAt + revokedAfter * DAY),
    }));
}

/**
 * When to decide: any time, or — where the rules bite — around a contribution's first
 * birthday (it ages out of the rolling 12 months) and around the end of a grace period.
 */
function nowArb(program: TierProgram, contributions: readonly Contribution[]): fc.Arbitrary<Date> {
  const around = (times: number[]) =>
    fc
      .tuple(fc.constantFrom(...times), fc.integer({ min: -3 * DAY, max: (program.graceDays + 3) * DAY }))
      .map(([time, offset]) => time + offset);
  const birthdays = contributions.map((c) => c.at.getTime() + 365 * DAY);
  const newYears = [2025, 2026, 2027].map((year) => Date.UTC(year, 0, 1));
  return fc
    .oneof(instantArb, around(newYears), ...(birthdays.length ? [around(birthdays), around(birthdays)] : []))
    .map((time) => new Date(time));
}

export const caseArb = programArb.chain((program) =>
  fc
    .record({
      program: fc.constant(program),
      contributions: fc.array(contributionArb, { maxLength: 12 }),
      grants: fc.array(grantArb(program.tiers.map((t) => t.id)), { maxLength: 3 }),
    })
    .chain((drawn) => nowArb(program, drawn.contributions).map((now) => ({ ...drawn, now }))),
);

export const factsOf = (contributions: Contribution[], grants: TierGrantFact[] = []): MemberTierFacts => ({
  currentTierId: null,
  currentSource: null,
  since: null,
  contributions,
  grants,
  rewardedTierIds: [],
});
