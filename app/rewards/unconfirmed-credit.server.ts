/**
 * Store credit whose creation Shopify never confirmed. Shopify offers no lookup of a
 * storeCreditAccountCredit by our reference and no idempotency key for it, so after a lost
 * answer neither the redeem request nor the sweeper can tell whether the credit exists:
 * guessing either way would pay twice or take points for nothing. Such a redemption stays
 * pending, the sweeper leaves it alone, and the merchant, who can see the customer's store
 * credit in Shopify, says which it was: credited (the redemption is issued) or not (the points
 * and stock come back once, as for any failure).
 */
import type { Db } from "../db.server";
import { RedemptionNotFoundError } from "./errors";
import { releaseRedemption } from "./settle-redemptions.server";

/** Long enough that no redeem request is still waiting for Shopify's answer. */
export const UNCONFIRMED_AFTER_MS = 15 * 60_000;

export async function listUnconfirmedStoreCredit(db: Db, shopId: string, now = new Date()) {
  return db.redemption.findMany({
    where: {
      shopId,
      kind: "store_credit",
      status: "pending",
      createdAt: { lt: new Date(now.getTime() - UNCONFIRMED_AFTER_MS) },
    },
    include: { member: { select: { id: true, customerId: true, firstName: true, lastName: true, email: true } } },
    orderBy: { createdAt: "asc" },
    take: 100,
  });
}

export async function resolveUnconfirmedStoreCredit(
  db: Db,
  input: { shopId: string; redemptionId: string; credited: boolean; now?: Date },
): Promise<"issued" | "released"> {
  const now = input.now ?? new Date();
  const where = {
    id: input.redemptionId,
    shopId: input.shopId,
    kind: "store_credit",
    status: "pending",
    createdAt: { lt: new Date(now.getTime() - UNCONFIRMED_AFTER_MS) },
  };
  if (input.credited) {
    const claimed = await db.redemption.updateMany({ where, data: { status: "issued" } });
    if (claimed.count === 1) return "issued";
  } else {
    const found = await db.redemption.count({ where });
    if (
      found === 1 &&
      (await releaseRedemption(db, {
        shopId: input.shopId,
        redemptionId: input.redemptionId,
        reason: "The merchant found no store credit for it in Shopify: points returned.",
      }))
    )
      return "released";
  }
  throw new RedemptionNotFoundError("No store credit awaiting confirmation with that id.");
}
