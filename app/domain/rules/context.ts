/** What the engine is told besides the rules and the event: who, when, where, and what before. */
import type { RuleEvent } from "./event";
import type { Rule } from "./rule";

export interface Member {
  /** The Shopify customer id; part of every per-customer idempotency key. */
  id: string;
  createdAt: Date;
  /** E-mail (or phone) verified: engagement rules may insist on it against fake accounts. */
  verified: boolean;
}

/**
 * Points multiplier for an award, e.g. a tier's ×1.25 or a Black Friday ×2. The default is 1;
 * the result is applied to the points and rounded down. Anything that is not a finite number
 * ≥ 0 counts as 1, so a broken campaign neither zeroes nor inflates awards.
 */
export type Multiplier = (rule: Rule, event: RuleEvent) => number;

export interface EvaluationContext {
  now: Date;
  /** The shop's IANA time zone: days, weeks (from Monday), months and years are its own. */
  timeZone: string;
  member: Member;
  engagementPaused: boolean;
  multiplier?: Multiplier;
}

/** One award the member already received from a rule: the ledger entries with a rule cause. */
export interface PastAward {
  ruleId: string;
  /** The award's idempotency key (./keys.ts): says which field, page, order or period it was for. */
  key: string;
  at: Date;
}

export type History = readonly PastAward[];
