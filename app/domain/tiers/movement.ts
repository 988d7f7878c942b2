/**
 * Which tier a member holds now, and what changed: the one decision the server applies
 * (app/tiers/movement.server.ts). Everything is derived from the facts: the earned tier from
 * the contributions (./earned.ts), then grants on top. Deciding again with the decision applied
 * changes nothing and posts nothing. Pure; `now` is passed in.
 */
import type { Tier, TierProgram, TierSource } from "./definition";
import { earnedTrack, type EarnedTrack } from "./earned";
import { Ladder, NO_RANK } from "./ladder";
import type { Contribution } from "./qualification";

export interface TierGrantFact {
  tierId: string;
  source: "manual" | "paid";
  startsAt: Date;
  /** null: for life (a lifetime membership, or a hand-assigned tier until taken away). */
  endsAt: Date | null;
  revokedAt: Date | null;
}

export interface MemberTierFacts {
  /** The tier stored on the member now (Member.tierId): what a move starts from. */
  currentTierId: string | null;
  currentSource: TierSource | null;
  /**
   * When the member got their current tier (Member.tierSince). Informational: the retention
   * rules derive everything from `contributions`, so the decision never depends on it.
   */
  since: Date | null;
  /** Every qualifying contribution the member ever made, refunds included (./qualification.ts). */
  contributions: readonly Contribution[];
  /** Every grant the member ever had, ended and revoked ones included. */
  grants: readonly TierGrantFact[];
  /** Tiers whose entry reward was already posted (ledger entries earn/tier, causeId = tier id). */
  rewardedTierIds: readonly string[];
}

export type TierMoveCause =
  | "qualified"
  | "refund"
  | "period_end"
  | "manual"
  | "paid"
  | "paid_revoked"
  | "paid_ended"
  | "grant_ended"
  | "tier_edit";

export interface TierMove {
  fromTierId: string | null;
  toTierId: string | null;
  cause: TierMoveCause;
}

export interface TierDecision {
  tierId: string | null;
  source: TierSource | null;
  /** When the tier ends by itself: the end of the grant that gives it; null for an earned tier. */
  endsAt: Date | null;
  /** null: the member keeps the tier stored on them (the source may still change). */
  move: TierMove | null;
  /** Entry rewards to post now (skipped tiers included), each at most once per member ever. */
  entryRewards: { tierId: string; points: number }[];
  /** When time alone may change the tier (a review, a grace period's end, a grant's start or end). */
  nextReviewAt: Date | null;
}

/** The instant a grant stops giving its tier: its end or its revocation, whichever is first. */
export function grantEndOf(grant: TierGrantFact): Date | null {
  if (grant.endsAt && grant.revokedAt) return grant.endsAt < grant.revokedAt ? grant.endsAt : grant.revokedAt;
  return grant.endsAt ?? grant.revokedAt;
}

export function isGrantActive(grant: TierGrantFact, now: Date): boolean {
  const end = grantEndOf(grant);
  return grant.startsAt.getTime() <= now.getTime() && (end === null || now.getTime() < end.getTime());
}

interface Holding {
  rank: number;
  source: TierSource | null;
  endsAt: Date | null;
}

/** The manual grant in force: the one given last, when staff gave several. */
function activeManualGrant(ladder: Ladder, grants: readonly TierGrantFact[], now: Date): TierGrantFact | null {
  let chosen: TierGrantFact | null = null;
  for (const grant of grants) {
    if (grant.source !== "manual" || !ladder.has(grant.tierId) || !isGrantActive(grant, now)) continue;
    if (!chosen || grant.startsAt.getTime() >= chosen.startsAt.getTime()) chosen = grant;
  }
  return chosen;
}

function holdingOf(ladder: Ladder, earned: EarnedTrack, grants: readonly TierGrantFact[], now: Date): Holding {
  const manual = activeManualGrant(ladder, grants, now);
  if (manual) return { rank: ladder.rankOf(manual.tierId), source: "manual", endsAt: grantEndOf(manual) };
  const paid = grants.filter((g) => g.source === "paid" && ladder.has(g.tierId) && isGrantActive(g, now));
  const paidRank = Math.max(NO_RANK, ...paid.map((g) => ladder.rankOf(g.tierId)));
  // An earned tier as high as the bought one is held by qualifying: it does not end with the grant.
  if (paidRank > earned.rank) {
    const ends = paid.filter((g) => ladder.rankOf(g.tierId) === paidRank).map(grantEndOf);
    const endsAt = ends.includes(null) ? null : new Date(Math.max(...ends.map((end) => end!.getTime())));
    return { rank: paidRank, source: "paid", endsAt };
  }
  return { rank: earned.rank, source: earned.rank === NO_RANK ? null : "earned", endsAt: null };
}

