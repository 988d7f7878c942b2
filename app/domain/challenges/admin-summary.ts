/**
 * A challenge, milestone or streak in the merchant's words, for the Challenges list and the
 * member page: the goal ("5 visits each month"), what completing gives ("100 points"), when
 * it runs. Pure.
 */
import { formatMoney } from "../money";
import type { Challenge, ChallengeMeasure, CompletionReward, MilestoneMeasure } from "./definition";

const count = new Intl.NumberFormat("en");

export const KIND_LABELS = { challenge: "Challenge", milestone: "Milestone", streak: "Streak" } as const;

const plural = (n: number, one: string, many = `${one}s`) => `${count.format(n)} ${n === 1 ? one : many}`;

const MEASURE_UNITS: Record<string, [string, string?]> = {
  orders: ["order"],
  visits: ["visit"],
  pages: ["page"],
  shares: ["share"],
  custom_actions: ["action"],
  profile_fields: ["profile detail"],
  points_earned: ["point earned", "points earned"],
  membership_days: ["day as a member", "days as a member"],
};

/** "5 visits", "Spend $100.00", "3 of: /pages/a, /pages/b". */
export function measureText(measure: ChallengeMeasure | MilestoneMeasure, currencyCode: string) {
  if (measure.type === "spend") return `Spend ${formatMoney(measure.amountMinor, currencyCode)}`;
  const [one, many] = MEASURE_UNITS[measure.type] ?? [measure.type];
  const n = "count" in measure ? measure.count : "points" in measure ? measure.points : measure.days;
  const base = plural(n, one, many);
  if (measure.type === "pages") return `${base} of ${measure.pages.map((p) => p.pattern).join(", ")}`;
  if (measure.type === "custom_actions") return `${base} “${measure.key}”`;
  if (measure.type === "profile_fields") return `${base} of ${measure.fields.join(", ")}`;
  return base;
}

/** The goal in words, with its window or streak period. */
export function goalText(challenge: Challenge, currencyCode: string): string {
  if (challenge.kind === "streak") {
    const action =
      challenge.action.type === "orders"
        ? "An order"
        : challenge.action.type === "visits"
          ? "A visit"
          : `The action “${challenge.action.key}”`;
    const lengths = challenge.steps.map((s) => s.length).join(", ");
    const grace = challenge.graceMissed
      ? `, ${plural(challenge.graceMissed, "missed " + challenge.period)} forgiven`
      : "";
    return `${action} every ${challenge.period}: rewarded at ${lengths} in a row${grace}`;
  }
  const measure = measureText(challenge.measure, currencyCode);
  if (challenge.kind === "milestone") return `${measure} in all`;
  const window = challenge.window;
  if (window.type === "range") return `${measure} between the dates`;
  const every = window.type === "week" ? "week" : "month";
  return window.repeat ? `${measure} each ${every}` : `${measure} in one ${every}`;
}

/** "100 points", "Free coffee". */
export function rewardText(reward: CompletionReward, rewardTitles: ReadonlyMap<string, string>): string {
  return reward.type === "points"
    ? plural(reward.points, "point")
    : (rewardTitles.get(reward.rewardId) ?? "A reward no longer in the catalogue");
}

/** What completing gives: one reward, or each streak step's. */
export function completionText(challenge: Challenge, rewardTitles: ReadonlyMap<string, string>): string {
  if (challenge.kind !== "streak") return rewardText(challenge.reward, rewardTitles);
  return challenge.steps.map((s) => `${s.length} in a row: ${rewardText(s.reward, rewardTitles)}`).join(" · ");
}
