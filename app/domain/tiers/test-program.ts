/** Programmes and facts for the tier engine's tests. */
import { tierSchema, type TierInput, type TierProgram } from "./definition";
import type { MemberTierFacts } from "./movement";
import type { Contribution } from "./qualification";

export const tier = (input: Partial<TierInput> & Pick<TierInput, "id" | "position" | "threshold">) =>
  tierSchema.parse({ name: input.id, ...input });

export const BRONZE = tier({ id: "bronze", position: 0, threshold: 0, entryRewardPoints: 10 });
export const SILVER = tier({
  id: "silver",
  position: 1,
  threshold: 500,
  entryRewardPoints: 50,
  multiplierHundredths: 125,
});
export const GOLD = tier({
  id: "gold",
  position: 2,
  threshold: 1000,
  entryRewardPoints: 100,
  multiplierHundredths: 150,
  textPerks: ["Early access"],
  shopifyPerks: [{ type: "free_shipping" }, { type: "percent_off", percent: 10 }],
});
export const VIP = tier({ id: "vip", position: 3, threshold: 0, hidden: true, entryRewardPoints: 500 });

export const program = (over: Partial<TierProgram> = {}): TierProgram => ({
  metric: "points",
  period: "lifetime",
  graceDays: 30,
  timeZone: "UTC",
  tiers: [BRONZE, SILVER, GOLD, VIP],
  ...over,
});

export const points = (at: string, value: number): Contribution => ({
  at: new Date(at),
  points: value,
  spendMinor: value * 10,
  orders: value > 0 ? 1 : value < 0 ? -1 : 0,
});

export const facts = (over: Partial<MemberTierFacts> = {}): MemberTierFacts => ({
  currentTierId: null,
  currentSource: null,
  since: null,
  contributions: [],
  grants: [],
  rewardedTierIds: [],
  ...over,
});
