/**
 * What the storefront JSON API (the app proxy routes, app/routes/proxy.*.tsx) answers, as zod
 * schemas: the types the server builds its answers with are inferred from them, and
 * docs/api/storefront.openapi.json's schemas are derived from them (./storefront-openapi.ts),
 * so the code, its types and the document cannot drift apart. Numbers and codes only, never
 * shopper text (decision 0015): the widget words them. Pure.
 */
import { z } from "zod";
import { PROFILE_FIELDS, REFUSAL_CODES, type RuleKind } from "../domain/rules";
import { RULE_KIND_ORDER } from "../domain/rules/kinds";
import { REWARD_KINDS } from "../domain/rewards/catalogue";
import {
  CHALLENGE_KINDS,
  CHALLENGE_MEASURE_TYPES,
  MILESTONE_MEASURE_TYPES,
  type MeasureType,
  type MilestoneMeasure,
} from "../domain/challenges/definition";

/** A challenge's measure or a milestone's (a streak's action is one of them). */
type CountedMeasure = MeasureType | MilestoneMeasure["type"];

const count = z.number().int().min(0);
const instant = z.string().describe("An instant, ISO 8601 in UTC (`2026-01-31T12:00:00.000Z`).");

export const moneySchema = z
  .object({
    amountMinor: z.number().int().describe("In the currency's minor unit (cents): 500 is $5.00."),
    currency: z.string().describe("ISO 4217 code."),
  })
  .describe("An amount of money; the widget formats it in the shopper's locale.");

export const tierUnitSchema = z
  .enum(["points", "money", "orders"])
  .describe("What the shop's tiers count: points earned, money spent (minor units of `currency`) or orders placed.");

const purchaseOfferSchema = z.object({
  pointsPerUnit: z
    .number()
    .min(0)
    .describe(
      "Points for every whole unit of `currency` spent, the member's tier multiplier included (up to 4 decimals: 1.875).",
    ),
  minimumOrderMinor: count.describe("Orders from this amount (minor units) earn; 0: any order."),
  firstOrderBonusPoints: count.describe("Added on a first order, the member's tier multiplier included."),
  multiplierHundredths: count.describe(
    "The multiplier already applied (the signed-in member's tier and the running campaigns, as the shop combines them), in hundredths: 100 = none, 150 = ×1.5.",
  ),
  campaignBonusPoints: count.describe("Points running bonus campaigns add to an order, on top of the rate."),
});

const wayToEarnSchema = z.object({
  ruleId: z.string(),
  kind: z.enum(RULE_KIND_ORDER as [RuleKind, ...RuleKind[]]),
  points: count,
  label: z.string().describe("Plain English, for readers without their own wording; the widget words the kind."),
  pattern: z
    .string()
    .optional()
    .describe("page_visit: the merchant's page pattern (`/pages/lookbook`, `*` = anything)."),
  pageLabel: z.string().optional().describe("page_visit: the merchant's name for the page."),
  field: z.enum(PROFILE_FIELDS).optional().describe("profile_completed: the field still to fill."),
  subject: z.enum(["product", "programme", "any"]).optional().describe("share: what may be shared."),
  network: z.string().optional().describe("follow: the network."),
});

export const customerTierSchema = z
  .object({
    id: z.string(),
    name: z.string().describe("The merchant's name for the tier."),
    perks: z
      .array(z.string())
      .describe(
        "The merchant's perks as they wrote them, and one code per perk Shopify applies at checkout: `free_shipping`, `percent_off:<percent>` (`percent_off:10`). The widget words the codes.",
      ),
  })
  .describe("The signed-in member's tier; null for a guest, or when the shop has no tier the member holds.");

export const nextTierSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    remaining: z.number().int().min(1).describe("Still to earn, spend (minor units) or place, in `unit`."),
    unit: tierUnitSchema,
    threshold: z
      .number()
      .int()
      .min(1)
      .describe(
        "The next tier's threshold in `unit`: `threshold - remaining` is where the member stands (a progress bar's value).",
      ),
  })
  .describe("The next tier up and what reaching it takes; null at the top, or for a guest.");

export const tierKeepSchema = z
  .object({
    tierId: z.string(),
    remaining: z.number().int().min(1).describe("Still to earn, spend (minor units) or place, in `unit`."),
    unit: tierUnitSchema,
    by: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .describe("The last day to do it, a date in the shop's calendar (`2026-01-31`)."),
  })
  .describe(
    'What keeps the member\'s tier once it is at risk ("spend $40 by 31 January to keep Gold"); null while it is not.',
  );

