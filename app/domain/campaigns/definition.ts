/**
 * Campaigns (seasonal adjustments) as data: the zod schema shared by the admin form, the stored
 * Campaign rows and the pure evaluators beside this file (schedule, boost, reward price,
 * projection). Parsing is where a bad campaign is stopped; the evaluators trust a parsed
 * `Campaign` and never re-check ranges. Pure: no Prisma, Remix or Shopify import.
 *
 * A campaign is a schedule (when, in the shop's time zone) and one effect:
 * - `multiplier`: the points of the targeted awards times a factor (×2 = 200 hundredths);
 * - `bonus`: a fixed number of points added to each targeted award (an order, a visit...);
 * - `reward_price`: chosen rewards cost a percentage fewer points, or give a percentage more
 *   value, while it runs ("richer rewards in slow periods").
 * How several multipliers on one award combine (tier and campaigns) is the shop's
 * `campaignStacking`, never the campaign's: see STACKING_POLICIES.
 */
import { z } from "zod";
import { channelSchema } from "../rules/rule";
import { parseDateText } from "../rules/shop-dates";

const id = z.string().trim().min(1).max(100);

/** Accepts a Date or an ISO string with an offset (stored JSON), always yields a Date. */
const instant = z.union([
  z.date(),
  z
    .string()
    .datetime({ offset: true })
    .transform((s) => new Date(s)),
]);

/** A calendar date in the shop's time zone, "2026-12-01". */
const calendarDate = z
  .string()
  .trim()
  .refine((text) => parseDateText(text) !== null, "Use a real date, YYYY-MM-DD.");

/** Optional first and last calendar days (both inclusive, shop time zone) of a recurring schedule. */
const bounds = {
  startsOn: calendarDate.optional(),
  endsOn: calendarDate.optional(),
};

/** ISO weekdays: 1 = Monday … 7 = Sunday ("every weekend" = [6, 7]). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * When a campaign runs, in the shop's time zone. Recurring schedules run over whole local days
 * (from midnight to midnight, whatever DST does to their length); an occurrence is a maximal
 * run of consecutive matching days ("every weekend": Saturday 00:00 to Monday 00:00).
 */
export const scheduleSchema = z.discriminatedUnion("type", [
  /** From `startsAt` (inclusive) to `endsAt` (exclusive). */
  z.object({ type: z.literal("once"), startsAt: instant, endsAt: instant }),
  /** On these weekdays of every week. */
  z.object({ type: z.literal("weekly"), days: z.array(z.number().int().min(1).max(7)).min(1).max(7), ...bounds }),
  /**
   * From day `fromDay` to day `toDay` (inclusive) of every month ("the first week of each
   * month" = 1..7); a `toDay` past the month's end means its last day (31: to the end).
   */
  z.object({
    type: z.literal("monthly"),
    fromDay: z.number().int().min(1).max(31),
    toDay: z.number().int().min(1).max(31),
    ...bounds,
  }),
  /** During these months of every year ("each December" = [12]). */
  z.object({ type: z.literal("yearly"), months: z.array(z.number().int().min(1).max(12)).min(1).max(12), ...bounds }),
]);
export type Schedule = z.output<typeof scheduleSchema>;
export type ScheduleType = Schedule["type"];

/**
 * Which awards an earning effect applies to. Every list empty: every award of every member.
 * Each non-empty list narrows it (all of them must match):
 * - `ruleIds`: these rules only (the Settings rate's default rule is "settings-rate",
 *   app/domain/order-earnings.ts SETTINGS_RATE_RULE_ID);
 * - `channels`: orders from these channels only (engagement awards have no channel and are
 *   left out when channels are chosen);
 * - `productTags`: orders only, and only the share of the order's spend on lines whose product
 *   has one of these tags (a ×2 on half the spend is ×1.5 on the order); a bonus needs one
 *   such line;
 * - `tierIds`: members in one of these tiers now;
 * - `customerTags`: members whose Shopify customer has one of these tags (Member.customerTags).
 */
export const targetingSchema = z.object({
  ruleIds: z.array(id).max(100).default([]),
  channels: z.array(channelSchema).max(20).default([]),
  productTags: z.array(z.string().trim().min(1).max(255)).max(50).default([]),
  tierIds: z.array(id).max(50).default([]),
  customerTags: z.array(z.string().trim().min(1).max(255)).max(50).default([]),
});
export type Targeting = z.output<typeof targetingSchema>;

