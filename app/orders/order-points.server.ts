/**
 * An order's points over its life (app/domain/order-points.ts decides; this module records).
 * Every handler runs in one ledger transaction: remember the webhook delivery, lock the
 * order's account row (then the member's, always in that order, so concurrent events of one
 * order queue instead of deadlocking), update what is known about the order, then post the
 * entries the plan asks for. Duplicates, concurrency and any arrival order converge.
 *
 * The transaction is written once, against an order store (./order-store.server.ts): on
 * PostgreSQL its steps are raw statements on one `pg` client by default, through Prisma's
 * interactive transaction otherwise (docs/decisions/0020). The shop and its rules come from
 * the delivery's batch (app/webhooks/batch.server.ts), read once per batch.
 */
import type { Db } from "../db.server";
import { assertPointsInRange, ledgerKeys } from "../domain/ledger";
import { currencyExponent, minorFromStored, requireMinorUnits } from "../domain/money";
import { readEarnComponents } from "../domain/order-earnings";
import { planOrderPoints, releaseRuleOf, type OrderFacts, type PointsState } from "../domain/order-points";
import { refundAmountMinor } from "../domain/refund-amount";
import { reversalStep, type ReversalPolicy } from "../domain/reversal";
import { inLedgerTransaction } from "../ledger/ledger.server";
import { whenCustomerRedacted } from "../compliance/redactions.server";
import { customerTagsOf, payloadProducedAt } from "../domain/customer-sync";
import { createDeliveryBatch, type DeliveryBatch } from "../webhooks/batch.server";
import type { OrderWebhook, RefundWebhook } from "../webhooks/payloads";
import { isPriced, orderEarningContext, prepareOrder, priceOrder, type OrderPricing } from "./order-pricing.server";
import { orderFactOf } from "./order-fact.server";
import { completeReferral } from "./order-referral.server";
import {
  inOrderTransaction,
  prismaOrderStore,
  type OrderAccount,
  type OrderMember,
  type OrderStore,
} from "./order-store.server";

/** An order webhook's payload as its schema (app/webhooks/payloads.ts) reads it. */
export type OrderPayload = OrderWebhook;
/** A refunds/create payload as its schema reads it: amounts are decimal text. */
export type RefundPayload = RefundWebhook;

type ShopRow = {
  id: string;
  domain: string;
  reversalPolicy: string;
  pointsReleaseRule: string;
  returnWindowDays: number;
  pointsPerUnit: number;
  currencyCode: string;
  timeZone: string;
  engagementPaused: boolean;
  campaignStacking: string;
};
type Account = OrderAccount;

export type EarnOutcome =
  | { status: "awarded"; points: number; memberId: string }
  | { status: "pending"; points: number; memberId: string }
  | { status: "duplicate_delivery" }
  | { status: "already_awarded"; memberId: string }
  | { status: "no_customer" }
  /** shop/redact or customers/redact erased them: nothing is written. */
  | { status: "shop_redacted" | "customer_redacted" }
  | { status: "nothing_to_award"; memberId: string };

export type ReversalOutcome = {
  status: "duplicate_delivery" | "duplicate_refund" | "recorded" | "shop_redacted";
  reversed: number;
  shortfall: number;
};
const SHOP_REDACTED = { status: "shop_redacted", reversed: 0, shortfall: 0 } as const;

/** An order webhook as the route hands it over; triggeredAt dates the customer's details. */
type OrderDelivery = {
  shopDomain: string;
  eventId: string;
  topic: string;
  order: OrderPayload;
  triggeredAt?: string | null;
};

const DAY_MS = 86_400_000;

/** What the delivery record is made of. */
const deliveryOf = (shopId: string, input: { eventId: string; topic: string }) => ({
  shopId,
  eventId: input.eventId,
  topic: input.topic,
});

/**
 * The delivery recorded and, when it is new (else null), the order's account locked: the order's currency is kept the first time the order is
 * seen (a refund may have created the row before), so its refunds are read in it.
 */
