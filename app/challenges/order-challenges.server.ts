/**
 * Orders count toward challenges from their OrderAccount, after each order webhook's own
 * transaction (like tiers, app/tiers/order-tiers.server.ts), duplicates included: the account
 * says where the order stands (paid, spend, refunded, cancelled) whatever order the webhooks
 * came in, so settling from it converges, and a retry repairs a crash between the two
 * transactions. The order's contribution to each challenge follows its state (its amount goes
 * down with refunds, the row stays); completions it no longer supports are reversed.
 * In a ledger transaction of its own that locks the member, like every challenge write.
 */
import type { Db, Tx } from "../db.server";
import { orderContributions, type OrderFacts } from "../domain/challenges/contributions";
import { readChallengeRow, type Challenge } from "../domain/challenges/definition";
import { minorFromStored } from "../domain/money";
import { inLedgerTransaction } from "../ledger/ledger.server";
import type { DeliveryBatch } from "../webhooks/batch.server";
import { NO_FOLLOW_UPS, runChallengeFollowUps } from "./grants.server";
import { recordContributions } from "./progress-store.server";
import { orderMovedChallenges, settleChallengesInTransaction, type SettleOutcome } from "./settle.server";

/**
 * The challenges an order's state may move: the live ones that count orders or member facts,
 * and any (switched off or archived since) it already counted in, so a refund still reaches them.
 */
async function challengesForOrder(db: Db, shopId: string, orderId: string): Promise<Challenge[]> {
  // One query for both: the live challenges and those the order counted in.
  const rows = await db.challenge.findMany({
    where: { shopId, OR: [{ active: true, archivedAt: null }, { contributions: { some: { shopId, orderId } } }] },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  return rows.flatMap((row) => {
    const { challenge } = readChallengeRow(row);
    if (!challenge) return [];
    const live = row.active && row.archivedAt === null;
    // A live challenge on visits has no order contribution: only what orders may move.
    // One switched off or archived since only follows the order's refunds: it completes nothing.
    if (!live) return [{ ...challenge, active: false }];
    return orderMovedChallenges([challenge]).length > 0 ? [challenge] : [];
  });
}

/** Locks the member's row for the rest of the transaction (a write, as the ledger's posts take it). */
async function lockMember(tx: Tx, shopId: string, memberId: string) {
  const [member] = await tx.member.updateManyAndReturn({
    where: { id: memberId, shopId },
    data: { balance: { increment: 0 } },
    select: { lifetimeEarned: true, createdAt: true, customerCreatedAt: true },
  });
  return member ?? null;
}

/**
 * What an order webhook calls after its own transaction: settles the order's challenges unless
 * the shop has none (the batch knows, once per shop), which spares a shop without challenges
 * two reads per order.
 */
export async function settleOrderChallengesOf(
  db: Db,
  batch: DeliveryBatch,
  shopDomain: string,
  orderId: string,
): Promise<SettleOutcome | null> {
  const shop = await batch.shop(shopDomain);
  if (!shop || !(await batch.hasChallenges(shop.id))) return null;
  return settleOrderChallenges(db, shop.id, orderId);
}

export async function settleOrderChallenges(
  db: Db,
  shopId: string | null | undefined,
  orderId: string,
  now = new Date(),
): Promise<SettleOutcome | null> {
  if (!shopId) return null;
  const account = await db.orderAccount.findUnique({
    where: { shopId_orderId: { shopId, orderId } },
    select: { memberId: true, paidAt: true, spendMinor: true, refundedMinor: true, cancelledAt: true },
  });
  if (!account?.memberId || !account.paidAt) return null;
  const challenges = await challengesForOrder(db, shopId, orderId);
  if (challenges.length === 0) return null;
  const memberId = account.memberId;
  const shop = await db.shop.findUniqueOrThrow({
    where: { id: shopId },
    select: { id: true, timeZone: true, reversalPolicy: true },
  });
  const outcome = await inLedgerTransaction(db, async (tx) => {
    const member = await lockMember(tx, shopId, memberId);
    if (!member) return null;
    // Read again under the lock: the order's newest state, not the one before it.
    const fresh = await tx.orderAccount.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId } } });
    const facts: OrderFacts = {
      orderId,
      paidAt: fresh.paidAt,
      spendMinor: minorFromStored(`Order ${orderId}'s spend`, fresh.spendMinor),
      refundedMinor: minorFromStored(`Order ${orderId}'s refunds`, fresh.refundedMinor),
      cancelled: fresh.cancelledAt !== null,
    };
    await recordContributions(
      tx,
      shopId,
      memberId,
      challenges.map((c) => ({ challengeId: c.id, drafts: orderContributions(c, facts, shop.timeZone) })),
    );
    return settleChallengesInTransaction(tx, {
      shop,
      memberId,
      member: { lifetimeEarned: member.lifetimeEarned, memberSince: member.customerCreatedAt ?? member.createdAt },
      challenges,
      now,
    });
  });
  await runChallengeFollowUps(db, outcome ?? NO_FOLLOW_UPS);
  return outcome;
}
