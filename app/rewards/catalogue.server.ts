/**
 * The shop's reward catalogue: the rows behind the Rewards page and the Bazaar. Every read
 * and write is by shop; an archived reward is gone from both (its redemptions keep their
 * kind and title). What a shopper may redeem is decided elsewhere (app/domain/rewards/
 * availability.ts); this module only stores and orders.
 */
import type { Db, Tx } from "../db.server";
import { readRewardRow, type Reward, type RewardRow } from "../domain/rewards/catalogue";
import { isRewardShown } from "../domain/rewards/availability";
import { RewardNotFoundError } from "./errors";
import { bumpProgramVersion } from "../shops/shops.server";

type Client = Db | Tx;

/** A Reward row as Prisma reads it. */
export type RewardRecord = NonNullable<Awaited<ReturnType<Db["reward"]["findFirst"]>>>;

/**
 * The columns a merchant writes (H2's form parses into them, app/domain/rewards/form.ts);
 * id, position and the pause switch are this module's.
 */
export type RewardWriteColumns = Omit<RewardRow, "id" | "position" | "active">;

/** A catalogue line of the Rewards page: the row, its kind's shape, and its redemptions by status. */
export interface CatalogueEntry {
  record: RewardRecord;
  reward: Reward;
  /** Redemptions of this reward by status (pending, issued, failed, cancelled, fulfilled). */
  redemptions: Record<string, number>;
}

const catalogueOrder = [{ position: "asc" as const }, { createdAt: "asc" as const }, { id: "asc" as const }];

/** Not archived, paused ones included, in the merchant's order, with redemption counts. */
export async function listRewards(client: Client, shopId: string): Promise<CatalogueEntry[]> {
  const [records, counts] = await Promise.all([
    client.reward.findMany({ where: { shopId, archivedAt: null }, orderBy: catalogueOrder }),
    client.redemption.groupBy({
      by: ["rewardId", "status"],
      where: { shopId, rewardId: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const byReward = new Map<string, Record<string, number>>();
  for (const count of counts) {
    if (!count.rewardId) continue;
    const statuses = byReward.get(count.rewardId) ?? {};
    statuses[count.status] = count._count._all;
    byReward.set(count.rewardId, statuses);
  }
  return records.map((record) => ({
    record,
    reward: readRewardRow(record),
    redemptions: byReward.get(record.id) ?? {},
  }));
}

/** One reward of the shop (not archived), or null: another shop's id reads as none. */
export async function readReward(client: Client, shopId: string, rewardId: string): Promise<RewardRecord | null> {
  return client.reward.findFirst({ where: { id: rewardId, shopId, archivedAt: null } });
}

/** A new reward, last in the merchant's order, active. */
export async function createReward(db: Db, shopId: string, columns: RewardWriteColumns): Promise<RewardRecord> {
  return db.$transaction(async (tx) => {
    const last = await tx.reward.findFirst({
      where: { shopId, archivedAt: null },
      orderBy: { position: "desc" },
      select: { position: true },
    });
    const created = await tx.reward.create({
      data: { ...columns, shopId, position: (last?.position ?? -1) + 1, active: true },
    });
    await bumpProgramVersion(tx, shopId);
    return created;
  });
}

/**
 * Changes what the merchant wrote; a missing, archived or other shop's reward is RewardNotFoundError.
 * Without stockRemaining the stored stock stays as redemptions left it.
 */
export async function updateReward(
  db: Db,
  shopId: string,
  rewardId: string,
  columns: RewardWriteColumns | Omit<RewardWriteColumns, "stockRemaining">,
): Promise<RewardRecord> {
  return db.$transaction(async (tx) => {
    const updated = await tx.reward.updateMany({ where: { id: rewardId, shopId, archivedAt: null }, data: columns });
    if (updated.count === 0) throw new RewardNotFoundError("No such reward in this shop.");
    await bumpProgramVersion(tx, shopId);
    return tx.reward.findFirstOrThrow({ where: { id: rewardId, shopId } });
  });
}

/** Pauses (hidden from shoppers, not redeemable) or resumes a reward. */
export async function setRewardActive(db: Db, shopId: string, rewardId: string, active: boolean): Promise<void> {
  await db.$transaction(async (tx) => {
    const updated = await tx.reward.updateMany({ where: { id: rewardId, shopId, archivedAt: null }, data: { active } });
    if (updated.count === 0) throw new RewardNotFoundError("No such reward in this shop.");
    await bumpProgramVersion(tx, shopId);
  });
}

/**
 * One place up or down the merchant's order. Positions are renumbered 0..n-1 in the same
 * transaction, so rows that shared a position (the column's default) get a stable order.
 * At the top (up) or bottom (down) nothing moves.
 */
export async function moveReward(db: Db, shopId: string, rewardId: string, direction: "up" | "down"): Promise<void> {
  await db.$transaction(async (tx) => {
    const ids = (
      await tx.reward.findMany({ where: { shopId, archivedAt: null }, orderBy: catalogueOrder, select: { id: true } })
    ).map((r) => r.id);
    const index = ids.indexOf(rewardId);
    if (index < 0) throw new RewardNotFoundError("No such reward in this shop.");
    const other = direction === "up" ? index - 1 : index + 1;
    if (other >= 0 && other < ids.length) [ids[index], ids[other]] = [ids[other]!, ids[index]!];
    for (const [position, id] of ids.entries()) {
      await tx.reward.updateMany({ where: { id, shopId }, data: { position } });
    }
    await bumpProgramVersion(tx, shopId);
  });
}

/** Gone from the catalogue and the Bazaar; its redemptions stay (they keep kind and title). */
export async function archiveReward(db: Db, shopId: string, rewardId: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const updated = await tx.reward.updateMany({
      where: { id: rewardId, shopId, archivedAt: null },
      data: { archivedAt: now, active: false },
    });
    if (updated.count === 0) throw new RewardNotFoundError("No such reward in this shop.");
    await bumpProgramVersion(tx, shopId);
  });
}

/** The rewards the storefront shows now (active, within their show window), in the merchant's order. */
export async function shownRewards(client: Client, shopId: string, now: Date): Promise<Reward[]> {
  const records = await client.reward.findMany({
    where: { shopId, archivedAt: null, active: true },
    orderBy: catalogueOrder,
  });
  return records.map(readRewardRow).filter((reward) => isRewardShown(reward, now));
}

/** The rewards on offer (not paused, not archived), for the admin's cost estimates of rules and tiers. */
export async function activeRewards(client: Client, shopId: string): Promise<Reward[]> {
  const records = await client.reward.findMany({
    where: { shopId, archivedAt: null, active: true },
    orderBy: catalogueOrder,
  });
  return records.map(readRewardRow);
}
