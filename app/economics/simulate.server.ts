/**
 * The what-if simulator's reader: a shop's history of the period (by default the last 90
 * days) for app/domain/economics/simulate.ts, every query scoped by the shop and their number
 * bounded (one per table, the orders' and members' in pages of ids), plus the members' tier
 * facts when the shop has tiers (one read per member, as the Tiers preview). Reads only;
 * nothing is written, so an editor's "Simulate" never changes the programme.
 */
import type { Db } from "../db.server";
import { stackingPolicyOf } from "../domain/campaigns/definition";
import { readCustomerTags } from "../domain/customer-sync";
import {
  SIMULATION_DAYS,
  simulate,
  type ProposedChange,
  type Simulation,
  type SimulationHistory,
} from "../domain/economics/simulate";
import { minorFromStored } from "../domain/money";
import { purchasePolicy } from "../domain/order-earnings";
import { activeRewards } from "../rewards/catalogue.server";
import { listRules } from "../rules/rules.server";
import { memberTierColumns, readMemberTierFacts } from "../tiers/tier-facts.server";
import { readTierProgram } from "../tiers/tiers.server";

export type { ProposedChange, Simulation } from "../domain/economics/simulate";

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
/** Ids per `in` list: well under SQLite's and PostgreSQL's bound parameters. */
const ID_PAGE = 5_000;
/** Redemptions that really spent points: not given back (failed, cancelled) nor granted free. */
const SPENT_STATUSES = ["pending", "issued", "fulfilled"];

export interface SimulationShop {
  id: string;
  pointsPerUnit: number;
  timeZone: string;
  campaignStacking: string;
}

function pages<T>(ids: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += ID_PAGE) out.push(ids.slice(i, i + ID_PAGE));
  return out;
}

const stored = (what: string, value: bigint | null | undefined) => (value ? minorFromStored(what, value) : 0);

/** Sales in the period net of refunds: the order facts, else (none recorded yet) members' eligible spend. */
async function revenueOf(
  db: Db,
  shopId: string,
  range: { gte: Date; lt: Date },
): Promise<SimulationHistory["revenue"]> {
  const facts = await db.orderFact.aggregate({
    where: { shopId, placedAt: range, cancelledAt: null },
    _sum: { totalMinor: true, refundedMinor: true },
    _count: { _all: true },
  });
  if (facts._count._all > 0) {
    return {
      minor:
        stored("OrderFact.totalMinor", facts._sum.totalMinor) -
        stored("OrderFact.refundedMinor", facts._sum.refundedMinor),
      basis: "order_facts",
    };
  }
  const spend = await db.orderAccount.aggregate({
    where: { shopId, paidAt: range, cancelledAt: null },
    _sum: { spendMinor: true, refundedMinor: true },
  });
  return {
    minor:
      stored("OrderAccount.spendMinor", spend._sum.spendMinor) -
      stored("OrderAccount.refundedMinor", spend._sum.refundedMinor),
    basis: "member_orders",
  };
}

