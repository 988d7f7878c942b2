/**
 * The tier engine against the naive model (./naive-model.ts): for random programmes (each
 * metric and period, shop time zones on both sides of UTC, grace periods, hidden tiers),
 * random histories (refunds included, many near a year's end) and random grants, the engine's
 * tier is the model's; a decision applied decides nothing more; entry rewards are paid once.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideTier, type MemberTierFacts, type TierDecision } from "./movement";
import { modelEarnedTier, modelTier } from "./naive-model";
import { DAY, MODEL_FROM, caseArb, factsOf, instantArb } from "./test-arbitraries";

function applied(facts: MemberTierFacts, decision: TierDecision, now: Date): MemberTierFacts {
  return {
    ...facts,
    currentTierId: decision.tierId,
    currentSource: decision.source,
    since: decision.move ? now : facts.since,
    rewardedTierIds: [...facts.rewardedTierIds, ...decision.entryRewards.map((r) => r.tierId)],
  };
}

describe("decideTier against the naive model", () => {
  it("holds the model's earned tier: thresholds, each period, grace, refunds, the shop's New Year", () => {
    fc.assert(
      fc.property(caseArb, ({ program, contributions, now }) => {
        const decision = decideTier(program, factsOf(contributions), now);
        expect(decision.tierId).toBe(modelEarnedTier(program, contributions, now, MODEL_FROM)?.id ?? null);
        // Qualifying never reaches a hidden tier.
        expect(program.tiers.find((t) => t.id === decision.tierId)?.hidden ?? false).toBe(false);
      }),
      { numRuns: 250 },
    );
  }, 60_000);

  it("holds the model's tier with grants: a manual grant exactly, else the best of earned and paid", () => {
    fc.assert(
      fc.property(caseArb, ({ program, contributions, grants, now }) => {
        const facts = factsOf(contributions, grants);
        const decision = decideTier(program, facts, now);
        expect(decision.tierId).toBe(modelTier(program, facts, now, MODEL_FROM)?.id ?? null);
      }),
      { numRuns: 250 },
    );
  }, 60_000);

  it("decides nothing more once its decision is applied, whatever the member held before", () => {
    fc.assert(
      fc.property(caseArb, fc.option(fc.nat()), ({ program, contributions, grants, now }, held) => {
        const tiers = program.tiers;
        const before = {
          ...factsOf(contributions, grants),
          currentTierId: held === null ? null : tiers[held % tiers.length]!.id,
          currentSource: held === null ? null : ("earned" as const),
        };
        const decision = decideTier(program, before, now);
        if (decision.tierId === before.currentTierId) expect(decision.move).toBeNull();
        else expect(decision.move).toMatchObject({ fromTierId: before.currentTierId, toTierId: decision.tierId });
        const again = decideTier(program, applied(before, decision, now), now);
        expect(again.move).toBeNull();
        expect(again.entryRewards).toEqual([]);
        expect(again.tierId).toBe(decision.tierId);
        expect(again.nextReviewAt).toEqual(decision.nextReviewAt);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it("pays each tier's entry reward once ever, skipped visible tiers included, settling as history happens", () => {
    fc.assert(
      fc.property(caseArb, fc.array(instantArb, { maxLength: 6 }), ({ program, contributions, grants }, extra) => {
        // The server settles after each contribution and at some other moments.
        const moments = [...contributions.map((c) => c.at.getTime()), ...extra].sort((a, b) => a - b);
        let facts = factsOf(contributions, grants);
        const paid: string[] = [];
        for (const time of moments) {
          const now = new Date(time);
          const decision = decideTier(program, facts, now);
          paid.push(...decision.entryRewards.map((r) => r.tierId));
          const reached = program.tiers.find((t) => t.id === decision.tierId);
          for (const reward of decision.entryRewards) {
            const tier = program.tiers.find((t) => t.id === reward.tierId)!;
            expect(reward.points).toBe(tier.entryRewardPoints);
            expect(reward.points).toBeGreaterThan(0);
            expect(tier.position).toBeLessThanOrEqual(reached!.position);
            // A hidden tier's reward only for the hidden tier itself, given by a grant.
            if (tier.hidden) expect(reward.tierId).toBe(decision.tierId);
          }
          facts = applied(facts, decision, now);
          // Everything visible at or below the tier held has been paid (when it pays anything).
          if (reached && decision.move && decision.entryRewards.length) {
            for (const tier of program.tiers) {
              if (!tier.hidden && tier.position <= reached.position && tier.entryRewardPoints > 0) {
                expect(facts.rewardedTierIds).toContain(tier.id);
              }
            }
          }
        }
        expect(new Set(paid).size).toBe(paid.length);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it("reviews no later than the first moment time alone changes the tier", () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 400 }), ({ program, contributions, grants, now }, days) => {
        const facts = factsOf(
          contributions.filter((c) => c.at <= now),
          grants,
        );
        const decision = decideTier(program, facts, now);
        const later = new Date(now.getTime() + days * DAY);
        const then = decideTier(program, facts, later);
        if (then.tierId !== decision.tierId) {
          expect(decision.nextReviewAt).not.toBeNull();
          expect(decision.nextReviewAt!.getTime()).toBeLessThanOrEqual(later.getTime());
        }
        if (decision.nextReviewAt) expect(decision.nextReviewAt.getTime()).toBeGreaterThan(now.getTime());
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it("is never below an active paid grant, and exactly an active manual grant", () => {
    fc.assert(
      fc.property(caseArb, ({ program, contributions, grants, now }) => {
        const decision = decideTier(program, factsOf(contributions, grants), now);
        const position = (id: string | null) => program.tiers.find((t) => t.id === id)?.position ?? -1;
        const live = grants.filter(
          (g) =>
            program.tiers.some((t) => t.id === g.tierId) &&
            g.startsAt <= now &&
            (!g.endsAt || now < g.endsAt) &&
            (!g.revokedAt || now < g.revokedAt),
        );
        const manual = live.filter((g) => g.source === "manual");
        if (manual.length) {
          expect(decision.source).toBe("manual");
          expect(manual.map((g) => g.tierId)).toContain(decision.tierId);
        } else {
          for (const g of live) expect(position(decision.tierId)).toBeGreaterThanOrEqual(position(g.tierId));
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
