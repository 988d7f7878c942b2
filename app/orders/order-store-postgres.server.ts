/**
 * The order store on PostgreSQL without Prisma (docs/decisions/0020): an order's transaction
 * on one `pg` client of the pool under the Prisma client, BEGIN, one raw statement per
 * storage step, COMMIT; retried from the start when it lost a race, as `inLedgerTransaction`
 * retries. The logic that calls these steps is ./order-points.server.ts, the same for both
 * stores (./order-store.server.ts); what is decided is decided there and in app/domain.
 *
 * Same rows as Prisma writes: ids the app makes (UUIDs, like the ledger's raw posts),
 * `createdAt`/`updatedAt` set by the app (Prisma sets them itself, not the database), and
 * timestamps sent as UTC ISO text cast to `timestamp` and read back `AT TIME ZONE 'UTC'`, as
 * the columns Prisma writes are UTC without a zone whatever the process's TZ.
 *
 * Statements are written with named parameters (`:shopId`) and sent positionally; each is
 * built by one function below, used by the store and by `paidOrderTransaction`, the export
 * the benchmarks turn into a pgbench script.
 */
import { randomUUID } from "node:crypto";
import type { Pool, PoolClient } from "pg";
import { anonymousCustomerId, CustomerRedactedError } from "../compliance/redactions.server";
import { entryEffects, fingerprint, ledgerKeys } from "../domain/ledger";
import { MemberNotFoundError, postingResult, type PostEntryInput } from "../ledger/ledger.server";
import { POSTING_PARAMETERS, postingStatement, postOnClient } from "../ledger/postgres-posting.server";
import { inPostgresTransaction } from "../ledger/postgres-transaction.server";
import { customerDetailsChange, type MemberDetailsChange } from "../members/members.server";
import type { EarnComponent } from "../domain/order-earnings";
import type { OrderFactInput } from "../economics/order-facts.server";
import type {
  AccountChange,
  AccountCreate,
  OrderAccount,
  OrderFactChange,
  OrderMember,
  OrderStore,
} from "./order-store.server";

/** One statement: `text` with $1…$n, `parameters[i]` the name of $(i+1), `values` in that order. */
export interface NamedStatement {
  text: string;
  parameters: readonly string[];
  values: unknown[];
}

const compiled = new Map<string, { text: string; parameters: string[] }>();

/**
 * `template` with each `:name` (not a `::cast`) made a positional parameter, the first
 * appearance of a name deciding its number; Dates are sent as UTC ISO text.
 */
function bind(template: string, params: object): NamedStatement {
  let shape = compiled.get(template);
  if (!shape) {
    const parameters: string[] = [];
    const text = template
      .replace(/(?<![:\w]):([A-Za-z]\w*)/g, (_match, name: string) => {
        const at = parameters.indexOf(name);
        if (at >= 0) return `$${at + 1}`;
        parameters.push(name);
        return `$${parameters.length}`;
      })
      .replace(/\s+/g, " ")
      .trim();
    shape = { text, parameters };
    compiled.set(template, shape);
  }
  const given = new Map(Object.entries(params));
  const values = shape.parameters.map((name) => {
    if (!given.has(name)) throw new Error(`No value for :${name} in ${shape.text}`);
    const value = given.get(name);
    return value instanceof Date ? value.toISOString() : value;
  });
  return { text: shape.text, parameters: shape.parameters, values };
}

const utc = (column: string) => `"${column}" AT TIME ZONE 'UTC' AS "${column}"`;

const ACCOUNT_COLUMNS = [
  `"shopId", "orderId", "memberId", "currencyCode", "spendMinor", "earnedPoints", "refundedMinor"`,
  `"reversedPoints", "shortfallPoints", "spendAwards", "earnComponents", "pointsState", "heldPoints", "releasedPoints"`,
  ["fulfilledAt", "paidAt", "cancelledAt", "createdAt", "updatedAt"].map(utc).join(", "),
].join(", ");

