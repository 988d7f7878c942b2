/**
 * Where a member stands: their tier and its perks, how far the next tier is, and — once time
 * is about to take the tier — what keeps it and by when ("spend $40 by 31 January to keep
 * Gold"). What the widget, the member page and the Shopify facts show. Pure.
 */
import type { ShopifyPerk, Tier, TierProgram } from "./definition";
import { assessMember, type MemberTierFacts } from "./movement";
import { currentWindow } from "./periods";
import { qualificationValue, unitOf, type TierUnit } from "./qualification";

export interface TierStanding {
  /** perks: the merchant's text perks, then a code per Shopify perk (perkCode). */
  tier: { id: string; name: string; perks: string[] } | null;
  /** The next tier a member can qualify for; null at the top, and for a tier given by hand. */
  nextTier: { id: string; name: string; remaining: number; unit: TierUnit } | null;
  /**
   * What keeps an earned tier once time is about to take it: `remaining` more by `by`, the last
   * instant that still counts. null when the tier is not at risk (or held by a grant).
   */
  keep: { tierId: string; remaining: number; unit: TierUnit; by: Date } | null;
  /** Q in the current window. */
  value: number;
}

/** A Shopify perk as the code the widget's locale files word: "free_shipping", "percent_off:10". */
export function perkCode(perk: ShopifyPerk): string {
  return perk.type === "percent_off" ? `percent_off:${perk.percent}` : perk.type;
}

export function perksOf(tier: Tier): string[] {
  return [...tier.textPerks, ...tier.shopifyPerks.map(perkCode)];
}

export function tierStanding(program: TierProgram, facts: MemberTierFacts, now: Date): TierStanding {
  const { ladder, earned, holding } = assessMember(program, facts, now);
  const unit = unitOf(program.metric);
  const value = qualificationValue(facts.contributions, program.metric, currentWindow(program, now));
  const tier = ladder.tierAt(holding.rank);

  let nextTier: TierStanding["nextTier"] = null;
  const nextRank = holding.source === "manual" ? null : ladder.nextVisibleRank(holding.rank);
  if (nextRank !== null) {
    const next = ladder.tierAt(nextRank)!;
    nextTier = { id: next.id, name: next.name, remaining: Math.max(0, ladder.valueToReach(nextRank)! - value), unit };
  }

  let keep: TierStanding["keep"] = null;
  const risk = earned.risk;
  if (tier && holding.source === "earned" && risk && now.getTime() >= risk.noticeFrom.getTime()) {
    const remaining = (ladder.valueToReach(holding.rank) ?? 0) - risk.valueAtDeadline;
    if (remaining > 0) keep = { tierId: tier.id, remaining, unit, by: new Date(risk.deadline.getTime() - 1) };
  }

  return { tier: tier ? { id: tier.id, name: tier.name, perks: perksOf(tier) } : null, nextTier, keep, value };
}
