/**
 * The earning rules a merchant configures, as zod schemas shared by the admin form, the
 * stored JSON and the engine. Parsing is where a bad rule is stopped: the engine trusts a
 * parsed `Rule` and never re-checks ranges.
 */
import { z } from "zod";
import { isValidTimeZone } from "./period";

/** Every kind except these two is "engagement": paused by the kill switch, open to farming. */
export const NON_ENGAGEMENT_KINDS = ["spend", "referral"] as const;

export const PROFILE_FIELDS = ["name", "birthday", "phone", "address", "marketing_consent"] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export const PERIODS = ["day", "week", "month", "year"] as const;
export type Period = (typeof PERIODS)[number];

const id = z.string().trim().min(1).max(100);
const points = z.number().int().min(1).max(1_000_000);
const bonusPoints = z.number().int().min(0).max(1_000_000);
const count = z.number().int().min(1).max(1_000_000);
/** Accepts a Date or an ISO string with an offset (stored JSON), always yields a Date. */
const instant = z.union([
  z.date(),
  z
    .string()
    .datetime({ offset: true })
    .transform((s) => new Date(s)),
]);

export const limitsSchema = z.object({
  perDay: count.optional(),
  perWeek: count.optional(),
  perMonth: count.optional(),
  perLifetime: count.optional(),
  cooldownSeconds: z
    .number()
    .int()
    .min(0)
    .max(366 * 24 * 3600)
    .optional(),
});
export type Limits = z.infer<typeof limitsSchema>;

const base = {
  id,
  name: z.string().trim().min(1).max(120),
  active: z.boolean().default(true),
  startsAt: instant.optional(),
  endsAt: instant.optional(),
  limits: limitsSchema.default({}),
};

/** Engagement rules are the farmable ones, so they can demand a real, settled account. */
const engagement = {
  ...base,
  requiresVerifiedAccount: z.boolean().default(false),
  minAccountAgeDays: z.number().int().min(0).max(3650).default(0),
};

/**
 * Where an order came from. Matched against Shopify's `source_name`: "web" is the online
 * store, "pos" the POS app, "shopify_draft_order" a draft order; anything else (a sales
 * channel app, "iphone", a custom storefront) is named as it is sent.
 */
export const channelSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("online_store") }),
  /** No location ids: every POS location. */
  z.object({ type: z.literal("pos"), locationIds: z.array(id).optional() }),
  z.object({ type: z.literal("draft_order") }),
  z.object({ type: z.literal("source_name"), sourceName: z.string().trim().min(1).max(100) }),
  /**
   * Every order, whatever its source (none included): the Settings rate's default rule
   * (app/domain/order-earnings.ts), as the flat rate always applied. The admin form offers
   * the standard channels and named sources instead.
   */
  z.object({ type: z.literal("every") }),
]);
export type Channel = z.infer<typeof channelSchema>;

export const ALL_STANDARD_CHANNELS: Channel[] = [{ type: "online_store" }, { type: "pos" }, { type: "draft_order" }];

// At most two decimals (0.5 or 1.25 points per unit): the engine computes in hundredths,
// exactly, so a rate like 0.1 + 0.2 never turns into a point lost to floating point.
const rate = z
  .number()
  .positive()
  .max(10_000)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, "Use at most two decimals.");

const spendRule = z.object({
  ...base,
  kind: z.literal("spend"),
  pointsPerUnit: rate,
  rounding: z.enum(["down", "nearest"]).default("down"),
  /** Compared with the order's eligible spend (after discounts, before shipping and tax). */
  minimumOrderMinor: z.number().int().min(0).default(0),
  excludedProductTags: z.array(z.string().trim().min(1)).default([]),
  channels: z.array(channelSchema).min(1).default(ALL_STANDARD_CHANNELS),
  firstOrderBonusPoints: bonusPoints.default(0),
});

const accountCreatedRule = z.object({ ...engagement, kind: z.literal("account_created"), points });