// With what pricing reads of the member (their account's dates, verification, tier, tags): no read of its own.
const MEMBER_COLUMNS = [
  `"id", "customerId", "email", "firstName", "lastName", "referredByCustomerId", "verifiedEmail", "tierId", "customerTags"`,
  ["profileSyncedAt", "createdAt", "customerCreatedAt"].map(utc).join(", "),
].join(", ");

type AccountRow = Omit<OrderAccount, "spendMinor" | "refundedMinor"> & {
  spendMinor: string | number;
  refundedMinor: string | number;
};

/** int8 comes back from `pg` as text: the same bigint Prisma reads. */
function accountOf(row: AccountRow): OrderAccount {
  return { ...row, spendMinor: BigInt(row.spendMinor), refundedMinor: BigInt(row.refundedMinor) };
}

export function deliveryStatement(p: { shopId: string; eventId: string; topic: string; now: Date }) {
  return bind(
    `INSERT INTO "WebhookDelivery" ("shopId", "eventId", "topic", "receivedAt")
     VALUES (:shopId, :eventId, :topic, :now::timestamp)
     ON CONFLICT DO NOTHING RETURNING "eventId"`,
    p,
  );
}

type AccountLockParams = { shopId: string; orderId: string; now: Date } & {
  [K in keyof AccountCreate]-?: AccountCreate[K] | null;
};

/**
 * The delivery record and, only when it is new, the account lock (as `accountLockStatement`)
 * in one statement: no row when the delivery was already handled. A concurrent first delivery
 * of the same event holds its delivery row until it ends, so this waits for it before touching
 * the account: the locking order stays delivery, account, member.
 */
export function deliveryAccountLockStatement(p: AccountLockParams & { eventId: string; topic: string }) {
  return bind(
    `WITH delivery AS (
       INSERT INTO "WebhookDelivery" ("shopId", "eventId", "topic", "receivedAt")
       VALUES (:shopId, :eventId, :topic, :now::timestamp)
       ON CONFLICT DO NOTHING RETURNING "eventId"
     )
     INSERT INTO "OrderAccount" ("shopId", "orderId", "currencyCode", "fulfilledAt", "cancelledAt", "createdAt", "updatedAt")
     SELECT :shopId, :orderId, :currencyCode, :fulfilledAt::timestamp, :cancelledAt::timestamp, :now::timestamp, :now::timestamp
     FROM delivery
     ON CONFLICT ("shopId", "orderId") DO UPDATE SET "updatedAt" = EXCLUDED."updatedAt"
     RETURNING ${ACCOUNT_COLUMNS}`,
    p,
  );
}

/** The upsert that creates the account or locks it (a real write, so concurrent events queue). */
export function accountLockStatement(p: AccountLockParams) {
  return bind(
    `INSERT INTO "OrderAccount" ("shopId", "orderId", "currencyCode", "fulfilledAt", "cancelledAt", "createdAt", "updatedAt")
     VALUES (:shopId, :orderId, :currencyCode, :fulfilledAt::timestamp, :cancelledAt::timestamp, :now::timestamp, :now::timestamp)
     ON CONFLICT ("shopId", "orderId") DO UPDATE SET "updatedAt" = EXCLUDED."updatedAt"
     RETURNING ${ACCOUNT_COLUMNS}`,
    p,
  );
}

const ACCOUNT_SETS: { readonly [K in keyof Required<AccountChange>]: string } = {
  currencyCode: `"currencyCode" = :currencyCode`,
  memberId: `"memberId" = :memberId`,
  earnedPoints: `"earnedPoints" = :earnedPoints::int`,
  spendAwards: `"spendAwards" = :spendAwards`,
  earnComponents: `"earnComponents" = :earnComponents`,
  spendMinor: `"spendMinor" = :spendMinor::bigint`,
  paidAt: `"paidAt" = :paidAt::timestamp`,
  fulfilledAt: `"fulfilledAt" = :fulfilledAt::timestamp`,
  cancelledAt: `"cancelledAt" = :cancelledAt::timestamp`,
  pointsState: `"pointsState" = :pointsState`,
  heldPoints: `"heldPoints" = :heldPoints::int`,
  releasedPoints: `"releasedPoints" = :releasedPoints::int`,
  reversedPoints: `"reversedPoints" = :reversedPoints::int`,
  refundedMinorBy: `"refundedMinor" = "refundedMinor" + :refundedMinorBy::bigint`,
  shortfallPointsBy: `"shortfallPoints" = "shortfallPoints" + :shortfallPointsBy::int`,
};

