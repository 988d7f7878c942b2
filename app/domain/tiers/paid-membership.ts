/**
 * Paid membership: which tiers an order's products buy, and how long a bought tier lasts.
 * The server (app/tiers/grants.server.ts) turns what Shopify sent into these inputs and
 * writes the grants; deciding is here. Pure.
 */
import type { Tier } from "./definition";

/** A product on an order (or on a refund's line), with its tags when they were asked for. */
export interface OrderedProduct {
  productId: string;
  /** Shopify's tags of the product; empty when no tier sells by tag (they are not asked for). */
  tags: readonly string[];
}

/** Tiers sold by product tag: only then are an order's product tags worth asking Shopify for. */
export function sellsByTag(tiers: readonly Tier[]): boolean {
  return tiers.some((tier) => tier.paidProductTag !== null);
}

/** Tiers sold at all (by product id or by tag). */
export function sellsMemberships(tiers: readonly Tier[]): boolean {
  return tiers.some((tier) => tier.paidProductId !== null || tier.paidProductTag !== null);
}

/** Whether this product buys `tier`: it is the tier's product, or carries its tag (case-insensitive, as Shopify's tags are). */
export function productBuysTier(tier: Tier, product: OrderedProduct): boolean {
  if (tier.paidProductId !== null && tier.paidProductId === product.productId) return true;
  if (tier.paidProductTag === null) return false;
  const tag = tier.paidProductTag.toLowerCase();
  return product.tags.some((t) => t.trim().toLowerCase() === tag);
}

/**
 * The tiers the products buy, each once however many lines or units buy it (one order buys
 * one membership of a tier; a second order buys another).
 */
export function tiersBoughtBy(tiers: readonly Tier[], products: readonly OrderedProduct[]): Tier[] {
  return tiers.filter((tier) => products.some((product) => productBuysTier(tier, product)));
}

/**
 * When a membership bought at `startsAt` for `months` ends: the same time of day `months`
 * calendar months later (UTC), on the last day of the month when that month is shorter
 * (31 January + 1 month = 28 or 29 February). null months: for life.
 */
export function paidMembershipEnd(startsAt: Date, months: number | null): Date | null {
  if (months === null) return null;
  const year = startsAt.getUTCFullYear();
  const month = startsAt.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(startsAt.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      startsAt.getUTCHours(),
      startsAt.getUTCMinutes(),
      startsAt.getUTCSeconds(),
      startsAt.getUTCMilliseconds(),
    ),
  );
}
