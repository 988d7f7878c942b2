/**
 * Members move between tiers: the pure engine (app/domain/tiers/movement.ts) decides from
 * the facts (./tier-facts.server.ts); this module records the decision. Settling a member is
 * derived from state and idempotent, so it is called after anything that may change what
 * counts (an order paid, refunded, cancelled or released, an engagement award), again on a
 * retried delivery, and from the scheduled review when time alone may move a tier.
 *
 * One ledger transaction per member: the member row is taken first (a real write, the lock
 * `postEntry` and the expiry job take), so concurrent settles of one member queue, and the
 * second finds the first's tier and rewards. The tier change's key is derived from the state
 * it leaves (member, tier and since when they held it) and each entry reward's key from the
 * tier and member (`ledgerKeys.tierEntry`), so a retried or racing evaluation records each once.
 */
import type { Db, Tx } from "../db.server";
import { ledgerKeys } from "../domain/ledger";
import type { TierProgram } from "../domain/tiers/definition";
import { decideTier, type TierDecision, type TierMoveCause } from "../domain/tiers/movement";
import { inLedgerTransaction, MemberNotFoundError, postEntry } from "../ledger/ledger.server";
import { readMemberTierFacts, memberTierColumns } from "./tier-facts.server";
import { readTierProgram } from "./tiers.server";

export interface SettleOptions {
  now?: Date;
  /** What prompted the evaluation, when the caller knows (a staff assignment, a tier edit). */
  cause?: TierMoveCause;
  /** Recorded with the change, for a move made by hand. */
  reason?: string | null;
  staff?: string | null;
  /** The caller knows the shop has tiers (a delivery batch read them): no read to check. */
  tiered?: boolean;
}

/** The decision when there is nothing to decide: the shop has no tiers. */
const NO_TIERS: TierDecision = {
  tierId: null,
  source: null,
  endsAt: null,
  move: null,
  entryRewards: [],
  nextReviewAt: null,
};

/** The key of a tier change: leaving one state (tier, since when) happens once. */
export function tierChangeKey(memberId: string, fromTierId: string | null, since: Date | null): string {
  return `tier-change:${memberId}:${fromTierId ?? "none"}:${since?.toISOString() ?? "never"}`;
}

/** Whether the shop has a tier programme at all: without one, settling is a no-op (one read). */
export async function hasTiers(client: Db | Tx, shopId: string): Promise<boolean> {
  return (await client.tier.findFirst({ where: { shopId }, select: { id: true } })) !== null;
}

export async function settleMemberTier(
  db: Db,
  shopId: string,
  memberId: string,
  options: SettleOptions = {},
): Promise<TierDecision> {
  if (!options.tiered && !(await hasTiers(db, shopId))) return NO_TIERS;
  return inLedgerTransaction(db, (tx) => settleMemberTierInTransaction(tx, shopId, memberId, options));
}

/**
 * The same inside a caller's ledger transaction (a grant written and settled atomically). The
 * member row is taken first; throws MemberNotFoundError when the shop has no such member.
 */
export async function settleMemberTierInTransaction(
  tx: Tx,
  shopId: string,
  memberId: string,
  options: SettleOptions = {},
): Promise<TierDecision> {
  const now = options.now ?? new Date();
  const [member] = await tx.member.updateManyAndReturn({
    where: { id: memberId, shopId },
    data: { updatedAt: new Date() },
    select: memberTierColumns,
  });
  if (!member) throw new MemberNotFoundError(`No member ${memberId} in this shop.`);
  const { program } = await readTierProgram(tx, shopId);
  const facts = await readMemberTierFacts(tx, shopId, member, program, now);
  const decision = decideTier(program, facts, now, options.cause);

  const moved = decision.move !== null;
  await tx.member.updateMany({
    where: { id: memberId, shopId },
    data: {
      tierId: decision.tierId,
      tierSource: decision.source,
      tierEndsAt: decision.endsAt,
      tierReviewAt: decision.nextReviewAt,
      ...(moved || (member.tierSince === null && decision.tierId !== null) ? { tierSince: now } : {}),
    },
  });
  if (decision.move) {
    await tx.tierChange.create({
      data: {
        shopId,
        memberId,
        fromTierId: decision.move.fromTierId,
        toTierId: decision.move.toTierId,
        fromTierName: tierName(program, decision.move.fromTierId),
        toTierName: tierName(program, decision.move.toTierId),
        cause: decision.move.cause,
        reason: options.reason ?? null,
        staff: options.staff ?? null,
        idempotencyKey: tierChangeKey(memberId, member.tierId, member.tierSince),
        createdAt: now,
      },
    });
  }
  await postEntryRewards(tx, shopId, memberId, program, decision);
  return decision;
}