export const effectSchema = z.discriminatedUnion("type", [
  /** 101..1000 hundredths: ×1.01 to ×10. */
  z.object({
    type: z.literal("multiplier"),
    multiplierHundredths: z.number().int().min(101).max(1000),
    targeting: targetingSchema.default({}),
  }),
  z.object({
    type: z.literal("bonus"),
    points: z.number().int().min(1).max(1_000_000),
    targeting: targetingSchema.default({}),
  }),
  /**
   * `rewardIds` empty: every reward. `costPercentOff`: the points price lowered by this
   * percentage (rounded up to a whole point, at least 1); `valuePercentUp`: the value raised
   * by this percentage (rounded down to a minor unit) for kinds with a value (amount_off,
   * store_credit, points_to_discount per step) and percent_off (its percentage, at most 100).
   * At least one of the two is above 0.
   */
  z.object({
    type: z.literal("reward_price"),
    rewardIds: z.array(id).max(200).default([]),
    costPercentOff: z.number().int().min(0).max(90).default(0),
    valuePercentUp: z.number().int().min(0).max(500).default(0),
  }),
]);
export type CampaignEffect = z.output<typeof effectSchema>;
export type CampaignEffectType = CampaignEffect["type"];
export const CAMPAIGN_EFFECT_TYPES = [
  "multiplier",
  "bonus",
  "reward_price",
] as const satisfies readonly CampaignEffectType[];

/** What Campaign.definition holds. */
export const campaignDefinitionSchema = z
  .object({ schedule: scheduleSchema, effect: effectSchema })
  .superRefine((definition, ctx) => {
    const { schedule, effect } = definition;
    if (effect.type === "reward_price" && effect.costPercentOff === 0 && effect.valuePercentUp === 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["effect", "costPercentOff"],
        message: "Lower the price or raise the value.",
      });
    }
    if (schedule.type === "once" && schedule.endsAt <= schedule.startsAt) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["schedule", "endsAt"],
        message: "The end must be after the start.",
      });
    }
    if (schedule.type === "monthly" && schedule.toDay < schedule.fromDay) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["schedule", "toDay"],
        message: "The last day comes after the first.",
      });
    }
    if (schedule.type !== "once" && schedule.startsOn && schedule.endsOn && schedule.endsOn < schedule.startsOn) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["schedule", "endsOn"],
        message: "The end must be after the start.",
      });
    }
  });
export type CampaignDefinition = z.output<typeof campaignDefinitionSchema>;

/** How multipliers on one award combine: the shop's choice (Shop.campaignStacking). */
export const STACKING_POLICIES = ["multiply", "add", "highest"] as const;
export type StackingPolicy = (typeof STACKING_POLICIES)[number];

/** A stored value read safely: anything unknown multiplies, as tiers and campaigns did before. */
export function stackingPolicyOf(value: string): StackingPolicy {
  return (STACKING_POLICIES as readonly string[]).includes(value) ? (value as StackingPolicy) : "multiply";
}

export interface Campaign extends CampaignDefinition {
  id: string;
  title: string;
  /** Other languages by locale ("fr"): the merchant's own words. */
  translations: Record<string, { title?: string }>;
  active: boolean;
  position: number;
}

const translationsSchema = z.record(z.string(), z.object({ title: z.string().optional() }));

/** A stored row: the campaign, or null with why it does not read (it then changes nothing). */
export function readCampaignRow(row: {
  id: string;
  title: string;
  translations: string;
  definition: string;
  active: boolean;
  position: number;
}): { campaign: Campaign; error: null } | { campaign: null; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(row.definition);
  } catch {
    return { campaign: null, error: "The stored definition is not JSON." };
  }
  const parsed = campaignDefinitionSchema.safeParse(json);
  if (!parsed.success) return { campaign: null, error: parsed.error.issues[0]?.message ?? "Invalid campaign." };
  let translations: Campaign["translations"] = {};
  try {
    const read = translationsSchema.safeParse(JSON.parse(row.translations));
    if (read.success) translations = read.data;
  } catch {
    // Unreadable translations: the title in the shop's language only.
  }
  return {
    campaign: {
      ...parsed.data,
      id: row.id,
      title: row.title,
      translations,
      active: row.active,
      position: row.position,
    },
    error: null,
  };
}

/** A definition as stored (Campaign.definition): dates as ISO text. */
export function definitionJson(definition: CampaignDefinition): string {
  return JSON.stringify(definition);
}
