/**
 * What one batch of webhook deliveries shares: a queue worker fetches ~25 deliveries at a
 * time, often of one shop, and each would otherwise read the shop and its rules again. A
 * batch reads them once, for its own life only: it is made per fetched batch and dropped
 * after it, so no setting another instance changes is ever served from memory for longer
 * than one batch takes (a few hundred milliseconds). There is no cache across requests.
 *
 * Also where a batch's order transactions are told which way to run (app/orders/order-store.server.ts).
 */
import type { Db } from "../db.server";
import { readLiveCampaigns } from "../campaigns/campaigns.server";
import type { Campaign } from "../domain/campaigns/definition";
import { orderTransactionPath, type OrderTransactionPath } from "../orders/order-store.server";
import { listRules, type StoredRule } from "../rules/rules.server";
import { ensureShop } from "../shops/shops.server";
import type { EarningTier } from "../domain/earning-context";
import type { Tier } from "../domain/tiers/definition";
import { earningTiersFrom } from "../tiers/earning-context.server";
import { readTiers } from "../tiers/tiers.server";

export type BatchShop = NonNullable<Awaited<ReturnType<typeof ensureShop>>>;

export interface DeliveryBatch {
  /** The client the batch reads with; a batch is only ever used with it. */
  readonly db: Db;
  /** Which way this batch's order transactions run: "direct" only on PostgreSQL. */
  readonly orderTransactions: OrderTransactionPath;
  /** `ensureShop`, once per domain: null when shop/redact erased the shop. */
  shop(domain: string, currencyCode?: string): Promise<BatchShop | null>;
  /** The shop's stored rules (`listRules`), once per shop: what prices its orders. */
  rules(shopId: string): Promise<StoredRule[]>;
  /**
   * The shop's tiers by id as earning sees them (`earningTiersOf`), once per shop: with the
   * member's tierId from the order's member upsert, the order's earning context, without a
   * read in the order's transaction.
   */
  earningTiers(shopId: string): Promise<ReadonlyMap<string, EarningTier>>;
  /**
   * The shop's readable tiers (`readTiers`), once per shop: whether an order's tier work
   * (app/tiers/order-tiers.server.ts) has anything to do, and which tiers its products buy.
   */
  tiers(shopId: string): Promise<readonly Tier[]>;
  /**
   * The shop's live campaigns (`readLiveCampaigns`), once per shop: which run at an order's
   * time is asked per order (app/orders/order-pricing.server.ts).
   */
  campaigns(shopId: string): Promise<readonly Campaign[]>;
  /**
   * Whether the shop has any challenge at all (live, switched off or archived: archived ones
   * still follow refunds), once per shop: a shop without any skips settling orders' challenges.
   */
  hasChallenges(shopId: string): Promise<boolean>;
  /** A delivery changed or erased the shop (app/uninstalled, shop/redact): read it again. */
  forgetShop(domain: string): void;
}

export interface DeliveryBatchOptions {
  /** Overrides LOYALTY_ORDER_TRANSACTIONS (the benchmark compares both ways in one process). */
  orderTransactions?: OrderTransactionPath;
}

/**
 * A new batch. Make one per batch of deliveries (or per delivery: the dispatch makes one when
 * given none) and let it go afterwards; it must not outlive the batch it was made for.
 */
export function createDeliveryBatch(db: Db, options: DeliveryBatchOptions = {}): DeliveryBatch {
  const shops = new Map<string, Promise<BatchShop | null>>();
  const rules = new Map<string, Promise<StoredRule[]>>();
  const tiers = new Map<string, Promise<readonly Tier[]>>();
  const earning = new Map<string, Promise<ReadonlyMap<string, EarningTier>>>();
  const campaigns = new Map<string, Promise<readonly Campaign[]>>();
  const challenges = new Map<string, Promise<boolean>>();
  const tiersOf = (shopId: string) => once(tiers, shopId, () => readTiers(db, shopId));
  return {
    db,
    orderTransactions: orderTransactionPath(db, options.orderTransactions),
    shop(domain, currencyCode) {
      return once(shops, domain, () => ensureShop(db, domain, currencyCode));
    },
    rules(shopId) {
      return once(rules, shopId, () => listRules(db, shopId));
    },
    earningTiers(shopId) {
      return once(earning, shopId, async () => earningTiersFrom(await tiersOf(shopId)));
    },
    tiers: tiersOf,
    campaigns(shopId) {
      return once(campaigns, shopId, () => readLiveCampaigns(db, shopId));
    },
    hasChallenges(shopId) {
      return once(
        challenges,
        shopId,
        async () => (await db.challenge.findFirst({ where: { shopId }, select: { id: true } })) !== null,
      );
    },
    forgetShop(domain) {
      // Rules, tiers and campaigns are kept by shop id, and a shop made again after shop/redact has a new one.
      shops.delete(domain);
    },
  };
}

/** `load`'s promise for `key`, shared by every caller of the batch; a failure is not kept. */
function once<T>(memo: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  const known = memo.get(key);
  if (known) return known;
  const loading = load();
  memo.set(key, loading);
  loading.catch(() => {
    if (memo.get(key) === loading) memo.delete(key);
  });
  return loading;
}
