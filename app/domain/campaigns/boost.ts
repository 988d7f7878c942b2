/**
 * What the member's tier and the running campaigns do to one award. Pure.
 *
 * - Which campaigns apply: an earning campaign (multiplier or bonus) whose every non-empty
 *   targeting list matches the award (./definition.ts targetingSchema): the rule, the order's
 *   channel, the share of the order's spend on products with its tags, the member's tier, the
 *   customer's tags.
 * - Multipliers: the tier's factor (app/domain/tier-multiplier.ts: purchases always,
 *   engagement when the tier says so, referrals never) and each applying multiplier
 *   campaign's factor combine under the shop's policy: `multiply` (the product), `add` (each
 *   adds what it adds over ×1) or `highest` (the largest alone). The tier is always one of the
 *   factors: a VIP is never left out of a campaign, nor a campaign out of a VIP's award.
 *   A campaign aimed at product tags multiplies only the share of the order's spend on those
 *   products: ×2 on half the spend is ×1.5 on the order.
 * - Bonus campaigns always add their points (whatever the policy), once per event.
 * - Attribution: what the multipliers added (the award's points over its base, bonuses
 *   aside) is shared out over the tier and each multiplier campaign in proportion to what each
 *   adds over ×1 on its own (under `highest`, the one that won takes all), in whole points that
 *   add up exactly: the order's components, what refunds take back in proportion.
 */
import type { EarningContext } from "../earning-context";
import { allocateProportionally } from "../spend-pricing";
import { channelIncludes, spendAfterExclusions } from "../rules/spend";
import type { Bonus, Multiplier, Rule, RuleEvent } from "../rules";
import { tierFactor } from "../tier-multiplier";
import type { StackingPolicy, Targeting } from "./definition";
import type { RunningCampaign } from "./schedule";

/** One multiplier on an award: the tier's or a campaign's, as a factor (≥ 1). */
export interface BoostMultiplier {
  source: "tier" | "campaign";
  id: string;
  factor: number;
}

/** Bonus points a campaign adds to an award. */
export interface BoostBonus {
  campaignId: string;
  points: number;
}

export interface Boost {
  /** The combined factor the award's base points are multiplied by. */
  factor: number;
  /** The multipliers that apply (factor above 1), the tier first, then campaigns in order. */
  multipliers: BoostMultiplier[];
  bonuses: BoostBonus[];
}

type OrderPaid = Extract<RuleEvent, { type: "order_paid" }>;

/**
 * The share (0..1) of the award's spend on lines with one of `tags`: the rule's eligible lines
 * only (what its exclusions left). Engagement awards have no spend: 0.
 */
export function taggedShare(rule: Rule, event: RuleEvent, tags: readonly string[]): number {
  if (event.type !== "order_paid" || rule.kind !== "spend") return 0;
  const wanted = new Set(tags.map((tag) => tag.trim().toLowerCase()));
  const excluded = new Set(rule.excludedProductTags.map((tag) => tag.trim().toLowerCase()));
  const lines = event.lines.filter((line) => !line.productTags.some((tag) => excluded.has(tag.trim().toLowerCase())));
  const eligible = spendAfterExclusions(rule, event).spendMinor;
  if (eligible <= 0) return 0;
  const tagged = lines
    .filter((line) => line.productTags.some((tag) => wanted.has(tag.trim().toLowerCase())))
    .reduce((sum, line) => sum + line.spendMinor, 0);
  return Math.min(1, tagged / eligible);
}

/**
 * How much of the award a campaign's targeting covers: 0 (not targeted), 1 (all of it), or
 * the share of spend on its product tags.
 */
export function targetedShare(targeting: Targeting, rule: Rule, event: RuleEvent, earning: EarningContext): number {
  if (targeting.ruleIds.length > 0 && !targeting.ruleIds.includes(rule.id)) return 0;
  if (targeting.channels.length > 0) {
    if (event.type !== "order_paid") return 0;
    if (!targeting.channels.some((channel) => channelIncludes(channel, event as OrderPaid))) return 0;
  }
  if (targeting.tierIds.length > 0 && !(earning.tier && targeting.tierIds.includes(earning.tier.id))) return 0;
  if (targeting.customerTags.length > 0) {
    const tags = new Set(earning.customerTags.map((tag) => tag.toLowerCase()));
    if (!targeting.customerTags.some((tag) => tags.has(tag.trim().toLowerCase()))) return 0;
  }
  return targeting.productTags.length > 0 ? taggedShare(rule, event, targeting.productTags) : 1;
}

/** The factors combined under the policy; none (or only ×1) is ×1. */
export function combineFactors(factors: readonly number[], policy: StackingPolicy): number {
  const safe = factors.filter((factor) => Number.isFinite(factor) && factor >= 1);
  switch (policy) {
    case "multiply":
      return safe.reduce((product, factor) => product * factor, 1);
    case "add":
      return 1 + safe.reduce((sum, factor) => sum + (factor - 1), 0);
    case "highest":
      return safe.reduce((best, factor) => Math.max(best, factor), 1);
  }
}

