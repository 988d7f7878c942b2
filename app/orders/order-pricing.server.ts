/**
 * What an order earns, as app/domain/order-earnings.ts decides it (the shop's spend rules, or
 * the Settings rate as the default rule, with the member's tier and the campaigns running when
 * the order was placed): this module gathers what that needs. Shopify is asked for what the order webhook lacks (product tags, the referrer's address) BEFORE the ledger transaction opens,
 * so no database lock is held across a network call; if Shopify cannot answer, this throws
 * before anything is written and Shopify delivers the webhook again (docs/decisions/0009).
 */
import type { Db, Tx } from "../db.server";
import { readLiveCampaigns } from "../campaigns/campaigns.server";
import { stackingPolicyOf, type Campaign } from "../domain/campaigns/definition";
import { runningCampaigns } from "../domain/campaigns/schedule";
import { readCustomerTags } from "../domain/customer-sync";
import type { EarningContext, EarningTier } from "../domain/earning-context";
import {
  needsOrderHistory,
  orderEarnings,
  purchasePolicy,
  type EarnComponent,
  type PurchasePolicy,
} from "../domain/order-earnings";
import { liveReferralRules, referralCodeOfOrder } from "../domain/referral-code";
import type { Party, Rule } from "../domain/rules";
import { needsProductTags, orderPaidEvent, orderTime, spendHistory, type SpendAward } from "../domain/spend-pricing";
import { findMemberByCustomerId } from "../members/members.server";
import { findMemberByReferralCode } from "../members/referral.server";
import { listRules, type StoredRule } from "../rules/rules.server";
import { earningContextFor, earningTiersOf } from "../tiers/earning-context.server";
import { ShopifyAccessDeniedError, shopifyGateway } from "../shopify/gateway.server";
import type { OrderPayload } from "./order-points.server";

/** The shop's purchase policy and the order's product tags (read only when a rule needs them). */
export interface OrderPricing {
  policy: PurchasePolicy;
  productTags: ReadonlyMap<string, readonly string[]>;
  /** The shop's tiers (`earningTiersOf`): the member's tierId names theirs. */
  tiers: ReadonlyMap<string, EarningTier>;
  /** The shop's campaigns running when the order was placed (its `orderTime`). */
  campaigns: ReturnType<typeof runningCampaigns>;
}

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

type PricingShop = { id: string; domain: string; timeZone: string; pointsPerUnit: number; campaignStacking: string };

/**
 * Reads the rules, tiers and campaigns (or takes them from the delivery's batch,
 * app/webhooks/batch.server.ts) and asks Shopify what pricing this order needs. `payment`: the
 * order is being paid (orders/paid), the only time a referral completes.
 */
export async function prepareOrder(
  db: Db,
  shop: PricingShop,
  order: OrderPayload,
  options: {
    payment: boolean;
    now?: Date;
    rules?: readonly StoredRule[];
    earningTiers?: (shopId: string) => Promise<ReadonlyMap<string, EarningTier>>;
    campaigns?: (shopId: string) => Promise<readonly Campaign[]>;
  },
): Promise<OrderPreparation> {
  const now = options.now ?? new Date();
  const stored = options.rules ?? (await listRules(db, shop.id));
  const rules = stored.flatMap((s) => (s.rule ? [s.rule] : []));
  const policy = purchasePolicy(stored, shop.pointsPerUnit);
  // A guest's order earns nothing: the tiers and campaigns are not read for it.
  if (!order.customer?.id)
    return { pricing: { policy, productTags: new Map(), tiers: new Map(), campaigns: [] }, referral: null };
  const [tiers, live] = await Promise.all([
    (options.earningTiers ?? ((shopId: string) => earningTiersOf(db, shopId)))(shop.id),
    (options.campaigns ?? ((shopId: string) => readLiveCampaigns(db, shopId)))(shop.id),
  ]);
  // At the order's time, as the rules' dates: the promise is made at checkout.
  const campaigns = runningCampaigns(live, orderTime(order, now), shop.timeZone);
  const pricing: OrderPricing = { policy, productTags: new Map(), tiers, campaigns };

  // What is known of the order matters only to product tags and referrals: at the shop's
  // rate without a live referral rule (the common case) it is not read at all.
  const needsTags = needsProductTags(pricing.policy.rules) || campaigns.some(aimsAtProductTags);
  const mayRefer = options.payment && liveReferralRules(rules, now).length > 0;
  if (!needsTags && !mayRefer) return { pricing, referral: null };
  const account = await db.orderAccount.findUnique({
    where: { shopId_orderId: { shopId: shop.id, orderId: String(order.id) } },
    select: { memberId: true, earnedPoints: true, paidAt: true },
  });
  const priced = account !== null && isPriced(account);
  if (!priced && needsTags) {
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

/** A running earning campaign that raises only products with some tags: pricing needs the order's tags. */
function aimsAtProductTags(campaign: Campaign): boolean {
  return campaign.effect.type !== "reward_price" && campaign.effect.targeting.productTags.length > 0;
}

/**
 * The member's earning context for this order: their tier (from the member upsert's tierId),
 * the campaigns running when it was placed, the shop's stacking policy and their tags.
 */
export function orderEarningContext(
  shop: PricingShop,
  pricing: OrderPricing,
  member: { tierId: string | null; customerTags: string },
): EarningContext {
  return earningContextFor(pricing.tiers, member.tierId, {
    campaigns: pricing.campaigns,
    stacking: stackingPolicyOf(shop.campaignStacking),
    customerTags: readCustomerTags(member.customerTags),
  });
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

/**
 * Whether the order's account has been priced already, so a later delivery prices it no more:
 * it earned points, or it is paid with its member (priced when it was paid, or brought in by
 * the install backfill with tier credit only: docs/decisions/0035).
 */
export function isPriced(account: { memberId: string | null; earnedPoints: number; paidAt: Date | null }): boolean {
  return account.memberId !== null && (account.earnedPoints > 0 || account.paidAt !== null);
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

/** Who the order's member is, as pricing needs them (the order's member upsert returns it). */
export interface PricedMember {
  id: string;
  customerId: string;
  /** When their Shopify account was made, else when they joined the programme. */
  createdAt: Date;
  verified: boolean;
}

/**
 * The order's points as components and, for the merchant's spend rules, the reason its ledger
 * entry will give and the rules that paid (kept on the order for later limits). The member's
 * other orders are read (first order, limits) only when the policy has rules that need them.
 */
export async function priceOrder(
  history: OrderHistory,
  shop: PricingShop,
  member: PricedMember,
  order: OrderPayload,
  pricing: OrderPricing,
  earning: EarningContext,
  now = new Date(),
): Promise<{ points: number; components: EarnComponent[]; reason: string | null; paidBy: SpendAward[] }> {
  const orderId = String(order.id);
  const reads = needsOrderHistory(pricing.policy);
  const event = orderPaidEvent(order, {
    productTags: pricing.productTags,
    isFirstOrder: reads ? await history.isFirstOrder(shop.id, member.id, orderId) : false,
  });
  const others = reads ? spendHistory(await history.spendAwardsOfOtherOrders(shop.id, member.id, orderId)) : [];
  const priced = orderEarnings(pricing.policy, event, {
    now: orderTime(order, now),
    timeZone: shop.timeZone,
    member: { id: member.customerId, createdAt: member.createdAt, verified: member.verified },
    history: others,
    earning,
  });
  return { points: priced.points, components: priced.components, reason: priced.reason, paidBy: priced.paidBy };
}
