/**
 * Which completions a member's state calls for, and which recorded ones it no longer
 * supports. A goal met in a window (a streak: a step reached in a run) is completed once; a
 * completion whose goal is no longer met (an order behind it refunded or cancelled) is to be
 * reversed, unless the merchant keeps them (`keepOnRefund`) or the challenge does not count
 * orders (what else counts never goes down). Met again after a reversal: a new attempt.
 * A challenge switched off completes nothing more. Decided from the set of contributions
 * alone, so any arrival order gives the same answer. Pure.
 */
import type { Challenge, CompletionReward } from "./definition";
import { countingByWindow, goalOf, windowProgress, type Contribution } from "./progress";
import { streakRuns } from "./streak";
import { calendarDaysBetween, isOnAt, LIFETIME_WINDOW } from "./windows";
import { countsOrders } from "./contributions";

export interface MemberFacts {
  /** Member.lifetimeEarned. */
  lifetimeEarned: number;
  /** When their Shopify account was made, else when they joined. */
  memberSince: Date;
}

export interface RecordedCompletion {
  id: string;
  window: string;
  step: number;
  attempt: number;
  completedAt: Date;
  reversedAt: Date | null;
}

export interface ChallengeState {
  contributions: readonly Contribution[];
  completions: readonly RecordedCompletion[];
  member: MemberFacts;
}

/** A goal met: what a completion records. */
export interface MetGoal {
  window: string;
  step: number;
  causeKey: string | null;
  reward: CompletionReward;
}

export interface CompletionDecisions {
  complete: Array<MetGoal & { attempt: number }>;
  reverse: Array<{ completionId: string; reason: string }>;
}

export const NO_LONGER_MET = "The goal is no longer met: an order that counted was refunded or cancelled.";

/** Every goal the state meets, whether or not it is recorded yet. */
export function metGoals(challenge: Challenge, state: ChallengeState, now: Date, timeZone: string): MetGoal[] {
  switch (challenge.kind) {
    case "challenge": {
      const goal = goalOf(challenge);
      return [...countingByWindow(state.contributions)].flatMap(([window, counting]) => {
        const { progress, causeKey } = windowProgress(counting, goal);
        return progress >= goal ? [{ window, step: 0, causeKey, reward: challenge.reward }] : [];
      });
    }
    case "milestone": {
      const goal = goalOf(challenge);
      const met = (causeKey: string | null) => [
        { window: LIFETIME_WINDOW, step: 0, causeKey, reward: challenge.reward },
      ];
      const { measure } = challenge;
      if (measure.type === "orders" || measure.type === "spend") {
        const { progress, causeKey } = windowProgress(
          countingByWindow(state.contributions).get(LIFETIME_WINDOW) ?? [],
          goal,
        );
        return progress >= goal ? met(causeKey) : [];
      }
      // What the member's facts say is only read while the milestone is on.
      if (!isOnAt(challenge, now)) return [];
      return milestoneFactProgress(challenge, state.member, now, timeZone) >= goal ? met(null) : [];
    }
    case "streak":
      return streakRuns(challenge, state.contributions).flatMap((run) =>
        challenge.steps
          .filter((step) => step.length <= run.periods.length)
          .map((step) => ({
            window: run.startKey,
            step: step.length,
            causeKey: run.causes[step.length - 1]!,
            reward: step.reward,
          })),
      );
  }
}

/** A milestone counted from the member, not from contributions. */
export function milestoneFactProgress(
  milestone: Extract<Challenge, { kind: "milestone" }>,
  member: MemberFacts,
  now: Date,
  timeZone: string,
): number {
  const { measure } = milestone;
  if (measure.type === "points_earned") return Math.max(0, member.lifetimeEarned);
  if (measure.type === "membership_days") return Math.max(0, calendarDaysBetween(member.memberSince, now, timeZone));
  return 0;
}

const slot = (window: string, step: number) => JSON.stringify([window, step]);

export function decideCompletions(
  challenge: Challenge,
  state: ChallengeState,
  now: Date,
  timeZone: string,
): CompletionDecisions {
  const met = metGoals(challenge, state, now, timeZone);
  const metSlots = new Set(met.map((goal) => slot(goal.window, goal.step)));
  const live = new Set<string>();
  const attempts = new Map<string, number>();
  for (const c of state.completions) {
    const key = slot(c.window, c.step);
    if (!c.reversedAt) live.add(key);
    attempts.set(key, Math.max(attempts.get(key) ?? -1, c.attempt));
  }
  // Switched off: nothing new completes (an order's refund may still reverse).
  const complete = (challenge.active ? met : [])
    .filter((goal) => !live.has(slot(goal.window, goal.step)))
    .map((goal) => ({ ...goal, attempt: (attempts.get(slot(goal.window, goal.step)) ?? -1) + 1 }));
  const reversible = countsOrders(challenge) && !challenge.keepOnRefund;
  const reverse = reversible
    ? state.completions
        .filter((c) => !c.reversedAt && !metSlots.has(slot(c.window, c.step)))
        .map((c) => ({ completionId: c.id, reason: NO_LONGER_MET }))
    : [];
  return { complete, reverse };
}
