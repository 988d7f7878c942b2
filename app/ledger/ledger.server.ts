/**
 * Posting to the points ledger. Each entry is appended together with the change of its
 * member's cached balances, in one transaction:
 *
 * 1. an entry with the same idempotency key already there → a retry: return it untouched
 *    (or refuse, when its data differs);
 * 2. the member's balance moves by one conditional UPDATE whose WHERE refuses to take it
 *    below zero, so the database, not a read in this process, decides whether the points
 *    are there, even with many app instances redeeming at once;
 * 3. the entry is inserted; a concurrent twin with the same key fails on the unique index,
 *    the transaction rolls back and the retry in `inLedgerTransaction` finds step 1;
 * 4. the member's point lots follow (app/domain/expiry.ts): a credit becomes a new lot, a
 *    debit consumes lots oldest first. The UPDATE of step 2 holds the member row, so lots
 *    are only ever read and changed by one transaction of that member at a time. An
 *    `expire` entry leaves the lots to its caller (app/ledger/expire.server.ts), which
 *    knows which lots expired.
 */
import type { Db, Tx } from "../db.server";
import { consumeOldestFirst, expiryModeOf, lotExpiry, lotMovement } from "../domain/expiry";
import { balanceEffects, fingerprint, isActivity, validateEntry, type EntryDraft } from "../domain/ledger";

export class InsufficientPointsError extends Error {
  override name = "InsufficientPointsError";
  constructor(readonly needed: number, readonly available: number | null) {
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

export async function postEntry(tx: Tx, input: PostEntryInput): Promise<PostResult> {
  validateEntry(input);
  const print = fingerprint(input);
  const { shopId, memberId, idempotencyKey } = input;

  const existing = await tx.ledgerEntry.findUnique({ where: { shopId_idempotencyKey: { shopId, idempotencyKey } } });
  if (existing) {
    if (existing.fingerprint !== print) throw new IdempotencyConflictError(idempotencyKey);
    return { status: "duplicate", entry: existing };
  }

  const effects = balanceEffects(input);
  const mayGoNegative = input.allowNegative || effects.balance >= 0;
  const moved = await tx.member.updateMany({
    where: { id: memberId, shopId, ...(mayGoNegative ? {} : { balance: { gte: -effects.balance } }) },
    data: {
      balance: { increment: effects.balance },
      lifetimeEarned: { increment: effects.lifetimeEarned },
      lifetimeRedeemed: { increment: effects.lifetimeRedeemed },
      ...(isActivity(input.kind) ? { lastActivityAt: new Date() } : {}),
    },
  });
  const member = await tx.member.findFirst({ where: { id: memberId, shopId }, select: { balance: true } });
  if (!member) throw new MemberNotFoundError(`No member ${memberId} in this shop.`);
  if (moved.count === 0) throw new InsufficientPointsError(-effects.balance, member.balance);

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
    },
  });
  if (input.kind !== "expire") await moveLots(tx, shopId, memberId, entry, member.balance - effects.balance);
  return { status: "posted", entry };
}

/** Step 4: the member's lots follow an entry that changed the positive part of the balance. */
async function moveLots(
  tx: Tx,
  shopId: string,
  memberId: string,
  entry: { id: string; balanceAfter: number; createdAt: Date },
  balanceBefore: number,
): Promise<void> {
  const { credit, debit } = lotMovement(balanceBefore, entry.balanceAfter);
  if (credit > 0) {
    const shop = await tx.shop.findUnique({ where: { id: shopId }, select: { expiryMode: true, expiryMonths: true } });
    await tx.pointLot.create({
      data: {
        shopId,
        memberId,
        entryId: entry.id,
        amount: credit,
        remaining: credit,
        earnedAt: entry.createdAt,
        expiresAt: shop ? lotExpiry(entry.createdAt, expiryModeOf(shop.expiryMode), shop.expiryMonths) : null,
      },
    });
  }
  if (debit > 0) {
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
}

const RETRYABLE_PRISMA_CODES = new Set(["P2002", "P2034", "P2028"]);
const RETRYABLE_SQLSTATES = new Set(["40001", "40P01", "55P03"]);

/** Errors after which running the whole transaction again is correct and may succeed. */
export function isRetryableTransactionError(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { code?: unknown; message?: unknown; meta?: { code?: unknown } };
  if (typeof e.code === "string" && (RETRYABLE_PRISMA_CODES.has(e.code) || RETRYABLE_SQLSTATES.has(e.code))) return true;
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
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, { maxWait: 15_000, timeout: 20_000 });
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** A member's entries, newest first, for history views and data requests. */
export async function memberEntries(client: Db | Tx, shopId: string, memberId: string, take = 50) {
  return client.ledgerEntry.findMany({
    where: { shopId, memberId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}