/** What the tier and the running campaigns do to an award of `rule` for `event`. */
export function awardBoost(earning: EarningContext, rule: Rule, event: RuleEvent): Boost {
  const multipliers: BoostMultiplier[] = [];
  const bonuses: BoostBonus[] = [];
  const tier = tierFactor(earning, rule);
  if (earning.tier && tier > 1) multipliers.push({ source: "tier", id: earning.tier.id, factor: tier });
  for (const campaign of earning.campaigns) {
    const { effect } = campaign;
    if (effect.type === "reward_price") continue;
    const share = targetedShare(effect.targeting, rule, event, earning);
    if (share <= 0) continue;
    if (effect.type === "multiplier") {
      multipliers.push({
        source: "campaign",
        id: campaign.id,
        factor: 1 + ((effect.multiplierHundredths - 100) / 100) * share,
      });
    } else {
      bonuses.push({ campaignId: campaign.id, points: effect.points });
    }
  }
  return {
    factor: combineFactors(
      multipliers.map((m) => m.factor),
      earning.stacking,
    ),
    multipliers,
    bonuses,
  };
}

/** A part of what the multipliers added to an award, in whole points. */
export interface AttributedPoints {
  source: "tier" | "campaign";
  id: string;
  points: number;
}

// Factors become whole weights for the largest-remainder split: a millionth is finer than any
// multiplier a merchant can enter (hundredths) times any spend share that matters.
const WEIGHT_SCALE = 1_000_000;

/**
 * `extra` (what the multipliers added: the multiplied points less the base) shared over the
 * boost's multipliers, in whole points adding up to it exactly (largest remainder first, then
 * the earlier multiplier). Under `highest` the largest multiplier (the first of equals: the
 * tier before campaigns) takes it all. Parts of 0 points are left out.
 */
export function attributeExtra(extra: number, boost: Boost, policy: StackingPolicy): AttributedPoints[] {
  const raising = raisingMultipliers(boost, policy);
  if (extra <= 0 || raising.length === 0) return [];
  const shares = allocateProportionally(
    extra,
    raising.map((m) => Math.round((m.factor - 1) * WEIGHT_SCALE)),
  );
  return raising
    .map((m, index) => ({ source: m.source, id: m.id, points: shares[index]! }))
    .filter((part) => part.points > 0);
}

/** The multipliers that raise the award under the policy: all of them, or under `highest` the winner. */
export function raisingMultipliers(boost: Boost, policy: StackingPolicy): BoostMultiplier[] {
  if (policy !== "highest" || boost.multipliers.length <= 1) return boost.multipliers;
  const winner = boost.multipliers.reduce((best, m) => (m.factor > best.factor ? m : best));
  return [winner];
}

/** "×2", "×1.5": a multiplier in hundredths as the reasons write it. */
export function multiplierText(hundredths: number): string {
  return `×${Number((hundredths / 100).toFixed(2))}`;
}

/**
 * The campaigns that raised an award, for its ledger reason: "Double points weekend ×2,
 * Welcome week +50". Empty when none did.
 */
export function campaignsReason(boost: Boost, campaigns: readonly RunningCampaign[], policy: StackingPolicy): string {
  const byId = new Map(campaigns.map((campaign) => [campaign.id, campaign]));
  const multiplied = raisingMultipliers(boost, policy).flatMap((m) => {
    const campaign = m.source === "campaign" ? byId.get(m.id) : undefined;
    return campaign?.effect.type === "multiplier"
      ? [`${campaign.title} ${multiplierText(campaign.effect.multiplierHundredths)}`]
      : [];
  });
  const added = boost.bonuses.flatMap((bonus) => {
    const campaign = byId.get(bonus.campaignId);
    return campaign ? [`${campaign.title} +${bonus.points}`] : [];
  });
  return [...multiplied, ...added].join(", ");
}

/**
 * The campaigns that raised an award the engine made with `earningHooks`, for its reason: its
 * multipliers as the boost has them and the bonuses the engine actually gave it.
 */
export function awardCampaignsReason(
  earning: EarningContext,
  rule: Rule,
  event: RuleEvent,
  award: { addedBonuses: readonly { id: string; points: number }[] },
): string {
  const boost = awardBoost(earning, rule, event);
  const bonuses = award.addedBonuses.map((part) => ({ campaignId: part.id, points: part.points }));
  return campaignsReason({ ...boost, bonuses }, earning.campaigns, earning.stacking);
}

/**
 * The boost as the rules engine's hooks (EvaluationContext.multiplier and .bonus): what order
 * pricing and engagement awards evaluate with, so both apply the same tier and campaigns.
 */
export function earningHooks(earning: EarningContext): { multiplier: Multiplier; bonus: Bonus } {
  return {
    multiplier: (rule, event) => awardBoost(earning, rule, event).factor,
    bonus: (rule, event) =>
      awardBoost(earning, rule, event).bonuses.map((bonus) => ({ id: bonus.campaignId, points: bonus.points })),
  };
}
