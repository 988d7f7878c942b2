/**
 * The what-if simulator's reader: a shop's history of the period (by default the last 90
 * days) for app/domain/economics/simulate.ts, every query scoped by the shop and their number
 * bounded (one per table, the orders' and members' in pages of ids), plus the members' tier
 * facts when the shop has tiers (one read per member, as the Tiers preview). Reads only;
 * nothing is written, so an editor's "Simulate" never changes the programme.
 */
import { SPENT_REDEMPTION_STATES } from "../domain/rewards/redemption-status";
import type { Db } from "../db.server";
import { readShopValuation } from "./point-value.server";
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
/** Ids per `in` list: well under SQLite's and PostgreSQL's bound parameters. */
const ID_PAGE = 5_000;

export interface SimulationShop {
  id: string;
  currencyCode: string;
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

/** Sales in the period net of refunds, in the shop's currency, as the dashboard adds them (the order facts). */
async function revenueOf(
  db: Db,
  shop: SimulationShop,
  range: { gte: Date; lt: Date },
): Promise<SimulationHistory["revenue"]> {
  const facts = await db.orderFact.aggregate({
    where: { shopId: shop.id, placedAt: range, cancelledAt: null, currencyCode: shop.currencyCode },
    _sum: { totalMinor: true, refundedMinor: true },
  });
  return {
    minor:
      stored("OrderFact.totalMinor", facts._sum.totalMinor) -
      stored("OrderFact.refundedMinor", facts._sum.refundedMinor),
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
  const [entries, redemptions, rewards, rules, revenue, valuation] = await Promise.all([
    db.ledgerEntry.findMany({
      where: { shopId: shop.id, createdAt: range },
      select: { memberId: true, kind: true, causeType: true, causeId: true, points: true, createdAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.redemption.findMany({
      where: {
        shopId: shop.id,
        createdAt: range,
        status: { in: [...SPENT_REDEMPTION_STATES] },
        pointsSpent: { gt: 0 },
      },
      select: { id: true, createdAt: true, rewardId: true, pointsSpent: true, valueMinor: true },
    }),
    activeRewards(db, shop.id),
    listRules(db, shop.id),
    revenueOf(db, shop, range),
    readShopValuation(db, shop.id, now),
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
    // Today valued as the dashboard values it.
    outstandingPoints: valuation.outstandingPoints,
    pendingPoints: valuation.pendingPoints,
    yearLedger: valuation.yearLedger,
    pointValueNow: valuation.value,
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
