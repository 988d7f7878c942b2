/**
 * What a live edit of the programme would do, before it is saved: who moves up or down, the
 * entry rewards that would be posted, and what the new multipliers cost a year. Saving settles
 * every member with the same decision (decideTier), so the outcome equals this preview. Pure.
 */
import type { TierProgram } from "./definition";
import { decideTier, type MemberTierFacts } from "./movement";

export interface ProgramEditPreview {
  up: number;
  down: number;
  unchanged: number;
  /** Entry rewards the edit makes due now (posted on saving). */
  entryRewardPoints: number;
  /** The change in the tier multipliers' extra purchase points over a year, estimated. */
  multiplierPointsPerYear: number;
  moves: { memberId: string; fromTierId: string | null; toTierId: string | null }[];
}

export interface PreviewMember {
  memberId: string;
  facts: MemberTierFacts;
  /** The member's purchase points of the last 12 months before any tier multiplier (base points). */
  purchasePointsLast12Months: number;
}

/** A tier's place for comparing: its position in the edited programme, else in the old one. */
function positionOf(tierId: string | null, after: TierProgram, before: TierProgram): number {
  if (tierId === null) return Number.NEGATIVE_INFINITY;
  const tier = after.tiers.find((t) => t.id === tierId) ?? before.tiers.find((t) => t.id === tierId);
  return tier ? tier.position : Number.NEGATIVE_INFINITY;
}

function multiplierOf(program: TierProgram, tierId: string | null): number {
  return program.tiers.find((t) => t.id === tierId)?.multiplierHundredths ?? 100;
}

export function previewProgramEdit(
  before: TierProgram,
  after: TierProgram,
  members: readonly PreviewMember[],
  now: Date,
): ProgramEditPreview {
  const preview: ProgramEditPreview = {
    up: 0,
    down: 0,
    unchanged: 0,
    entryRewardPoints: 0,
    multiplierPointsPerYear: 0,
    moves: [],
  };
  let extraHundredths = 0;
  for (const { memberId, facts, purchasePointsLast12Months } of members) {
    const decision = decideTier(after, facts, now, "tier_edit");
    const fromTierId = facts.currentTierId;
    const toTierId = decision.tierId;
    preview.entryRewardPoints += decision.entryRewards.reduce((total, reward) => total + reward.points, 0);
    extraHundredths += purchasePointsLast12Months * (multiplierOf(after, toTierId) - multiplierOf(before, fromTierId));
    if (toTierId === fromTierId) {
      preview.unchanged++;
      continue;
    }
    preview.moves.push({ memberId, fromTierId, toTierId });
    if (positionOf(toTierId, after, before) > positionOf(fromTierId, after, before)) preview.up++;
    else preview.down++;
  }
  preview.multiplierPointsPerYear = Math.round(extraHundredths / 100);
  return preview;
}
