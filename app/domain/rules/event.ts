/**
 * What happened, as the engine sees it: a discriminated union on `type`, with a zod schema
 * so the events API and the app proxy validate untrusted input with the same definition.
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

export const ruleEventSchema = z.discriminatedUnion("type", [
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
  z.object({ type: z.literal("visit") }),
  z.object({ type: z.literal("page_visit"), url: z.string().max(2000) }),
  z.object({ type: z.literal("store_search") }),
  z.object({ type: z.literal("offer_viewed"), offerId: id }),
  z.object({
    type: z.literal("share"),
    subject: z.enum(["product", "programme"]),
    /** The product shared; absent for the programme. */
    productId: id.optional(),
    network: z.string().trim().min(1).max(40),
  }),
  z.object({ type: z.literal("follow"), network: z.string().trim().min(1).max(40) }),
  /** From the merchant's own systems; `eventId` is theirs and makes their retries safe. */
  z.object({ type: z.literal("custom"), key: z.string().trim().min(1).max(64), eventId: id }),
  /** The friend's first paid order. Evaluate it in the referrer's context (their history). */
  z.object({ type: z.literal("referral_completed"), orderId: id, referrer: partySchema, friend: partySchema }),
]);

export type RuleEvent = z.output<typeof ruleEventSchema>;
export type RuleEventType = RuleEvent["type"];
export type EventOfType<T extends RuleEventType> = Extract<RuleEvent, { type: T }>;
