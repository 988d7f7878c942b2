/**
 * The shopper's tier as the storefront API answers it (./storefront-api.ts), from the tier
 * engine's standing (app/domain/tiers/progress.ts): the bar's end is the next tier's
 * threshold, and the day to act by is a date in the shop's calendar, so the widget shows the
 * same day in every shopper's time zone. Pure.
 */
import { dayOf } from "../domain/rules/shop-dates";
import type { TierProgram } from "../domain/tiers/definition";
import type { TierStanding } from "../domain/tiers/progress";
import type { CustomerView } from "./storefront-api";

export type TierView = Pick<CustomerView, "tier" | "nextTier" | "tierKeep">;

export const NO_TIER: TierView = { tier: null, nextTier: null, tierKeep: null };

export function tierViewOf(standing: TierStanding, program: Pick<TierProgram, "tiers" | "timeZone">): TierView {
  const { tier, nextTier, keep } = standing;
  if (!tier) return NO_TIER;
  const next = nextTier && program.tiers.find((candidate) => candidate.id === nextTier.id);
  return {
    tier: { id: tier.id, name: tier.name, perks: [...tier.perks] },
    nextTier:
      nextTier && next && nextTier.remaining > 0
        ? {
            id: nextTier.id,
            name: nextTier.name,
            remaining: nextTier.remaining,
            unit: nextTier.unit,
            threshold: next.threshold,
          }
        : null,
    // `by` is the last instant that still counts: its day in the shop's calendar.
    tierKeep:
      keep && keep.remaining > 0
        ? {
            tierId: keep.tierId,
            remaining: keep.remaining,
            unit: keep.unit,
            by: dayOf(keep.by, program.timeZone),
          }
        : null,
  };
}
