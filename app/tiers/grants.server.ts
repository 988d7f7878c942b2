/**
 * Tiers given rather than qualified for (TierGrant rows): assigned by staff, with a reason,
 * or bought with a product. A grant is written (or ended), then the member is settled
 * (./movement.server.ts), which decides what the grant means for their tier and records the
 * move in their history. Writing the grant first and settling after is what makes every step
 * safe to repeat: a retried webhook finds its grant and settles again, to the same tier.
 *
 * Paid membership, the rules (docs/decisions/0022-tiers.md):
 * - orders/paid: each tier whose product (paidProductId) or product tag (paidProductTag) is
 *   on a line of the order is granted once per order (unique [shopId, source, orderId,
 *   tierId]), from the order's payment, for paidMonths months or for life;
 * - orders/cancelled revokes every grant the order bought;
 * - refunds/create revokes a grant when the refund gives back a line of a product that buys
 *   the tier, or when it leaves the order refunded in full; any other partial refund (the
 *   shipping, another product) leaves the membership alone.
 */
import { z } from "zod";
import type { Db, Tx } from "../db.server";
import {
  paidMembershipEnd,
  sellsByTag,
  sellsMemberships,
  tiersBoughtBy,
  type OrderedProduct,
} from "../domain/tiers/paid-membership";
import type { Tier } from "../domain/tiers/definition";
import { inLedgerTransaction, MemberNotFoundError } from "../ledger/ledger.server";
import { findMemberByCustomerId } from "../members/members.server";
import { ShopifyAccessDeniedError, shopifyGateway } from "../shopify/gateway.server";
import { UnusableWebhookError } from "../webhooks/handler";
import type { OrderWebhook, RefundWebhook } from "../webhooks/payloads";
import { settleMemberTierInTransaction } from "./movement.server";
import { readTierProgram } from "./tiers.server";

type GrantShop = { id: string; domain: string };

// ---------------------------------------------------------------------------------------
// By hand

export const tierAssignmentSchema = z.object({
  /** The tier to give; null takes back a tier given by hand (the member returns to what they earned or bought). */
  tierId: z.string().trim().min(1).max(100).nullable(),
  reason: z.string().trim().min(1, "Say why: the reason is kept in the member's tier history.").max(500),
  /** Who did it, as the admin knows them (the staff member's name or e-mail). */
  staff: z.string().trim().min(1).max(200),
});
export type TierAssignment = z.infer<typeof tierAssignmentSchema>;

/**
 * Staff give a member a tier (any tier of the shop, hidden ones included: the only way to
 * reach those) or take back one they gave. While it lasts a tier given by hand overrides
 * qualifying and bought tiers. The previous tier given by hand, if any, ends now.
 * Bad input (no reason, a tier that is not this shop's) throws a ZodError and writes nothing.
 */
export async function assignTierByHand(
  db: Db,
  shopId: string,
  memberId: string,
  input: z.input<typeof tierAssignmentSchema>,
  now = new Date(),
) {
  const assignment = tierAssignmentSchema.parse(input);
  if (assignment.tierId !== null) {
    const tier = await db.tier.findFirst({ where: { id: assignment.tierId, shopId }, select: { id: true } });
    if (!tier) {
      throw new z.ZodError([{ code: "custom", path: ["tierId"], message: "This shop has no such tier." }]);
    }
  }
  const member = await db.member.findFirst({ where: { id: memberId, shopId, redactedAt: null }, select: { id: true } });
  if (!member) throw new MemberNotFoundError(`No member ${memberId} in this shop.`);

  // The grant and the move it makes commit together, so history never shows one without the other.
  return inLedgerTransaction(db, async (tx) => {
    await tx.tierGrant.updateMany({
      where: { shopId, memberId, source: "manual", revokedAt: null, OR: [{ endsAt: null }, { endsAt: { gt: now } }] },
      data: { revokedAt: now },
    });
    if (assignment.tierId !== null) {
      await tx.tierGrant.create({
        data: {
          shopId,
          memberId,
          tierId: assignment.tierId,
          source: "manual",
          reason: assignment.reason,
          staff: assignment.staff,
          startsAt: now,
        },
      });
    }
    return settleMemberTierInTransaction(tx, shopId, memberId, {
      now,
      cause: "manual",
      reason: assignment.reason,
      staff: assignment.staff,
    });
  });
}