const RISING: ReadonlySet<TierMoveCause> = new Set(["qualified", "paid"]);
const FALLING: ReadonlySet<TierMoveCause> = new Set([
  "refund",
  "period_end",
  "paid_revoked",
  "paid_ended",
  "grant_ended",
]);

/** Why the member moves, when the caller did not say (or said something the move contradicts). */
function inferCause(
  facts: MemberTierFacts,
  earned: EarnedTrack,
  fromRank: number,
  to: Holding,
  now: Date,
): TierMoveCause {
  if (facts.currentTierId !== null && fromRank === NO_RANK) return "tier_edit"; // the old tier is gone
  if (to.source === "manual") return "manual";
  const rising = to.rank > fromRank;
  if (rising) return to.source === "paid" ? "paid" : "qualified";
  // Falling: what held the member up before has gone.
  const lapsed = facts.grants.filter(
    (g) => g.source === facts.currentSource && g.tierId === facts.currentTierId && !isGrantActive(g, now),
  );
  const lapse = lapsed.find((g) => g.startsAt.getTime() <= now.getTime());
  if (facts.currentSource === "manual" && lapse) {
    return lapse.revokedAt && lapse.revokedAt.getTime() <= now.getTime() ? "manual" : "grant_ended";
  }
  if (facts.currentSource === "paid" && lapse) {
    return lapse.revokedAt && lapse.revokedAt.getTime() <= now.getTime() ? "paid_revoked" : "paid_ended";
  }
  return earned.dropCause(fromRank);
}

function causeOf(hint: TierMoveCause | undefined, rising: boolean, infer: () => TierMoveCause): TierMoveCause {
  if (hint === undefined) return infer();
  if ((rising && FALLING.has(hint)) || (!rising && RISING.has(hint))) return infer();
  return hint;
}

/**
 * Entry rewards due on a move from `fromRank` up to `toRank`: the tier reached (hidden too, for
 * a tier given by hand) and every visible tier skipped on the way, each never posted before.
 */
function entryRewardsFor(ladder: Ladder, fromRank: number, toRank: number, rewarded: ReadonlySet<string>) {
  const rewards: { tierId: string; points: number }[] = [];
  for (let rank = fromRank + 1; rank <= toRank; rank++) {
    const tier: Tier = ladder.tierAt(rank)!;
    if (rank !== toRank && tier.hidden) continue;
    if (tier.entryRewardPoints > 0 && !rewarded.has(tier.id)) {
      rewards.push({ tierId: tier.id, points: tier.entryRewardPoints });
    }
  }
  return rewards;
}

function nextReviewOf(earned: EarnedTrack, holding: Holding, grants: readonly TierGrantFact[], now: Date): Date | null {
  const candidates: Date[] = [];
  if (holding.source !== "manual" && earned.nextChangeAt) candidates.push(earned.nextChangeAt);
  for (const grant of grants) {
    candidates.push(grant.startsAt);
    const end = grantEndOf(grant);
    if (end) candidates.push(end);
  }
  const future = candidates.filter((at) => at.getTime() > now.getTime());
  if (!future.length) return null;
  return new Date(Math.min(...future.map((at) => at.getTime())));
}

export function decideTier(
  program: TierProgram,
  facts: MemberTierFacts,
  now: Date,
  hint?: TierMoveCause,
): TierDecision {
  const ladder = new Ladder(program.tiers);
  const earned = earnedTrack(program, ladder, facts.contributions, now);
  const holding = holdingOf(ladder, earned, facts.grants, now);
  const tier = ladder.tierAt(holding.rank);
  const toTierId = tier?.id ?? null;
  const fromRank = ladder.rankOf(facts.currentTierId);

  let move: TierMove | null = null;
  let entryRewards: TierDecision["entryRewards"] = [];
  if (toTierId !== facts.currentTierId) {
    const rising = holding.rank > fromRank;
    const cause = causeOf(hint, rising, () => inferCause(facts, earned, fromRank, holding, now));
    move = { fromTierId: facts.currentTierId, toTierId, cause };
    if (rising) entryRewards = entryRewardsFor(ladder, fromRank, holding.rank, new Set(facts.rewardedTierIds));
  }

  return {
    tierId: toTierId,
    source: holding.source,
    endsAt: holding.endsAt,
    move,
    entryRewards,
    nextReviewAt: nextReviewOf(earned, holding, facts.grants, now),
  };
}

/** The earned track and holding, for the widget's standing (./progress.ts). */
export function assessMember(program: TierProgram, facts: MemberTierFacts, now: Date) {
  const ladder = new Ladder(program.tiers);
  const earned = earnedTrack(program, ladder, facts.contributions, now);
  return { ladder, earned, holding: holdingOf(ladder, earned, facts.grants, now) };
}
