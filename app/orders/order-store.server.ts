/**
 * The storage steps of an order's transaction (./order-points.server.ts), two ways:
 *
 * - "prisma": in `inLedgerTransaction`, through Prisma's interactive transaction. SQLite has
 *   only this one, and any PostgreSQL transaction may use it;
 * - "direct" (PostgreSQL only): on one `pg` client of the pool under the Prisma client,
 *   BEGIN, a raw statement per step, COMMIT (./order-store-postgres.server.ts). Prisma's
 *   interactive transaction and query compiler cost about ten times what the statements do
 *   (docs/decisions/0020).
 *
 * The transaction's logic, and every decision in it (the points plan, pricing, reversals, the
 * contact-sync rule), is written once against `OrderStore`; only these steps have two
 * implementations, and the integration suites run every order path both ways on PostgreSQL.
 * LOYALTY_ORDER_TRANSACTIONS=prisma|direct chooses (default: direct on PostgreSQL).
 */
import { postgresPoolOf, type Db, type Tx } from "../db.server";
import { inLedgerTransaction, postEntry, type PostEntryInput, type PostResult } from "../ledger/ledger.server";
import { ensureMember, type CustomerData } from "../members/members.server";
import { recordDelivery } from "../webhooks/deliveries.server";
import { recordOrderFact, type OrderFactInput } from "../economics/order-facts.server";
import { prismaOrderHistory, type OrderHistory } from "./order-pricing.server";
import { inDirectOrderTransaction } from "./order-store-postgres.server";

export type OrderAccount = Awaited<ReturnType<Tx["orderAccount"]["update"]>>;

/** What the order's transaction needs of its member. */
export interface OrderMember {
  id: string;
  customerId: string;
  email: string | null;
  referredByCustomerId: string | null;
  /** For pricing: the member as the rules engine sees them (app/orders/order-pricing.server.ts). */
  createdAt: Date;
  customerCreatedAt: Date | null;
  verifiedEmail: boolean;
  /** Their tier now: with the batch's tiers, the order's earning context. */
  tierId: string | null;
  /** Their Shopify tags (JSON, lower-cased): what campaigns aimed at customer tags match. */
  customerTags: string;
}

/** Set when the account row is first made (and only then). */
export interface AccountCreate {
  currencyCode?: string;
  fulfilledAt?: Date;
  cancelledAt?: Date;
}

/** What an order's transaction changes on its account; `…By` adds to the stored figure. */
export interface AccountChange {
  currencyCode?: string;
  memberId?: string;
  earnedPoints?: number;
  spendAwards?: string;
  /** JSON of the order's EarnComponent[] (app/domain/order-earnings.ts). */
  earnComponents?: string;
  spendMinor?: number;
  paidAt?: Date;
  fulfilledAt?: Date;
  cancelledAt?: Date;
  pointsState?: string;
  heldPoints?: number;
  releasedPoints?: number;
  reversedPoints?: number;
  refundedMinorBy?: number;
  shortfallPointsBy?: number;
}

export interface OrderStore extends OrderHistory {
  /** Remembers the delivery; false when it was already handled (`recordDelivery`). */
  recordDelivery(shopId: string, eventId: string, topic: string): Promise<boolean>;
  /** The order's account row, created if new, locked (written) until the transaction ends. */
  lockAccount(shopId: string, orderId: string, create?: AccountCreate): Promise<OrderAccount>;
  /**
   * `recordDelivery`, then, for a new delivery only, `lockAccount`: null when the delivery was
   * already handled (and the account is then neither created nor locked). The direct store
   * sends the two as one statement.
   */
  recordDeliveryLockingAccount(
    delivery: { shopId: string; eventId: string; topic: string },
    orderId: string,
    create?: AccountCreate,
  ): Promise<OrderAccount | null>;
  /**
   * The account as it is after `change`. The direct store holds the changes to an account it
   * locked and writes them as one UPDATE before COMMIT (or before anything reads accounts):
   * the row is locked, so what it returns is what the row will be.
   */
  updateAccount(shopId: string, orderId: string, change: AccountChange): Promise<OrderAccount>;
  /** `ensureMember`: enrolled (row locked) with the order's contact details by the sync rule. */
  ensureMember(shopId: string, customer: CustomerData, producedAt: Date | null): Promise<OrderMember>;
  /** Locks the member row and reads its balance as it will be at commit. */
  lockMemberBalance(shopId: string, memberId: string): Promise<number>;
  /** `postEntry`: same rules, rows and errors. */
  postEntry(input: PostEntryInput): Promise<PostResult>;
  refundKnown(shopId: string, refundId: string): Promise<boolean>;
  /** `recordOrderFact` (a webhook's fact): the order's OrderFact written or brought up to date, one statement. */
  recordOrderFact(shopId: string, fact: OrderFactInput): Promise<void>;
  /** A refund (the order's refunded total now) or a cancellation on the order's fact, if it has one. */
  updateOrderFact(shopId: string, orderId: string, change: OrderFactChange): Promise<void>;
  recordRefund(shopId: string, refundId: string, orderId: string, amountMinor: number): Promise<void>;
  /**
   * The Prisma transaction under the store, for a step with only a Prisma implementation
   * (completing a referral); null on the direct path, which such a transaction must not take.
   */
  readonly prismaTx: Tx | null;
}

