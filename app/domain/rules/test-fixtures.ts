/** Builders shared by this folder's tests: rules go through the real schema, defaults included. */
import type { EvaluationContext, History, PastAward } from "./context";
import { ruleEventSchema, type RuleEvent } from "./event";
import { ruleSchema, type Rule, type RuleInput } from "./rule";

export function rule(input: RuleInput): Rule {
  return ruleSchema.parse(input);
}

export function event(input: unknown): RuleEvent {
  return ruleEventSchema.parse(input);
}

export const MEMBER_ID = "cust-1";

export function context(overrides: Partial<EvaluationContext> = {}): EvaluationContext {
  return {
    now: new Date("2026-06-15T12:00:00Z"),
    timeZone: "UTC",
    member: { id: MEMBER_ID, createdAt: new Date("2025-01-01T00:00:00Z"), verified: true },
    engagementPaused: false,
    ...overrides,
  };
}

export function past(ruleId: string, at: string, key = `${ruleId}:past:${at}`): PastAward {
  return { ruleId, key, at: new Date(at) };
}

export function history(...entries: PastAward[]): History {
  return entries;
}
