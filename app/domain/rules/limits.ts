/**
 * Per-customer limits of one rule, checked against the times that rule already awarded the
 * customer something. Periods are the shop's calendar periods (./period.ts); the cooldown is
 * elapsed time, because "once every 10 minutes" is about farming speed, not the calendar.
 */
import { samePeriod } from "./period";
import { refusal, type Refusal } from "./refusal";
import type { Limits, Period } from "./rule";

const PERIOD_LIMITS: [keyof Limits, Period, string][] = [
  ["perDay", "day", "a day"],
  ["perWeek", "week", "a week"],
  ["perMonth", "month", "a month"],
];

export function limitRefusal(
  ruleId: string,
  limits: Limits,
  awardedAt: readonly Date[],
  now: Date,
  timeZone: string,
): Refusal | null {
  if (limits.perLifetime !== undefined && awardedAt.length >= limits.perLifetime) {
    return refusal(ruleId, "limit_reached", `This can earn points at most ${times(limits.perLifetime)} in total.`);
  }
  for (const [field, period, label] of PERIOD_LIMITS) {
    const limit = limits[field];
    if (limit === undefined) continue;
    const inPeriod = awardedAt.filter((at) => samePeriod(at, now, timeZone, period)).length;
    if (inPeriod >= limit) {
      return refusal(ruleId, "limit_reached", `This can earn points at most ${times(limit)} ${label}.`);
    }
  }
  if (limits.cooldownSeconds) {
    const last = Math.max(...awardedAt.map((at) => at.getTime()));
    const waitMs = last + limits.cooldownSeconds * 1000 - now.getTime();
    if (awardedAt.length > 0 && waitMs > 0) {
      return refusal(ruleId, "cooldown", `Try again in ${waitText(waitMs)}.`);
    }
  }
  return null;
}

const times = (n: number) => (n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);

function waitText(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} minutes`;
  return `${Math.ceil(minutes / 60)} hours`;
}