/** What a refund or cancellation changes on an order's OrderFact. */
export interface OrderFactChange {
  refundedMinor?: number;
  cancelledAt?: Date;
}

export type OrderTransactionPath = "prisma" | "direct";

/** LOYALTY_ORDER_TRANSACTIONS read strictly: a typo must not silently pick a path. */
function configuredPath(value: string | undefined): OrderTransactionPath | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === "prisma" || value === "direct") return value;
  throw new Error(`LOYALTY_ORDER_TRANSACTIONS must be "prisma" or "direct", not ${JSON.stringify(value)}.`);
}

/**
 * The path order transactions take on `db`: `requested`, else LOYALTY_ORDER_TRANSACTIONS,
 * else direct; but direct only where there is a `pg` pool (PostgreSQL, not disconnected).
 */
export function orderTransactionPath(db: Db, requested?: OrderTransactionPath): OrderTransactionPath {
  const wanted = requested ?? configuredPath(process.env.LOYALTY_ORDER_TRANSACTIONS) ?? "direct";
  return wanted === "direct" && postgresPoolOf(db) ? "direct" : "prisma";
}

/**
 * Runs an order's transaction the given way, from the start again when it lost a race
 * (a unique key taken by a concurrent twin, a deadlock, a serialization failure), as
 * `inLedgerTransaction` does. Domain errors go to the caller at once, nothing written.
 */
export function inOrderTransaction<T>(
  db: Db,
  path: OrderTransactionPath,
  work: (store: OrderStore) => Promise<T>,
): Promise<T> {
  const pool = path === "direct" ? postgresPoolOf(db) : null;
  if (pool) return inDirectOrderTransaction(pool, work);
  return inLedgerTransaction(db, (tx) => work(prismaOrderStore(tx)));
}

const accountKey = (shopId: string, orderId: string) => ({ shopId_orderId: { shopId, orderId } });

function prismaAccountData(change: AccountChange) {
  const { refundedMinorBy, shortfallPointsBy, ...set } = change;
  return {
    ...set,
    ...(refundedMinorBy !== undefined ? { refundedMinor: { increment: refundedMinorBy } } : {}),
    ...(shortfallPointsBy !== undefined ? { shortfallPoints: { increment: shortfallPointsBy } } : {}),
  };
}

/** The store in a Prisma transaction: what the order path always did. */
export function prismaOrderStore(tx: Tx): OrderStore {
  const lockAccount = (shopId: string, orderId: string, create: AccountCreate = {}) =>
    tx.orderAccount.upsert({
      where: accountKey(shopId, orderId),
      create: { shopId, orderId, ...create },
      update: { updatedAt: new Date() },
    });
  return {
    ...prismaOrderHistory(tx),
    prismaTx: tx,
    recordDelivery: (shopId, eventId, topic) => recordDelivery(tx, shopId, eventId, topic),
    lockAccount,
    async recordDeliveryLockingAccount({ shopId, eventId, topic }, orderId, create) {
      if (!(await recordDelivery(tx, shopId, eventId, topic))) return null;
      return lockAccount(shopId, orderId, create);
    },
    updateAccount: (shopId, orderId, change) =>
      tx.orderAccount.update({ where: accountKey(shopId, orderId), data: prismaAccountData(change) }),
    ensureMember: (shopId, customer, producedAt) => ensureMember(tx, shopId, customer, producedAt),
    async lockMemberBalance(shopId, memberId) {
      const member = await tx.member.update({
        where: { id: memberId, shopId },
        data: { updatedAt: new Date() },
        select: { balance: true },
      });
      return member.balance;
    },
    postEntry: (input) => postEntry(tx, input),
    async refundKnown(shopId, refundId) {
      return (await tx.orderRefund.findUnique({ where: { shopId_refundId: { shopId, refundId } } })) !== null;
    },
    async recordRefund(shopId, refundId, orderId, amountMinor) {
      await tx.orderRefund.create({ data: { shopId, refundId, orderId, amountMinor } });
    },
    recordOrderFact: (shopId, fact) => recordOrderFact(tx, shopId, fact),
    async updateOrderFact(shopId, orderId, change) {
      await tx.orderFact.updateMany({
        where: { shopId, orderId, ...(change.cancelledAt ? { cancelledAt: null } : {}) },
        data: {
          ...(change.refundedMinor !== undefined ? { refundedMinor: BigInt(change.refundedMinor) } : {}),
          ...(change.cancelledAt ? { cancelledAt: change.cancelledAt } : {}),
        },
      });
    },
  };
}
