/** What a shopper sees: how far they are from the next reward. Pure. */

export interface RewardPrice {
  id: string;
  costPoints: number;
}

export interface RewardProgress {
  /** The cheapest reward the balance does not cover yet, if any. */
  next: { rewardId: string; costPoints: number; pointsNeeded: number; percent: number } | null;
  /** Rewards the balance covers now, cheapest first. */
  affordable: string[];
}

export function rewardProgress(balance: number, rewards: readonly RewardPrice[]): RewardProgress {
  const sorted = [...rewards].filter((r) => r.costPoints > 0).sort((a, b) => a.costPoints - b.costPoints);
  const affordable = sorted.filter((r) => r.costPoints <= balance).map((r) => r.id);
  const target = sorted.find((r) => r.costPoints > balance);
  return {
    affordable,
    next: target
      ? {
          rewardId: target.id,
          costPoints: target.costPoints,
          pointsNeeded: target.costPoints - balance,
          percent: Math.max(0, Math.min(100, Math.floor((Math.max(0, balance) / target.costPoints) * 100))),
        }
      : null,
  };
}