/** `returning`: the row comes back (else only its count: the held changes' write, which knows the row). */
export function accountUpdateStatement(
  p: { shopId: string; orderId: string; now: Date } & AccountChange,
  returning = true,
) {
  const sets = (Object.keys(ACCOUNT_SETS) as (keyof AccountChange)[])
    .filter((key) => p[key] !== undefined)
    .map((key) => ACCOUNT_SETS[key]);
  return bind(
    `UPDATE "OrderAccount" SET ${[...sets, `"updatedAt" = :now::timestamp`].join(", ")}
     WHERE "shopId" = :shopId AND "orderId" = :orderId${returning ? ` RETURNING ${ACCOUNT_COLUMNS}` : ""}`,
    p,
  );
}

/** A member row as it is made, before any contact details: what `customerDetailsChange` compares a new member with. */
const NEW_MEMBER = { email: null, firstName: null, lastName: null, profileSyncedAt: null };

const MEMBER_VALUES: { readonly [K in keyof Required<MemberDetailsChange>]: string } = {
  email: `:email`,
  firstName: `:firstName`,
  lastName: `:lastName`,
  searchText: `:searchText`,
  profileSyncedAt: `:profileSyncedAt::timestamp`,
  verifiedEmail: `:verifiedEmail::boolean`,
  customerCreatedAt: `:customerCreatedAt::timestamp`,
  customerTags: `:customerTags`,
};

/**
 * `enrolMember` in one statement: no row when customers/redact erased the customer (the
 * tombstone is read in the same statement), else the member, created if new, row locked.
 * A new member is inserted with the contact details given (what `customerDetailsChange`
 * gives a new member); an existing one keeps its own, and returns an id other than
 * `memberId`, so its caller knows to apply the rule to it.
 */
export function memberUpsertStatement(
  p: {
    shopId: string;
    customerId: string;
    customerHash: string;
    memberId: string;
    now: Date;
  } & MemberDetailsChange,
) {
  const details = (Object.keys(MEMBER_VALUES) as (keyof MemberDetailsChange)[]).filter((key) => p[key] !== undefined);
  const columns = details.map((key) => `, "${key}"`).join("");
  const values = details.map((key) => `, ${MEMBER_VALUES[key]}`).join("");
  return bind(
    `INSERT INTO "Member" ("id", "shopId", "customerId", "createdAt", "updatedAt"${columns})
     SELECT :memberId, :shopId, :customerId, :now::timestamp, :now::timestamp${values}
     WHERE NOT EXISTS (SELECT 1 FROM "RedactedCustomer" WHERE "shopId" = :shopId AND "customerHash" = :customerHash)
     ON CONFLICT ("shopId", "customerId") DO UPDATE SET "updatedAt" = EXCLUDED."updatedAt"
     RETURNING ${MEMBER_COLUMNS}`,
    p,
  );
}

const MEMBER_SETS: { readonly [K in keyof Required<MemberDetailsChange>]: string } = {
  email: `"email" = :email`,
  firstName: `"firstName" = :firstName`,
  lastName: `"lastName" = :lastName`,
  searchText: `"searchText" = :searchText`,
  profileSyncedAt: `"profileSyncedAt" = :profileSyncedAt::timestamp`,
  verifiedEmail: `"verifiedEmail" = :verifiedEmail::boolean`,
  customerCreatedAt: `"customerCreatedAt" = :customerCreatedAt::timestamp`,
  customerTags: `"customerTags" = :customerTags`,
};

