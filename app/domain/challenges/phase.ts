/**
 * Where a challenge stands in its life, for the admin's lists and the storefront: switched
 * off ("paused"), not begun ("scheduled"), counting ("active") or over ("ended"). Pure.
 */
import type { Challenge } from "./definition";
import { windowBounds } from "./windows";
import { periodKey } from "../rules/period";

export type ChallengePhase = "scheduled" | "active" | "ended" | "paused";

export function challengePhase(challenge: Challenge, now: Date, timeZone: string): ChallengePhase {
  if (!challenge.active) return "paused";
  const range = challenge.kind === "challenge" && challenge.window.type === "range" ? challenge.window : null;
  if ((challenge.startsAt && now < challenge.startsAt) || (range && now < range.startsAt)) return "scheduled";
  if ((challenge.endsAt && now >= challenge.endsAt) || (range && now >= range.endsAt)) return "ended";
  if (challenge.kind === "challenge" && challenge.window.type !== "range" && !challenge.window.repeat) {
    // A single week or month: the one its startsAt falls in (no startsAt: it repeats).
    const start = challenge.startsAt;
    const only = start ? windowBounds(challenge, periodKey(start, timeZone, challenge.window.type), timeZone) : null;
    if (only && now >= only.end) return "ended";
  }
  return "active";
}
