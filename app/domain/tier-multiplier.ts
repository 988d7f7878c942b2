/**
 * The member's tier as the rules engine's multiplier (EvaluationContext.multiplier): purchases
 * (spend rules, the Settings rate's default rule) always; engagement rules only when the tier
 * says `multiplyEngagement`; referrals never (they reward bringing a friend, not the member's
 * own activity). Pure.
 */
import type { EarningContext } from "./earning-context";
import { isEngagement, type Multiplier, type Rule } from "./rules";

/** The tier's factor for `rule`: 1 without a tier, or where the tier does not apply. */
export function tierFactor(context: EarningContext, rule: Rule): number {
  const tier = context.tier;
  if (!tier || tier.multiplierHundredths === 100) return 1;
  const applies = rule.kind === "spend" || (tier.multiplyEngagement && isEngagement(rule));
  return applies ? tier.multiplierHundredths / 100 : 1;
}

export function tierMultiplier(context: EarningContext): Multiplier {
  return (rule) => tierFactor(context, rule);
}
