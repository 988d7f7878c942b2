/**
 * A programme's tiers as a ladder: ordered by position, each step a rank (0 = the lowest),
 * -1 = no tier. "Higher" always means a higher position, for hidden tiers too. Pure.
 */
import type { Tier } from "./definition";

export const NO_RANK = -1;

export class Ladder {
  readonly tiers: readonly Tier[];

  constructor(tiers: readonly Tier[]) {
    this.tiers = [...tiers].sort((a, b) => a.position - b.position);
  }

  rankOf(tierId: string | null): number {
    if (tierId === null) return NO_RANK;
    return this.tiers.findIndex((tier) => tier.id === tierId);
  }

  has(tierId: string): boolean {
    return this.rankOf(tierId) !== NO_RANK;
  }

  tierAt(rank: number): Tier | null {
    return rank === NO_RANK ? null : (this.tiers[rank] ?? null);
  }

  /**
   * earnedTier(Q): the highest non-hidden tier whose threshold Q reaches. A tier with
   * threshold 0 is the entry tier every member has, even one whose refunds outweigh the rest.
   */
  earnedRank(value: number): number {
    const reached = Math.max(0, value);
    for (let rank = this.tiers.length - 1; rank >= 0; rank--) {
      const tier = this.tiers[rank]!;
      if (!tier.hidden && tier.threshold <= reached) return rank;
    }
    return NO_RANK;
  }

  /**
   * The least Q that earns `rank` or higher: what a member must reach to hold it by
   * qualifying. null when no visible tier at or above it can be earned (a hidden top tier).
   */
  valueToReach(rank: number): number | null {
    if (rank === NO_RANK) return 0;
    let least: number | null = null;
    for (let r = rank; r < this.tiers.length; r++) {
      const tier = this.tiers[r]!;
      if (!tier.hidden && (least === null || tier.threshold < least)) least = tier.threshold;
    }
    return least;
  }

  /** The lowest non-hidden rank above `rank`, or null at the top. */
  nextVisibleRank(rank: number): number | null {
    for (let r = rank + 1; r < this.tiers.length; r++) if (!this.tiers[r]!.hidden) return r;
    return null;
  }
}
