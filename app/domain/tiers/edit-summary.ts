/**
 * A programme edit's preview in the merchant's words: "1 member moves up", "3 stay", and what
 * it costs ("250 points in entry rewards now, worth up to ~$2.50"). The numbers are the
 * preview's (app/domain/tiers/preview.ts); this only words them, so the page and its tests
 * read the same sentences. Pure.
 */
import { formatMoney } from "../money";
import type { ShopReward } from "../rules/cost";

export interface EditCounts {
  up: number;
  down: number;
  unchanged: number;
  entryRewardPoints: number;
  multiplierPointsPerYear: number;
}

const count = new Intl.NumberFormat("en");

function members(n: number): string {
  return `${count.format(n)} ${n === 1 ? "member" : "members"}`;
}

export function movesText(counts: Pick<EditCounts, "up" | "down" | "unchanged">, tense: "preview" | "applied") {
  const preview = tense === "preview";
  return {
    up: `${members(counts.up)} ${preview ? (counts.up === 1 ? "moves" : "move") : "moved"} up`,
    down: `${members(counts.down)} ${preview ? (counts.down === 1 ? "moves" : "move") : "moved"} down`,
    unchanged: `${members(counts.unchanged)} ${preview ? (counts.unchanged === 1 ? "stays" : "stay") : "stayed"} in the same tier`,
  };
}

/** The most a point can be worth at the shop's rewards, in minor units; null when none has a money value. */
function bestValuePerPoint(rewards: readonly ShopReward[]): number | null {
  const values = rewards.filter((r) => r.costPoints > 0 && r.valueMinor > 0).map((r) => r.valueMinor / r.costPoints);
  return values.length ? Math.max(...values) : null;
}

/** "worth up to ~$2.50" for points at the shop's best reward; null when rewards put no money on points. */
export function pointsWorth(points: number, rewards: readonly ShopReward[], currencyCode: string): string | null {
  const perPoint = bestValuePerPoint(rewards);
  if (perPoint === null || points <= 0) return null;
  const minor = Math.round(points * perPoint);
  return minor === 0
    ? `worth under ${formatMoney(1, currencyCode)}`
    : `worth up to ~${formatMoney(minor, currencyCode)}`;
}

export function costText(counts: EditCounts, rewards: readonly ShopReward[], currencyCode: string) {
  const entryWorth = pointsWorth(counts.entryRewardPoints, rewards, currencyCode);
  const yearWorth = pointsWorth(Math.abs(counts.multiplierPointsPerYear), rewards, currencyCode);
  const perYear = counts.multiplierPointsPerYear;
  return {
    entryRewards:
      counts.entryRewardPoints > 0
        ? `${count.format(counts.entryRewardPoints)} points in entry rewards, posted when you save${entryWorth ? ` (${entryWorth})` : ""}`
        : "No entry rewards to post",
    multipliers:
      perYear === 0
        ? "No change in what multipliers add"
        : `About ${count.format(Math.abs(perYear))} ${perYear > 0 ? "more" : "fewer"} points a year from multipliers, at the last 12 months’ purchases${yearWorth ? ` (${yearWorth})` : ""}`,
  };
}

export interface TierMoveGroup {
  from: string | null;
  to: string | null;
  members: number;
}

/**
 * The preview's moves grouped by where members go ("Gold → Platinum: 3"), named by tier; the
 * largest groups first. A tier the names do not know (deleted meanwhile) reads as "a deleted tier".
 */
export function groupMoves(
  moves: readonly { fromTierId: string | null; toTierId: string | null }[],
  names: ReadonlyMap<string, string>,
): TierMoveGroup[] {
  const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? "a deleted tier"));
  const groups = new Map<string, TierMoveGroup>();
  for (const move of moves) {
    const from = nameOf(move.fromTierId);
    const to = nameOf(move.toTierId);
    const key = JSON.stringify([from, to]);
    const group = groups.get(key) ?? { from, to, members: 0 };
    group.members++;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.members - a.members);
}
