/**
 * What the widget tells a member, held to what the engine then does: contributing `remaining`
 * reaches the next tier (one less does not); contributing the keep message's `remaining` by
 * its `by` keeps the tier at the review (one less does not); no keep message while the tier is
 * safe for the notice period.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TierMetric } from "./definition";
import { KEEP_NOTICE_DAYS } from "./earned";
import { decideTier } from "./movement";
import { DAY, caseArb, factsOf } from "./test-arbitraries";
import { tierStanding } from "./progress";
import { currentWindow } from "./periods";
import { qualificationValue, unitOf, type Contribution } from "./qualification";

function adding(metric: TierMetric, amount: number, at: Date): Contribution {
  return {
    at,
    points: metric === "points" ? amount : 0,
    spendMinor: metric === "spend" ? amount : 0,
    orders: metric === "orders" ? amount : 0,
  };
}

describe("tierStanding, held to decideTier", () => {
  it("names the next tier and exactly what reaching it takes, in the shop's unit", () => {
    fc.assert(
      fc.property(caseArb, ({ program, contributions, now }) => {
        const known = contributions.filter((c) => c.at <= now);
        const standing = tierStanding(program, factsOf(known), now);
        const position = (id: string | null) => program.tiers.find((t) => t.id === id)?.position ?? -1;
        expect(standing.tier?.id ?? null).toBe(decideTier(program, factsOf(known), now).tierId);
        if (!standing.nextTier) {
          // Only at the top of what qualifying can reach.
          const visibleAbove = program.tiers.filter(
            (t) => !t.hidden && t.position > position(standing.tier?.id ?? null),
          );
          expect(visibleAbove).toEqual([]);
          return;
        }
        expect(standing.nextTier.unit).toBe(unitOf(program.metric));
        expect(standing.nextTier.remaining).toBeGreaterThan(0);
        const reach = (amount: number) =>
          position(decideTier(program, factsOf([...known, adding(program.metric, amount, now)]), now).tierId);
        expect(reach(standing.nextTier.remaining)).toBeGreaterThanOrEqual(position(standing.nextTier.id));
        expect(reach(standing.nextTier.remaining - 1)).toBeLessThan(position(standing.nextTier.id));
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it("says what keeps an earned tier at risk, by when; and says nothing while it is safe", () => {
    const told = { calendar_year: 0, rolling_12_months: 0 };
    fc.assert(
      fc.property(caseArb, ({ program, contributions, now }) => {
        const known = contributions.filter((c) => c.at <= now);
        const standing = tierStanding(program, factsOf(known), now);
        const position = (id: string | null) => program.tiers.find((t) => t.id === id)?.position ?? -1;
        const held = position(standing.tier?.id ?? null);
        if (!standing.keep) {
          if (program.period === "lifetime" || !standing.tier) return;
          // Safe: nothing takes the tier within the notice period.
          const later = new Date(now.getTime() + KEEP_NOTICE_DAYS * DAY);
          expect(position(decideTier(program, factsOf(known), later).tierId)).toBeGreaterThanOrEqual(held);
          return;
        }
        expect(program.period).not.toBe("lifetime");
        told[program.period as keyof typeof told]++;
        expect(standing.keep.tierId).toBe(standing.tier?.id);
        expect(standing.keep.unit).toBe(unitOf(program.metric));
        expect(standing.keep.remaining).toBeGreaterThan(0);
        expect(standing.keep.by.getTime()).toBeGreaterThanOrEqual(now.getTime());
        const { remaining, by } = standing.keep;
        const deadline = new Date(by.getTime() + 1);
        const heldAtDeadline = (amount: number, at: Date) =>
          position(decideTier(program, factsOf([...known, adding(program.metric, amount, at)]), deadline).tierId);
        // The risk is real: with nothing more, the tier is gone at the deadline.
        expect(heldAtDeadline(0, now)).toBeLessThan(held);
        // `remaining` is enough whenever it comes before the deadline: now, or at the last instant.
        expect(heldAtDeadline(remaining, now)).toBeGreaterThanOrEqual(held);
        expect(heldAtDeadline(remaining, by)).toBeGreaterThanOrEqual(held);
        if (program.period === "calendar_year") {
          // And no more than enough: the review looks at one figure.
          expect(heldAtDeadline(remaining - 1, now)).toBeLessThan(held);
        } else {
          // What the 12 months ending at the deadline must hold, less what they hold already. (In
          // the rolling window a top-up can also restart the grace period, so less may do for now.)
          const needed = Math.min(
            ...program.tiers.filter((t) => !t.hidden && t.position >= held).map((t) => t.threshold),
          );
          expect(remaining).toBe(needed - qualificationValue(known, program.metric, currentWindow(program, deadline)));
        }
      }),
      { numRuns: 400 },
    );
    // The generated cases do put members at risk, in both kinds of period.
    expect(told.calendar_year).toBeGreaterThan(0);
    expect(told.rolling_12_months).toBeGreaterThan(0);
  }, 60_000);

  it("has no keep message for a tier held by a grant", () => {
    fc.assert(
      fc.property(caseArb, ({ program, contributions, grants, now }) => {
        const facts = factsOf(contributions, grants);
        const decision = decideTier(program, facts, now);
        const standing = tierStanding(program, facts, now);
        expect(standing.tier?.id ?? null).toBe(decision.tierId);
        if (decision.source !== "earned") expect(standing.keep).toBeNull();
        if (decision.source === "manual") expect(standing.nextTier).toBeNull();
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
