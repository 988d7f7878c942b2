/**
 * The Rewards Bazaar's vocabulary: the kinds of reward and what each one is. A stored Reward
 * row (prisma/schema.prisma) keeps every kind's columns side by side; readRewardRow turns it
 * into the one shape its kind has, so the rest of the code never asks which nullable column
 * means what. Pure: no Prisma, Remix or Shopify import.
 */

/** The storefront's names for the kinds (the storefront JSON and the widget use them). */
export const REWARD_KINDS = [
  "amount_off",
  "percent_off",
  "free_shipping",
  "free_product",
  "store_credit",
  "custom",
  "points_to_discount",
] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

/** Kinds whose redemption is a discount code the shopper takes to checkout. */
export const CODE_KINDS: readonly RewardKind[] = [
  "amount_off",
  "percent_off",
  "free_shipping",
  "free_product",
  "points_to_discount",
];

export const isRewardKind = (value: string): value is RewardKind => (REWARD_KINDS as readonly string[]).includes(value);

export interface RewardText {
  title: string;
  description: string;
}

/** What the discount code may be combined with at checkout (Shopify's combinesWith). */
export interface Combines {
  order: boolean;
  product: boolean;
  shipping: boolean;
}

interface RewardBase {
  id: string;
  title: string;
  description: string;
  imageUrl: string | null;
  /** Other languages by locale ("fr", "pt-BR"): the merchant's own words. */
  translations: Record<string, Partial<RewardText>>;
  /** The price in points; points_to_discount: the points of one step. */
  costPoints: number;
  /** null: unlimited. */
  stockRemaining: number | null;
  limits: { perCustomer: number | null; perPeriod: { count: number; days: number } | null };
  /** Redeemable in [from, until); null: open on that side. */
  redeemWindow: { from: Date | null; until: Date | null };
  /** Shown in [from, until); null: open on that side. */
  showWindow: { from: Date | null; until: Date | null };
  minTierId: string | null;
  codeExpiryDays: number | null;
  combines: Combines;
  position: number;
  active: boolean;
}

export type Reward = RewardBase &
  (
    | { kind: "amount_off"; valueMinor: number; minimumOrderMinor: number | null }
    | { kind: "percent_off"; percentOff: number; minimumOrderMinor: number | null }
    | { kind: "free_shipping"; maxShippingMinor: number | null; minimumOrderMinor: number | null }
    | { kind: "free_product"; productId: string; variantId: string | null; valueMinor: number }
    | { kind: "store_credit"; valueMinor: number }
    /** valueMinor: what one costs the merchant (for the cost rate); the shopper sees no value. */
    | { kind: "custom"; valueMinor: number }
    /** costPoints buys valueMinor, in steps, up to maxPoints (a multiple of costPoints). */
    | { kind: "points_to_discount"; valueMinor: number; maxPoints: number; minimumOrderMinor: number | null }
  );

/** The stored row's columns (the Prisma model's scalar fields this module reads). */
export interface RewardRow {
  id: string;
  kind: string;
  title: string;
  description: string;
  imageUrl: string | null;
  translations: string;
  costPoints: number;
  valueMinor: number;
  percentOff: number | null;
  minimumOrderMinor: number | null;
  maxShippingMinor: number | null;
  productId: string | null;
  variantId: string | null;
  maxPoints: number | null;
  stockRemaining: number | null;
  limitPerCustomer: number | null;
  limitPerPeriod: number | null;
  limitPeriodDays: number | null;
  redeemFrom: Date | null;
  redeemUntil: Date | null;
  showFrom: Date | null;
  showUntil: Date | null;
  minTierId: string | null;
  codeExpiryDays: number | null;
  combinesWithOrder: boolean;
  combinesWithProduct: boolean;
  combinesWithShipping: boolean;
  position: number;
  active: boolean;
}

export class UnknownRewardKindError extends Error {
  override name = "UnknownRewardKindError";
}

function translationsOf(json: string): Record<string, Partial<RewardText>> {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    const out: Record<string, Partial<RewardText>> = {};
    for (const [locale, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (!value || typeof value !== "object") continue;
      const { title, description } = value as Record<string, unknown>;
      out[locale] = {
        ...(typeof title === "string" && title.trim() ? { title } : {}),
        ...(typeof description === "string" && description.trim() ? { description } : {}),
      };
    }
    return out;
  } catch {
    return {};
  }
}

/** A stored row as its kind's shape. An unknown kind is an error, never a default. */
export function readRewardRow(row: RewardRow): Reward {
  const base: RewardBase = {
    id: row.id,
    title: row.title,
    description: row.description,
    imageUrl: row.imageUrl,
    translations: translationsOf(row.translations),
    costPoints: row.costPoints,
    stockRemaining: row.stockRemaining,
    limits: {
      perCustomer: row.limitPerCustomer,
      perPeriod:
        row.limitPerPeriod !== null && row.limitPeriodDays !== null
          ? { count: row.limitPerPeriod, days: row.limitPeriodDays }
          : null,
    },
    redeemWindow: { from: row.redeemFrom, until: row.redeemUntil },
    showWindow: { from: row.showFrom, until: row.showUntil },
    minTierId: row.minTierId,
    codeExpiryDays: row.codeExpiryDays,
    combines: { order: row.combinesWithOrder, product: row.combinesWithProduct, shipping: row.combinesWithShipping },
    position: row.position,
    active: row.active,
  };
  const minimumOrderMinor = row.minimumOrderMinor;
  switch (row.kind) {
    case "amount_off":
      return { ...base, kind: "amount_off", valueMinor: row.valueMinor, minimumOrderMinor };
    case "percent_off":
      return { ...base, kind: "percent_off", percentOff: row.percentOff ?? 0, minimumOrderMinor };
    case "free_shipping":
      return { ...base, kind: "free_shipping", maxShippingMinor: row.maxShippingMinor, minimumOrderMinor };
    case "free_product":
      return {
        ...base,
        kind: "free_product",
        productId: row.productId ?? "",
        variantId: row.variantId,
        valueMinor: row.valueMinor,
      };
    case "store_credit":
      return { ...base, kind: "store_credit", valueMinor: row.valueMinor };
    case "custom":
      return { ...base, kind: "custom", valueMinor: row.valueMinor };
    case "points_to_discount":
      return {
        ...base,
        kind: "points_to_discount",
        valueMinor: row.valueMinor,
        maxPoints: row.maxPoints ?? row.costPoints,
        minimumOrderMinor,
      };
    default:
      throw new UnknownRewardKindError(`Reward ${row.id} has an unknown kind "${row.kind}".`);
  }
}
