/**
 * What an order earns: the shop's spend rules when it has any, else its flat rate
 * (Shop.pointsPerUnit, as before rules existed). Shopify is asked for what the order
 * webhook lacks (product tags, the referrer's address) BEFORE the ledger transaction opens,
 * so no database lock is held across a network call; if Shopify cannot answer, this throws
 * before anything is written and Shopify delivers the webhook again (docs/decisions/0009).
 */
import type { Db, Tx } from "../db.server";
import { eligibleSpendMinor, pointsForSpend } from "../domain/earning";
import { currencyExponent } from "../domain/money";
import { purchasePricing } from "../domain/purchase-pricing";
import { liveReferralRules, referralCodeOfOrder } from "../domain/referral-code";
import type { Party, Rule } from "../domain/rules";
import {
  needsProductTags,
  orderPaidEvent,
  orderTime,
  priceWithSpendRules,
  spendHistory,
  type SpendAward,
} from "../domain/spend-pricing";
import { findMemberByCustomerId } from "../members/members.server";
import { findMemberByReferralCode } from "../members/referral.server";
import { listRules, type StoredRule } from "../rules/rules.server";
import { ShopifyAccessDeniedError, shopifyGateway } from "../shopify/gateway.server";
import type { OrderPayload } from "./order-points.server";

export type OrderPricing =
  { kind: "shop_rate" } | { kind: "spend_rules"; rules: Rule[]; productTags: ReadonlyMap<string, readonly string[]> };

/** A referral that this order may complete, as far as could be seen before the transaction. */
export interface PreparedReferral {
  rules: Rule[];
  referrerCustomerId: string;
  /** From Shopify, for the self-referral check; absent when the referrer has none. */
  referrerAddress?: Party["address"];
}

export interface OrderPreparation {
  pricing: OrderPricing;
  referral: PreparedReferral | null;
}

type PricingShop = { id: string; domain: string; timeZone: string; pointsPerUnit: number };

/**
 * Reads the rules (or takes them from the delivery's batch, app/webhooks/batch.server.ts) and
 * asks Shopify what pricing this order needs. `payment`: the order is being paid
 * (orders/paid), the only time a referral completes.
 */
export async function prepareOrder(
  db: Db,
  shop: PricingShop,
  order: OrderPayload,
  options: { payment: boolean; now?: Date; rules?: readonly StoredRule[] },
): Promise<OrderPreparation> {
  const now = options.now ?? new Date();
  const stored = options.rules ?? (await listRules(db, shop.id));
  const rules = stored.flatMap((s) => (s.rule ? [s.rule] : []));
  const policy = purchasePricing(stored, shop.pointsPerUnit);
  const pricing: OrderPricing =
    policy.source === "spend_rules"
      ? { kind: "spend_rules", rules: policy.rules, productTags: new Map() }
      : { kind: "shop_rate" };
  if (!order.customer?.id) return { pricing, referral: null };

  // What is known of the order matters only to product tags and referrals: at the shop's
  // rate without a live referral rule (the common case) it is not read at all.
  const needsTags = pricing.kind === "spend_rules" && needsProductTags(pricing.rules);
  const mayRefer = options.payment && liveReferralRules(rules, now).length > 0;
  if (!needsTags && !mayRefer) return { pricing, referral: null };
  const account = await db.orderAccount.findUnique({
    where: { shopId_orderId: { shopId: shop.id, orderId: String(order.id) } },
    select: { memberId: true, earnedPoints: true, paidAt: true },
  });
  const priced = Boolean(account?.memberId && account.earnedPoints > 0);
  if (pricing.kind === "spend_rules" && !priced && needsTags) {
    const productIds = [
      ...new Set(
        (order.line_items ?? []).flatMap((line) => (line.product_id != null ? [String(line.product_id)] : [])),
      ),
    ];
    if (productIds.length > 0) pricing.productTags = await productTagsOrNone(shop.domain, productIds);
  }

  const referral = mayRefer && !account?.paidAt ? await prepareReferral(db, shop, order, rules, now) : null;
  return { pricing, referral };
}

/**
 * The products' tags. Shopify unavailable: the error goes up and the webhook is answered
 * 503, so Shopify delivers it again (an order is priced once, so guessing would be final).
 * Shopify refusing for want of the read_products scope (not approved yet after an update)
 * will not heal by retrying, and retrying until Shopify gives up would lose the order and
 * risk the subscription: the lines count as not excluded, and the log says why.
 */