// ---------------------------------------------------------------------------------------
// Paid membership

export type PaidGrantOutcome =
  | { status: "not_sold" | "no_customer" | "no_member" | "order_cancelled" | "order_refunded" }
  | { status: "granted"; memberId: string; tierIds: string[] };

/**
 * orders/paid: grants the tiers the order's products buy, then settles the member. Runs after
 * the order's points (the member is enrolled by then). `shop` null: shop/redact erased it.
 */
export async function grantPaidTiersForOrder(
  db: Db,
  shop: GrantShop | null,
  order: OrderWebhook,
  now = new Date(),
  known: { tiers?: readonly Tier[] } = {},
): Promise<PaidGrantOutcome> {
  if (!shop) return { status: "not_sold" };
  // `known.tiers`: the delivery batch's, read once for the batch.
  const tiers = known.tiers ?? (await readTierProgram(db, shop.id)).program.tiers;
  if (!sellsMemberships(tiers)) return { status: "not_sold" };
  if (!order.customer?.id) return { status: "no_customer" };
  const productIds = (order.line_items ?? []).flatMap((line) =>
    line.product_id != null ? [String(line.product_id)] : [],
  );
  const bought = tiersBoughtBy(tiers, await withTags(shop, tiers, productIds));
  if (bought.length === 0) return { status: "not_sold" };

  const orderId = String(order.id);
  const member = await findMemberByCustomerId(db, shop.id, String(order.customer.id));
  // Redacted (customers/redact) or never enrolled: there is nobody to give the tier to.
  if (!member || member.redactedAt) return { status: "no_member" };
  const account = await db.orderAccount.findUnique({
    where: { shopId_orderId: { shopId: shop.id, orderId } },
    select: { paidAt: true, cancelledAt: true, spendMinor: true, refundedMinor: true },
  });
  // orders/cancelled, or refunds giving back the whole order, arrived first: nothing was bought.
  if (account?.cancelledAt) return { status: "order_cancelled" };
  if (account && account.spendMinor > 0 && account.refundedMinor >= account.spendMinor) {
    return { status: "order_refunded" };
  }
  const startsAt = account?.paidAt ?? now;

  await inLedgerTransaction(db, async (tx) => {
    // The member row first, as settling takes it: two deliveries of the order queue here,
    // and the second finds the first's grants.
    await lockMember(tx, shop.id, member.id);
    for (const tier of bought) {
      const key = { shopId: shop.id, source: "paid", orderId, tierId: tier.id };
      const grant = { ...key, memberId: member.id, startsAt, endsAt: paidMembershipEnd(startsAt, tier.paidMonths) };
      await tx.tierGrant.upsert({ where: { shopId_source_orderId_tierId: key }, create: grant, update: {} });
    }
    await settleMemberTierInTransaction(tx, shop.id, member.id, { now, cause: "paid" });
  });
  return { status: "granted", memberId: member.id, tierIds: bought.map((tier) => tier.id) };
}

export type PaidRevocationCause = "cancelled" | "refunded";

/**
 * Ends the grants order `orderId` bought (only those of `tierIds` when given) and settles
 * their members. Repeating it changes nothing: a revoked grant stays revoked at its first time.
 */
