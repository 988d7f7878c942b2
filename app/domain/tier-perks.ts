/**
 * Tier perks Shopify delivers by itself (docs/decisions/0025): each tier with a Shopify perk
 * gets a customer segment (the customers carrying the tier's tag) and one automatic discount
 * per perk limited to that segment. This plans what to create, update and delete so that
 * Shopify matches the tiers, from what was written before. Pure.
 */
import { tierTag } from "./customer-facts";
import type { ShopifyPerk, Tier } from "./tiers/definition";

export interface SegmentSpec {
  name: string;
  query: string;
}

export interface PerkDiscountSpec {
  title: string;
  /** Null for free shipping. */
  percent: number | null;
}

export type PerkType = ShopifyPerk["type"];

export interface StoredSegment extends SegmentSpec {
  tierId: string;
  segmentId: string;
}

export interface StoredPerkDiscount {
  tierId: string;
  perk: PerkType;
  discountId: string;
  spec: PerkDiscountSpec;
}

/** The segment of a tier's members. Names must be unique in a shop; the tier's name makes it so. */
export function tierSegmentSpec(tier: Pick<Tier, "name">): SegmentSpec {
  return { name: `Loyalty tier: ${tier.name}`, query: `customer_tags CONTAINS '${tierTag(tier.name)}'` };
}

export function perkDiscountSpec(tier: Pick<Tier, "name">, perk: ShopifyPerk): PerkDiscountSpec {
  return perk.type === "free_shipping"
    ? { title: `${tier.name} members: free shipping`, percent: null }
    : { title: `${tier.name} members: ${perk.percent}% off`, percent: perk.percent };
}

export interface PerkPlan {
  createSegments: (SegmentSpec & { tierId: string })[];
  updateSegments: (SegmentSpec & { tierId: string; segmentId: string })[];
  /** After the discounts that use them are deleted. */
  deleteSegments: { tierId: string; segmentId: string }[];
  createDiscounts: { tierId: string; perk: PerkType; spec: PerkDiscountSpec }[];
  updateDiscounts: { tierId: string; perk: PerkType; discountId: string; spec: PerkDiscountSpec }[];
  deleteDiscounts: { tierId: string; perk: PerkType; discountId: string }[];
}

const sameDiscount = (a: PerkDiscountSpec, b: PerkDiscountSpec) => a.title === b.title && a.percent === b.percent;

/**
 * What to send so that Shopify holds a segment and its discounts for exactly the tiers with
 * Shopify perks. A tier whose perks are all gone loses its discounts and its segment; a
 * renamed tier's segment follows its new tag; nothing that already matches is sent again.
 */
export function planTierPerks(
  tiers: readonly Pick<Tier, "id" | "name" | "shopifyPerks">[],
  stored: { segments: readonly StoredSegment[]; discounts: readonly StoredPerkDiscount[] },
): PerkPlan {
  const plan: PerkPlan = {
    createSegments: [],
    updateSegments: [],
    deleteSegments: [],
    createDiscounts: [],
    updateDiscounts: [],
    deleteDiscounts: [],
  };
  const withPerks = new Map(tiers.filter((t) => t.shopifyPerks.length > 0).map((t) => [t.id, t]));
  for (const tier of withPerks.values()) {
    const want = tierSegmentSpec(tier);
    const have = stored.segments.find((s) => s.tierId === tier.id);
    if (!have) plan.createSegments.push({ tierId: tier.id, ...want });
    else if (have.name !== want.name || have.query !== want.query) {
      plan.updateSegments.push({ tierId: tier.id, segmentId: have.segmentId, ...want });
    }
    for (const perk of tier.shopifyPerks) {
      const spec = perkDiscountSpec(tier, perk);
      const existing = stored.discounts.find((d) => d.tierId === tier.id && d.perk === perk.type);
      if (!existing) plan.createDiscounts.push({ tierId: tier.id, perk: perk.type, spec });
      else if (!sameDiscount(existing.spec, spec)) {
        plan.updateDiscounts.push({ tierId: tier.id, perk: perk.type, discountId: existing.discountId, spec });
      }
    }
  }
  for (const discount of stored.discounts) {
    const tier = withPerks.get(discount.tierId);
    if (!tier || !tier.shopifyPerks.some((p) => p.type === discount.perk)) {
      plan.deleteDiscounts.push({ tierId: discount.tierId, perk: discount.perk, discountId: discount.discountId });
    }
  }
  for (const segment of stored.segments) {
    if (!withPerks.has(segment.tierId))
      plan.deleteSegments.push({ tierId: segment.tierId, segmentId: segment.segmentId });
  }
  return plan;
}
