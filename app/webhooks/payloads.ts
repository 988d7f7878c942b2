/**
 * The parts of Shopify's webhook payloads the app reads, validated. Unknown fields pass
 * through; a payload missing what we need is refused instead of half-processed.
 */
import { z } from "zod";

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]);
const money = z.string().regex(/^-?\d+(\.\d+)?$/);

export const webhookPayloads = {
  order: z
    .object({
      id,
      currency: z.string().length(3),
      subtotal_price: money.nullish(),
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
              quantity: z.number().int().nullish(),
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
    })
    .passthrough(),
  refund: z
    .object({
      id,
      order_id: id,
      // Shopify's documented payload sends `subtotal` as a JSON number; `subtotal_set` says the
      // currency (app/domain/refund-amount.ts).
      refund_line_items: z
        .array(
          z
            .object({
              subtotal: z.union([money, z.number()]).nullish(),
              subtotal_set: z
                .object({
                  shop_money: z
                    .object({ amount: z.union([money, z.number()]).nullish(), currency_code: z.string().nullish() })
                    .passthrough()
                    .nullish(),
                })
                .passthrough()
                .nullish(),
            })
            .passthrough(),
        )
        .nullish(),
    })
    .passthrough(),
  /** orders/cancelled, orders/fulfilled: only the order id is read. */
  cancelledOrder: z.object({ id }).passthrough(),
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
    })
    .passthrough(),
  customerCompliance: z
    .object({
      shop_domain: z.string().optional(),
      customer: z.object({ id }).passthrough(),
      data_request: z.object({ id: id.optional() }).passthrough().nullish(),
    })
    .passthrough(),
};
