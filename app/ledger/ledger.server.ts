/**
 * Posting to the points ledger. Each entry is appended together with the change of its
 * member's cached balances, in one transaction:
 *
 * 1. an entry with the same idempotency key already there → a retry: return it untouched
 *    (or refuse, when its data differs). In the first attempt of `inLedgerTransaction` on
 *    PostgreSQL the key is not looked up first: the INSERT of step 3 fails on the unique
 *    index, the transaction rolls back, and the retry looks up first. Elsewhere it is looked
 *    up first;
 * 2. the member's balance moves by one conditional UPDATE … RETURNING whose WHERE refuses to
 *    take it below zero or any cached figure past MAX_POINTS (`allowedRanges` in
 *    app/domain/ledger.ts), so the database, not a read in this process, decides whether the
 *    points are there, even with many app instances redeeming at once. Only when it matches
 *    no row is more read: the key (a retry whose points are gone is still a duplicate), then
 *    the member, to tell "no such member" from "not enough points" from "out of range";
 * 3. the entry is inserted; a repeated key or a concurrent twin fails on the unique index,
 *    the transaction rolls back and the retry in `inLedgerTransaction` finds step 1;
 * 4. the member's point lots follow (app/domain/expiry.ts): a credit becomes a new lot
 *    (created with the entry), a debit consumes lots oldest first. The UPDATE of step 2
 *    holds the member row, so lots are only ever read and changed by one transaction of that
 *    member at a time. An `expire` entry leaves the lots to its caller
 *    (app/ledger/expire.server.ts), which knows which lots expired.
 */
import { isPostgresClient, postgresPoolOf, type Db, type Tx } from "../db.server";
import { consumeOldestFirst, expiryModeOf, lotExpiry, lotMovement } from "../domain/expiry";
import {
  allowedRanges,
  entryEffects,
  fingerprint,
  isActivity,
  PointsOutOfRangeError,
  refusalOf,
  validateEntry,
  type BalanceEffects,
  type EntryDraft,
} from "../domain/ledger";
import { lotDebit, postingStatement, postStandaloneOnPostgres, type StandaloneResult } from "./postgres-posting.server";

export class InsufficientPointsError extends Error {
  override name = "InsufficientPointsError";
  constructor(
    readonly needed: number,
    readonly available: number | null,
  ) {
    super(`Not enough points: ${needed} needed${available === null ? "" : `, ${available} available`}.`);
  }
}

export class IdempotencyConflictError extends Error {
  override name = "IdempotencyConflictError";
  constructor(readonly idempotencyKey: string) {
    super(`Idempotency key ${idempotencyKey} was already used for a different entry.`);
  }
}

export class MemberNotFoundError extends Error {
  override name = "MemberNotFoundError";
}

export interface PostEntryInput extends EntryDraft {
  shopId: string;
  /** Let this entry take the balance below zero (a rule that says so, e.g. a late refund). */
  allowNegative?: boolean;
}

export type PostResult = {
  status: "posted" | "duplicate";
  entry: { id: string; points: number; balanceAfter: number; idempotencyKey: string };
};

/**
 * Transactions of `inLedgerTransaction`'s first attempt on PostgreSQL. In them postEntry
 * skips the up-front idempotency lookup: a repeated key then fails on the unique index at the
 * INSERT, the transaction rolls back (a failed statement aborts it anyway), and the retry,
 * whose transaction is not in this set, looks the key up first. Anywhere else (a caller's
 * own `$transaction`) postEntry looks up first, as nothing would retry for it.
 *
 * Not on SQLite: there the lookup also makes the transaction a reader before it writes, and
 * SQLite fails a reader's lock upgrade at once (retried here) where a transaction that
 * writes first waits in the busy handler, which better-sqlite3 does synchronously, blocking
 * every other transaction of the process, including the one holding the lock.
 */
const optimisticTransactions = new WeakSet<object>();

/** Transactions of `inLedgerTransaction` on PostgreSQL: they post through `postOnPostgres`. */
const postgresTransactions = new WeakSet<object>();

