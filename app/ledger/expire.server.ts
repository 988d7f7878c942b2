/**
 * The expiry job: at `now`, every lot past its date ("fixed") and every member idle for the
 * shop's months ("inactivity") loses those points through an `expire` entry. Run it from a
 * cron (`npm run ledger:expire`), on any number of app instances at once:
 *
 * - each expiry has a deterministic idempotency key (the lot, or the member and the activity
 *   the idle period follows), so a second run or a concurrent twin posts nothing new;
 * - each member is handled after taking their row (the same lock `postEntry` takes), and what
 *   is due is read again under it, so a redeem racing the job spends or expires a point, never both;
 * - on PostgreSQL a batch first tries the shop's advisory lock (`pg_try_advisory_xact_lock`):
 *   an instance that finds it taken leaves the shop to the instance holding it. SQLite has
 *   a single writer, which serialises instances by itself.
 */
import { isPostgresClient, type Db, type Tx } from "../db.server";
import { addCalendarMonths, dueForExpiry, expiryModeOf, type ExpiryMode } from "../domain/expiry";
import { ledgerKeys } from "../domain/ledger";
import { inLedgerTransaction, postEntry } from "./ledger.server";

export interface ExpireOptions {
  now: Date;
  /** Only this shop (any mode other than "never"); otherwise every installed shop. */
  shopId?: string;
  /** Members per transaction. */
  batchSize?: number;
}

export interface ExpireResult {
  /** Shops whose policy was applied. */
  shops: number;
  /** Shops left to another instance that held their lock. */
  busyShops: number;
  /** Members who lost points. */
  members: number;
  /** Expire entries posted. */
  entries: number;
  /** Points expired. */
  points: number;
}

interface ShopPolicy {
  id: string;
  mode: ExpiryMode;
  months: number;
}

/** The first key of the two-key advisory lock: expiry jobs, not Prisma's migration lock. */
const EXPIRY_LOCK_NAMESPACE = 0x45585059; // "EXPY"

export async function expireDuePoints(db: Db, options: ExpireOptions): Promise<ExpireResult> {
  const { now } = options;
  const batchSize = options.batchSize ?? 50;
  const result: ExpireResult = { shops: 0, busyShops: 0, members: 0, entries: 0, points: 0 };
  const shops = await db.shop.findMany({
    where: {
      ...(options.shopId ? { id: options.shopId } : { uninstalledAt: null }),
      expiryMode: { in: ["fixed", "inactivity"] },
    },
    select: { id: true, expiryMode: true, expiryMonths: true },
    orderBy: { id: "asc" },
  });
  const postgres = isPostgresClient(db);

  for (const row of shops) {
    const shop: ShopPolicy = { id: row.id, mode: expiryModeOf(row.expiryMode), months: row.expiryMonths };
    const candidates = await candidateMembers(db, shop, now);
    let busy = false;
    for (let i = 0; i < candidates.length && !busy; i += batchSize) {
      const batch = candidates.slice(i, i + batchSize);
      const done = await inLedgerTransaction(db, async (tx) => {
        // The policy again, in the transaction: a merchant may have changed it meanwhile. On
        // SQLite, a read first also matters: a transaction that has read fails at once with
        // SQLITE_BUSY when another writer holds the file (and is retried), instead of sitting
        // in the busy timeout, which better-sqlite3 spends blocking this process.
        const current = await tx.shop.findUnique({
          where: { id: shop.id },
          select: { expiryMode: true, expiryMonths: true },
        });
        if (postgres && !(await tryShopLock(tx, shop.id))) return null;
        const policy: ShopPolicy = {
          id: shop.id,
          mode: expiryModeOf(current?.expiryMode),
          months: current?.expiryMonths ?? shop.months,
        };
        const counts = { members: 0, entries: 0, points: 0 };
        for (const memberId of batch) {
          const expired = await expireMember(tx, policy, memberId, now);
          if (expired.entries > 0) counts.members++;
          counts.entries += expired.entries;
          counts.points += expired.points;
        }
        return counts;
      });
      if (done === null) {
        busy = true;
        break;
      }
      result.members += done.members;
      result.entries += done.entries;
      result.points += done.points;
    }
    if (busy) result.busyShops++;
    else result.shops++;
  }
  return result;
}