async function lockOrderAccount(store: OrderStore, shopId: string, input: OrderDelivery): Promise<Account | null> {
  const { order } = input;
  const account = await store.recordDeliveryLockingAccount(deliveryOf(shopId, input), String(order.id), {
    currencyCode: order.currency,
  });
  if (!account || account.currencyCode) return account;
  return store.updateAccount(shopId, account.orderId, { currencyCode: order.currency });
}

type Learned = { account: Account; member: OrderMember | null; placeReason?: string };

/**
 * The order's amounts, its customer enrolled (their row written, so locked from here on):
 * recorded the first time either is seen. The points, and the components they are made of,
 * come from the shop's purchase policy and the member's tier (./order-pricing.server.ts); the
 * refund base stays Shopify's subtotal, the same basis as refund lines, so refunds take back
 * each component in proportion whichever rule priced it.
 */
async function learnOrder(
  store: OrderStore,
  shop: ShopRow,
  account: Account,
  input: OrderDelivery,
  pricing: OrderPricing,
): Promise<Learned> {
  const { order } = input;
  if (!order.customer?.id) return { account, member: null };
  // Contact details and tags by the customer webhooks' rule: only those the order carries, if newer.
  const { customer } = order;
  const tags = customerTagsOf(customer.tags);
  const member = await store.ensureMember(
    shop.id,
    {
      id: String(customer.id),
      email: customer.email,
      firstName: customer.first_name,
      lastName: customer.last_name,
      ...(tags ? { tags } : {}),
    },
    payloadProducedAt(input.triggeredAt, customer.updated_at),
  );
  if (isPriced(account)) return { account, member };
  const exponent = currencyExponent(order.currency);
  const priced = await priceOrder(
    store,
    shop,
    {
      id: member.id,
      customerId: member.customerId,
      createdAt: member.customerCreatedAt ?? member.createdAt,
      verified: member.verifiedEmail,
    },
    order,
    pricing,
    orderEarningContext(shop, pricing, member),
  );
  // Refused before anything about the order is written (docs/decisions/0018): an order
  // worth more points than the ledger can hold is not half-recorded on either database.
  assertPointsInRange(`Order ${account.orderId}`, priced.points);
  const spendMinor = Math.max(
    0,
    requireMinorUnits(`Order ${account.orderId}'s subtotal`, order.subtotal_price ?? "0", exponent),
  );
  const learned = await store.updateAccount(shop.id, account.orderId, {
    memberId: member.id,
    earnedPoints: priced.points,
    spendAwards: JSON.stringify(priced.paidBy),
    earnComponents: JSON.stringify(priced.components),
    spendMinor,
  });
  return { account: learned, member, ...(priced.reason ? { placeReason: priced.reason } : {}) };
}

function factsOf(account: Account, shop: ShopRow, now: Date): OrderFacts {
  return {
    earnedPoints: account.memberId ? account.earnedPoints : 0,
    componentPoints: readEarnComponents(account.earnComponents).map((component) => component.points),
    spendMinor: minorFromStored(`Order ${account.orderId}'s spend`, account.spendMinor),
    refundedMinor: minorFromStored(`Order ${account.orderId}'s refunds`, account.refundedMinor),
    cancelled: account.cancelledAt !== null,
    paid: account.paidAt !== null,
    fulfilled: account.fulfilledAt !== null,
    returnWindowOver:
      account.paidAt !== null && account.paidAt.getTime() + shop.returnWindowDays * DAY_MS <= now.getTime(),
  };
}

/**
 * Posts what the plan asks for and records where the order stands. `reason` explains
 * reversals; `placeReason`, the order's points when they are placed (the spend rules that paid).
 */
