/**
 * Idempotency receipts of the events API (the ApiEvent table): the first answer given to a
 * shop's Idempotency-Key, with a hash of the body it came with. A retry of the same request
 * gets that answer back instead of being processed again; the same key with another body is
 * refused. Only processed requests leave a receipt: a request refused before processing (bad
 * body, unknown action, rate limit) can be fixed and sent again with the same key.
 */
import type { Db, Tx } from "../db.server";
import { inLedgerTransaction } from "../ledger/ledger.server";

/** How long a key is remembered: far beyond any client's retries. */
export const RECEIPT_RETENTION_DAYS = 30;

export interface Receipt {
  bodyHash: string;
  /** The JSON body of the first answer. */
  response: unknown;
}

export interface ReceiptKey {
  shopId: string;
  idempotencyKey: string;
  bodyHash: string;
}

export async function findReceipt(client: Db | Tx, shopId: string, idempotencyKey: string): Promise<Receipt | null> {
  const row = await client.apiEvent.findUnique({ where: { shopId_idempotencyKey: { shopId, idempotencyKey } } });
  return row ? { bodyHash: row.bodyHash, response: JSON.parse(row.response) as unknown } : null;
}

export type Once<T> = { processed: true; response: T } | { processed: false; receipt: Receipt };

/**
 * Runs `work` (the award) at most once per shop and key, and stores its answer as the
 * receipt, in ONE ledger transaction. The receipt row is inserted before the work: a
 * concurrent request with the same key blocks on that row's unique index and, once the first
 * commits, fails with a unique violation; the transaction retries, finds the receipt and
 * returns it instead of working. If the work fails, the claim rolls back with it, so a
 * crashed request never leaves a key that answers nothing.
 */
export async function processOnce<T>(db: Db, key: ReceiptKey, work: (tx: Tx) => Promise<T>): Promise<Once<T>> {
  let attempt = 0;
  return inLedgerTransaction(db, async (tx): Promise<Once<T>> => {
    attempt += 1;
    // The first attempt writes before it reads (SQLite then waits for the lock instead of
    // failing a read lock's upgrade); only a retry, after losing the race, looks first.
    if (attempt > 1) {
      const existing = await findReceipt(tx, key.shopId, key.idempotencyKey);
      if (existing) return { processed: false, receipt: existing };
    }
    const where = { shopId_idempotencyKey: { shopId: key.shopId, idempotencyKey: key.idempotencyKey } };
    await tx.apiEvent.create({
      data: { shopId: key.shopId, idempotencyKey: key.idempotencyKey, bodyHash: key.bodyHash, response: "null" },
    });
    const response = await work(tx);
    await tx.apiEvent.update({ where, data: { response: JSON.stringify(response) } });
    return { processed: true, response };
  });
}

/** Deletes receipts older than the retention (run by `npm run jobs`). */
export async function pruneReceipts(db: Db, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - RECEIPT_RETENTION_DAYS * 86_400_000);
  const { count } = await db.apiEvent.deleteMany({ where: { createdAt: { lt: before } } });
  return count;
}