/** Members who may have something due: a cheap over-approximation, checked exactly under lock. */
async function candidateMembers(db: Db, shop: ShopPolicy, now: Date): Promise<string[]> {
  if (shop.mode === "fixed") {
    const lots = await db.pointLot.findMany({
      where: { shopId: shop.id, remaining: { gt: 0 }, expiresAt: { lte: now } },
      select: { memberId: true },
      distinct: ["memberId"],
      orderBy: { memberId: "asc" },
    });
    return lots.map((l) => l.memberId);
  }
  if (shop.mode === "inactivity") {
    // Calendar months back from now, plus the few days a month-end clamp can differ by.
    const cutoff = new Date(addCalendarMonths(now, -shop.months).getTime() + 4 * 86_400_000);
    const members = await db.member.findMany({
      where: {
        shopId: shop.id,
        balance: { gt: 0 },
        OR: [{ lastActivityAt: { lte: cutoff } }, { lastActivityAt: null, createdAt: { lte: cutoff } }],
      },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    return members.map((m) => m.id);
  }
  return [];
}

async function tryShopLock(tx: Tx, shopId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ locked: boolean }[]>`
    SELECT pg_try_advisory_xact_lock(${EXPIRY_LOCK_NAMESPACE}::int, hashtext(${shopId})) AS locked`;
  return rows[0]?.locked === true;
}

async function expireMember(
  tx: Tx,
  shop: ShopPolicy,
  memberId: string,
  now: Date,
): Promise<{ entries: number; points: number }> {
  // Take the member row first, as postEntry does: from here, nothing else moves their lots.
  const taken = await tx.member.updateMany({
    where: { id: memberId, shopId: shop.id },
    data: { updatedAt: new Date() },
  });
  if (taken.count === 0) return { entries: 0, points: 0 };
  const member = await tx.member.findFirstOrThrow({
    where: { id: memberId, shopId: shop.id },
    select: { balance: true, lastActivityAt: true, createdAt: true },
  });
  const lots = await tx.pointLot.findMany({
    where: { shopId: shop.id, memberId, remaining: { gt: 0 } },
    select: { id: true, remaining: true, earnedAt: true, expiresAt: true },
  });
  const lastActivityAt = member.lastActivityAt ?? member.createdAt;
  const due = dueForExpiry(shop, { balance: member.balance, lastActivityAt, lots }, now);

  let balance = member.balance;
  let entries = 0;
  let points = 0;
  if (due.kind === "lots") {
    for (const lot of due.lots) {
      // Lots hold at most the balance; the guard keeps a damaged row from taking it below zero.
      const expiring = Math.min(lot.points, Math.max(0, balance));
      if (expiring > 0) {
        const posted = await postEntry(tx, {
          shopId: shop.id,
          memberId,
          points: -expiring,
          kind: "expire",
          causeType: "expiry",
          causeId: lot.lotId,
          reason: `${expiring} points reached their expiry date`,
          idempotencyKey: ledgerKeys.lotExpiry(lot.lotId),
        });
        if (posted.status === "posted") {
          balance = posted.entry.balanceAfter;
          entries++;
          points += expiring;
        }
      }
      await tx.pointLot.updateMany({ where: { id: lot.lotId, shopId: shop.id }, data: { remaining: 0 } });
    }
  } else if (due.kind === "inactivity") {
    const idempotencyKey = ledgerKeys.inactivityExpiry(memberId, due.lastActivityAt.toISOString());
    // One expiry per idle period: points a member was given after it (a staff adjustment is
    // not their activity) wait for the next period, which starts with their next activity.
    const already = await tx.ledgerEntry.findUnique({
      where: { shopId_idempotencyKey: { shopId: shop.id, idempotencyKey } },
    });
    if (!already) {
      await postEntry(tx, {
        shopId: shop.id,
        memberId,
        points: -due.points,
        kind: "expire",
        causeType: "expiry",
        causeId: memberId,
        reason: `No activity for ${shop.months} months since ${due.lastActivityAt.toISOString().slice(0, 10)}`,
        idempotencyKey,
      });
      await tx.pointLot.updateMany({
        where: { shopId: shop.id, memberId, remaining: { gt: 0 } },
        data: { remaining: 0 },
      });
      entries++;
      points += due.points;
    }
  }
  return { entries, points };
}
