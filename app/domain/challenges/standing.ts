/**
 * Where a member stands on each challenge that is on: progress toward the goal of the
 * current window (a streak: its current length toward the next step), when the window ends
 * and whether it is completed. What the member page and the storefront show. Pure.
 */
import type { Challenge, ChallengeKind, CompletionReward } from "./definition";
import { challengePhase } from "./phase";
import { countingByWindow, goalOf, windowProgress } from "./progress";
import { currentStreak, streakRuns } from "./streak";
import { milestoneFactProgress, type ChallengeState } from "./completions";
import { countedType } from "./contributions";
import { LIFETIME_WINDOW, periodIndex, periodKeyOfIndex, windowEndsAt, windowKeyAt } from "./windows";
import { periodKey } from "../rules/period";

export interface ChallengeStanding {
  challengeId: string;
  kind: ChallengeKind;
  /** The measure or streak action type. */
  measure: string;
  progress: number;
  goal: number;
  windowKey: string;
  endsAt: Date | null;
  reward: CompletionReward;
  completedAt: Date | null;
  streak: { length: number; nextStep: number | null; graceLeft: number } | null;
}

function liveCompletion(state: ChallengeState, window: string, step: number) {
  return state.completions.find((c) => c.window === window && c.step === step && !c.reversedAt) ?? null;
}

/** The standing on a challenge that is on now; null for one that is not. */
export function challengeStanding(
  challenge: Challenge,
  state: ChallengeState,
  now: Date,
  timeZone: string,
): ChallengeStanding | null {
  if (challengePhase(challenge, now, timeZone) !== "active") return null;
  const base = { challengeId: challenge.id, kind: challenge.kind, measure: countedType(challenge) };
  switch (challenge.kind) {
    case "challenge": {
      const windowKey = windowKeyAt(challenge, now, timeZone);
      if (windowKey === null) return null;
      const goal = goalOf(challenge);
      const counting = countingByWindow(state.contributions).get(windowKey) ?? [];
      return {
        ...base,
        progress: windowProgress(counting, goal).progress,
        goal,
        windowKey,
        endsAt: windowEndsAt(challenge, windowKey, timeZone),
        reward: challenge.reward,
        completedAt: liveCompletion(state, windowKey, 0)?.completedAt ?? null,
        streak: null,
      };
    }
    case "milestone": {
      const goal = goalOf(challenge);
      const { measure } = challenge;
      const progress =
        measure.type === "orders" || measure.type === "spend"
          ? windowProgress(countingByWindow(state.contributions).get(LIFETIME_WINDOW) ?? [], goal).progress
          : milestoneFactProgress(challenge, state.member, now, timeZone);
      return {
        ...base,
        progress,
        goal,
        windowKey: LIFETIME_WINDOW,
        endsAt: challenge.endsAt ?? null,
        reward: challenge.reward,
        completedAt: liveCompletion(state, LIFETIME_WINDOW, 0)?.completedAt ?? null,
        streak: null,
      };
    }
    case "streak": {
      const nowKey = periodKey(now, timeZone, challenge.period);
      const current = currentStreak(challenge, streakRuns(challenge, state.contributions), periodIndex(nowKey)!);
      const next = challenge.steps.find((step) => step.length > current.length) ?? null;
      const last = challenge.steps[challenge.steps.length - 1]!;
      const windowKey = current.run?.startKey ?? nowKey;
      // The end of the last period the action may come in and keep the streak.
      const lastChance = current.lastChance === null ? null : periodKeyOfIndex(challenge.period, current.lastChance);
      return {
        ...base,
        progress: current.length,
        goal: (next ?? last).length,
        windowKey,
        endsAt: lastChance ? windowEndsAt(challenge, lastChance, timeZone) : null,
        reward: (next ?? last).reward,
        completedAt: next ? null : (liveCompletion(state, windowKey, last.length)?.completedAt ?? null),
        streak: { length: current.length, nextStep: next?.length ?? null, graceLeft: current.graceLeft },
      };
    }
  }
}