const tierName = (program: TierProgram, tierId: string | null) =>
  (tierId && program.tiers.find((tier) => tier.id === tierId)?.name) || null;

async function postEntryRewards(
  tx: Tx,
  shopId: string,
  memberId: string,
  program: TierProgram,
  decision: TierDecision,
): Promise<void> {
  for (const reward of decision.entryRewards) {
    if (reward.points <= 0) continue;
    const name = program.tiers.find((tier) => tier.id === reward.tierId)?.name ?? "a tier";
    await postEntry(tx, {
      shopId,
      memberId,
      points: reward.points,
      kind: "earn",
      causeType: "tier",
      causeId: reward.tierId,
      reason: `Reached ${name}`,
      idempotencyKey: ledgerKeys.tierEntry(reward.tierId, memberId),
    });
  }
}

/** The member for a Shopify customer id, settled; null when the shop has no such member. */
export async function settleCustomerTier(
  db: Db,
  shopId: string,
  customerId: string,
  options: SettleOptions = {},
): Promise<TierDecision | null> {
  if (!options.tiered && !(await hasTiers(db, shopId))) return null;
  const member = await db.member.findUnique({
    where: { shopId_customerId: { shopId, customerId } },
    select: { id: true },
  });
  return member ? settleMemberTier(db, shopId, member.id, options) : null;
}

/**
 * After an order webhook's domain call committed: the order's member settled, whether this
 * delivery changed anything or was a duplicate (a retry then repairs a crash between the
 * two). Nothing when the shop is gone, has no tiers, or the order has no member.
 */
export async function settleOrderTier(
  db: Db,
  shopId: string | null | undefined,
  orderId: string,
  options: SettleOptions = {},
): Promise<TierDecision | null> {
  if (!shopId || (!options.tiered && !(await hasTiers(db, shopId)))) return null;
  const account = await db.orderAccount.findUnique({
    where: { shopId_orderId: { shopId, orderId } },
    select: { memberId: true },
  });
  return account?.memberId ? settleMemberTier(db, shopId, account.memberId, options) : null;
}

export interface ReviewResult {
  /** Members whose review was due. */
  members: number;
  /** Of them, members whose tier changed. */
  moved: number;
}

const REVIEW_BATCH = 200;

/**
 * The scheduled review: every member whose `tierReviewAt` has come (a period's end plus
 * grace, a grant's end) is settled at `now`. Safe on several instances at once: each settle
 * takes the member row and is idempotent, so a member two instances review moves once.
 */
export async function reviewDueTiers(db: Db, options: { now?: Date; shopId?: string } = {}): Promise<ReviewResult> {
  const now = options.now ?? new Date();
  const result: ReviewResult = { members: 0, moved: 0 };
  const shops = options.shopId
    ? [{ id: options.shopId }]
    : await db.shop.findMany({ where: { uninstalledAt: null, tiers: { some: {} } }, select: { id: true } });
  for (const shop of shops) {
    let cursor: string | undefined;
    for (;;) {
      const due = await db.member.findMany({
        where: { shopId: shop.id, tierReviewAt: { lte: now } },
        select: { id: true },
        orderBy: { id: "asc" },
        take: REVIEW_BATCH,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      for (const member of due) {
        const decision = await settleMemberTier(db, shop.id, member.id, { now });
        result.members++;
        if (decision.move) result.moved++;
      }
      if (due.length < REVIEW_BATCH) break;
      cursor = due[due.length - 1]!.id;
    }
  }
  return result;
}

/**
 * Members whose order points were released since `since` (the return-window job,
 * releaseDuePendingPoints), settled: released points count toward a points tier. Looking
 * back further than the last run is harmless (settling is idempotent) and repairs a run that
 * died between releasing and settling. Settled at the clock's now: entries are dated by it.
 */
export async function settleMembersReleasedSince(db: Db, since: Date): Promise<number> {
  const released = await db.ledgerEntry.findMany({
    where: {
      kind: "release",
      causeType: "order",
      createdAt: { gte: since },
      shop: { tierMetric: "points", tiers: { some: {} } },
    },
    select: { shopId: true, memberId: true },
    distinct: ["shopId", "memberId"],
  });
  for (const entry of released) await settleMemberTier(db, entry.shopId, entry.memberId);
  return released.length;
}