export function memberDetailsStatement(p: { shopId: string; memberId: string; now: Date } & MemberDetailsChange) {
  const sets = (Object.keys(MEMBER_SETS) as (keyof MemberDetailsChange)[])
    .filter((key) => p[key] !== undefined)
    .map((key) => MEMBER_SETS[key]);
  return bind(
    `UPDATE "Member" SET ${[...sets, `"updatedAt" = :now::timestamp`].join(", ")}
     WHERE "id" = :memberId AND "shopId" = :shopId`,
    p,
  );
}

function memberLockStatement(p: { shopId: string; memberId: string; now: Date }) {
  return bind(
    `UPDATE "Member" SET "updatedAt" = :now::timestamp WHERE "id" = :memberId AND "shopId" = :shopId RETURNING "balance"`,
    p,
  );
}

function otherPlacedOrdersStatement(p: { shopId: string; memberId: string; orderId: string }) {
  return bind(
    `SELECT COUNT(*)::int AS "others" FROM "OrderAccount"
     WHERE "shopId" = :shopId AND "memberId" = :memberId AND "orderId" <> :orderId
       AND ("pointsState" <> 'none' OR "paidAt" IS NOT NULL)`,
    p,
  );
}

function otherSpendAwardsStatement(p: { shopId: string; memberId: string; orderId: string }) {
  return bind(
    `SELECT "orderId", "spendAwards" FROM "OrderAccount"
     WHERE "shopId" = :shopId AND "memberId" = :memberId AND "orderId" <> :orderId AND "spendAwards" <> '[]'`,
    p,
  );
}

function refundKnownStatement(p: { shopId: string; refundId: string }) {
  return bind(`SELECT 1 AS "known" FROM "OrderRefund" WHERE "shopId" = :shopId AND "refundId" = :refundId`, p);
}

function refundInsertStatement(p: {
  shopId: string;
  refundId: string;
  orderId: string;
  amountMinor: number;
  now: Date;
}) {
  return bind(
    `INSERT INTO "OrderRefund" ("shopId", "refundId", "orderId", "amountMinor", "createdAt")
     VALUES (:shopId, :refundId, :orderId, :amountMinor::bigint, :now::timestamp)`,
    p,
  );
}

/**
 * `recordOrderFact` for a webhook's fact, as Prisma's upsert writes it: the order's one row,
 * created or brought up to date (a member's order keeps no buyer key; a cancellation stays).
 */
export function orderFactStatement(
  p: { shopId: string; now: Date } & Omit<OrderFactInput, "source" | "refundedMinor"> & {
      refundedMinor: number | null;
    },
) {
  return bind(
    `INSERT INTO "OrderFact" ("shopId", "orderId", "placedAt", "totalMinor", "refundedMinor", "currencyCode",
       "memberId", "buyerKey", "source", "cancelledAt", "createdAt", "updatedAt")
     VALUES (:shopId, :orderId, :placedAt::timestamp, :totalMinor::bigint, COALESCE(:refundedMinor::bigint, 0), :currencyCode,
       :memberId, :buyerKey, 'webhook', :cancelledAt::timestamp, :now::timestamp, :now::timestamp)
     ON CONFLICT ("shopId", "orderId") DO UPDATE SET "placedAt" = EXCLUDED."placedAt",
       "totalMinor" = EXCLUDED."totalMinor", "refundedMinor" = COALESCE(:refundedMinor::bigint, "OrderFact"."refundedMinor"),
       "currencyCode" = EXCLUDED."currencyCode", "memberId" = EXCLUDED."memberId", "buyerKey" = EXCLUDED."buyerKey",
       "source" = 'webhook', "cancelledAt" = COALESCE(EXCLUDED."cancelledAt", "OrderFact"."cancelledAt"),
       "updatedAt" = EXCLUDED."updatedAt"`,
    p,
  );
}