export const rewardKindSchema = z
  .enum(REWARD_KINDS)
  .describe(
    "amount_off, percent_off, free_shipping, free_product (a code for one product), store_credit (credited to the customer's Shopify store-credit account), custom (fulfilled by the merchant), points_to_discount (the shopper picks how many points, in steps).",
  );

export const LOCKED_REASONS = [
  "sign_in",
  "points",
  "tier",
  "out_of_stock",
  "limit_reached",
  "period_limit_reached",
  "not_started",
  "ended",
] as const;
export const lockedReasonSchema = z
  .enum(LOCKED_REASONS)
  .describe(
    "Why the reward cannot be redeemed now: sign_in (a guest), points (see `pointsNeeded`), tier (see `unlockTier`), out_of_stock, limit_reached (the customer's total limit), period_limit_reached (see `availableAgainOn`), not_started (see `redeemFrom`), ended.",
  );

export const bazaarRewardSchema = z
  .object({
    id: z.string(),
    kind: rewardKindSchema,
    title: z.string().describe("The merchant's words, in the shopper's language when the merchant gave one."),
    description: z.string(),
    imageUrl: z.string().nullable(),
    costPoints: count.describe("The price; points_to_discount: the points of one step."),
    value: moneySchema
      .nullable()
      .describe(
        "amount_off, store_credit, free_product: what it is worth; points_to_discount: one step's value; free_shipping: the highest shipping price covered, or null for any; percent_off, custom: null.",
      ),
    percentOff: z.number().int().min(1).max(100).nullable().describe("percent_off: the percentage."),
    minimumOrder: moneySchema.nullable().describe("The code works on orders from this subtotal; null: any."),
    maxPoints: count
      .nullable()
      .describe("points_to_discount: the most points one redemption spends (a multiple of costPoints)."),
    stockRemaining: count.nullable().describe("Left in stock; null: unlimited."),
    expiresInDays: count.nullable().describe("A code's validity once issued; null: no end."),
    available: z.boolean().describe("The shopper can redeem it now."),
    lockedReason: lockedReasonSchema.nullable(),
    pointsNeeded: count.nullable().describe("lockedReason points: how many more points it takes."),
    unlockTier: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .describe('lockedReason tier: the tier that unlocks it ("unlocks at Gold").'),
    redeemFrom: instant.nullable().describe("lockedReason not_started: when it opens."),
    availableAgainOn: instant
      .nullable()
      .describe("lockedReason period_limit_reached: when the next one may be redeemed."),
    regularCostPoints: count
      .nullable()
      .describe(
        "While a running campaign lowers the price: the regular price (`costPoints` is the lowered one, and availability is checked on it); null otherwise.",
      ),
  })
  .strict();

export const campaignEffectViewSchema = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("multiplier"),
      multiplierHundredths: z.number().int().min(101).describe("200 = double points, 150 = ×1.5."),
    }),
    z.object({ type: z.literal("bonus"), points: z.number().int().min(1).describe("Added to each award it targets.") }),
    z.object({
      type: z.literal("reward_price"),
      costPercentOff: count.describe("Rewards cost this percentage fewer points (0: the price is unchanged)."),
      valuePercentUp: count.describe("Rewards are worth this percentage more (0: the value is unchanged)."),
    }),
  ])
  .describe("What the campaign does while it runs; the widget words it.");

export const campaignViewSchema = z
  .object({
    id: z.string(),
    title: z.string().describe("The merchant's words, in the shopper's language when the merchant gave one."),
    endsAt: instant.describe("The end of the current run (exclusive): the widget says until when."),
    effect: campaignEffectViewSchema,
  })
  .strict()
  .describe("A campaign running now.");

/** What a challenge, milestone or streak counts: the challenge's measure, or the streak's action. */
export const CHALLENGE_MEASURES = [...new Set([...CHALLENGE_MEASURE_TYPES, ...MILESTONE_MEASURE_TYPES])] as [
  CountedMeasure,
  ...CountedMeasure[],
];

export const CHALLENGE_WINDOWS = ["day", "week", "month", "range", "lifetime"] as const;