async function applyPlan(
  store: OrderStore,
  shop: ShopRow,
  account: Account,
  reason: string,
  now = new Date(),
  placeReason?: string,
) {
  const result = { placed: 0, released: 0, reversed: 0, shortfall: 0, pending: false };
  const memberId = account.memberId;
  if (!memberId) return result;
  const rule = releaseRuleOf(shop.pointsReleaseRule);
  const plan = planOrderPoints(
    factsOf(account, shop, now),
    {
      pointsState: account.pointsState as PointsState,
      heldPoints: account.heldPoints,
      releasedPoints: account.releasedPoints,
      reversedPoints: account.reversedPoints,
    },
    rule,
  );
  const base = { shopId: shop.id, memberId, causeType: "order" as const, causeId: account.orderId };
  for (const step of plan.steps) {
    switch (step.kind) {
      case "earn":
        await store.postEntry({
          ...base,
          kind: "earn",
          points: step.points,
          reason: placeReason,
          idempotencyKey: ledgerKeys.orderEarn(account.orderId),
        });
        result.placed += step.points;
        break;
      case "hold":
        await store.postEntry({
          ...base,
          kind: "hold",
          points: step.points,
          reason: placeReason,
          idempotencyKey: ledgerKeys.orderHold(account.orderId),
        });
        result.placed += step.points;
        result.pending = true;
        break;
      case "release":
        await store.postEntry({
          ...base,
          kind: "release",
          points: step.points,
          idempotencyKey: ledgerKeys.orderRelease(account.orderId),
        });
        result.released += step.points;
        break;
      case "void":
        await store.postEntry({
          ...base,
          kind: "void",
          points: -step.points,
          reason,
          idempotencyKey: ledgerKeys.orderVoidedTo(account.orderId, step.target),
        });
        result.reversed += step.points;
        break;
      case "reverse": {
        // The member row is locked before its balance is read, so the cap-at-zero decision
        // is made on the balance as it is at commit.
        const balance = await store.lockMemberBalance(shop.id, memberId);
        const policy = shop.reversalPolicy as ReversalPolicy;
        const { debit, shortfall } = reversalStep({
          target: step.points,
          alreadyReversed: 0,
          balance,
          policy,
        });
        if (debit > 0) {
          await store.postEntry({
            ...base,
            kind: "reverse",
            points: -debit,
            reason,
            idempotencyKey: ledgerKeys.orderReversedTo(account.orderId, step.target),
            allowNegative: policy === "allow_negative",
          });
        }
        result.reversed += debit;
        result.shortfall += shortfall;
        break;
      }
    }
  }
  if (plan.steps.length > 0 || plan.next.pointsState !== account.pointsState) {
    await store.updateAccount(shop.id, account.orderId, {
      pointsState: plan.next.pointsState,
      heldPoints: plan.next.heldPoints,
      releasedPoints: plan.next.releasedPoints,
      reversedPoints: plan.next.reversedPoints,
      shortfallPointsBy: result.shortfall,
    });
  }
  return result;
}

/** orders/create: the order's points show as pending until the shop's release rule is met. */
export async function holdForCreatedOrder(
  db: Db,
  input: OrderDelivery,
  batch: DeliveryBatch = createDeliveryBatch(db),
) {
  const shop = await batch.shop(input.shopDomain, input.order.currency);
  if (!shop) return { status: "shop_redacted" as const };
  const { pricing } = await prepareOrder(db, shop, input.order, {
    payment: false,
    rules: await batch.rules(shop.id),
    earningTiers: (shopId) => batch.earningTiers(shopId),
    campaigns: (shopId) => batch.campaigns(shopId),
  });
  const recording = inOrderTransaction(db, batch.orderTransactions, async (store) => {
    const locked = await lockOrderAccount(store, shop.id, input);
    if (!locked) return { status: "duplicate_delivery" as const };
    const { account, member, placeReason } = await learnOrder(store, shop, locked, input, pricing);
    await store.recordOrderFact(shop.id, orderFactOf(shop.id, input.order, account, member?.id ?? null));
    const result = await applyPlan(
      store,
      shop,
      account,
      `Order ${account.orderId} changed before its points were released`,
      undefined,
      placeReason,
    );
    return { status: "recorded" as const, pending: result.pending };
  });
  return whenCustomerRedacted(recording, { status: "customer_redacted" as const });
}

