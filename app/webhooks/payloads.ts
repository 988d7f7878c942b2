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
      shipping_lines: z.array(z.object({ tax_lines: z.array(z.object({ price: money.nullish() })).nullish() })).nullish(),
      customer: z
        .object({ id, email: z.string().nullish(), first_name: z.string().nullish(), last_name: z.string().nullish() })
        .nullish(),
    })
    .passthrough(),
  refund: z
    .object({
      id,
      order_id: id,
      refund_line_items: z.array(z.object({ subtotal: money.nullish() }).passthrough()).nullish(),
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
