/**
 * A member's progress on one challenge, read from its stored contributions: per window, the
 * sum of what counted, and which source reached the goal. Contributions are a set keyed by
 * source, so their order, or one seen twice, changes nothing. Pure.
 */
import type { Challenge } from "./definition";

export interface Contribution {
  sourceKey: string;
  window: string;
  amount: number;
  occurredAt: Date;
}

const byTimeThenSource = (a: Contribution, b: Contribution) =>
  a.occurredAt.getTime() - b.occurredAt.getTime() ||
  (a.sourceKey < b.sourceKey ? -1 : a.sourceKey > b.sourceKey ? 1 : 0);

/** One contribution per source (the store's unique key): of duplicates, a fixed one wins. */
export function distinctContributions(contributions: readonly Contribution[]): Contribution[] {
  const bySource = new Map<string, Contribution>();
  for (const c of contributions) {
    const kept = bySource.get(c.sourceKey);
    if (!kept || c.amount < kept.amount || (c.amount === kept.amount && byTimeThenSource(c, kept) < 0))
      bySource.set(c.sourceKey, c);
  }
  return [...bySource.values()].sort(byTimeThenSource);
}

/** The contributions that count, by window, each window's in time order. */
export function countingByWindow(contributions: readonly Contribution[]): Map<string, Contribution[]> {
  const windows = new Map<string, Contribution[]>();
  for (const c of distinctContributions(contributions)) {
    if (c.amount <= 0) continue;
    const list = windows.get(c.window) ?? [];
    list.push(c);
    windows.set(c.window, list);
  }
  return windows;
}

/** What a window-summed goal needs: the count or the amount. */
export function goalOf(challenge: Challenge): number {
  if (challenge.kind === "streak") return challenge.steps[0]!.length;
  const { measure } = challenge;
  switch (measure.type) {
    case "spend":
      return measure.amountMinor;
    case "points_earned":
      return measure.points;
    case "membership_days":
      return measure.days;
    default:
      return measure.count;
  }
}

/** A window's progress and, once met, the source that met it. */
export function windowProgress(
  counting: readonly Contribution[],
  goal: number,
): { progress: number; causeKey: string | null } {
  let progress = 0;
  let causeKey: string | null = null;
  for (const c of counting) {
    progress += c.amount;
    if (causeKey === null && progress >= goal) causeKey = c.sourceKey;
  }
  return { progress, causeKey };
}