export async function earnFromPaidOrder(
  db: Db,
  input: OrderDelivery,
  batch: DeliveryBatch = createDeliveryBatch(db),
): Promise<EarnOutcome> {
  const { order } = input;
  const shop = await batch.shop(input.shopDomain, order.currency);
  if (!shop) return { status: "shop_redacted" };
  const { pricing, referral } = await prepareOrder(db, shop, order, {
    payment: true,
    rules: await batch.rules(shop.id),
    earningTiers: (shopId) => batch.earningTiers(shopId),
    campaigns: (shopId) => batch.campaigns(shopId),
  });
  // Completing a referral runs the rules engine's award (app/rules/award.server.ts), which
  // only has a Prisma implementation: an order that may complete one (rare: a live referral
  // rule, a referred customer's first order) takes the Prisma path (docs/decisions/0020).
  const path = referral ? "prisma" : batch.orderTransactions;

  const earning = inOrderTransaction(db, path, async (store): Promise<EarnOutcome> => {
    if (!order.customer?.id) {
      const recorded = await store.recordDelivery(shop.id, input.eventId, input.topic);
      // A guest's order still counts for the dashboard: its fact, keyed by the e-mail's hash.
      if (recorded) await store.recordOrderFact(shop.id, orderFactOf(shop.id, order, null, null));
      return { status: recorded ? "no_customer" : "duplicate_delivery" };
    }
    const locked = await lockOrderAccount(store, shop.id, input);
    if (!locked) return { status: "duplicate_delivery" };
    const learned = await learnOrder(store, shop, locked, input, pricing);
    await store.recordOrderFact(shop.id, orderFactOf(shop.id, order, learned.account, learned.member?.id ?? null));
    let account = learned.account;
    const memberId = account.memberId!;
    if (account.paidAt) return { status: "already_awarded", memberId };
    const now = new Date();
    account = await store.updateAccount(shop.id, account.orderId, { paidAt: now });
    if (referral && learned.member) {
      const tx = store.prismaTx;
      if (!tx) throw new Error("A referral completes in a Prisma transaction only.");
      await completeReferral(tx, shop, { friend: learned.member, order, prepared: referral, now });
    }
    if (account.earnedPoints <= 0) return { status: "nothing_to_award", memberId };

    const result = await applyPlan(
      store,
      shop,
      account,
      "Refunded or cancelled before payment was recorded",
      now,
      learned.placeReason,
    );
    if (result.released > 0 || (result.placed > 0 && !result.pending)) {
      return { status: "awarded", points: result.released + (result.pending ? 0 : result.placed), memberId };
    }
    if (result.pending) return { status: "pending", points: result.placed, memberId };
    return { status: "already_awarded", memberId };
  });
  return whenCustomerRedacted(earning, { status: "customer_redacted" });
}

type OrderEvent = { shopDomain: string; eventId: string; topic: string; orderId: string };

/** orders/fulfilled: releases pending points where the shop releases on fulfilment. */
export async function releaseOnFulfilment(db: Db, input: OrderEvent, batch: DeliveryBatch = createDeliveryBatch(db)) {
  const shop = await batch.shop(input.shopDomain);
  if (!shop) return { status: "shop_redacted" as const, released: 0 };
  return inOrderTransaction(db, batch.orderTransactions, async (store) => {
    const locked = await store.recordDeliveryLockingAccount(deliveryOf(shop.id, input), input.orderId, {
      fulfilledAt: new Date(),
    });
    if (!locked) return { status: "duplicate_delivery" as const, released: 0 };
    const account = locked.fulfilledAt
      ? locked
      : await store.updateAccount(shop.id, input.orderId, { fulfilledAt: new Date() });
    const result = await applyPlan(store, shop, account, `Order ${input.orderId} fulfilled`);
    return { status: "recorded" as const, released: result.released };
  });
}

