/**
 * Challenges, milestones and streaks as data: the zod schemas shared by the admin form, the
 * stored Challenge rows and the pure evaluator beside this file. Parsing is where a bad
 * challenge is stopped; the evaluator trusts a parsed `Challenge`. Pure.
 *
 * - a **challenge** is a goal over a window (each week, each month, or a date range): N orders,
 *   spend X, N visits, N of the merchant's pages, N shares, N custom actions, k of n profile
 *   fields. Repeating: a new goal each week or month while it is on.
 * - a **milestone** is a lifetime goal: the Nth order, spend X in all, N points earned, N days
 *   as a member.
 * - a **streak** is a qualifying action (an order, a visit, a custom action) in consecutive days
 *   or weeks, rewarded at chosen lengths (escalating); a period without the action breaks it,
 *   unless it is one of the `graceMissed` periods forgiven per streak.
 * What completing gives: points (a ledger entry) or a reward from the catalogue (issued like a
 * redemption, for no points). A completion whose order is refunded or cancelled so that the
 * goal is no longer met is reversed, unless `keepOnRefund`.
 */
import { z } from "zod";
import { pagePatternSchema, PROFILE_FIELDS } from "../rules/rule";

const id = z.string().trim().min(1).max(100);
const count = z.number().int().min(1).max(1_000_000);
/** Minor units of the shop currency. */
const amountMinor = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const customKey = z
  .string()
  .trim()
  .regex(/^[a-z0-9_.-]{1,64}$/i, "Use letters, digits, _ . or -.");

/** Accepts a Date or an ISO string with an offset (stored JSON), always yields a Date. */
const instant = z.union([
  z.date(),
  z
    .string()
    .datetime({ offset: true })
    .transform((s) => new Date(s)),
]);

export const CHALLENGE_KINDS = ["challenge", "milestone", "streak"] as const;
export type ChallengeKind = (typeof CHALLENGE_KINDS)[number];

/** What completing gives. */
export const completionRewardSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("points"), points: z.number().int().min(1).max(1_000_000) }),
  /** A reward of the catalogue, issued for no points (its stock and limits still apply). */
  z.object({ type: z.literal("reward"), rewardId: id }),
]);
export type CompletionReward = z.output<typeof completionRewardSchema>;

/**
 * What a challenge counts. Each counted thing is one contribution, once per member and source:
 * - orders: each paid order (not cancelled, not wholly refunded), by order id;
 * - spend: each paid order's eligible spend less its refunds (minor units), by order id;
 * - visits: each shop-local day with a visit;
 * - pages: each of the listed pages visited (once each, whatever the day);
 * - shares: each distinct share (subject, product, network), once per day;
 * - custom_actions: each custom event with this key, by the merchant's event id;
 * - profile_fields: each of the listed fields filled.
 */
export const challengeMeasureSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("orders"), count }),
  z.object({ type: z.literal("spend"), amountMinor }),
  z.object({ type: z.literal("visits"), count }),
  z.object({ type: z.literal("pages"), count, pages: z.array(pagePatternSchema).min(1).max(50) }),
  z.object({ type: z.literal("shares"), count }),
  z.object({ type: z.literal("custom_actions"), count, key: customKey }),
  z.object({ type: z.literal("profile_fields"), count, fields: z.array(z.enum(PROFILE_FIELDS)).min(1) }),
]);
export type ChallengeMeasure = z.output<typeof challengeMeasureSchema>;
export type MeasureType = ChallengeMeasure["type"];
/** The measures' names, read from the schema (the admin form and the storefront JSON list them). */
export const CHALLENGE_MEASURE_TYPES = challengeMeasureSchema.options.map((option) => option.shape.type.value) as [
  MeasureType,
  ...MeasureType[],
];

/**
 * The window progress is counted in, in the shop's time zone: each calendar week (from Monday)
 * or month while the challenge is on (`repeat`: a new goal each window; not repeating: only the
 * window its `startsAt` falls in), or one date range [startsAt, endsAt).
 */
export const challengeWindowSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("week"), repeat: z.boolean().default(true) }),
  z.object({ type: z.literal("month"), repeat: z.boolean().default(true) }),
  z.object({ type: z.literal("range"), startsAt: instant, endsAt: instant }),
]);
export type ChallengeWindow = z.output<typeof challengeWindowSchema>;

const common = {
  /** On from (inclusive) / until (exclusive); unset: from creation, with no end. */
  startsAt: instant.optional(),
  endsAt: instant.optional(),
  /** Keep a completion whose order was refunded or cancelled (default: reverse it). */
  keepOnRefund: z.boolean().default(false),
};

