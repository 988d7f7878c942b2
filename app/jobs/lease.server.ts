/**
 * Long background work (an import's rows, an order backfill) is held by one instance at a time
 * through a lease on its row: `leaseUntil`. Whoever claims it works in batches and renews the
 * lease between them; when an instance dies, the lease lapses and the next pass (the scheduled
 * work, or another instance) takes over. The work itself is idempotent per row, so a takeover
 * repeats nothing. Works the same on SQLite and PostgreSQL: one conditional update.
 */

/** The part of a Prisma delegate a lease needs (pointsImport, orderBackfill). */
interface LeasedRows {
  updateMany(args: {
    where:
      | { id: string; shopId: string; OR: ({ leaseUntil: null } | { leaseUntil: { lt: Date } })[] }
      | {
          id: string;
          shopId: string;
          leaseUntil: Date;
        };
    data: { leaseUntil: Date | null };
  }): Promise<{ count: number }>;
}

export const LEASE_MS = 60_000;

export interface Lease {
  /** Extends the lease; false when another instance took it over (stop working then). */
  renew(now?: Date): Promise<boolean>;
  release(): Promise<void>;
}

/** Claims the row's work when nobody holds it (or their lease lapsed); null when held. */
export async function claimLease(
  rows: LeasedRows,
  shopId: string,
  id: string,
  now = new Date(),
): Promise<Lease | null> {
  let until = new Date(now.getTime() + LEASE_MS);
  const claimed = await rows.updateMany({
    where: { id, shopId, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseUntil: until },
  });
  if (claimed.count !== 1) return null;
  return {
    async renew(at = new Date()) {
      const next = new Date(at.getTime() + LEASE_MS);
      const renewed = await rows.updateMany({ where: { id, shopId, leaseUntil: until }, data: { leaseUntil: next } });
      if (renewed.count !== 1) return false;
      until = next;
      return true;
    },
    async release() {
      await rows.updateMany({ where: { id, shopId, leaseUntil: until }, data: { leaseUntil: null } });
    },
  };
}
