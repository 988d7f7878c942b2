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

const bulkOrderLine = z.object({
  id: gid("Order"),
  createdAt: instant,
  processedAt: instant.nullish(),
  cancelledAt: instant.nullish(),
  email: z.string().nullish(),
  totalPriceSet: z.object({
    shopMoney: z.object({ amount: z.string(), currencyCode: z.string().regex(/^[A-Z]{3}$/) }),
  }),
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
  return {
    kind: "order",
    order: {
      orderId: o.id,
      // When the sale happened, as the webhook path reads it: processed, else created.
      placedAt: new Date(o.processedAt ?? o.createdAt),
      totalMinor,
      currencyCode: money.currencyCode,
      cancelledAt: o.cancelledAt ? new Date(o.cancelledAt) : null,
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