export async function reverseForRefund(
  db: Db,
  input: { shopDomain: string; eventId: string; topic: string; refund: RefundPayload },
  batch: DeliveryBatch = createDeliveryBatch(db),
): Promise<ReversalOutcome> {
  const shop = await batch.shop(input.shopDomain);
  if (!shop) return SHOP_REDACTED;
  const orderId = String(input.refund.order_id);
  const refundId = String(input.refund.id);

  return inOrderTransaction(db, batch.orderTransactions, async (store): Promise<ReversalOutcome> => {
    const account = await store.recordDeliveryLockingAccount(deliveryOf(shop.id, input), orderId);
    if (!account) return { status: "duplicate_delivery", reversed: 0, shortfall: 0 };
    if (await store.refundKnown(shop.id, refundId)) return { status: "duplicate_refund", reversed: 0, shortfall: 0 };
    // In the order's currency, the one its spend was counted in, never the shop's stored one.
    const amountMinor = refundAmountMinor(input.refund, account.currencyCode ?? shop.currencyCode);
    await store.recordRefund(shop.id, refundId, orderId, amountMinor);
    const refunded = await store.updateAccount(shop.id, account.orderId, { refundedMinorBy: amountMinor });
    await store.updateOrderFact(shop.id, orderId, {
      refundedMinor: minorFromStored(`Order ${orderId}'s refunds`, refunded.refundedMinor),
    });
    const result = await applyPlan(store, shop, refunded, `Refund ${refundId} of order ${orderId}`);
    return { status: "recorded", reversed: result.reversed, shortfall: result.shortfall };
  });
}

export async function reverseForCancellation(
  db: Db,
  input: OrderEvent,
  batch: DeliveryBatch = createDeliveryBatch(db),
): Promise<ReversalOutcome> {
  const shop = await batch.shop(input.shopDomain);
  if (!shop) return SHOP_REDACTED;
  return inOrderTransaction(db, batch.orderTransactions, async (store): Promise<ReversalOutcome> => {
    const locked = await store.recordDeliveryLockingAccount(deliveryOf(shop.id, input), input.orderId, {
      cancelledAt: new Date(),
    });
    if (!locked) return { status: "duplicate_delivery", reversed: 0, shortfall: 0 };
    const account = locked.cancelledAt
      ? locked
      : await store.updateAccount(shop.id, input.orderId, { cancelledAt: new Date() });
    await store.updateOrderFact(shop.id, input.orderId, { cancelledAt: account.cancelledAt ?? new Date() });
    const result = await applyPlan(store, shop, account, `Order ${input.orderId} cancelled`);
    return { status: "recorded", reversed: result.reversed, shortfall: result.shortfall };
  });
}

/**
 * For shops that release after a return window: releases every order whose window is over.
 * Idempotent and safe from several instances (each order is settled under its row lock).
 */
export async function releaseDuePendingPoints(
  db: Db,
  options: { now?: Date; shopId?: string } = {},
): Promise<{ orders: number; points: number }> {
  const now = options.now ?? new Date();
  const candidates = await db.orderAccount.findMany({
    where: {
      pointsState: "held",
      paidAt: { not: null },
      cancelledAt: null,
      shop: { pointsReleaseRule: "return_window" },
      ...(options.shopId ? { shopId: options.shopId } : {}),
    },
    select: { shopId: true, orderId: true, paidAt: true, shop: { select: { returnWindowDays: true } } },
    take: 1000,
  });
  const due = candidates.filter((c) => c.paidAt!.getTime() + c.shop.returnWindowDays * DAY_MS <= now.getTime());
  let orders = 0;
  let points = 0;
  for (const candidate of due) {
    const released = await inLedgerTransaction(db, async (tx) => {
      const shop = await tx.shop.findUniqueOrThrow({ where: { id: candidate.shopId } });
      const store = prismaOrderStore(tx);
      const account = await store.lockAccount(candidate.shopId, candidate.orderId);
      return (await applyPlan(store, shop, account, "Return window over", now)).released;
    });
    if (released > 0) {
      orders++;
      points += released;
    }
  }
  return { orders, points };
}
