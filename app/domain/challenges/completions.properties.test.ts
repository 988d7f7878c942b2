/**
 * Properties of the challenge evaluator that the store relies on: the same contributions in
 * any order, or with one counted twice, give the same standing and the same completions; a
 * refund below the goal un-supports a completion and one that leaves it met does not.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decideCompletions, type RecordedCompletion } from "./completions";
import { orderContributions, type OrderFacts } from "./contributions";
import type { Challenge } from "./definition";
import type { Contribution } from "./progress";
import { challengeStanding } from "./standing";
import { challenge, milestone, state, streak } from "./test-fixtures";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const DAY = 86_400_000;
const NOW = new Date(T0 + 70 * DAY);
const zone = fc.constantFrom("UTC", "America/Los_Angeles", "Europe/Paris", "Australia/Sydney");
const points = (n: number) => ({ type: "points" as const, points: n });

const challenges: Challenge[] = [
  challenge({ measure: { type: "orders", count: 3 }, window: { type: "week" }, reward: points(10) }),
  challenge({ measure: { type: "spend", amountMinor: 9000 }, window: { type: "month" }, reward: points(10) }),
  milestone({ measure: { type: "orders", count: 4 }, reward: points(10) }),
  streak({
    action: { type: "orders" },
    period: "day",
    steps: [
      { length: 2, reward: points(5) },
      { length: 3, reward: points(9) },
    ],
    graceMissed: 1,
  }),
  streak({ action: { type: "orders" }, period: "week", steps: [{ length: 2, reward: points(5) }] }),
];

const order = fc.record({
  orderId: fc.integer({ min: 1, max: 12 }).map(String),
  paidAt: fc.integer({ min: T0, max: T0 + 60 * DAY }).map((ms) => new Date(ms)),
  spendMinor: fc.integer({ min: 0, max: 6000 }),
  refundedMinor: fc.constant(0),
  cancelled: fc.constant(false),
});
// One order per id: the store keeps one row per source.
const orders = fc.uniqueArray(order, { selector: (o) => o.orderId, maxLength: 12 });

function contributionsOf(c: Challenge, facts: readonly OrderFacts[], tz: string): Contribution[] {
  return facts.flatMap((o) => orderContributions(c, o, tz));
}

const decide = (c: Challenge, contributions: Contribution[], completions: RecordedCompletion[], tz: string) =>
  decideCompletions(c, state(contributions, completions), NOW, tz);

/** Records what a decision completes, as the store would. */
function recorded(decision: ReturnType<typeof decideCompletions>): RecordedCompletion[] {
  return decision.complete.map((goal, i) => ({ id: `done-${i}`, ...goal, completedAt: NOW, reversedAt: null }));
}

describe("the challenge evaluator", () => {
  it("gives the same completions and standing for any order of the same contributions", () => {
    fc.assert(
      fc.property(fc.constantFrom(...challenges), orders, zone, fc.integer(), (c, facts, tz, seed) => {
        const contributions = contributionsOf(c, facts, tz);
        const shuffled = fc.sample(fc.shuffledSubarray(contributions, { minLength: contributions.length }), {
          numRuns: 1,
          seed,
        })[0]!;
        expect(decide(c, shuffled, [], tz)).toEqual(decide(c, contributions, [], tz));
        expect(challengeStanding(c, state(shuffled), NOW, tz)).toEqual(
          challengeStanding(c, state(contributions), NOW, tz),
        );
      }),
    );
  });

  it("changes nothing when a contribution is counted twice", () => {
    fc.assert(
      fc.property(fc.constantFrom(...challenges), orders, zone, fc.nat(), (c, facts, tz, pick) => {
        const contributions = contributionsOf(c, facts, tz);
        fc.pre(contributions.length > 0);
        const twice = [...contributions, contributions[pick % contributions.length]!];
        expect(decide(c, twice, [], tz)).toEqual(decide(c, contributions, [], tz));
        expect(challengeStanding(c, state(twice), NOW, tz)).toEqual(
          challengeStanding(c, state(contributions), NOW, tz),
        );
      }),
    );
  });

  it("asks for nothing more once its completions are recorded (settling twice changes nothing)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...challenges), orders, zone, (c, facts, tz) => {
        const contributions = contributionsOf(c, facts, tz);
        const done = recorded(decide(c, contributions, [], tz));
        expect(decide(c, contributions, done, tz)).toEqual({ complete: [], reverse: [] });
      }),
    );
  });

  it("un-supports a completion exactly when a refund takes its goal out of reach", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...challenges),
        orders,
        zone,
        fc.nat(),
        fc.integer({ min: 0, max: 6000 }),
        (c, facts, tz, pick, refund) => {
          fc.pre(facts.length > 0);
          const done = recorded(decide(c, contributionsOf(c, facts, tz), [], tz));
          const target = facts[pick % facts.length]!;
          const after = facts.map((o) => (o === target ? { ...o, refundedMinor: Math.min(refund, o.spendMinor) } : o));
          const stillMet = recorded(decide(c, contributionsOf(c, after, tz), [], tz)).map((d) => [d.window, d.step]);
          const decision = decide(c, contributionsOf(c, after, tz), done, tz);
          const reversed = new Set(decision.reverse.map((r) => r.completionId));
          for (const d of done) {
            const met = stillMet.some(([w, s]) => w === d.window && s === d.step);
            expect(reversed.has(d.id)).toBe(!met);
          }
          // Under keepOnRefund nothing is ever reversed.
          expect(decide({ ...c, keepOnRefund: true }, contributionsOf(c, after, tz), done, tz).reverse).toEqual([]);
        },
      ),
    );
  });
});
