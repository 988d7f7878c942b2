/**
 * The rules engine: given the shop's rules, one event, what the member already received and
 * the context, say which awards to post and why the other rules gave nothing. Pure and
 * deterministic: no clock (`context.now`), no randomness, output order = rule order.
 *
 * Posting is the caller's job. Every award has an idempotency key derived from its cause, so
 * evaluating the same event twice (a redelivered webhook, a retried request) yields the same
 * keys and the ledger's unique index keeps one entry. Feeding the posted awards back as
 * history makes the engine itself refuse them ("already_awarded").
 */
import type { Claim, ClaimResult } from "./claim";
import type { BonusPart, EvaluationContext, History } from "./context";
import type { RuleEvent } from "./event";
import { availabilityRefusal } from "./availability";
import { engagementClaims } from "./engagement";
import { limitRefusal } from "./limits";
import { referralClaims } from "./referral";
import { refusal, type Refusal } from "./refusal";
import type { Rule } from "./rule";
import { spendClaims } from "./spend";
import { ruleConcernsEvent } from "./targeting";

export interface Award {
  ruleId: string;
  /** Usually the member evaluated; for a referral, the referrer and the friend. */
  customerId: string;
  points: number;
  /** The points before the multiplier: `points - basePoints` is what the multiplier added. */
  basePoints: number;
  /** The part of `basePoints` that is a one-off bonus (a spend rule's first-order bonus). */
  bonusPoints: number;
  /**
   * Points added after the multiplier by the context's bonus hook (campaigns), included in
   * `points`: `points - basePoints - their sum` is what the multiplier added.
   */
  addedBonuses: BonusPart[];
  reason: string;
  idempotencyKey: string;
}

export interface Evaluation {
  awards: Award[];
  refusals: Refusal[];
}

function claimsFor(rule: Rule, event: RuleEvent, history: History, context: EvaluationContext): ClaimResult {
  if (rule.kind === "spend")
    return event.type === "order_paid" ? spendClaims(rule, event, history, context.member.id) : { claims: [] };
  if (rule.kind === "referral")
    return event.type === "referral_completed" ? referralClaims(rule, event, context.member.id) : { claims: [] };
  return engagementClaims(rule, event, context);
}

/** Applied after the rule's own rounding; a tiny epsilon keeps 100 × 1.15 at 115, not 114. */
function multiplied(points: number, factor: number): number {
  const safe = Number.isFinite(factor) && factor >= 0 ? factor : 1;
  return Math.max(0, Math.floor(points * safe + 1e-9));
}

export function evaluate(
  rules: readonly Rule[],
  event: RuleEvent,
  history: History,
  context: EvaluationContext,
): Evaluation {
  const awards: Award[] = [];
  const refusals: Refusal[] = [];
  const awardedKeys = new Set(history.map((past) => past.key));
  const givenBonuses = new Set<string>();

  for (const rule of rules) {
    if (!ruleConcernsEvent(rule, event)) continue;
    const unavailable = availabilityRefusal(rule, context);
    if (unavailable) {
      refusals.push(unavailable);
      continue;
    }
    const result = claimsFor(rule, event, history, context);
    if ("refusal" in result) {
      refusals.push(result.refusal);
      continue;
    }
    // Times this rule awarded the member, growing as this evaluation awards more (profile
    // fields filled at once still respect a daily limit).
    const awardedAt = history.filter((past) => past.ruleId === rule.id).map((past) => past.at);
    for (const claim of result.claims) {
      const outcome = settleClaim(rule, claim, event, context, awardedKeys, awardedAt, givenBonuses);
      if ("code" in outcome) {
        refusals.push(outcome);
        continue;
      }
      awards.push(...outcome);
      for (const award of outcome) awardedKeys.add(award.idempotencyKey);
      awardedAt.push(context.now);
    }
  }
  return { awards, refusals };
}

/** The bonus parts not given yet in this evaluation (now marked given); invalid ones dropped. */
function newBonuses(parts: readonly BonusPart[], given: Set<string>): BonusPart[] {
  const fresh: BonusPart[] = [];
  for (const part of parts) {
    if (!Number.isSafeInteger(part.points) || part.points <= 0 || given.has(part.id)) continue;
    given.add(part.id);
    fresh.push(part);
  }
  return fresh;
}

function settleClaim(
  rule: Rule,
  claim: Claim,
  event: RuleEvent,
  context: EvaluationContext,
  awardedKeys: ReadonlySet<string>,
  awardedAt: readonly Date[],
  givenBonuses: Set<string>,
): Award[] | Refusal {
  // Before limits: a retry must read as a retry, not as "limit reached" by its own first award.
  if (claim.awards.some((award) => awardedKeys.has(award.key))) {
    return refusal(rule.id, "already_awarded", "Points were already given for this.");
  }
  const limited = limitRefusal(rule.id, rule.limits, awardedAt, context.now, context.timeZone);
  if (limited) return limited;
  const factor = (context.multiplier ?? (() => 1))(rule, event);
  const awards = claim.awards
    .map((award, index) => {
      const multipliedPoints = multiplied(award.basePoints, factor);
      // Only the member's own award, and only one that earns: a bonus raises an award, it
      // does not make one of a claim that rounds to nothing.
      const addedBonuses =
        index === 0 && multipliedPoints > 0 && context.bonus
          ? newBonuses(context.bonus(rule, event), givenBonuses)
          : [];
      const points = multipliedPoints + addedBonuses.reduce((sum, part) => sum + part.points, 0);
      return {
        ruleId: rule.id,
        customerId: award.customerId,
        points,
        basePoints: award.basePoints,
        bonusPoints: award.bonusPoints ?? 0,
        addedBonuses,
        reason: award.reason(points),
        idempotencyKey: award.key,
      };
    })
    .filter((award) => award.points > 0);
  // The member's own award must survive: it is the trace in their history that makes a
  // second evaluation see this claim as done (a referral's friend award lives elsewhere).
  if (awards[0]?.customerId !== claim.awards[0].customerId)
    return refusal(rule.id, "no_points", "This earns less than one point.");
  return awards;
}
