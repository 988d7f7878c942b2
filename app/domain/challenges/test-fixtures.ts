/** Builders shared by this folder's tests: definitions go through the real schemas, defaults included. */
import type { z } from "zod";
import { definitionSchemas, type ChallengeOfKind } from "./definition";
import type { ChallengeState, RecordedCompletion } from "./completions";
import type { Contribution } from "./progress";

const base = (id: string) => ({
  id,
  title: `Challenge ${id}`,
  description: "",
  translations: {},
  active: true,
  position: 0,
});

export function challenge(input: z.input<typeof definitionSchemas.challenge>, id = "c1"): ChallengeOfKind<"challenge"> {
  return { ...base(id), kind: "challenge", ...definitionSchemas.challenge.parse(input) };
}

export function milestone(input: z.input<typeof definitionSchemas.milestone>, id = "m1"): ChallengeOfKind<"milestone"> {
  return { ...base(id), kind: "milestone", ...definitionSchemas.milestone.parse(input) };
}

export function streak(input: z.input<typeof definitionSchemas.streak>, id = "s1"): ChallengeOfKind<"streak"> {
  return { ...base(id), kind: "streak", ...definitionSchemas.streak.parse(input) };
}

export function contribution(window: string, sourceKey: string, at: string, amount = 1): Contribution {
  return { window, sourceKey, amount, occurredAt: new Date(at) };
}

export function state(
  contributions: readonly Contribution[],
  completions: readonly RecordedCompletion[] = [],
  member = { lifetimeEarned: 0, memberSince: new Date("2025-01-01T00:00:00Z") },
): ChallengeState {
  return { contributions, completions, member };
}