/** The shop's history of the `days` before `now`; `tiers`: the tier programme and members' facts, for a tier edit. */
export async function readSimulationHistory(
  db: Db,
  shop: SimulationShop,
  now: Date,
  options: { days?: number; tiers?: SimulationHistory["tiers"] } = {},
): Promise<SimulationHistory> {
  const period = { from: new Date(now.getTime() - (options.days ?? SIMULATION_DAYS) * DAY_MS), to: now };
  const range = { gte: period.from, lt: period.to };
  const year = { gte: new Date(now.getTime() - YEAR_MS), lt: now };
  const [entries, redemptions, rewards, rules, revenue, balances, yearExpired, yearIssued] = await Promise.all([
    db.ledgerEntry.findMany({
      where: { shopId: shop.id, createdAt: range },
      select: { memberId: true, kind: true, causeType: true, causeId: true, points: true, createdAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.redemption.findMany({
      where: { shopId: shop.id, createdAt: range, status: { in: SPENT_STATUSES }, pointsSpent: { gt: 0 } },
      select: { id: true, createdAt: true, rewardId: true, pointsSpent: true, valueMinor: true },
    }),
    activeRewards(db, shop.id),
    listRules(db, shop.id),
    revenueOf(db, shop.id, range),
    db.member.aggregate({ where: { shopId: shop.id }, _sum: { balance: true, pending: true } }),
    db.ledgerEntry.aggregate({ where: { shopId: shop.id, kind: "expire", createdAt: year }, _sum: { points: true } }),
    db.ledgerEntry.aggregate({
      where: { shopId: shop.id, kind: { in: ["earn", "release"] }, points: { gt: 0 }, createdAt: year },
      _sum: { points: true },
    }),
  ]);
  const orderIds = [...new Set(entries.filter((e) => e.causeType === "order").map((e) => e.causeId))];
  const memberIds = [...new Set(entries.map((e) => e.memberId))];
  const [orders, members] = await Promise.all([
    Promise.all(
      pages(orderIds).map((ids) =>
        db.orderAccount.findMany({
          where: { shopId: shop.id, orderId: { in: ids } },
          select: {
            orderId: true,
            memberId: true,
            paidAt: true,
            earnedPoints: true,
            reversedPoints: true,
            earnComponents: true,
          },
        }),
      ),
    ),
    Promise.all(
      pages(memberIds).map((ids) =>
        db.member.findMany({
          where: { shopId: shop.id, id: { in: ids } },
          select: { id: true, tierId: true, customerTags: true },
        }),
      ),
    ),
  ]);
  return {
    period,
    entries: entries.map((e) => ({ ...e, at: e.createdAt })),
    orders: orders.flat(),
    members: members
      .flat()
      .map((m) => ({ id: m.id, tierId: m.tierId, customerTags: readCustomerTags(m.customerTags) })),
    redemptions: redemptions.map((r) => ({ ...r, at: r.createdAt })),
    rewards,
    rules: rules.flatMap((s) => (s.rule ? [s.rule] : [])),
    pointsPerUnit: shop.pointsPerUnit,
    purchasesPricedBy: purchasePolicy(rules, shop.pointsPerUnit).source,
    stacking: stackingPolicyOf(shop.campaignStacking),
    timeZone: shop.timeZone,
    revenue,
    // The members' balances together (a negative one offsets; liability.ts floors the total at zero).
    outstandingPoints: balances._sum.balance ?? 0,
    pendingPoints: balances._sum.pending ?? 0,
    yearExpiredPoints: -(yearExpired._sum.points ?? 0),
    yearIssuedPoints: yearIssued._sum.points ?? 0,
    tiers: options.tiers ?? null,
  };
}

/**
 * Today's tier programme and every member's facts against it, as the Tiers page's preview
 * reads them (one read per member: the tier engine decides member by member); null without
 * tiers. What the simulator decides "members changing tier" on for a change that is not a
 * tier edit (a tier edit brings its own, app/tiers/program-edit.server.ts tierEditFacts).
 */
export async function readTodayTierFacts(db: Db, shopId: string, now: Date): Promise<SimulationHistory["tiers"]> {
  const { program } = await readTierProgram(db, shopId);
  if (program.tiers.length === 0) return null;
  const members = await db.member.findMany({
    where: { shopId, redactedAt: null },
    select: memberTierColumns,
    orderBy: { id: "asc" },
  });
  const facts = [];
  for (const member of members) {
    facts.push({
      memberId: member.id,
      facts: await readMemberTierFacts(db, shopId, member, program, now),
      purchasePointsLast12Months: 0,
    });
  }
  return { program, members: facts };
}

/** The change replayed over the shop's last `days` (90 by default). */
export async function simulateChange(
  db: Db,
  shop: SimulationShop,
  change: ProposedChange,
  options: { now?: Date; days?: number; tiers?: SimulationHistory["tiers"] } = {},
): Promise<Simulation> {
  const now = options.now ?? new Date();
  const tiers = options.tiers !== undefined ? options.tiers : await readTodayTierFacts(db, shop.id, now);
  const history = await readSimulationHistory(db, shop, now, { ...options, tiers });
  return simulate(history, change);
}