/** A refund's new total and/or a cancellation on the fact (none yet: nothing to change). */
function orderFactChangeStatement(p: { shopId: string; orderId: string; now: Date } & OrderFactChange) {
  return bind(
    `UPDATE "OrderFact" SET "refundedMinor" = COALESCE(:refundedMinor::bigint, "refundedMinor"),
       "cancelledAt" = COALESCE("cancelledAt", :cancelledAt::timestamp), "updatedAt" = :now::timestamp
     WHERE "shopId" = :shopId AND "orderId" = :orderId`,
    { ...p, refundedMinor: p.refundedMinor ?? null, cancelledAt: p.cancelledAt ?? null },
  );
}

async function run<Row extends object>(client: PoolClient, statement: NamedStatement): Promise<Row[]> {
  return (await client.query<Row>(statement.text, statement.values)).rows;
}

async function one<Row extends object>(client: PoolClient, statement: NamedStatement, what: string): Promise<Row> {
  const [row] = await run<Row>(client, statement);
  if (!row) throw new Error(`${what}: no row (${statement.text.slice(0, 60)}…)`);
  return row;
}

/** Two changes to one account as one: the later value of each column, the sum of the increments. */
function mergedChange(earlier: AccountChange | undefined, later: AccountChange): AccountChange {
  if (!earlier) return { ...later };
  const sum = (x: number | undefined, y: number | undefined) =>
    x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0);
  const merged: AccountChange = { ...earlier, ...definedOnly(later) };
  const refundedMinorBy = sum(earlier.refundedMinorBy, later.refundedMinorBy);
  const shortfallPointsBy = sum(earlier.shortfallPointsBy, later.shortfallPointsBy);
  if (refundedMinorBy !== undefined) merged.refundedMinorBy = refundedMinorBy;
  if (shortfallPointsBy !== undefined) merged.shortfallPointsBy = shortfallPointsBy;
  return merged;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The locked `account` as the UPDATE of `change` will leave it (the row cannot move meanwhile). */
function changedAccount(account: OrderAccount, change: AccountChange, now: Date): OrderAccount {
  const { refundedMinorBy, shortfallPointsBy, spendMinor, ...set } = definedOnly(change);
  return {
    ...account,
    ...set,
    ...(spendMinor !== undefined ? { spendMinor: BigInt(spendMinor) } : {}),
    refundedMinor: account.refundedMinor + BigInt(refundedMinorBy ?? 0),
    shortfallPoints: account.shortfallPoints + (shortfallPointsBy ?? 0),
    updatedAt: now,
  };
}

/** The store on one client inside BEGIN … COMMIT; `flushAccounts` before COMMIT. */
interface DirectOrderStore extends OrderStore {
  /** Writes the account changes held so far, one UPDATE per account. */
  flushAccounts(): Promise<void>;
}

/**
 * The store on one client inside BEGIN … COMMIT. `lookupFirst`: posts look their key up
 * before writing (every attempt after the first, as in `inLedgerTransaction`).
 *
 * An account this store locked is not updated statement by statement: its changes are held
 * (`pending`) and written as one UPDATE when the transaction is about to commit, or before a
 * statement that reads accounts. This transaction holds the row's lock from the upsert on, so
 * no one else sees or moves the row meanwhile, and what `updateAccount` answers (`locked`) is
 * what the row will be.
 */
