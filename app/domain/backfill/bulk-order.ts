/**
 * One line of the backfill's bulk query file (Shopify's JSONL: one object per order, nested
 * objects inline; a connection's children would come on lines of their own with
 * `__parentId`). Pure: what the backfill needs of an order, or why the line is skipped.
 */
import { z } from "zod";
import { currencyExponent, toMinorUnits } from "../money";

const gid = (type: string) =>
  z
    .string()
    .regex(new RegExp(`^gid://shopify/${type}/\\d+$`))
    .transform((id) => id.slice(id.lastIndexOf("/") + 1));

const instant = z.string().datetime({ offset: true });

const shopMoney = z.object({
  shopMoney: z.object({ amount: z.string(), currencyCode: z.string().regex(/^[A-Z]{3}$/) }),
});

/**
 * Order.displayFinancialStatus values of an order whose payment was captured (refunded ones
 * were paid first): the state an orders/paid webhook reports. PARTIALLY_PAID, PENDING,
 * AUTHORIZED, EXPIRED and VOIDED are not paid.
 */
const PAID_STATUSES = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);

const bulkOrderLine = z.object({
  id: gid("Order"),
  createdAt: instant,
  processedAt: instant.nullish(),
  cancelledAt: instant.nullish(),
  email: z.string().nullish(),
  totalPriceSet: shopMoney,
  // Line items after discounts, before shipping and tax (and before returns): the webhook's
  // `subtotal_price`. The current one is the same after returns and removals.
  subtotalPriceSet: shopMoney.nullish(),
  currentSubtotalPriceSet: shopMoney.nullish(),
  displayFinancialStatus: z.string().nullish(),
  customer: z
    .object({
      id: gid("Customer"),
      email: z.string().nullish(),
      firstName: z.string().nullish(),
      lastName: z.string().nullish(),
    })
    .nullish(),
});

export interface BackfilledOrder {
  /** Shopify's numeric order id, as order webhooks carry it. */
  orderId: string;
  placedAt: Date;
  totalMinor: number;
  currencyCode: string;
  cancelledAt: Date | null;
  /**
   * When it was paid (its processedAt), null when it is not paid: what counts toward a spend
   * or orders tier, as an orders/paid webhook's OrderAccount would (docs/decisions/0035).
   */
  paidAt: Date | null;
  /** Eligible spend (the subtotal), minor units, on the webhook path's basis. */
  spendMinor: number;
  /** Of it, what refunds and removals took back (subtotal less the current subtotal). */
  refundedMinor: number;
  email: string | null;
  customer: { id: string; email: string | null; firstName: string | null; lastName: string | null } | null;
}

export type BulkOrderLine = { kind: "order"; order: BackfilledOrder } | { kind: "skip"; reason: string };

/** The order a line holds; a child line or one that does not read as an order is skipped, with why. */
export function readBulkOrderLine(line: string): BulkOrderLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: "skip", reason: "not JSON" };
  }
  if (value && typeof value === "object" && "__parentId" in value) return { kind: "skip", reason: "a child object" };
  const parsed = bulkOrderLine.safeParse(value);
  if (!parsed.success) return { kind: "skip", reason: parsed.error.issues[0]?.message ?? "not an order" };
  const o = parsed.data;
  const money = o.totalPriceSet.shopMoney;
  const totalMinor = toMinorUnits(money.amount, currencyExponent(money.currencyCode));
  if (totalMinor === null) return { kind: "skip", reason: `total ${money.amount} is not an amount` };
  const exponent = currencyExponent(money.currencyCode);
  const subtotal = o.subtotalPriceSet ? toMinorUnits(o.subtotalPriceSet.shopMoney.amount, exponent) : 0;
  const current = o.currentSubtotalPriceSet ? toMinorUnits(o.currentSubtotalPriceSet.shopMoney.amount, exponent) : null;
  if (subtotal === null) return { kind: "skip", reason: "its subtotal is not an amount" };
  if (o.currentSubtotalPriceSet && current === null)
    return { kind: "skip", reason: "its current subtotal is not an amount" };
  const spendMinor = Math.max(0, subtotal);
  const refundedMinor = current === null ? 0 : Math.min(spendMinor, Math.max(0, spendMinor - current));
  const placedAt = new Date(o.processedAt ?? o.createdAt);
  return {
    kind: "order",
    order: {
      orderId: o.id,
      // When the sale happened, as the webhook path reads it: processed, else created.
      placedAt,
      totalMinor,
      currencyCode: money.currencyCode,
      cancelledAt: o.cancelledAt ? new Date(o.cancelledAt) : null,
      paidAt: PAID_STATUSES.has(o.displayFinancialStatus ?? "") ? placedAt : null,
      spendMinor,
      refundedMinor,
      email: o.email ?? null,
      customer: o.customer
        ? {
            id: o.customer.id,
            email: o.customer.email ?? null,
            firstName: o.customer.firstName ?? null,
            lastName: o.customer.lastName ?? null,
          }
        : null,
    },
  };
}

/** The first day a backfill of the last `days` days asks for. */
export function backfillSince(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

export const BACKFILL_DAYS = 60;