export const challengeDefinitionSchema = z
  .object({
    ...common,
    measure: challengeMeasureSchema,
    window: challengeWindowSchema,
    reward: completionRewardSchema,
  })
  .superRefine((definition, ctx) => {
    const { window } = definition;
    if (window.type === "range" && window.endsAt <= window.startsAt) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["window", "endsAt"],
        message: "The end must be after the start.",
      });
    }
    if (definition.measure.type === "profile_fields" && definition.measure.count > definition.measure.fields.length) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["measure", "count"],
        message: "Ask for at most as many fields as are listed.",
      });
    }
  });

/** What a milestone counts, over the member's whole membership. */
export const milestoneMeasureSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("orders"), count }),
  z.object({ type: z.literal("spend"), amountMinor }),
  /** Member.lifetimeEarned. */
  z.object({ type: z.literal("points_earned"), points: count }),
  /** Days since the member's Shopify account was made (else since they joined). */
  z.object({ type: z.literal("membership_days"), days: z.number().int().min(1).max(36_500) }),
]);
export type MilestoneMeasure = z.output<typeof milestoneMeasureSchema>;
export const MILESTONE_MEASURE_TYPES = milestoneMeasureSchema.options.map((option) => option.shape.type.value) as [
  MilestoneMeasure["type"],
  ...MilestoneMeasure["type"][],
];

export const milestoneDefinitionSchema = z.object({
  ...common,
  measure: milestoneMeasureSchema,
  reward: completionRewardSchema,
});

/** What keeps a streak going. */
export const streakActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("orders") }),
  z.object({ type: z.literal("visits") }),
  z.object({ type: z.literal("custom_actions"), key: customKey }),
]);
export type StreakAction = z.output<typeof streakActionSchema>;

export const streakDefinitionSchema = z
  .object({
    ...common,
    action: streakActionSchema,
    /** Consecutive shop-local days, or calendar weeks from Monday. */
    period: z.enum(["day", "week"]),
    /** Escalating: strictly longer lengths, each rewarded once per streak. */
    steps: z
      .array(z.object({ length: z.number().int().min(2).max(1000), reward: completionRewardSchema }))
      .min(1)
      .max(10),
    /** Missed periods forgiven per streak (0: the first missed period breaks it). */
    graceMissed: z.number().int().min(0).max(3).default(0),
  })
  .superRefine((definition, ctx) => {
    definition.steps.forEach((step, index) => {
      const before = definition.steps[index - 1];
      if (before && step.length <= before.length) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["steps", index, "length"],
          message: "Each step is longer than the one before.",
        });
      }
    });
  });

export type ChallengeDefinition = z.output<typeof challengeDefinitionSchema>;
export type MilestoneDefinition = z.output<typeof milestoneDefinitionSchema>;
export type StreakDefinition = z.output<typeof streakDefinitionSchema>;

interface ChallengeBase {
  id: string;
  title: string;
  description: string;
  translations: Record<string, { title?: string; description?: string }>;
  active: boolean;
  position: number;
}

export type Challenge =
  | (ChallengeBase & { kind: "challenge" } & ChallengeDefinition)
  | (ChallengeBase & { kind: "milestone" } & MilestoneDefinition)
  | (ChallengeBase & { kind: "streak" } & StreakDefinition);

export type ChallengeOfKind<K extends ChallengeKind> = Extract<Challenge, { kind: K }>;

/** The schema of a kind's definition (Challenge.definition). */
export const definitionSchemas = {
  challenge: challengeDefinitionSchema,
  milestone: milestoneDefinitionSchema,
  streak: streakDefinitionSchema,
} as const;

const translationsSchema = z.record(
  z.string(),
  z.object({ title: z.string().optional(), description: z.string().optional() }),
);

export const isChallengeKind = (value: string): value is ChallengeKind =>
  (CHALLENGE_KINDS as readonly string[]).includes(value);

/** A stored row: the challenge, or null with why it does not read (it then counts nothing). */
export function readChallengeRow(row: {
  id: string;
  kind: string;
  title: string;
  description: string;
  translations: string;
  definition: string;
  active: boolean;
  position: number;
}): { challenge: Challenge; error: null } | { challenge: null; error: string } {
  if (!isChallengeKind(row.kind)) return { challenge: null, error: `Unknown kind "${row.kind}".` };
  let json: unknown;
  try {
    json = JSON.parse(row.definition);
  } catch {
    return { challenge: null, error: "The stored definition is not JSON." };
  }
  const parsed = definitionSchemas[row.kind].safeParse(json);
  if (!parsed.success) return { challenge: null, error: parsed.error.issues[0]?.message ?? "Invalid challenge." };
  let translations: ChallengeBase["translations"] = {};
  try {
    const read = translationsSchema.safeParse(JSON.parse(row.translations));
    if (read.success) translations = read.data;
  } catch {
    // Unreadable translations: the shop's language only.
  }
  const base: ChallengeBase = {
    id: row.id,
    title: row.title,
    description: row.description,
    translations,
    active: row.active,
    position: row.position,
  };
  return { challenge: { ...base, kind: row.kind, ...parsed.data } as Challenge, error: null };
}
