/**
 * Counting hits against the anti-farming limits (app/domain/anti-farming.ts) in the
 * database, so every app instance sees the same counts. A hit *takes a slot* of a limit's
 * window with one conditional increment (`UPDATE … SET count = count + 1 WHERE count < max`):
 * the database serialises concurrent updates of the row and re-checks the condition for each,
 * so two instances can never both take the last slot.
 *
 * A refused hit takes nothing. The customer's limits are taken first; the shop's only when
 * every customer limit admitted the hit; and a hit refused at any step gives back the slots
 * it took. So a shopper hammering past their own limit spends none of the budget the rest of
 * the shop shares, while many accounts together still stop at the shop's limit. (A fixed
 * window stays closed until it ends whatever the count, so counting refused hits bought
 * nothing.)
 */
import type { Db } from "../db.server";
import { RATE_LIMIT_SCOPES, retryAfterSeconds, windowOf, type RateLimit } from "../domain/anti-farming";

export type RateDecision = { allowed: true } | { allowed: false; limit: RateLimit; retryAfterSeconds: number };

export async function hitRateLimits(
  db: Db,
  shopId: string,
  limits: readonly RateLimit[],
  now = new Date(),
): Promise<RateDecision> {
  const taken: RateLimit[] = [];
  for (const scope of RATE_LIMIT_SCOPES) {
    const tier = limits.filter((limit) => limit.scope === scope);
    // One scope's counters are independent rows: one round trip's wait for all of them.
    const admitted = await Promise.all(tier.map((limit) => takeSlot(db, shopId, limit, now)));
    taken.push(...tier.filter((_, i) => admitted[i]));
    const refused = tier.filter((_, i) => !admitted[i]);
    if (refused.length > 0) {
      await Promise.all(taken.map((limit) => giveBackSlot(db, shopId, limit, now)));
      // With the minute and the day both full, the day is what the caller must wait for.
      const longest = refused.reduce((a, b) => (retryAfterSeconds(b, now) > retryAfterSeconds(a, now) ? b : a));
      return { allowed: false, limit: longest, retryAfterSeconds: retryAfterSeconds(longest, now) };
    }
  }
  return { allowed: true };
}

/** True when the window had a slot left and this hit took it. */
async function takeSlot(db: Db, shopId: string, limit: RateLimit, now: Date): Promise<boolean> {
  if (limit.max < 1) return false;
  const window = windowOf(limit, now);
  const key = { shopId, bucket: window.key };
  for (let attempt = 1; attempt <= 3; attempt++) {
    const { count } = await db.rateLimitCounter.updateMany({
      where: { ...key, count: { lt: limit.max } },
      data: { count: { increment: 1 } },
    });
    if (count === 1) return true;
    const row = await db.rateLimitCounter.findUnique({ where: { shopId_bucket: key }, select: { count: true } });
    if (row && row.count >= limit.max) return false;
    // A slot given back in between: take it on the next attempt.
    if (row) continue;
    try {
      await db.rateLimitCounter.create({ data: { ...key, count: 1, expiresAt: window.end } });
      return true;
    } catch (error) {
      // Two first hits of a window racing to create its row: the loser takes a slot of it instead.
      if ((error as { code?: string }).code !== "P2002") throw error;
    }
  }
  return false;
}

async function giveBackSlot(db: Db, shopId: string, limit: RateLimit, now: Date): Promise<void> {
  await db.rateLimitCounter.updateMany({
    where: { shopId, bucket: windowOf(limit, now).key, count: { gt: 0 } },
    data: { count: { decrement: 1 } },
  });
}

/** Deletes counters of windows that are over (run by `npm run jobs`). */
export async function pruneRateLimitCounters(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.rateLimitCounter.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