async function productTagsOrNone(
  shopDomain: string,
  productIds: string[],
): Promise<ReadonlyMap<string, readonly string[]>> {
  try {
    return await shopifyGateway().productTags(shopDomain, productIds);
  } catch (error) {
    if (!(error instanceof ShopifyAccessDeniedError)) throw error;
    console.warn(`[orders] ${shopDomain}: product tags unavailable (${error.message}); no line excluded by tag.`);
    return new Map();
  }
}

async function prepareReferral(
  db: Db,
  shop: PricingShop,
  order: OrderPayload,
  rules: Rule[],
  now: Date,
): Promise<PreparedReferral | null> {
  const referralRules = liveReferralRules(rules, now);
  const friendId = String(order.customer!.id);
  if (referralRules.length === 0) return null;
  const friend = await findMemberByCustomerId(db, shop.id, friendId);
  if (friend && (await otherPaidOrders(db, shop.id, friend.id, String(order.id))) > 0) return null;
  let referrerCustomerId = friend?.referredByCustomerId ?? null;
  if (!referrerCustomerId) {
    const code = referralCodeOfOrder(order);
    referrerCustomerId = code ? ((await findMemberByReferralCode(db, shop.id, code))?.customerId ?? null) : null;
  }
  if (!referrerCustomerId) return null;
  const address =
    referrerCustomerId === friendId
      ? null
      : await shopifyGateway().customerDefaultAddress(shop.domain, referrerCustomerId);
  return { rules: referralRules, referrerCustomerId, ...(address ? { referrerAddress: address } : {}) };
}

/** The member's paid orders other than this one: a referral completes on the first only. */
export function otherPaidOrders(client: Db | Tx, shopId: string, memberId: string, orderId: string): Promise<number> {
  return client.orderAccount.count({ where: { shopId, memberId, orderId: { not: orderId }, paidAt: { not: null } } });
}

/**
 * What pricing by spend rules reads of the member's other orders, inside the order's
 * transaction and under the member's row lock (the member upsert wrote it), so two orders of
 * one member at once cannot both count as first, or both fit under a limit. Implemented by
 * each order store (./order-store.server.ts).
 */
export interface OrderHistory {
  /**
   * "First order": the customer has no other order whose points were placed (pending or
   * released) or that was paid.
   */
  isFirstOrder(shopId: string, memberId: string, orderId: string): Promise<boolean>;
  /** The member's other orders that spend rules paid ("[]": none), for spendHistory. */
  spendAwardsOfOtherOrders(
    shopId: string,
    memberId: string,
    orderId: string,
  ): Promise<{ orderId: string; spendAwards: string }[]>;
}

/** OrderHistory in a Prisma transaction. */
export function prismaOrderHistory(tx: Tx): OrderHistory {
  return {
    async isFirstOrder(shopId, memberId, orderId) {
      const others = await tx.orderAccount.count({
        where: {
          shopId,
          memberId,
          orderId: { not: orderId },
          OR: [{ pointsState: { not: "none" } }, { paidAt: { not: null } }],
        },
      });
      return others === 0;
    },
    spendAwardsOfOtherOrders(shopId, memberId, orderId) {
      return tx.orderAccount.findMany({
        where: { shopId, memberId, orderId: { not: orderId }, spendAwards: { not: "[]" } },
        select: { orderId: true, spendAwards: true },
      });
    },
  };
}

/**
 * The order's points and, for spend rules, the reason its ledger entry will give and the
 * rules that paid (kept on the order for later limits).
 */
export async function priceOrder(
  history: OrderHistory,
  shop: PricingShop,
  memberId: string,
  order: OrderPayload,
  pricing: OrderPricing,
  now = new Date(),
): Promise<{ points: number; reason: string | null; paidBy: SpendAward[] }> {
  if (pricing.kind === "shop_rate") {
    const points = pointsForSpend(eligibleSpendMinor(order), currencyExponent(order.currency), shop.pointsPerUnit);
    return { points, reason: null, paidBy: [] };
  }
  const orderId = String(order.id);
  const event = orderPaidEvent(order, {
    productTags: pricing.productTags,
    isFirstOrder: await history.isFirstOrder(shop.id, memberId, orderId),
  });
  const others = spendHistory(await history.spendAwardsOfOtherOrders(shop.id, memberId, orderId));
  const context = { now: orderTime(order, now), timeZone: shop.timeZone, customerId: String(order.customer!.id) };
  const priced = priceWithSpendRules(pricing.rules, event, context, others);
  return { points: priced.points, reason: priced.reason, paidBy: priced.paidBy };
}
