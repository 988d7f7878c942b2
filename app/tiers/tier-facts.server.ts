/**
 * What the tier engine (app/domain/tiers) decides from, read from the database for one
 * member of one shop: their contributions in the shop's metric (only as far back as can still
 * matter, app/domain/tiers/facts-window.ts), their grants, and the tiers whose entry reward
 * they already received. Every query is scoped by shop.
 */
import type { Db, Tx } from "../db.server";
import { ledgerKeys } from "../domain/ledger";
import { minorFromStored } from "../domain/money";
import type { TierProgram, TierSource } from "../domain/tiers/definition";
import { contributionsSince } from "../domain/tiers/facts-window";
import type { MemberTierFacts, TierGrantFact } from "../domain/tiers/movement";
import { qualifyingPoints, type Contribution } from "../domain/tiers/qualification";

type Client = Db | Tx;

/** The member's tier columns, as the facts need them. */
export interface MemberTierRow {
  id: string;
  tierId: string | null;
  tierSource: string | null;
  tierSince: Date | null;
}

export const memberTierColumns = { id: true, tierId: true, tierSource: true, tierSince: true } as const;

const NONE = { points: 0, spendMinor: 0, orders: 0 };

export async function readMemberTierFacts(
  client: Client,
  shopId: string,
  member: MemberTierRow,
  program: TierProgram,
  now: Date,
): Promise<MemberTierFacts> {
  const since = contributionsSince(program, now);
  const [contributions, grants, rewardedTierIds] = await Promise.all([
    readContributions(client, shopId, member.id, program, since),
    readGrants(client, shopId, member.id),
    readRewardedTierIds(client, shopId, member.id, program),
  ]);
  return {
    currentTierId: member.tierId,
    currentSource: sourceOf(member.tierSource),
    since: member.tierSince,
    contributions,
    grants,
    rewardedTierIds,
  };
}

function sourceOf(value: string | null): TierSource | null {
  return value === "earned" || value === "manual" || value === "paid" ? value : null;
}

async function readContributions(
  client: Client,
  shopId: string,
  memberId: string,
  program: TierProgram,
  since: Date | null,
): Promise<Contribution[]> {
  if (program.metric === "points") return pointContributions(client, shopId, memberId, since);
  return orderContributions(client, shopId, memberId, program.metric, since);
}

/**
 * Points that count (`qualifyingPoints`, the one definition). For a lifetime programme one
 * sum per (kind, cause type) pair, dated by its latest entry: the engine only adds them up,
 * and a member's whole ledger is never loaded. Otherwise the entries of the window that matters.
 */
async function pointContributions(
  client: Client,
  shopId: string,
  memberId: string,
  since: Date | null,
): Promise<Contribution[]> {
  if (since === null) {
    const sums = await client.ledgerEntry.groupBy({
      by: ["kind", "causeType"],
      where: { shopId, memberId },
      _sum: { points: true },
      _max: { createdAt: true },
    });
    return sums.flatMap((sum) => {
      const points = qualifyingPoints({ kind: sum.kind, causeType: sum.causeType, points: sum._sum.points ?? 0 });
      return points !== 0 && sum._max.createdAt ? [{ ...NONE, at: sum._max.createdAt, points }] : [];
    });
  }
  const entries = await client.ledgerEntry.findMany({
    where: { shopId, memberId, createdAt: { gte: since } },
    select: { kind: true, causeType: true, points: true, createdAt: true },
  });
  return entries.flatMap((entry) => {
    const points = qualifyingPoints(entry);
    return points !== 0 ? [{ ...NONE, at: entry.createdAt, points }] : [];
  });
}

/**
 * Spend and orders from the member's order accounts, dated by payment: a paid order's
 * eligible spend net of its refunds; an order counts while it is paid, not cancelled and not
 * refunded in full. A cancelled order's spend no longer counts, as its points no longer do.
 */
async function orderContributions(
  client: Client,
  shopId: string,
  memberId: string,
  metric: "spend" | "orders",
  since: Date | null,
): Promise<Contribution[]> {
  const accounts = await client.orderAccount.findMany({
    where: { shopId, memberId, paidAt: since === null ? { not: null } : { gte: since } },
    select: { orderId: true, paidAt: true, cancelledAt: true, spendMinor: true, refundedMinor: true },
  });
  return accounts.flatMap((account) => {
    if (!account.paidAt || account.cancelledAt) return [];
    const spend = minorFromStored(`Order ${account.orderId}'s spend`, account.spendMinor);
    const refunded = minorFromStored(`Order ${account.orderId}'s refunds`, account.refundedMinor);
    const net = Math.max(0, spend - refunded);
    const fullyRefunded = spend > 0 && refunded >= spend;
    if (metric === "spend") return net > 0 ? [{ ...NONE, at: account.paidAt, spendMinor: net }] : [];
    return fullyRefunded ? [] : [{ ...NONE, at: account.paidAt, orders: 1 }];
  });
}

async function readGrants(client: Client, shopId: string, memberId: string): Promise<TierGrantFact[]> {
  const rows = await client.tierGrant.findMany({
    where: { shopId, memberId },
    select: { tierId: true, source: true, startsAt: true, endsAt: true, revokedAt: true },
  });
  return rows.flatMap((row) =>
    row.source === "manual" || row.source === "paid" ? [{ ...row, source: row.source as "manual" | "paid" }] : [],
  );
}

/** Tiers whose entry reward is in the ledger, found by the reward's own key. */
async function readRewardedTierIds(
  client: Client,
  shopId: string,
  memberId: string,
  program: TierProgram,
): Promise<string[]> {
  if (program.tiers.length === 0) return [];
  const keys = new Map(program.tiers.map((tier) => [ledgerKeys.tierEntry(tier.id, memberId), tier.id]));
  const entries = await client.ledgerEntry.findMany({
    where: { shopId, memberId, idempotencyKey: { in: [...keys.keys()] } },
    select: { idempotencyKey: true },
  });
  return entries.map((entry) => keys.get(entry.idempotencyKey)!);
}
