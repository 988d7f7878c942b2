// TEMPORARY (storefront helper): replaced by engineer B's module
/**
 * A stand-in for engineer B's standing with the brief's ChallengeStanding and B's pure
 * challengeStanding(challenge, state, now, timeZone): progress summed from stored
 * contributions in the current window. Simplified (no grace, no reversal semantics). Pure.
 */
import type { Challenge, ChallengeKind, CompletionReward } from "./definition";
import { periodKey } from "../rules/period";
import { addDays, parseDateText, startOfDay } from "../rules/shop-dates";

export interface ChallengeStanding {
  challengeId: string;
  kind: ChallengeKind;
  measure: string;
  progress: number;
  goal: number;
  windowKey: string;
  endsAt: Date | null;
  reward: CompletionReward;
  completedAt: Date | null;
  streak: { length: number; nextStep: number | null; graceLeft: number } | null;
}

export interface ChallengeState {
  contributions: readonly { sourceKey: string; window: string; amount: number; occurredAt: Date }[];
  completions: readonly {
    id: string;
    window: string;
    step: number;
    attempt: number;
    completedAt: Date;
    reversedAt: Date | null;
  }[];
  member: { lifetimeEarned: number; memberSince: Date };
}

function windowEnd(key: string, timeZone: string): Date | null {
  const week = /^week:(.+)$/.exec(key);
  const day = /^day:(.+)$/.exec(key);
  const month = /^month:(\d{4})-(\d{2})$/.exec(key);
  if (week || day) {
    const date = parseDateText((week ?? day)![1]!);
    return date ? startOfDay(addDays(date, week ? 7 : 1), timeZone) : null;
  }
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    return startOfDay(m === 12 ? { year: y + 1, month: 1, day: 1 } : { year: y, month: m + 1, day: 1 }, timeZone);
  }
  return null;
}

const sum = (state: ChallengeState, window: string) =>
  state.contributions.filter((c) => c.window === window).reduce((total, c) => total + c.amount, 0);
const completedIn = (state: ChallengeState, window: string) =>
  state.completions.find((c) => c.window === window && !c.reversedAt)?.completedAt ?? null;

export function challengeStanding(
  challenge: Challenge,
  state: ChallengeState,
  now: Date,
  timeZone: string,
): ChallengeStanding | null {
  if (!challenge.active) return null;
  if ((challenge.startsAt && now < challenge.startsAt) || (challenge.endsAt && now >= challenge.endsAt)) return null;
  const base = { challengeId: challenge.id, kind: challenge.kind };
  switch (challenge.kind) {
    case "challenge": {
      const { window, measure } = challenge;
      if (window.type === "range" && (now < window.startsAt || now >= window.endsAt)) return null;
      const key = window.type === "range" ? "range" : periodKey(now, timeZone, window.type);
      const goal = measure.type === "spend" ? measure.amountMinor : measure.count;
      return {
        ...base,
        measure: measure.type,
        progress: Math.min(goal, sum(state, key)),
        goal,
        windowKey: key,
        endsAt: window.type === "range" ? window.endsAt : windowEnd(key, timeZone),
        reward: challenge.reward,
        completedAt: completedIn(state, key),
        streak: null,
      };
    }
    case "milestone": {
      const { measure } = challenge;
      const goal =
        measure.type === "spend"
          ? measure.amountMinor
          : measure.type === "points_earned"
            ? measure.points
            : measure.type === "membership_days"
              ? measure.days
              : measure.count;
      const progress =
        measure.type === "points_earned"
          ? state.member.lifetimeEarned
          : measure.type === "membership_days"
            ? Math.floor((now.getTime() - state.member.memberSince.getTime()) / 86_400_000)
            : sum(state, "lifetime");
      return {
        ...base,
        measure: measure.type,
        progress: Math.max(0, Math.min(goal, progress)),
        goal,
        windowKey: "lifetime",
        endsAt: challenge.endsAt ?? null,
        reward: challenge.reward,
        completedAt: completedIn(state, "lifetime"),
        streak: null,
      };
    }
    case "streak": {
      const windows = new Set(state.contributions.map((c) => c.window));
      let length = 0;
      let at = now;
      const step = challenge.period === "day" ? 86_400_000 : 7 * 86_400_000;
      // The current period may still come: the run may end in the one before.
      if (!windows.has(periodKey(at, timeZone, challenge.period))) at = new Date(at.getTime() - step);
      while (windows.has(periodKey(at, timeZone, challenge.period))) {
        length++;
        at = new Date(at.getTime() - step);
      }
      const next = challenge.steps.find((s) => s.length > length) ?? null;
      const last = challenge.steps[challenge.steps.length - 1]!;
      const nowKey = periodKey(now, timeZone, challenge.period);
      return {
        ...base,
        measure: challenge.action.type,
        progress: length,
        goal: (next ?? last).length,
        windowKey: nowKey,
        endsAt: windowEnd(nowKey, timeZone),
        reward: (next ?? last).reward,
        completedAt: null,
        streak: { length, nextStep: next?.length ?? null, graceLeft: challenge.graceMissed },
      };
    }
  }
}