export const challengeViewSchema = z
  .object({
    id: z.string(),
    kind: z
      .enum(CHALLENGE_KINDS)
      .describe("challenge (a goal in a window), milestone (a lifetime goal), streak (consecutive days or weeks)."),
    measure: z
      .enum(CHALLENGE_MEASURES)
      .describe(
        "What counts: orders, spend (minor units of `currency`), visits (days with a visit), pages, shares, custom_actions, profile_fields, points_earned, membership_days (days as a member).",
      ),
    window: z
      .enum(CHALLENGE_WINDOWS)
      .describe(
        "Where progress is counted: this week or month, a date range, the whole membership (milestones); a streak: its period, day or week.",
      ),
    title: z.string().describe("The merchant's words, in the shopper's language when the merchant gave one."),
    description: z.string(),
    progress: count.describe(
      "Where the shopper stands, in the measure's unit; a streak: its current length; 0 for a guest.",
    ),
    goal: z
      .number()
      .int()
      .min(1)
      .describe("What completing takes, in the same unit; a streak: the next rewarded length (or the last one)."),
    endsAt: instant
      .nullable()
      .describe("When the current window ends (a streak: the last moment to keep it); null: no end."),
    reward: z
      .discriminatedUnion("type", [
        z.object({ type: z.literal("points"), points: z.number().int().min(1) }),
        z.object({
          type: z.literal("reward"),
          rewardId: z.string(),
          title: z.string().describe("The catalogue reward's title; empty once the reward is no longer offered."),
        }),
      ])
      .describe("What completing gives (a streak: its next step)."),
    completedAt: instant
      .nullable()
      .describe("When the shopper completed it in this window; null: not yet (a guest: null)."),
    streak: z
      .object({
        length: count.describe("Consecutive periods so far."),
        nextStep: z.number().int().min(1).nullable().describe("The next rewarded length; null: every step reached."),
        graceLeft: count.describe("Missed periods still forgiven."),
      })
      .nullable()
      .describe("Streaks only; null otherwise."),
  })
  .strict()
  .describe("A challenge, milestone or streak on now, with the shopper's progress.");

export const REDEMPTION_STATUSES = [
  "pending",
  "unused",
  "used",
  "expired",
  "cancelled",
  "requested",
  "fulfilled",
  "credited",
] as const;
export const redemptionViewSchema = z
  .object({
    id: z.string(),
    rewardId: z.string().nullable(),
    kind: rewardKindSchema,
    title: z.string(),
    pointsSpent: count,
    code: z.string().nullable().describe("The discount code (code kinds); null for store credit and custom rewards."),
    value: moneySchema.nullable().describe("What it was issued for; null for percent_off, free_shipping and custom."),
    status: z
      .enum(REDEMPTION_STATUSES)
      .describe(
        "pending (Shopify has not confirmed it yet), unused, used (an order used the code), expired, cancelled (points returned), requested (custom: awaiting the merchant), fulfilled (custom), credited (store credit).",
      ),
    createdAt: instant,
    expiresAt: instant.nullable(),
    cancellable: z.boolean().describe("The shopper may cancel it for the points back (an unused code)."),
  })
  .strict();

export const HISTORY_REASONS = [
  "order",
  "refund",
  "cancellation",
  "redemption",
  "redemption_returned",
  "engagement",
  "referral",
  "tier",
  "birthday",
  "expiry",
  "adjustment",
  "challenge",
  "challenge_reversed",
  "import",
  "import_reversed",
] as const;
export const historyEntrySchema = z
  .object({
    points: z.number().int().describe("Positive: earned or returned; negative: spent, reversed or expired."),
    reason: z.enum(HISTORY_REASONS).describe("What moved the points; the widget words it."),
    title: z
      .string()
      .nullable()
      .describe(
        "redemption, redemption_returned: the reward's title when it was redeemed; challenge, challenge_reversed: the challenge's title; null otherwise.",
      ),
    at: instant,
  })
  .strict();

