/**
 * Streaks from the periods (days or weeks) with the action: consecutive periods make a run;
 * a gap of missed periods is forgiven while the run's grace lasts (`graceMissed` in all per
 * streak), else the run ends and the next period starts a new one. A run is named by its
 * first period, and a step is reached once per run. Pure.
 */
import type { ChallengeOfKind } from "./definition";
import type { Contribution } from "./progress";
import { countingByWindow } from "./progress";
import { periodIndex, periodKeyOfIndex } from "./windows";

export interface StreakRun {
  /** The key of its first period: the window its completions are recorded in. */
  startKey: string;
  /** Periods with the action, in order (their indexes). */
  periods: number[];
  /** The first contribution of each of those periods (what reached a step). */
  causes: string[];
  graceUsed: number;
}

export function streakRuns(streak: ChallengeOfKind<"streak">, contributions: readonly Contribution[]): StreakRun[] {
  const periods = [...countingByWindow(contributions)]
    .map(([window, counting]) => ({ index: periodIndex(window), cause: counting[0]!.sourceKey }))
    .filter((p): p is { index: number; cause: string } => p.index !== null)
    .sort((a, b) => a.index - b.index);
  const runs: StreakRun[] = [];
  for (const period of periods) {
    const run = runs[runs.length - 1];
    const last = run?.periods[run.periods.length - 1];
    const missed = last === undefined ? Infinity : period.index - last - 1;
    if (run && run.graceUsed + missed <= streak.graceMissed) {
      run.periods.push(period.index);
      run.causes.push(period.cause);
      run.graceUsed += missed;
    } else {
      runs.push({
        startKey: periodKeyOfIndex(streak.period, period.index),
        periods: [period.index],
        causes: [period.cause],
        graceUsed: 0,
      });
    }
  }
  return runs;
}

export interface CurrentStreak {
  run: StreakRun | null;
  length: number;
  graceLeft: number;
  /** The last period the action may come in to keep the streak (index), null with no streak. */
  lastChance: number | null;
}

/**
 * The streak still alive at the period `nowIndex`: the current period does not break it yet
 * (the action may still come), each period missed before it spends grace.
 */
export function currentStreak(
  streak: ChallengeOfKind<"streak">,
  runs: readonly StreakRun[],
  nowIndex: number,
): CurrentStreak {
  const run = runs[runs.length - 1];
  const none = { run: null, length: 0, graceLeft: streak.graceMissed, lastChance: null };
  if (!run) return none;
  const last = run.periods[run.periods.length - 1]!;
  const missedSince = Math.max(0, nowIndex - last - 1);
  const graceLeft = streak.graceMissed - run.graceUsed - missedSince;
  if (graceLeft < 0) return none;
  return { run, length: run.periods.length, graceLeft, lastChance: Math.max(nowIndex, last + 1) + graceLeft };
}
