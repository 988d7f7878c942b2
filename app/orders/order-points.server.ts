/**
 * An order's points over its life: earned when paid, taken back in proportion to refunds,
 * the rest taken back on cancellation. Each handler runs in one ledger transaction that
 * first records the webhook delivery, then locks the order's account row, so duplicates,
 * concurrent deliveries and any arrival order (a refund before the paid webhook) converge.
 */
import type { Db, Tx } from "../db.server";
import { eligibleSpendMinor, pointsForSpend, type OrderAmounts } from "../domain/earning";
import { ledgerKeys } from "../domain/ledger";
import { currencyExponent, toMinorUnits } from "../domain/money";
import { reversalStep, reversalTarget, type ReversalPolicy } from "../domain/reversal";
import { inLedgerTransaction, postEntry } from "../ledger/ledger.server";
import { ensureMember } from "../members/members.server";
import { ensureShop } from "../shops/shops.server";
import { recordDelivery } from "../webhooks/deliveries.server";

export interface PaidOrder extends OrderAmounts {
  id: number | string;
  customer?: { id: number | string; email?: string | null; first_name?: string | null; last_name?: string | null } | null;
}

export interface RefundPayload {
  id: number | string;
  order_id: number | string;
  refund_line_items?: { subtotal?: string | null }[] | null;
}

type ShopRow = { id: string; reversalPolicy: string; pointsPerUnit: number; currencyCode: string };

export type EarnOutcome =
  | { status: "awarded"; points: number; memberId: string }
  | { status: "duplicate_delivery" }
  | { status: "already_awarded"; memberId: string }
  | { status: "no_customer" }
  | { status: "nothing_to_award"; memberId: string };

export type ReversalOutcome = { status: "duplicate_delivery" | "duplicate_refund" | "recorded"; reversed: number; shortfall: number };

const accountKey = (shopId: string, orderId: string) => ({ shopId_orderId: { shopId, orderId } });

export async function earnFromPaidOrder(
  db: Db,
  input: { shopDomain: string; eventId: string; topic: string; order: PaidOrder },
): Promise<EarnOutcome> {
  const { order } = input;
  const shop = await ensureShop(db, input.shopDomain, order.currency);
  const orderId = String(order.id);

  return inLedgerTransaction(db, async (tx) => {
    if (!(await recordDelivery(tx, shop.id, input.eventId, input.topic))) return { status: "duplicate_delivery" };
    if (!order.customer?.id) return { status: "no_customer" };

    // Lock order: the order's account row, then the member row, in every handler of this
    // module, so concurrent events of one order queue instead of deadlocking.
    const account = await tx.orderAccount.upsert({
      where: accountKey(shop.id, orderId),
      create: { shopId: shop.id, orderId },
      // A real write, so the row is locked (an empty update would only read it).
      update: { updatedAt: new Date() },
    });
    const member = await ensureMember(tx, shop.id, {
      id: String(order.customer.id),
      email: order.customer.email,
      firstName: order.customer.first_name,
      lastName: order.customer.last_name,
    });
    if (account.paidAt) return { status: "already_awarded", memberId: member.id };

    const exponent = currencyExponent(order.currency);
    const points = pointsForSpend(eligibleSpendMinor(order), exponent, shop.pointsPerUnit);
    const paid = await tx.orderAccount.update({
      where: accountKey(shop.id, orderId),
      data: {
        memberId: member.id,
        paidAt: new Date(),
        earnedPoints: points,
        // The base for refund proportions: Shopify's subtotal, the same basis as refund lines.
        spendMinor: Math.max(0, toMinorUnits(order.subtotal_price ?? "0", exponent) ?? 0),
      },
    });
    if (points <= 0) return { status: "nothing_to_award", memberId: member.id };

    const posted = await postEntry(tx, {
      shopId: shop.id,
      memberId: member.id,
      points,
      kind: "earn",
      causeType: "order",
      causeId: orderId,
      idempotencyKey: ledgerKeys.orderEarn(orderId),
    });
    // Refunds or a cancellation that arrived before this paid webhook apply now.
    await settleReversals(tx, shop, paid, "Refunded or cancelled before payment was recorded");
    return posted.status === "posted"
      ? { status: "awarded", points, memberId: member.id }
      : { status: "already_awarded", memberId: member.id };
  });
}