const profileCompletedRule = z.object({
  ...engagement,
  kind: z.literal("profile_completed"),
  /** Fields left out earn nothing. */
  fieldPoints: z.object(
    Object.fromEntries(PROFILE_FIELDS.map((f) => [f, bonusPoints.optional()])) as Record<
      ProfileField,
      z.ZodOptional<typeof bonusPoints>
    >,
  ),
});

const birthdayRule = z.object({
  ...engagement,
  kind: z.literal("birthday"),
  points,
  /** On the day itself, or any day of the birthday month (for shops that email monthly). */
  awardOn: z.enum(["day", "month"]).default("day"),
});

const visitRule = z.object({ ...engagement, kind: z.literal("visit"), points, period: z.enum(PERIODS).default("day") });

export const pagePatternSchema = z.object({
  /** A path such as "/pages/lookbook" or "/blogs/news/*"; `*` matches anything, "/" included. */
  pattern: z.string().trim().regex(/^[/*]/, "Start the page with /, for example /pages/lookbook."),
  /** Shown to shoppers and in the history as the merchant wrote it: "Lookbook", "the Journal". */
  label: z.string().trim().min(1).max(80).optional(),
});

const pageVisitRule = z.object({
  ...engagement,
  kind: z.literal("page_visit"),
  points,
  pages: z.array(pagePatternSchema).min(1),
  period: z.enum(PERIODS).default("day"),
});

const storeSearchRule = z.object({
  ...engagement,
  kind: z.literal("store_search"),
  points,
  period: z.enum(PERIODS).default("day"),
});
const offerViewedRule = z.object({ ...engagement, kind: z.literal("offer_viewed"), points });

const shareRule = z.object({
  ...engagement,
  kind: z.literal("share"),
  points,
  subject: z.enum(["product", "programme", "any"]).default("any"),
});

const followRule = z.object({
  ...engagement,
  kind: z.literal("follow"),
  points,
  network: z.string().trim().min(1).max(40),
});

/**
 * The referrer always earns something: their award is what records the referral in the
 * history the engine sees (evaluate in the referrer's context), so it is what stops a
 * friend's award from being issued twice. The friend's side may be 0.
 */
const referralRule = z.object({
  ...base,
  kind: z.literal("referral"),
  referrerPoints: points,
  friendPoints: bonusPoints,
});

const customRule = z.object({
  ...engagement,
  kind: z.literal("custom"),
  points,
  /** What the merchant's systems post, e.g. "app_launched". */
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9_.-]{1,64}$/i, "Use letters, digits, _ . or -."),
});

export const ruleSchema = z
  .discriminatedUnion("kind", [
    spendRule,
    accountCreatedRule,
    profileCompletedRule,
    birthdayRule,
    visitRule,
    pageVisitRule,
    storeSearchRule,
    offerViewedRule,
    shareRule,
    followRule,
    referralRule,
    customRule,
  ])
  .superRefine((rule, ctx) => {
    if (rule.startsAt && rule.endsAt && rule.endsAt <= rule.startsAt) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["endsAt"], message: "The end must be after the start." });
    }
  });

export type Rule = z.output<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;
export type RuleKind = Rule["kind"];
export type RuleOfKind<K extends RuleKind> = Extract<Rule, { kind: K }>;
export type SpendRule = RuleOfKind<"spend">;
export type EngagementRule = Exclude<Rule, { kind: (typeof NON_ENGAGEMENT_KINDS)[number] }>;

export function isEngagement(rule: Rule): rule is EngagementRule {
  return !(NON_ENGAGEMENT_KINDS as readonly string[]).includes(rule.kind);
}

export const shopRuleSettingsSchema = z.object({
  timeZone: z.string().refine(isValidTimeZone, "Unknown time zone."),
  /** The kill switch: stops every engagement rule at once, purchases and referrals still earn. */
  engagementPaused: z.boolean().default(false),
});
export type ShopRuleSettings = z.infer<typeof shopRuleSettingsSchema>;