export async function postEntry(tx: Tx, input: PostEntryInput): Promise<PostResult> {
  validateEntry(input);
  const print = fingerprint(input);
  const { shopId, memberId, idempotencyKey } = input;

  const findExisting = async (): Promise<PostResult | null> => {
    const existing = await tx.ledgerEntry.findUnique({ where: { shopId_idempotencyKey: { shopId, idempotencyKey } } });
    if (!existing) return null;
    if (existing.fingerprint !== print) throw new IdempotencyConflictError(idempotencyKey);
    return { status: "duplicate", entry: existing };
  };
  const lookedUp = !optimisticTransactions.has(tx);
  if (lookedUp) {
    const duplicate = await findExisting();
    if (duplicate) return duplicate;
  }

  const effects = entryEffects(input);
  const mayGoNegative = input.allowNegative || effects.balance >= 0;
  const explainNoRow = async (): Promise<PostResult> => {
    if (!lookedUp) {
      const duplicate = await findExisting();
      if (duplicate) return duplicate;
    }
    throw await refusalError(tx, shopId, memberId, effects);
  };
  if (postgresTransactions.has(tx)) {
    const posted = await postOnPostgres(tx, input, print, effects, mayGoNegative);
    if (!posted) return explainNoRow();
    const debit = lotDebit(input, posted.balanceAfter, effects);
    if (debit > 0) await consumeLots(tx, shopId, memberId, debit);
    return { status: "posted", entry: posted };
  }
  // The UPDATE and the read of the new balance in one statement (RETURNING). A credit may
  // start a lot, which needs the shop's expiry policy: read with it, not in a query of its own.
  const [member] = await tx.member.updateManyAndReturn({
    where: { id: memberId, shopId, ...rangeConditions(effects, mayGoNegative) },
    data: {
      balance: { increment: effects.balance },
      pending: { increment: effects.pending },
      lifetimeEarned: { increment: effects.lifetimeEarned },
      lifetimeRedeemed: { increment: effects.lifetimeRedeemed },
      ...(isActivity(input.kind) ? { lastActivityAt: new Date() } : {}),
    },
    select: {
      balance: true,
      ...(effects.balance > 0 ? { shop: { select: { expiryMode: true, expiryMonths: true } } } : {}),
    },
  });
  // Nothing changed: a retry whose points are already gone is still a duplicate, and
  // otherwise the member is missing, short of points or at a bound.
  if (!member) return explainNoRow();

  const balanceBefore = member.balance - effects.balance;
  // Step 4 (app/domain/expiry.ts): an `expire` entry leaves the lots to its caller.
  const { credit, debit } =
    input.kind === "expire" ? { credit: 0, debit: 0 } : lotMovement(balanceBefore, member.balance);
  // Set here rather than by the column default, so a new lot can carry it as its earnedAt.
  const createdAt = new Date();
  const shop = "shop" in member ? member.shop : null;
  const entry = await tx.ledgerEntry.create({
    data: {
      shopId,
      memberId,
      points: input.points,
      kind: input.kind,
      causeType: input.causeType,
      causeId: input.causeId,
      reason: input.reason ?? null,
      idempotencyKey,
      fingerprint: print,
      balanceAfter: member.balance,
      createdAt,
      ...(credit > 0
        ? {
            lot: {
              create: {
                shopId,
                memberId,
                amount: credit,
                remaining: credit,
                earnedAt: createdAt,
                expiresAt: shop ? lotExpiry(createdAt, expiryModeOf(shop.expiryMode), shop.expiryMonths) : null,
              },
            },
          }
        : {}),
    },
  });
  if (debit > 0) await consumeLots(tx, shopId, memberId, debit);
  return { status: "posted", entry };
}

/**
 * The WHERE of step 2 on the Prisma path: each figure the entry moves within the range
 * `allowedRanges` gives, the same ranges the PostgreSQL statement checks.
 */
function rangeConditions(effects: BalanceEffects, mayGoNegative: boolean) {
  const ranges = allowedRanges(effects, mayGoNegative);
  const conditions: Partial<Record<keyof BalanceEffects, { gte: number; lte: number }>> = {};
  for (const figure of ["balance", "pending", "lifetimeEarned", "lifetimeRedeemed"] as const) {
    if (effects[figure] !== 0 || figure === "balance") {
      conditions[figure] = { gte: ranges[figure].min, lte: ranges[figure].max };
    }
  }
  return conditions;
}

/** Why step 2 moved no row, read after the fact: no member, a bound, or too few points. */
export function refusalFromFigures(
  memberId: string,
  current: BalanceEffects | null,
  effects: BalanceEffects,
): MemberNotFoundError | PointsOutOfRangeError | InsufficientPointsError {
  if (!current) return new MemberNotFoundError(`No member ${memberId} in this shop.`);
  const refusal = refusalOf(current, effects);
  if (refusal.kind === "out_of_range")
    return new PointsOutOfRangeError(`The member's ${refusal.figure}`, refusal.value);
  return new InsufficientPointsError(-effects.balance, current.balance);
}