export async function revokePaidTiersForOrder(
  db: Db,
  shopId: string,
  orderId: string,
  cause: PaidRevocationCause,
  options: { tierIds?: readonly string[]; now?: Date } = {},
): Promise<{ revoked: number }> {
  const now = options.now ?? new Date();
  const where = {
    shopId,
    source: "paid",
    orderId,
    revokedAt: null,
    ...(options.tierIds ? { tierId: { in: [...options.tierIds] } } : {}),
  };
  const members = await db.tierGrant.findMany({ where, select: { memberId: true }, distinct: ["memberId"] });
  let revoked = 0;
  for (const { memberId } of members) {
    revoked += await inLedgerTransaction(db, async (tx) => {
      await lockMember(tx, shopId, memberId);
      const { count } = await tx.tierGrant.updateMany({ where: { ...where, memberId }, data: { revokedAt: now } });
      await settleMemberTierInTransaction(tx, shopId, memberId, { now, cause: "paid_revoked" });
      return count;
    });
  }
  if (revoked > 0) console.info(`[tiers] order ${orderId} ${cause}: ${revoked} paid tier grant(s) revoked`);
  return { revoked };
}

/** orders/cancelled: every membership the order bought ends. */
export async function revokePaidTiersOfCancelledOrder(db: Db, shop: GrantShop | null, orderId: string, now?: Date) {
  if (!shop) return { revoked: 0 };
  return revokePaidTiersForOrder(db, shop.id, orderId, "cancelled", now ? { now } : {});
}

/**
 * refunds/create, after the refund's points were taken back: the memberships whose product
 * the refund gives back end; all of them when the order is now refunded in full.
 */
export async function revokePaidTiersForRefund(db: Db, shop: GrantShop | null, refund: RefundWebhook, now?: Date) {
  if (!shop) return { revoked: 0 };
  const orderId = String(refund.order_id);
  const active = await db.tierGrant.findMany({
    where: { shopId: shop.id, source: "paid", orderId, revokedAt: null },
    select: { tierId: true },
  });
  if (active.length === 0) return { revoked: 0 };
  const timing = now ? { now } : {};

  const account = await db.orderAccount.findUnique({
    where: { shopId_orderId: { shopId: shop.id, orderId } },
    select: { spendMinor: true, refundedMinor: true },
  });
  if (account && account.spendMinor > 0 && account.refundedMinor >= account.spendMinor) {
    return revokePaidTiersForOrder(db, shop.id, orderId, "refunded", timing);
  }

  const { tiers } = (await readTierProgram(db, shop.id)).program;
  const granted = tiers.filter((tier) => active.some((grant) => grant.tierId === tier.id));
  const productIds = (refund.refund_line_items ?? []).flatMap((line) =>
    line.line_item?.product_id != null ? [String(line.line_item.product_id)] : [],
  );
  const refunded = tiersBoughtBy(granted, await withTags(shop, granted, productIds));
  if (refunded.length === 0) return { revoked: 0 };
  return revokePaidTiersForOrder(db, shop.id, orderId, "refunded", { ...timing, tierIds: refunded.map((t) => t.id) });
}

/**
 * The products with their Shopify tags, asked for only when one of `tiers` is sold by tag.
 * Shopify unavailable: the error goes up and the delivery is retried (as order pricing does,
 * app/orders/order-pricing.server.ts). Shopify refusing for want of read_products will not
 * heal by retrying, and guessing would give or keep a membership wrongly: the delivery
 * becomes a dead letter, replayable once the scope is approved.
 */
async function withTags(
  shop: GrantShop,
  tiers: readonly Tier[],
  productIds: readonly string[],
): Promise<OrderedProduct[]> {
  const unique = [...new Set(productIds)];
  if (unique.length === 0 || !sellsByTag(tiers)) return unique.map((productId) => ({ productId, tags: [] }));
  let tags: ReadonlyMap<string, readonly string[]>;
  try {
    tags = await shopifyGateway().productTags(shop.domain, unique);
  } catch (error) {
    if (!(error instanceof ShopifyAccessDeniedError)) throw error;
    throw new UnusableWebhookError(`Paid tiers sold by product tag need read_products: ${error.message}`);
  }
  return unique.map((productId) => ({ productId, tags: tags.get(productId) ?? [] }));
}

/** Takes the member row (a real write, the lock settling and the ledger take) for the transaction. */
async function lockMember(tx: Tx, shopId: string, memberId: string): Promise<void> {
  await tx.member.updateMany({ where: { id: memberId, shopId }, data: { updatedAt: new Date() } });
}
