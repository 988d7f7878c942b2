/**
 * A shop's tiers as data: the zod schemas shared by the admin form, the stored rows and the
 * tier engine (./movement.ts and friends). Parsing is where a bad tier is stopped; the
 * engine trusts a parsed `Tier` and never re-checks ranges. Pure.
 */
import { z } from "zod";

/** What qualifies a member for a tier: points earned, money spent (minor units), orders paid. */
export const TIER_METRICS = ["points", "spend", "orders"] as const;
export type TierMetric = (typeof TIER_METRICS)[number];

/** Over which period qualification is counted, in the shop's time zone. */
export const TIER_PERIODS = ["lifetime", "calendar_year", "rolling_12_months"] as const;
export type TierPeriod = (typeof TIER_PERIODS)[number];

/** How a member holds their tier. */
export const TIER_SOURCES = ["earned", "manual", "paid"] as const;
export type TierSource = (typeof TIER_SOURCES)[number];

/** Perks Shopify applies by itself at checkout for every order of the tier's members. */
export const shopifyPerkSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("free_shipping") }),
  z.object({ type: z.literal("percent_off"), percent: z.number().int().min(1).max(100) }),
]);
export type ShopifyPerk = z.infer<typeof shopifyPerkSchema>;

/** The largest threshold: spend in minor units fits PostgreSQL's bigint and exact doubles. */
export const MAX_THRESHOLD = Number.MAX_SAFE_INTEGER;

const name = z.string().trim().min(1).max(60);
const points = z.number().int().min(0).max(1_000_000);

export const tierSchema = z
  .object({
    id: z.string().trim().min(1).max(100),
    name,
    /** 0 = the first (lowest) tier; unique within the shop. */
    position: z.number().int().min(0).max(1000),
    /** In the shop's metric: points, minor units of the shop currency, or orders. */
    threshold: z.number().int().min(0).max(MAX_THRESHOLD),
    /** Only staff assign it; qualifying never reaches it. */
    hidden: z.boolean().default(false),
    /** Earn multiplier in hundredths: 100 = ×1, 150 = ×1.5 (at most ×10). */
    multiplierHundredths: z.number().int().min(100).max(1000).default(100),
    /** The multiplier applies to engagement rules too, not only purchases. */
    multiplyEngagement: z.boolean().default(false),
    entryRewardPoints: points.default(0),
    birthdayBonusPoints: points.default(0),
    shopifyPerks: z.array(shopifyPerkSchema).max(5).default([]),
    textPerks: z.array(z.string().trim().min(1).max(140)).max(10).default([]),
    /** Paid membership: bought with this product, or with any product carrying this tag. */
    paidProductId: z.string().trim().regex(/^\d+$/, "a numeric product id").max(30).nullable().default(null),
    paidProductTag: z.string().trim().min(1).max(255).nullable().default(null),
    /** How long a bought membership lasts; null: for life. */
    paidMonths: z.number().int().min(1).max(120).nullable().default(null),
  })
  .superRefine((tier, ctx) => {
    const free = tier.shopifyPerks.filter((p) => p.type === "free_shipping").length;
    const percent = tier.shopifyPerks.filter((p) => p.type === "percent_off").length;
    if (free > 1 || percent > 1) {
      ctx.addIssue({ code: "custom", path: ["shopifyPerks"], message: "Each kind of perk at most once per tier." });
    }
    if (tier.paidMonths !== null && tier.paidProductId === null && tier.paidProductTag === null) {
      ctx.addIssue({
        code: "custom",
        path: ["paidMonths"],
        message: "A duration needs a product that sells the tier.",
      });
    }
  });
export type Tier = z.infer<typeof tierSchema>;
export type TierInput = z.input<typeof tierSchema>;

/** The shop's programme: its tiers (ordered by position) and how they qualify. */
export interface TierProgram {
  metric: TierMetric;
  period: TierPeriod;
  /** Days a member keeps a tier after its qualification period ends without requalifying. */
  graceDays: number;
  /** The shop's IANA time zone: calendar years and dates are its own. */
  timeZone: string;
  tiers: readonly Tier[];
}

export const programSettingsSchema = z.object({
  metric: z.enum(TIER_METRICS),
  period: z.enum(TIER_PERIODS),
  graceDays: z.number().int().min(0).max(365),
});
export type ProgramSettings = z.infer<typeof programSettingsSchema>;

/** A stored Tier row (prisma/schema.prisma), its JSON columns as text. */
export interface TierRow {
  id: string;
  name: string;
  position: number;
  threshold: bigint | number;
  hidden: boolean;
  multiplierHundredths: number;
  multiplyEngagement: boolean;
  entryRewardPoints: number;
  birthdayBonusPoints: number;
  shopifyPerks: string;
  textPerks: string;
  paidProductId: string | null;
  paidProductTag: string | null;
  paidMonths: number | null;
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * A row read through the schema. A row that no longer parses (written by hand, or by an older
 * version) yields null with the reason, and is left out of the programme rather than guessed.
 */
export function readTierRow(row: TierRow): { tier: Tier; problem: null } | { tier: null; problem: string } {
  const parsed = tierSchema.safeParse({
    ...row,
    threshold: Number(row.threshold),
    shopifyPerks: json(row.shopifyPerks),
    textPerks: json(row.textPerks),
  });
  if (parsed.success) return { tier: parsed.data, problem: null };
  return { tier: null, problem: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
}

/** The columns a tier is stored in. */
export function tierColumns(tier: Omit<Tier, "id">) {
  return {
    ...tier,
    threshold: BigInt(tier.threshold),
    shopifyPerks: JSON.stringify(tier.shopifyPerks),
    textPerks: JSON.stringify(tier.textPerks),
  };
}

export function metricOf(value: string): TierMetric {
  return (TIER_METRICS as readonly string[]).includes(value) ? (value as TierMetric) : "points";
}

export function periodOf(value: string): TierPeriod {
  return (TIER_PERIODS as readonly string[]).includes(value) ? (value as TierPeriod) : "lifetime";
}