function postgresOrderStore(client: PoolClient, lookupFirst: boolean): DirectOrderStore {
  const key = (shopId: string, orderId: string) => `${shopId}\u0000${orderId}`;
  const locked = new Map<string, OrderAccount>();
  const pending = new Map<string, { shopId: string; orderId: string; change: AccountChange }>();

  /** Every held change sent before this returns (so a COMMIT queued after it follows them). */
  function flushAccounts(): Promise<void> {
    const held = [...pending.values()];
    pending.clear();
    const write = async ({ shopId, orderId, change }: (typeof held)[number]) => {
      const statement = accountUpdateStatement({ ...change, shopId, orderId, now: new Date() }, false);
      const { rowCount } = await client.query(statement.text, statement.values);
      if (rowCount !== 1) throw new Error(`Order ${orderId}'s account: ${rowCount} rows for its held changes.`);
    };
    if (client.pipeline) return Promise.all(held.map(write)).then(() => undefined);
    return held.reduce<Promise<void>>((before, next) => before.then(() => write(next)), Promise.resolve());
  }
  const lockedAccount = (row: AccountRow) => {
    const account = accountOf(row);
    locked.set(key(account.shopId, account.orderId), account);
    return account;
  };

  return {
    prismaTx: null,
    flushAccounts,
    async recordDelivery(shopId, eventId, topic) {
      // A concurrent first delivery of the same event: this waits for it, then inserts nothing.
      return (await run(client, deliveryStatement({ shopId, eventId, topic, now: new Date() }))).length > 0;
    },
    async lockAccount(shopId, orderId, create = {}) {
      await flushAccounts();
      const statement = accountLockStatement({
        shopId,
        orderId,
        now: new Date(),
        currencyCode: create.currencyCode ?? null,
        fulfilledAt: create.fulfilledAt ?? null,
        cancelledAt: create.cancelledAt ?? null,
      });
      return lockedAccount(await one<AccountRow>(client, statement, `Order ${orderId}'s account`));
    },
    async recordDeliveryLockingAccount({ shopId, eventId, topic }, orderId, create = {}) {
      await flushAccounts();
      const statement = deliveryAccountLockStatement({
        shopId,
        eventId,
        topic,
        orderId,
        now: new Date(),
        currencyCode: create.currencyCode ?? null,
        fulfilledAt: create.fulfilledAt ?? null,
        cancelledAt: create.cancelledAt ?? null,
      });
      const [row] = await run<AccountRow>(client, statement);
      return row ? lockedAccount(row) : null;
    },
    async updateAccount(shopId, orderId, change) {
      const at = key(shopId, orderId);
      const account = locked.get(at);
      if (account) {
        pending.set(at, { shopId, orderId, change: mergedChange(pending.get(at)?.change, change) });
        const changed = changedAccount(account, change, new Date());
        locked.set(at, changed);
        return changed;
      }
      const statement = accountUpdateStatement({ ...change, shopId, orderId, now: new Date() });
      return accountOf(await one<AccountRow>(client, statement, `Order ${orderId}'s account`));
    },
    async ensureMember(shopId, customer, producedAt) {
      const memberId = randomUUID();
      const given = {
        contact: { email: customer.email, firstName: customer.firstName, lastName: customer.lastName },
        producedAt,
        ...(customer.tags ? { customerTags: customer.tags } : {}),
      };
      const enrol = memberUpsertStatement({
        ...customerDetailsChange(NEW_MEMBER, given).data,
        shopId,
        customerId: customer.id,
        customerHash: anonymousCustomerId(shopId, customer.id),
        memberId,
        now: new Date(),
      });
      const [member] = await run<
        OrderMember & { firstName: string | null; lastName: string | null } & {
          profileSyncedAt: Date | null;
        }
      >(client, enrol);
      if (!member) throw new CustomerRedactedError();
      // Inserted just now, with the details a new member takes.
      if (member.id === memberId) return member;
      const { data } = customerDetailsChange(member, given);
      if (Object.keys(data).length === 0) return member;
      await run(client, memberDetailsStatement({ ...data, shopId, memberId: member.id, now: new Date() }));
      return { ...member, ...data };
    },
    async lockMemberBalance(shopId, memberId) {
      const [member] = await run<{ balance: number }>(
        client,
        memberLockStatement({ shopId, memberId, now: new Date() }),
      );
      if (!member) throw new MemberNotFoundError(`No member ${memberId} in this shop.`);
      return member.balance;
    },
    async postEntry(input) {
      return postingResult(input, await postOnClient(client, input, lookupFirst));
    },
    async refundKnown(shopId, refundId) {
      return (await run(client, refundKnownStatement({ shopId, refundId }))).length > 0;
    },
    async recordRefund(shopId, refundId, orderId, amountMinor) {
      await run(client, refundInsertStatement({ shopId, refundId, orderId, amountMinor, now: new Date() }));
    },
    async recordOrderFact(shopId, { source: _webhook, ...fact }) {
      const memberId = fact.memberId ?? null;
      await run(
        client,
        orderFactStatement({
          ...fact,
          shopId,
          memberId,
          buyerKey: memberId ? null : fact.buyerKey,
          cancelledAt: fact.cancelledAt ?? null,
          refundedMinor: fact.refundedMinor ?? null,
          now: new Date(),
        }),
      );
    },
    async updateOrderFact(shopId, orderId, change) {
      await run(client, orderFactChangeStatement({ ...change, shopId, orderId, now: new Date() }));
    },
    // These read other orders' accounts only, never a held one; the flush keeps "the database
    // has every change before anything reads accounts" true without having to check that.
    async isFirstOrder(shopId, memberId, orderId) {
      await flushAccounts();
      const counted = await one<{ others: number }>(
        client,
        otherPlacedOrdersStatement({ shopId, memberId, orderId }),
        "other orders",
      );
      return counted.others === 0;
    },
    async spendAwardsOfOtherOrders(shopId, memberId, orderId) {
      await flushAccounts();
      return run<{ orderId: string; spendAwards: string }>(
        client,
        otherSpendAwardsStatement({ shopId, memberId, orderId }),
      );
    },
  };
}

