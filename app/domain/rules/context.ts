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

/** Points added to an award after its multiplier, e.g. a campaign's +50; `id` names who adds them. */
export interface BonusPart {
  id: string;
  points: number;
}

/**
 * Bonuses for an award (campaigns'). Each id is given at most once per evaluation, to the
 * member's own award of the first rule that names it: a bonus is per event (an order, a visit),
 * not per rule that happens to pay it. Parts that are not whole numbers above 0 are ignored.
 */
export type Bonus = (rule: Rule, event: RuleEvent) => readonly BonusPart[];

export interface EvaluationContext {
  now: Date;
  /** The shop's IANA time zone: days, weeks (from Monday), months and years are its own. */
  timeZone: string;
  member: Member;
  engagementPaused: boolean;
  multiplier?: Multiplier;
  bonus?: Bonus;
}

/** One award the member already received from a rule: the ledger entries with a rule cause. */
export interface PastAward {
  ruleId: string;
  /** The award's idempotency key (./keys.ts): says which field, page, order or period it was for. */
  key: string;
  at: Date;
}

export type History = readonly PastAward[];
