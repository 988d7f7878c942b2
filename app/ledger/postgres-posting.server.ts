/**
 * Posting on PostgreSQL with one SQL statement (decision 0007): the conditional balance
 * UPDATE … RETURNING, the entry INSERT and a credit's lot INSERT, as one CTE. The statement is
 * built once here and sent two ways:
 *
 * - inside a caller's Prisma transaction (`postEntry` in ./ledger.server.ts), when the post
 *   belongs with other writes (an order's account, a redemption, a rule's history);
 * - on the ledger's own `pg` pool (`postStandaloneOnPostgres`), when the post stands alone. A
 *   credit is then a single autocommit statement: atomic by itself, one round trip, and none
 *   of Prisma's interactive-transaction machinery, which costs more CPU per post than the
 *   statement (bench/README.md). A debit also consumes lots, so it runs BEGIN … COMMIT.
 *
 * Timestamps travel as UTC ISO strings cast to `timestamp`: the columns Prisma writes are UTC
 * without a zone, whatever the process's TZ.
 */
import { randomUUID } from "node:crypto";
import type { Pool, PoolClient } from "pg";
import { consumeOldestFirst, lotMovement } from "../domain/expiry";
import {
  allowedRanges,
  entryEffects,
  fingerprint,
  isActivity,
  validateEntry,
  type BalanceEffects,
  type EntryDraft,
} from "../domain/ledger";

export interface PostingInput extends EntryDraft {
  shopId: string;
  allowNegative?: boolean;
}

export interface PostedRow {
  id: string;
  points: number;
  balanceAfter: number;
  idempotencyKey: string;
}

export interface PostingStatement {
  text: string;
  values: unknown[];
}

/**
 * What each parameter of `postingStatement` is ($1 is the first), for whoever builds the
 * statement's twin elsewhere (the benchmarks' pgbench scripts, decisions 0011 and 0020).
 */
export const POSTING_PARAMETERS = [
  "balanceMove",
  "pendingMove",
  "lifetimeEarnedMove",
  "lifetimeRedeemedMove",
  "isActivity",
  "now",
  "memberId",
  "shopId",
  "balanceMin",
  "entryId",
  "points",
  "kind",
  "causeType",
  "causeId",
  "reason",
  "idempotencyKey",
  "fingerprint",
  "lotId",
  "movesLots",
  "balanceMax",
  "pendingMin",
  "pendingMax",
  "lifetimeEarnedMin",
  "lifetimeEarnedMax",
  "lifetimeRedeemedMin",
  "lifetimeRedeemedMax",
] as const;

/** A pool or one of its clients: what sends a statement. */
type Queryable = Pick<PoolClient, "query">;