export async function reverseForRefund(
  db: Db,
  input: { shopDomain: string; eventId: string; topic: string; refund: RefundPayload },
): Promise<ReversalOutcome> {
  const shop = await ensureShop(db, input.shopDomain);
  const orderId = String(input.refund.order_id);
  const refundId = String(input.refund.id);
  const exponent = currencyExponent(shop.currencyCode);
  const amountMinor = (input.refund.refund_line_items ?? []).reduce(
    (sum, line) => sum + Math.max(0, toMinorUnits(line.subtotal ?? "0", exponent) ?? 0),
    0,
  );

  return inLedgerTransaction(db, async (tx) => {
    if (!(await recordDelivery(tx, shop.id, input.eventId, input.topic))) {
      return { status: "duplicate_delivery", reversed: 0, shortfall: 0 };
    }
    const known = await tx.orderRefund.findUnique({ where: { shopId_refundId: { shopId: shop.id, refundId } } });
    if (known) return { status: "duplicate_refund", reversed: 0, shortfall: 0 };
    await tx.orderRefund.create({ data: { shopId: shop.id, refundId, orderId, amountMinor } });

    const account = await tx.orderAccount.upsert({
      where: accountKey(shop.id, orderId),
      create: { shopId: shop.id, orderId, refundedMinor: amountMinor },
      update: { refundedMinor: { increment: amountMinor } },
    });
    return { status: "recorded", ...(await settleReversals(tx, shop, account, `Refund ${refundId} of order ${orderId}`)) };
  });
}

export async function reverseForCancellation(
  db: Db,
  input: { shopDomain: string; eventId: string; topic: string; orderId: string },
): Promise<ReversalOutcome> {
  const shop = await ensureShop(db, input.shopDomain);
  return inLedgerTransaction(db, async (tx) => {
    if (!(await recordDelivery(tx, shop.id, input.eventId, input.topic))) {
      return { status: "duplicate_delivery", reversed: 0, shortfall: 0 };
    }
    const account = await tx.orderAccount.upsert({
      where: accountKey(shop.id, input.orderId),
      create: { shopId: shop.id, orderId: input.orderId, cancelledAt: new Date() },
      // A real write, so the row is locked (an empty update would only read it).
      update: { updatedAt: new Date() },
    });
    const cancelled = account.cancelledAt
      ? account
      : await tx.orderAccount.update({ where: accountKey(shop.id, input.orderId), data: { cancelledAt: new Date() } });
    return { status: "recorded", ...(await settleReversals(tx, shop, cancelled, `Order ${input.orderId} cancelled`)) };
  });
}

/**
 * Moves the order's reversed points up to its current target. The member row is locked
 * (a no-op update) before its balance is read, so the cap-at-zero decision is made on the
 * balance as it is at commit, not on a stale read.
 */
async function settleReversals(
  tx: Tx,
  shop: ShopRow,
  account: { orderId: string; memberId: string | null; earnedPoints: number; spendMinor: number; refundedMinor: number; reversedPoints: number; cancelledAt: Date | null },
  reason: string,
): Promise<{ reversed: number; shortfall: number }> {
  if (!account.memberId) return { reversed: 0, shortfall: 0 };
  const target = reversalTarget({
    earnedPoints: account.earnedPoints,
    spendMinor: account.spendMinor,
    refundedMinor: account.refundedMinor,
    cancelled: account.cancelledAt !== null,
  });
  if (target <= account.reversedPoints) return { reversed: 0, shortfall: 0 };

  const member = await tx.member.update({
    where: { id: account.memberId, shopId: shop.id },
    data: { updatedAt: new Date() },
    select: { balance: true },
  });
  const policy = shop.reversalPolicy as ReversalPolicy;
  const step = reversalStep({ target, alreadyReversed: account.reversedPoints, balance: member.balance, policy });
  if (step.debit > 0) {
    await postEntry(tx, {
      shopId: shop.id,
      memberId: account.memberId,
      points: -step.debit,
      kind: "reverse",
      causeType: "order",
      causeId: account.orderId,
      reason,
      idempotencyKey: ledgerKeys.orderReversedTo(account.orderId, target),
      allowNegative: policy === "allow_negative",
    });
  }
  await tx.orderAccount.update({
    where: accountKey(shop.id, account.orderId),
    data: { reversedPoints: target, shortfallPoints: { increment: step.shortfall } },
  });
  return { reversed: step.debit, shortfall: step.shortfall };
}
