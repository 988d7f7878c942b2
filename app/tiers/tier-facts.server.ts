/**
 * What the tier engine (app/domain/tiers) decides from, read from the database for one
 * member of one shop: their contributions in the shop's metric (entry by entry only as far
 * back as needed, sums before that: app/domain/tiers/facts-window.ts), their grants, and the
 * tiers whose entry reward they already received. Every query is scoped by shop.
 */
import type { Db, Tx } from "../db.server";
import { ledgerKeys } from "../domain/ledger";
import { minorFromStored } from "../domain/money";
import type { TierProgram, TierSource } from "../domain/tiers/definition";
import { contributionsSince, olderSpans } from "../domain/tiers/facts-window";
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
  const [contributions, grants, rewardedTierIds] = await Promise.all([
    readContributions(client, shopId, member.id, program, now),
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
  now: Date,
): Promise<Contribution[]> {
  const since = contributionsSince(program, now);
  if (program.metric !== "points") {
    // One row per order: a calendar-year member's every order is read (their carried tier
    // goes back year by year), a rolling one's only as far back as matters.
    return orderContributions(
      client,
      shopId,
      memberId,
      program.metric,
      program.period === "rolling_12_months" ? since : null,
    );
  }
  if (since === null) return [...(await pointSums(client, shopId, memberId, {}))];
  const recent = await client.ledgerEntry.findMany({
    where: { shopId, memberId, createdAt: { gte: since } },
    select: { kind: true, causeType: true, causeId: true, points: true, createdAt: true },
  });
  const orderDates = await orderEarnDates(client, shopId, memberId, recent);
  const contributions = recent.flatMap((entry) => {
    const points = qualifyingPoints(entry);
    // A reversal is dated at the points it takes back: it leaves the window with them.
    const at = entry.kind === "reverse" ? (orderDates.get(entry.causeId) ?? entry.createdAt) : entry.createdAt;
    return points !== 0 ? [{ ...NONE, at, points }] : [];
  });
  if (program.period === "calendar_year")
    contributions.push(...(await olderPointSums(client, shopId, memberId, program, since)));
  return contributions;
}

/** When each reversed order's points were first credited (its earn or release entry). */
async function orderEarnDates(
  client: Client,
  shopId: string,
  memberId: string,
  entries: readonly { kind: string; causeType: string; causeId: string; createdAt: Date }[],
): Promise<Map<string, Date>> {
  const reversed = [
    ...new Set(entries.filter((e) => e.kind === "reverse" && e.causeType === "order").map((e) => e.causeId)),
  ];
  if (reversed.length === 0) return new Map();
  const firsts = await client.ledgerEntry.groupBy({
    by: ["causeId"],
    where: { shopId, memberId, causeType: "order", kind: { in: ["earn", "release"] }, causeId: { in: reversed } },
    _min: { createdAt: true },
  });
  return new Map(firsts.flatMap((row) => (row._min.createdAt ? [[row.causeId, row._min.createdAt] as const] : [])));
}

/** calendar_year: the entries before `before` as one sum per span (app/domain/tiers/facts-window.ts). */
async function olderPointSums(
  client: Client,
  shopId: string,
  memberId: string,
  program: TierProgram,
  before: Date,
): Promise<Contribution[]> {
  const first = await client.ledgerEntry.findFirst({
    where: { shopId, memberId, createdAt: { lt: before } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  if (!first) return [];
  const spans = olderSpans(program, first.createdAt, before);
  const sums = await Promise.all(
    spans.map((span) => pointSums(client, shopId, memberId, { gte: span.from, lt: span.to }, span.from)),
  );
  return sums.flat();
}

/**
 * Qualifying points (`qualifyingPoints`, the one definition, linear in the points) summed per
 * (kind, cause type) over entries created in `range`, dated at `at` (else at the pair's latest
 * entry: for a lifetime programme, where only the total counts).
 */
async function pointSums(
  client: Client,
  shopId: string,
  memberId: string,
  range: { gte?: Date; lt?: Date },
  at?: Date,
): Promise<Contribution[]> {
  const sums = await client.ledgerEntry.groupBy({
    by: ["kind", "causeType"],
    where: { shopId, memberId, createdAt: range },
    _sum: { points: true },
    _max: { createdAt: true },
  });
  return sums.flatMap((sum) => {
    const points = qualifyingPoints({ kind: sum.kind, causeType: sum.causeType, points: sum._sum.points ?? 0 });
    const dated = at ?? sum._max.createdAt;
    return points !== 0 && dated ? [{ ...NONE, at: dated, points }] : [];
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