/** The CTE; returns the entry's row, or no row when the member did not move (missing or short). */
export function postingStatement(
  input: PostingInput,
  print: string,
  effects: BalanceEffects,
  mayGoNegative: boolean,
  now: Date,
): PostingStatement {
  const at = now.toISOString();
  const ranges = allowedRanges(effects, mayGoNegative);
  const values = [
    effects.balance, // $1
    effects.pending, // $2
    effects.lifetimeEarned, // $3
    effects.lifetimeRedeemed, // $4
    isActivity(input.kind), // $5
    at, // $6
    input.memberId, // $7
    input.shopId, // $8
    ranges.balance.min, // $9
    randomUUID(), // $10 entry id
    input.points, // $11
    input.kind, // $12
    input.causeType, // $13
    input.causeId, // $14
    input.reason ?? null, // $15
    input.idempotencyKey, // $16
    print, // $17
    randomUUID(), // $18 lot id
    input.kind !== "expire", // $19 moves lots (an expire entry leaves them to its caller)
    ranges.balance.max, // $20
    ranges.pending.min, // $21
    ranges.pending.max, // $22
    ranges.lifetimeEarned.min, // $23
    ranges.lifetimeEarned.max, // $24
    ranges.lifetimeRedeemed.min, // $25
    ranges.lifetimeRedeemed.max, // $26
  ];
  // $9, $20–$26: the ranges of allowedRanges (app/domain/ledger.ts), in bigint so that the
  // bounds themselves cannot overflow: no figure past MAX_POINTS, no balance below zero
  // unless allowed. (No SQL comment: the benchmark sends the statement on one line.)
  const text = `
    WITH moved AS (
      UPDATE "Member" SET
        "balance" = "balance" + $1::int,
        "pending" = "pending" + $2::int,
        "lifetimeEarned" = "lifetimeEarned" + $3::int,
        "lifetimeRedeemed" = "lifetimeRedeemed" + $4::int,
        "lastActivityAt" = CASE WHEN $5::boolean THEN $6::timestamp ELSE "lastActivityAt" END,
        "updatedAt" = $6::timestamp
      WHERE "id" = $7 AND "shopId" = $8
        AND "balance" BETWEEN $9::bigint AND $20::bigint
        AND "pending" BETWEEN $21::bigint AND $22::bigint
        AND "lifetimeEarned" BETWEEN $23::bigint AND $24::bigint
        AND "lifetimeRedeemed" BETWEEN $25::bigint AND $26::bigint
      RETURNING "balance"
    ), entry AS (
      INSERT INTO "LedgerEntry"
        ("id", "shopId", "memberId", "points", "kind", "causeType", "causeId", "reason", "idempotencyKey", "fingerprint", "balanceAfter", "createdAt")
      SELECT $10, $8, $7, $11::int, $12, $13, $14, $15, $16, $17, moved."balance", $6::timestamp
      FROM moved
      RETURNING "id", "points", "balanceAfter", "idempotencyKey"
    ), lot AS (
      INSERT INTO "PointLot" ("id", "shopId", "memberId", "entryId", "amount", "remaining", "earnedAt", "expiresAt")
      SELECT $18, $8, $7, entry."id", c.credit, c.credit, $6::timestamp,
        CASE WHEN s."expiryMode" = 'fixed' THEN $6::timestamp + make_interval(months => s."expiryMonths") END
      FROM entry, moved, "Shop" s,
        LATERAL (SELECT GREATEST(moved."balance", 0) - GREATEST(moved."balance" - $1::int, 0) AS credit) c
      WHERE s."id" = $8 AND $19::boolean AND c.credit > 0
    )
    SELECT "id", "points", "balanceAfter", "idempotencyKey" FROM entry`;
  return { text, values };
}

/** Points the post takes out of the member's lots (0 for credits and expire entries). */
export function lotDebit(input: PostingInput, balanceAfter: number, effects: BalanceEffects): number {
  if (input.kind === "expire") return 0;
  return lotMovement(balanceAfter - effects.balance, balanceAfter).debit;
}

/** What went wrong when the statement moved no row, or a key was taken. */
export type PostingFailure =
  | { kind: "duplicate"; entry: PostedRow }
  | { kind: "conflict" }
  /** No row moved: the member's figures as they stood (null: no such member), to say why. */
  | { kind: "refused"; figures: BalanceEffects | null };

export type StandaloneResult = { kind: "posted"; entry: PostedRow } | PostingFailure;

const RETRYABLE = new Set(["40001", "40P01", "55P03"]);

/**
 * Posts one entry on the ledger's pool. Never throws for a domain outcome: the caller
 * (`postStandaloneEntry` in ./ledger.server.ts) turns failures into the ledger's errors, so
 * both databases throw the same ones.
 */
export async function postStandaloneOnPostgres(
  pool: Pool,
  input: PostingInput,
  attempts = 6,
): Promise<StandaloneResult> {
  validateEntry(input);
  const print = fingerprint(input);
  const effects = entryEffects(input);
  const mayGoNegative = input.allowNegative === true || effects.balance >= 0;
  for (let attempt = 1; ; attempt++) {
    try {
      const statement = postingStatement(input, print, effects, mayGoNegative, new Date());
      const takesFromLots = effects.balance < 0 && input.kind !== "expire";
      const posted = takesFromLots
        ? await debitInTransaction(pool, input, statement, effects)
        : await statementAlone(pool, statement);
      return posted ? { kind: "posted", entry: posted } : await explainNoRow(pool, input, print);
    } catch (error) {
      const code = (error as { code?: string }).code;
      // The key is taken: a retry of this post (or a conflicting reuse), never a second entry.
      if (code === "23505") {
        const existing = await existingEntry(pool, input, print);
        if (existing) return existing;
        throw error;
      }
      if (code && RETRYABLE.has(code) && attempt < attempts) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        continue;
      }
      throw error;
    }
  }
}

