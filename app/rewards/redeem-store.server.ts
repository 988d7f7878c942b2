/**
 * The statements of a redemption's transaction (app/rewards/redeem.server.ts), on the two
 * paths the ledger has: raw statements on the `pg` pool under a PostgreSQL client
 * (app/ledger/postgres-transaction.server.ts, no Prisma interactive transaction) and Prisma's
 * transaction everywhere else (SQLite). The decisions are redeem.server.ts's, made once for
 * both; each store only reads and writes, and the same integration suites run against both.
 */
import { postgresPoolOf, type Db, type Tx } from "../db.server";
import { COUNTING_STATUSES } from "../domain/rewards/availability";
import type { RewardKind } from "../domain/rewards/catalogue";
import { inLedgerTransaction, postEntry, type PostEntryInput } from "../ledger/ledger.server";
import { inPostgresTransaction, type PostgresTransaction } from "../ledger/postgres-transaction.server";

export interface PendingRedemption {
  id: string;
  shopId: string;
  memberId: string;
  rewardId: string;
  kind: RewardKind;
  rewardTitle: string;
  pointsSpent: number;
  valueMinor: number;
  currencyCode: string;
  code: string | null;
  expiresAt: Date | null;
  createdAt: Date;
}

export interface RedeemStore {
  /** Locks the member row for the rest of the transaction; their balance, or null: no such member. */
  lockMember(shopId: string, memberId: string): Promise<{ balance: number } | null>;
  /** This member's counting redemptions of the reward (read after the lock): all, and those since `since`. */
  countingRedemptions(input: {
    shopId: string;
    memberId: string;
    rewardId: string;
    since: Date | null;
  }): Promise<{ total: number; inWindow: Date[] }>;
  /** Takes one unit of a stocked reward; false when none is left. */
  takeStock(shopId: string, rewardId: string): Promise<boolean>;
  /** Posts the debit; the balance after it. */
  debit(entry: PostEntryInput): Promise<number>;
  insertPending(pending: PendingRedemption): Promise<void>;
}

function counted(dates: Date[], since: Date | null) {
  return { total: dates.length, inWindow: since === null ? [] : dates.filter((at) => at >= since) };
}

export function prismaRedeemStore(tx: Tx): RedeemStore {
  return {
    async lockMember(shopId, memberId) {
      // A write, not a read: the row stays locked (PostgreSQL) and the transaction holds the
      // write lock from here (SQLite), so each member's redemptions pass one at a time.
      const [member] = await tx.member.updateManyAndReturn({
        where: { id: memberId, shopId },
        data: { balance: { increment: 0 } },
        select: { balance: true },
      });
      return member ?? null;
    },
    async countingRedemptions({ shopId, memberId, rewardId, since }) {
      const rows = await tx.redemption.findMany({
        where: { shopId, memberId, rewardId, status: { in: [...COUNTING_STATUSES] } },
        select: { createdAt: true },
      });
      return counted(
        rows.map((r) => r.createdAt),
        since,
      );
    },
    async takeStock(shopId, rewardId) {
      const taken = await tx.reward.updateMany({
        where: { id: rewardId, shopId, stockRemaining: { gt: 0 } },
        data: { stockRemaining: { decrement: 1 } },
      });
      return taken.count === 1;
    },
    async debit(entry) {
      return (await postEntry(tx, entry)).entry.balanceAfter;
    },
    async insertPending(pending) {
      await tx.redemption.create({ data: { ...pending, status: "pending" } });
    },
  };
}

export function postgresRedeemStore(tx: PostgresTransaction): RedeemStore {
  const { client } = tx;
  return {
    async lockMember(shopId, memberId) {
      const { rows } = await client.query<{ balance: number }>(
        `SELECT "balance" FROM "Member" WHERE "id" = $1 AND "shopId" = $2 FOR UPDATE`,
        [memberId, shopId],
      );
      return rows[0] ?? null;
    },
    async countingRedemptions({ shopId, memberId, rewardId, since }) {
      // As text in UTC: pg would read a timestamp without time zone in the process's zone.
      const { rows } = await client.query<{ at: string }>(
        `SELECT to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "at" FROM "Redemption"
         WHERE "shopId" = $1 AND "memberId" = $2 AND "rewardId" = $3 AND "status" = ANY($4::text[])`,
        [shopId, memberId, rewardId, [...COUNTING_STATUSES]],
      );
      return counted(
        rows.map((r) => new Date(r.at)),
        since,
      );
    },
    async takeStock(shopId, rewardId) {
      const taken = await client.query(
        `UPDATE "Reward" SET "stockRemaining" = "stockRemaining" - 1
         WHERE "id" = $1 AND "shopId" = $2 AND "stockRemaining" > 0`,
        [rewardId, shopId],
      );
      return taken.rowCount === 1;
    },
    async debit(entry) {
      return (await tx.postEntry(entry)).entry.balanceAfter;
    },
    async insertPending(p) {
      // Nothing after it needs its answer: sent with COMMIT where the client pipelines.
      tx.beforeCommit(async () => {
        await client.query(
          `INSERT INTO "Redemption" ("id", "shopId", "memberId", "rewardId", "kind", "rewardTitle", "pointsSpent",
             "valueMinor", "currencyCode", "code", "status", "expiresAt", "createdAt", "updatedAt")
           VALUES ($1, $2, $3, $4, $5, $6, $7::int, $8::int, $9, $10, 'pending', $11::timestamp, $12::timestamp, $12::timestamp)`,
          [
            p.id,
            p.shopId,
            p.memberId,
            p.rewardId,
            p.kind,
            p.rewardTitle,
            p.pointsSpent,
            p.valueMinor,
            p.currencyCode,
            p.code,
            p.expiresAt?.toISOString() ?? null,
            p.createdAt.toISOString(),
          ],
        );
      });
    },
  };
}

/** Runs a redemption's transaction on the path this client takes, again from the start after a lost race. */
export async function inRedeemTransaction<T>(db: Db, work: (store: RedeemStore) => Promise<T>): Promise<T> {
  const pool = postgresPoolOf(db);
  return pool
    ? inPostgresTransaction(pool, (tx) => work(postgresRedeemStore(tx)))
    : inLedgerTransaction(db, (tx) => work(prismaRedeemStore(tx)));
}