/**
 * `work` in BEGIN … COMMIT on one client of `pool`, again from the start (on a new client)
 * when it lost a race; the first attempt posts optimistically (see `postOnClient`). The
 * account changes the store held are written just before COMMIT (with it, on a pipelining
 * client: `inPostgresTransaction`).
 */
export function inDirectOrderTransaction<T>(
  pool: Pool,
  work: (store: OrderStore) => Promise<T>,
  attempts = 6,
): Promise<T> {
  return inPostgresTransaction(
    pool,
    (tx) => {
      const store = postgresOrderStore(tx.client, tx.lookupFirst);
      tx.beforeCommit(store.flushAccounts);
      return work(store);
    },
    attempts,
  );
}

/** The order `paidOrderTransaction` describes; every field has a default. */
export interface PaidOrderSample {
  shopId: string;
  eventId: string;
  orderId: string;
  customerId: string;
  /** The id the new member is inserted with, used by every later statement. */
  memberId: string;
  email: string;
  firstName: string;
  lastName: string;
  currencyCode: string;
  /** Eligible spend in minor units, and the points the shop's flat rate gives it. */
  spendMinor: number;
  points: number;
  /** X-Shopify-Triggered-At: dates the contact details. */
  producedAt: Date;
  now: Date;
}

/** The order's components at the flat rate, as pricing stores them for a member without a tier. */
function settingsRateComponents(points: number): EarnComponent[] {
  return points > 0 ? [{ source: "settings_rate", ruleId: null, points }] : [];
}

export interface TransactionStatement extends NamedStatement {
  /** What the statement does in the transaction. */
  step: string;
  /** Sent with the next statement, without waiting for its own answer (a pipelining client). */
  withNext: boolean;
}

/**
 * The statements of one orders/paid transaction on the direct path, in the order the app
 * sends them, for the benchmarks' pgbench scripts (as scripts/bench-ledger.ts builds its
 * script from `postingStatement`): the first order of a new customer (no member yet, no
 * account yet, no tier), at the shop's flat rate (the Settings rate's default rule, one
 * component), in a shop that releases points on payment. Built by
 * the same functions the store sends.
 *
 * Each statement: `text` with $1…$n; `parameters[i]`, the name of $(i+1); `values`, the
 * sample's. A name means the same value in every statement (`shopId`, `orderId`,
 * `memberId`, `now`, …), so a script may set one pgbench variable per name: `memberId` is the
 * id the member upsert inserts, and for a new customer the one the later statements use. The
 * posting statement's names are POSTING_PARAMETERS (app/ledger/postgres-posting.server.ts);
 * its `entryId`, `lotId`, `idempotencyKey` (`order:<orderId>:earn`) and `fingerprint` are
 * per order. The first and last statements are BEGIN and COMMIT (no parameters).
 * `pipeline`: as a pipelining client sends them (`withNext`: BEGIN with the first
 * statement, the account's changes with COMMIT); the statements are the same either way.
 *
 * Prisma's path runs the same writes, plus a read of the delivery before its insert.
 */
