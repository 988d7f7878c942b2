/**
 * The edit preview is what saving does: saving settles every member with decideTier under the
 * edited programme, so the preview's moves and entry rewards must be exactly those decisions'.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TierProgram } from "./definition";
import { decideTier } from "./movement";
import { previewProgramEdit } from "./preview";
import { caseArb, factsOf } from "./test-arbitraries";

const membersArb = fc.array(caseArb, { minLength: 1, maxLength: 5 });

/** An edit: every threshold (but the entry tier's) and multiplier scaled, the period maybe changed. */
const editArb = fc.record({
  thresholdPercent: fc.integer({ min: 30, max: 300 }),
  multiplier: fc.integer({ min: 100, max: 300 }),
  period: fc.option(fc.constantFrom("lifetime" as const, "calendar_year" as const, "rolling_12_months" as const)),
});

type Edit = typeof editArb extends fc.Arbitrary<infer E> ? E : never;

function edited(before: TierProgram, edit: Edit): TierProgram {
  return {
    ...before,
    period: edit.period ?? before.period,
    tiers: before.tiers.map((t) => ({
      ...t,
      threshold: t.threshold === 0 ? 0 : Math.max(1, Math.round((t.threshold * edit.thresholdPercent) / 100)),
      multiplierHundredths: t.hidden ? t.multiplierHundredths : edit.multiplier,
    })),
  };
}

describe("previewProgramEdit", () => {
  it("counts exactly the moves and entry rewards that settling under the edit would make", () => {
    fc.assert(
      fc.property(membersArb, editArb, (cases, edit) => {
        const before = cases[0]!.program;
        const after = edited(before, edit);
        const now = cases[0]!.now;
        // Members as the server has them: settled under the programme before the edit.
        const members = cases.map((c, index) => {
          const facts = factsOf(c.contributions, c.grants);
          const settled = decideTier(before, facts, now);
          return {
            memberId: `m${index}`,
            facts: {
              ...facts,
              currentTierId: settled.tierId,
              currentSource: settled.source,
              rewardedTierIds: settled.entryRewards.map((r) => r.tierId),
            },
            purchasePointsLast12Months: Math.max(
              0,
              c.contributions.reduce((s, x) => s + x.points, 0),
            ),
          };
        });
        const preview = previewProgramEdit(before, after, members, now);
        const decisions = members.map((m) => decideTier(after, m.facts, now));
        expect(preview.up + preview.down + preview.unchanged).toBe(members.length);
        expect(preview.moves).toEqual(
          members
            .map((m, i) => ({
              memberId: m.memberId,
              fromTierId: m.facts.currentTierId,
              toTierId: decisions[i]!.tierId,
            }))
            .filter((move) => move.fromTierId !== move.toTierId),
        );
        expect(preview.up + preview.down).toBe(preview.moves.length);
        expect(preview.entryRewardPoints).toBe(
          decisions.flatMap((d) => d.entryRewards).reduce((s, r) => s + r.points, 0),
        );
        // Thresholds only lowered (same period): nobody goes down; only raised: nobody goes up.
        if (edit.period === null && edit.thresholdPercent <= 100) expect(preview.down).toBe(0);
        if (edit.period === null && edit.thresholdPercent >= 100) expect(preview.up).toBe(0);
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it("changes nothing and costs nothing when the programme does not change", () => {
    fc.assert(
      fc.property(membersArb, (cases) => {
        const program = cases[0]!.program;
        const now = cases[0]!.now;
        const members = cases.map((c, index) => {
          const facts = factsOf(c.contributions, c.grants);
          const settled = decideTier(program, facts, now);
          return {
            memberId: `m${index}`,
            facts: {
              ...facts,
              currentTierId: settled.tierId,
              currentSource: settled.source,
              rewardedTierIds: settled.entryRewards.map((r) => r.tierId),
            },
            purchasePointsLast12Months: 1000,
          };
        });
        expect(previewProgramEdit(program, program, members, now)).toEqual({
          up: 0,
          down: 0,
          unchanged: members.length,
          entryRewardPoints: 0,
          multiplierPointsPerYear: 0,
          moves: [],
        });
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it("prices a multiplier change as base points times the change, for members who stay put", () => {
    fc.assert(
      fc.property(membersArb, fc.integer({ min: 100, max: 1000 }), (cases, multiplier) => {
        const before = cases[0]!.program;
        const after = { ...before, tiers: before.tiers.map((t) => ({ ...t, multiplierHundredths: multiplier })) };
        const now = cases[0]!.now;
        const members = cases.map((c, index) => {
          const facts = factsOf(c.contributions, c.grants);
          const settled = decideTier(before, facts, now);
          return {
            memberId: `m${index}`,
            facts: {
              ...facts,
              currentTierId: settled.tierId,
              currentSource: settled.source,
              rewardedTierIds: settled.entryRewards.map((r) => r.tierId),
            },
            purchasePointsLast12Months: 200 * (index + 1),
          };
        });
        const expected = members.reduce((sum, m) => {
          const old = before.tiers.find((t) => t.id === m.facts.currentTierId)?.multiplierHundredths ?? 100;
          const now = m.facts.currentTierId === null ? 100 : multiplier;
          return sum + (m.purchasePointsLast12Months * (now - old)) / 100;
        }, 0);
        const preview = previewProgramEdit(before, after, members, now);
        expect(preview.moves).toEqual([]);
        expect(preview.multiplierPointsPerYear).toBe(Math.round(expected));
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