/**
 * Posts one entry on a client whose transaction (BEGIN … COMMIT) the caller runs with other
 * writes: an order's (app/orders/order-store-postgres.server.ts). `lookupFirst`: look the key
 * up before posting, as `postEntry` does outside the first attempt of a transaction; without
 * it a repeated key fails the INSERT (23505) and the caller's retry looks up first. Never
 * throws for a domain outcome (see postStandaloneOnPostgres).
 */
export async function postOnClient(
  client: Queryable,
  input: PostingInput,
  lookupFirst: boolean,
): Promise<StandaloneResult> {
  validateEntry(input);
  const print = fingerprint(input);
  if (lookupFirst) {
    const existing = await existingEntry(client, input, print);
    if (existing) return existing;
  }
  const effects = entryEffects(input);
  const mayGoNegative = input.allowNegative === true || effects.balance >= 0;
  const statement = postingStatement(input, print, effects, mayGoNegative, new Date());
  const posted = (await client.query<PostedRow>(statement.text, statement.values)).rows[0] ?? null;
  if (!posted) return explainNoRow(client, input, print);
  const debit = lotDebit(input, posted.balanceAfter, effects);
  if (debit > 0) await consumeLots(client, input.shopId, input.memberId, debit);
  return { kind: "posted", entry: posted };
}

/** A post that takes nothing from lots: the statement alone is the whole post. */
async function statementAlone(pool: Pool, statement: PostingStatement): Promise<PostedRow | null> {
  const result = await pool.query<PostedRow>(statement.text, statement.values);
  return result.rows[0] ?? null;
}

/**
 * A debit consumes lots oldest first after moving the balance. The UPDATE holds the member
 * row until COMMIT, so one transaction of that member at a time reads and changes its lots.
 */
async function debitInTransaction(
  pool: Pool,
  input: PostingInput,
  statement: PostingStatement,
  effects: BalanceEffects,
): Promise<PostedRow | null> {
  const client = await pool.connect();
  let open = false;
  try {
    await client.query("BEGIN");
    open = true;
    const posted = (await client.query<PostedRow>(statement.text, statement.values)).rows[0] ?? null;
    if (posted) {
      const debit = lotDebit(input, posted.balanceAfter, effects);
      if (debit > 0) await consumeLots(client, input.shopId, input.memberId, debit);
    }
    await client.query("COMMIT");
    open = false;
    return posted;
  } finally {
    if (open) await client.query("ROLLBACK").catch(() => undefined);
    client.release();
  }
}

async function consumeLots(client: Queryable, shopId: string, memberId: string, debit: number): Promise<void> {
  const lots = await client.query<{ id: string; remaining: number; earnedAt: Date }>(
    `SELECT "id", "remaining", "earnedAt" FROM "PointLot"
      WHERE "shopId" = $1 AND "memberId" = $2 AND "remaining" > 0
      ORDER BY "earnedAt" ASC, "id" ASC`,
    [shopId, memberId],
  );
  for (const take of consumeOldestFirst(lots.rows, debit).takes) {
    await client.query(`UPDATE "PointLot" SET "remaining" = "remaining" - $1::int WHERE "id" = $2`, [
      take.points,
      take.lotId,
    ]);
  }
}

async function existingEntry(pool: Queryable, input: PostingInput, print: string): Promise<PostingFailure | null> {
  const found = await pool.query<PostedRow & { fingerprint: string }>(
    `SELECT "id", "points", "balanceAfter", "idempotencyKey", "fingerprint" FROM "LedgerEntry"
      WHERE "shopId" = $1 AND "idempotencyKey" = $2`,
    [input.shopId, input.idempotencyKey],
  );
  const row = found.rows[0];
  if (!row) return null;
  if (row.fingerprint !== print) return { kind: "conflict" };
  const { fingerprint: _fingerprint, ...entry } = row;
  return { kind: "duplicate", entry };
}

/** No row moved: a retry whose points are already gone is still a duplicate; else why. */
async function explainNoRow(pool: Queryable, input: PostingInput, print: string): Promise<PostingFailure> {
  const existing = await existingEntry(pool, input, print);
  if (existing) return existing;
  const member = await pool.query<BalanceEffects>(
    `SELECT "balance", "pending", "lifetimeEarned", "lifetimeRedeemed" FROM "Member" WHERE "id" = $1 AND "shopId" = $2`,
    [input.memberId, input.shopId],
  );
  return { kind: "refused", figures: member.rows[0] ?? null };
}