export function paidOrderTransaction(
  sample: Partial<PaidOrderSample> = {},
  options: { pipeline?: boolean } = {},
): TransactionStatement[] {
  const pipeline = options.pipeline ?? false;
  const s: PaidOrderSample = {
    shopId: "bench-shop",
    eventId: "bench-event-1",
    orderId: "1001",
    customerId: "2001",
    memberId: randomUUID(),
    email: "ada@example.com",
    firstName: "Ada",
    lastName: "Lovelace",
    currencyCode: "USD",
    spendMinor: 4200,
    points: 42,
    producedAt: new Date(),
    now: new Date(),
    ...sample,
  };
  const { shopId, orderId, memberId, now } = s;
  const contact = customerDetailsChange(
    { email: null, firstName: null, lastName: null, profileSyncedAt: null },
    { contact: { email: s.email, firstName: s.firstName, lastName: s.lastName }, producedAt: s.producedAt },
  ).data;
  const entry: PostEntryInput = {
    shopId,
    memberId,
    causeType: "order",
    causeId: orderId,
    kind: "earn",
    points: s.points,
    idempotencyKey: ledgerKeys.orderEarn(orderId),
  };
  const posting = postingStatement(entry, fingerprint(entry), entryEffects(entry), true, now);
  const statements: Omit<TransactionStatement, "withNext">[] = [
    { step: "begin", text: "BEGIN", parameters: [], values: [] },
    {
      step: "delivery and account lock",
      ...deliveryAccountLockStatement({
        shopId,
        eventId: s.eventId,
        topic: "ORDERS_PAID",
        orderId,
        now,
        currencyCode: s.currencyCode,
        fulfilledAt: null,
        cancelledAt: null,
      }),
    },
    {
      step: "member upsert with contact",
      ...memberUpsertStatement({
        ...contact,
        shopId,
        customerId: s.customerId,
        customerHash: anonymousCustomerId(shopId, s.customerId),
        memberId,
        now,
      }),
    },
    {
      // The order's OrderFact for the economics dashboard (a member's: no buyer key).
      step: "order fact",
      ...orderFactStatement({
        shopId,
        orderId,
        placedAt: now,
        totalMinor: s.spendMinor,
        refundedMinor: 0,
        currencyCode: s.currencyCode,
        memberId,
        buyerKey: null,
        cancelledAt: null,
        now,
      }),
    },
    {
      step: "ledger posting",
      text: posting.text.replace(/\s+/g, " ").trim(),
      parameters: POSTING_PARAMETERS,
      values: posting.values,
    },
    {
      // The order priced, paid and its points state, held by the store until here.
      step: "account changes",
      ...accountUpdateStatement(
        {
          shopId,
          orderId,
          now,
          memberId,
          earnedPoints: s.points,
          spendAwards: "[]",
          earnComponents: JSON.stringify(settingsRateComponents(s.points)),
          spendMinor: s.spendMinor,
          paidAt: now,
          pointsState: "released",
          heldPoints: 0,
          releasedPoints: s.points,
          reversedPoints: 0,
          shortfallPointsBy: 0,
        },
        false,
      ),
    },
    { step: "commit", text: "COMMIT", parameters: [], values: [] },
  ];
  // What inDirectOrderTransaction sends together on a pipelining client.
  const sentWithNext = new Set(pipeline ? ["begin", "account changes"] : []);
  return statements.map((statement) => ({ ...statement, withNext: sentWithNext.has(statement.step) }));
}
