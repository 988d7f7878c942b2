/**
 * Counting hits against the anti-farming limits (app/domain/anti-farming.ts) in the
 * database, so every app instance sees the same counts. Each hit is one atomic
 * increment-and-read per limit (an upsert, INSERT … ON CONFLICT DO UPDATE on both databases):
 * no read-then-write race lets two instances both take the last slot.
 */
import type { Db } from "../db.server";
import { retryAfterSeconds, windowOf, type RateLimit } from "../domain/anti-farming";

export type RateDecision = { allowed: true } | { allowed: false; limit: RateLimit; retryAfterSeconds: number };

/**
 * Counts one hit against every limit; refused when any is over. A refused hit still counts:
 * a caller hammering a closed window keeps it closed rather than probing for the reset.
 */
export async function hitRateLimits(db: Db, shopId: string, limits: readonly RateLimit[], now = new Date()): Promise<RateDecision> {
  // The counters are independent rows: one round trip's wait for all of them, not one each.
  const counts = await Promise.all(
    limits.map((limit) => {
      const window = windowOf(limit, now);
      return incrementCounter(db, shopId, window.key, window.end);
    }),
  );
  const index = limits.findIndex((limit, i) => counts[i]! > limit.max);
  if (index === -1) return { allowed: true };
  const limit = limits[index]!;
  return { allowed: false, limit, retryAfterSeconds: retryAfterSeconds(limit, now) };
}

async function incrementCounter(db: Db, shopId: string, bucket: string, expiresAt: Date): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      const row = await db.rateLimitCounter.upsert({
        where: { shopId_bucket: { shopId, bucket } },
        create: { shopId, bucket, count: 1, expiresAt },
        update: { count: { increment: 1 } },
        select: { count: true },
      });
      return row.count;
    } catch (error) {
      // Two first hits of a window racing to create its row: the loser increments instead.
      if (attempt < 3 && (error as { code?: string }).code === "P2002") continue;
      throw error;
    }
  }
}

/** Deletes counters of windows that are over (run by `npm run jobs`). */
export async function pruneRateLimitCounters(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.rateLimitCounter.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