export const customerViewSchema = z
  .object({
    loggedIn: z.boolean(),
    balance: count.describe("Spendable points; 0 for a guest."),
    pending: count.describe("Points from orders not released yet (not spendable)."),
    currency: z.string().describe("The shop's currency, ISO 4217."),
    earn: z
      .object({ offers: z.array(purchaseOfferSchema) })
      .describe("What purchases earn now, one offer per live spend rule (they add up); empty: nothing."),
    rewards: z
      .array(bazaarRewardSchema)
      .describe("The Rewards Bazaar: every reward the shop shows now, locked ones included, in the merchant's order."),
    progress: z
      .object({
        rewardId: z.string(),
        title: z.string(),
        costPoints: count,
        pointsNeeded: count,
        percent: z.number().min(0).max(100),
      })
      .nullable()
      .describe("Progress to the cheapest reward the balance does not reach yet."),
    redemptions: z
      .array(redemptionViewSchema)
      .describe("The shopper's redemptions, newest first (codes, store credit, requests), up to 20."),
    history: z
      .array(historyEntrySchema)
      .describe("The member's latest point movements, newest first, up to 20; empty for a guest."),
    expiring: z
      .object({ points: count, on: instant })
      .nullable()
      .describe("The next points to expire under the shop's policy, if any will."),
    referral: z
      .object({ code: z.string(), url: z.string() })
      .nullable()
      .describe("The member's link to share, while a referral rule pays."),
    waysToEarn: z
      .array(wayToEarnSchema)
      .describe(
        "The engagement rules the shopper can earn from now (a guest: what joining offers), in the merchant's order.",
      ),
    profile: z
      .object({ birthday: z.string().nullable().describe("`MM-DD`, once given.") })
      .nullable()
      .describe("What the widget may ask for; null for a guest."),
    tier: customerTierSchema.nullable(),
    nextTier: nextTierSchema.nullable(),
    tierKeep: tierKeepSchema.nullable(),
    campaigns: z.array(campaignViewSchema).describe("The campaigns running now, in the merchant's order."),
    challenges: z
      .array(challengeViewSchema)
      .describe("The challenges, milestones and streaks on now, in the merchant's order (a guest: progress 0)."),
  })
  .strict()
  .describe("What the widget shows a shopper, or a guest.");
export type CustomerView = z.infer<typeof customerViewSchema>;
export type Money = z.infer<typeof moneySchema>;

export const earnedAnswerSchema = z
  .object({
    awards: z.array(z.object({ points: z.number().int().min(1), reason: z.string() })),
    refusals: z
      .array(z.object({ code: z.enum(REFUSAL_CODES), message: z.string() }))
      .describe("Why the shop's rules gave nothing for this action: answered 200, not an error."),
    balance: count,
  })
  .strict()
  .describe("What this call earned the signed-in shopper, and their balance after it.");

export const profileAnswerSchema = earnedAnswerSchema
  .extend({ birthday: z.string().regex(/^\d{2}-\d{2}$/) })
  .strict()
  .describe("The birthday saved (`MM-DD`), what it earned, and the balance.");

export const redeemAnswerSchema = z
  .object({
    redemption: redemptionViewSchema,
    balance: count,
  })
  .strict()
  .describe("What was redeemed (its code, credit or request) and the balance after it.");

export const cancelAnswerSchema = z
  .object({
    redemption: redemptionViewSchema,
    balance: count,
  })
  .strict()
  .describe("The cancelled redemption (its points are back) and the balance after it.");

export const proxyErrorSchema = z
  .object({
    error: z.string().describe("A code the widget words in the shopper's language."),
    message: z.string().describe("English, for API readers; the widget never shows it."),
  })
  .strict();

export const insufficientPointsSchema = proxyErrorSchema
  .extend({ error: z.literal("insufficient_points"), needed: count, available: count })
  .strict();

/** points_to_discount: the points asked for are not a whole number of steps up to the maximum. */
export const invalidPointsSchema = proxyErrorSchema
  .extend({
    error: z.literal("invalid_points"),
    step: z.number().int().min(1).describe("Points must be a multiple of this (the reward's costPoints)."),
    maxPoints: count.describe("The most points one redemption may spend."),
  })
  .strict();

export const lockedAnswerSchema = proxyErrorSchema
  .extend({ error: z.literal("reward_locked"), lockedReason: lockedReasonSchema })
  .strict();

/** POST /redeem's body (the other routes' bodies: widgetEventSchema, profileUpdateSchema). */
export const redeemRequestSchema = z
  .object({
    rewardId: z.string().min(1).max(64),
    points: z
      .number()
      .int()
      .min(1)
      .max(1_000_000_000)
      .optional()
      .describe("points_to_discount only: how many points to spend (a multiple of the reward's costPoints)."),
  })
  .strict();

/** POST /cancel's body: an unused code of the shopper's own, for the points back. */
export const cancelRequestSchema = z.object({ redemptionId: z.string().min(1).max(64) }).strict();
export type BazaarReward = z.infer<typeof bazaarRewardSchema>;
export type CampaignView = z.infer<typeof campaignViewSchema>;
export type ChallengeView = z.infer<typeof challengeViewSchema>;
export type RedemptionView = z.infer<typeof redemptionViewSchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type LockedReason = z.infer<typeof lockedReasonSchema>;