async function refusalError(tx: Tx, shopId: string, memberId: string, effects: BalanceEffects) {
  const current = await tx.member.findFirst({
    where: { id: memberId, shopId },
    select: { balance: true, pending: true, lifetimeEarned: true, lifetimeRedeemed: true },
  });
  return refusalFromFigures(memberId, current, effects);
}

/**
 * Steps 2–4 (a credit's lot) on PostgreSQL in one statement (./postgres-posting.server.ts).
 * The query compiler, not SQL, is what a post costs on PostgreSQL (bench/README.md), and raw
 * statements skip it; the Prisma path above stays for SQLite and for transactions opened
 * outside `inLedgerTransaction`, and the same integration suites run against both. Returns
 * null when the member row did not move (missing, or short of points): the caller finds out
 * which.
 */
async function postOnPostgres(
  tx: Tx,
  input: PostEntryInput,
  print: string,
  effects: BalanceEffects,
  mayGoNegative: boolean,
): Promise<PostResult["entry"] | null> {
  const statement = postingStatement(input, print, effects, mayGoNegative, new Date());
  const rows = await tx.$queryRawUnsafe<PostResult["entry"][]>(statement.text, ...statement.values);
  return rows[0] ?? null;
}

/** Step 4 for a debit: the member's lots lose `debit` points, oldest first. */
async function consumeLots(tx: Tx, shopId: string, memberId: string, debit: number): Promise<void> {
  const lots = await tx.pointLot.findMany({
    where: { shopId, memberId, remaining: { gt: 0 } },
    orderBy: [{ earnedAt: "asc" }, { id: "asc" }],
    select: { id: true, remaining: true, earnedAt: true },
  });
  // Anything uncovered is a balance from before lots were kept: there is nothing to consume.
  for (const take of consumeOldestFirst(lots, debit).takes) {
    await tx.pointLot.update({ where: { id: take.lotId }, data: { remaining: { decrement: take.points } } });
  }
}

const RETRYABLE_PRISMA_CODES = new Set(["P2002", "P2034", "P2028"]);
// 23505: a unique key taken, as a raw statement reports it (Prisma's own queries say P2002).
const RETRYABLE_SQLSTATES = new Set(["40001", "40P01", "55P03", "23505"]);

/** Errors after which running the whole transaction again is correct and may succeed. */
export function isRetryableTransactionError(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { code?: unknown; message?: unknown; meta?: { code?: unknown } };
  if (typeof e.code === "string" && (RETRYABLE_PRISMA_CODES.has(e.code) || RETRYABLE_SQLSTATES.has(e.code)))
    return true;
  if (typeof e.meta?.code === "string" && RETRYABLE_SQLSTATES.has(e.meta.code)) return true;
  const message = typeof e.message === "string" ? e.message : "";
  return /SQLITE_BUSY|database is locked|deadlock detected|could not serialize/i.test(message);
}

/**
 * Runs `work` in a transaction, again from the start when it lost a race (unique key taken by
 * a concurrent twin, deadlock, serialization failure, busy SQLite file). Domain errors such
 * as insufficient points are thrown to the caller at once.
 */
export async function inLedgerTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, attempts = 6): Promise<T> {
  const optimistic = isPostgresClient(db);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(
        (tx) => {
          if (optimistic) postgresTransactions.add(tx);
          if (attempt === 1 && optimistic) optimisticTransactions.add(tx);
          return work(tx);
        },
        { maxWait: 15_000, timeout: 20_000 },
      );
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/**
 * Posts one entry that stands alone: nothing else has to commit or roll back with it (a staff
 * adjustment, a benchmark). Same rules, same errors and the same rows as `postEntry` in
 * `inLedgerTransaction`; on PostgreSQL it skips Prisma's interactive transaction and posts on
 * the client's `pg` pool (./postgres-posting.server.ts: one statement for anything that does
 * not take points from lots). Anywhere else it is exactly that transaction.
 */
export async function postStandaloneEntry(db: Db, input: PostEntryInput): Promise<PostResult> {
  const pool = postgresPoolOf(db);
  if (!pool) return inLedgerTransaction(db, (tx) => postEntry(tx, input));
  return postingResult(input, await postStandaloneOnPostgres(pool, input));
}

/** A post on `pg` (./postgres-posting.server.ts) as `postEntry` answers it: its result or its error. */
export function postingResult(input: PostEntryInput, result: StandaloneResult): PostResult {
  switch (result.kind) {
    case "posted":
      return { status: "posted", entry: result.entry };
    case "duplicate":
      return { status: "duplicate", entry: result.entry };
    case "conflict":
      throw new IdempotencyConflictError(input.idempotencyKey);
    case "refused":
      throw refusalFromFigures(input.memberId, result.figures, entryEffects(input));
  }
}
