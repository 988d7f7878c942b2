/**
 * What happened, as the engine sees it: a discriminated union on `type`, with a zod schema.
 * Its engagement events are also what the widget and the events API validate untrusted input
 * with (../reported-event.ts), so the three cannot disagree on a field.
 * Amounts are already in minor units (see ../earning.ts for Shopify's order payload).
 */
import { z } from "zod";
import { PROFILE_FIELDS } from "./rule";

const id = z.string().trim().min(1).max(200);

export const orderLineSchema = z.object({
  productId: id.optional(),
  /** The product's tags, for the spend rule's excluded tags. */
  productTags: z.array(z.string()).default([]),
  /** The line's share of the eligible spend: after discounts, without tax. */
  spendMinor: z.number().int().min(0),
});

const addressSchema = z.object({
  line1: z.string(),
  postalCode: z.string().optional(),
  countryCode: z.string().optional(),
});
export type PartyAddress = z.infer<typeof addressSchema>;

export const partySchema = z.object({
  customerId: id,
  email: z.string().optional(),
  address: addressSchema.optional(),
});
export type Party = z.infer<typeof partySchema>;

const network = z.string().trim().min(1).max(40);

/**
 * The engagement events, field by field: the engine's own and, through
 * ../reported-event.ts, exactly what the widget and the events API may report.
 */
export const engagementEventShapes = {
  visit: z.object({ type: z.literal("visit") }),
  /** A path ("/pages/lookbook") or a whole URL; only its path is compared with the rule's pages. */
  page_visit: z.object({ type: z.literal("page_visit"), url: z.string().trim().min(1).max(2000) }),
  store_search: z.object({ type: z.literal("store_search") }),
  offer_viewed: z.object({ type: z.literal("offer_viewed"), offerId: id }),
  share: z.object({
    type: z.literal("share"),
    subject: z.enum(["product", "programme"]),
    /** The product shared; required for a product (see requireSharedProduct), absent for the programme. */
    productId: id.optional(),
    network,
  }),
  follow: z.object({ type: z.literal("follow"), network }),
} as const;

/**
 * A product share must say which product: otherwise every product shared would fall under one
 * award key and share one award. For a union's superRefine (a refined member cannot be in a
 * discriminated union).
 */
export function requireSharedProduct(
  event: { type: string; subject?: string; productId?: string },
  ctx: z.RefinementCtx,
) {
  if (event.type === "share" && event.subject === "product" && !event.productId) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["productId"], message: "Say which product was shared." });
  }
}

export const ruleEventSchema = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("order_paid"),
      orderId: id,
      currency: z.string().length(3),
      /** The whole order's eligible spend (`eligibleSpendMinor` in ../earning.ts). */
      spendMinor: z.number().int().min(0),
      lines: z.array(orderLineSchema).default([]),
      /** Shopify's `source_name`: "web", "pos", "shopify_draft_order", or a channel's own. */
      sourceName: z.string(),
      locationId: id.optional(),
      /** The customer had no earlier paid order, as far as the caller knows. */
      isFirstOrder: z.boolean().default(false),
    }),
    z.object({ type: z.literal("account_created") }),
    /** Every field that is filled now, not only the ones that changed: awards are per field, once. */
    z.object({ type: z.literal("profile_updated"), filledFields: z.array(z.enum(PROFILE_FIELDS)) }),
    /** Sent by a daily job for members with a birthday on file; the engine checks the date. */
    z.object({
      type: z.literal("birthday_check"),
      birthday: z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }),
    }),
    engagementEventShapes.visit,
    engagementEventShapes.page_visit,
    engagementEventShapes.store_search,
    engagementEventShapes.offer_viewed,
    engagementEventShapes.share,
    engagementEventShapes.follow,
    /** From the merchant's own systems; `eventId` is theirs and makes their retries safe. */
    z.object({ type: z.literal("custom"), key: z.string().trim().min(1).max(64), eventId: id }),
    /** The friend's first paid order. Evaluate it in the referrer's context (their history). */
    z.object({ type: z.literal("referral_completed"), orderId: id, referrer: partySchema, friend: partySchema }),
  ])
  .superRefine(requireSharedProduct);

export type RuleEvent = z.output<typeof ruleEventSchema>;
export type RuleEventType = RuleEvent["type"];
export type EventOfType<T extends RuleEventType> = Extract<RuleEvent, { type: T }>;
