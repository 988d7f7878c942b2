/**
 * The economics dashboard's figures for a period the merchant picks, from what the database
 * adds up (app/economics/dashboard.server.ts): members, points issued, redeemed and expired,
 * redemption rate and breakage, members' vs non-members' orders (repeat-purchase rate, order
 * value, revenue), what the programme cost by source and by reward, the liability (one formula:
 * ./liability.ts, at the one point value: ./point-value.ts) and what expires in the coming
 * months. Every figure carries one line saying what it is. Pure.
 */
import { entryEffects } from "../ledger";
import { breakageRate, liability, type Liability } from "./liability";
import type { PointValue } from "./point-value";

/** The ledger's points in the period summed by entry kind and cause (one group per pair). */
export interface LedgerSum {
  kind: string;
  causeType: string;
  points: number;
}

/**
 * The period's orders (cancelled ones left out) summed by buyer: a member, a non-member's
 * buyer key, or no buyer at all (`buyer` null: counted in revenue, not in repeat rates).
 */
export interface BuyerOrders {
  member: boolean;
  buyer: string | null;
  orders: number;
  /** Order totals less their refunds, minor units. */
  netMinor: number;
}

/** Points an engagement rule (or another source) credited in the period. */
export interface SourcePoints {
  /** "rule" (id: the rule), or a cause type ("order", "tier", "tier_birthday", "challenge", "import", "staff"). */
  source: string;
  id: string | null;
  name: string;
  points: number;
}

export interface RewardSpend {
  rewardId: string | null;
  title: string;
  redemptions: number;
  pointsSpent: number;
  valueMinor: number;
}

export interface DashboardInput {
  members: { total: number; joined: number; active: number };
  ledger: readonly LedgerSum[];
  /** The same sums over the past year: the breakage the liability expects. */
  yearLedger: readonly LedgerSum[];
  orders: readonly BuyerOrders[];
  sources: readonly SourcePoints[];
  rewards: readonly RewardSpend[];
  outstandingPoints: number;
  pendingPoints: number;
  value: PointValue | null;
  /** Points left in lots (or balances, under inactivity expiry) by the month they expire ("YYYY-MM"). */
  expiring: readonly { month: string; points: number }[];
  /** The coming months the waterfall shows, in order ("YYYY-MM"). */
  comingMonths: readonly string[];
}

export interface Figure {
  key: string;
  label: string;
  value: number | null;
  /** How the value reads: a count, points, a share (0–1) or money (minor units). */
  unit: "count" | "points" | "share" | "minor";
  explanation: string;
}

export interface CostLine {
  name: string;
  points: number;
  /** points × the point value; null when points have no money value yet. */
  costMinor: number | null;
}

export interface Dashboard {
  figures: Figure[];
  sides: {
    side: "members" | "non_members";
    orders: number;
    buyers: number;
    repeatRate: number | null;
    aovMinor: number | null;
    revenueMinor: number;
  }[];
  topSources: CostLine[];
  topRewards: (CostLine & { redemptions: number; valueMinor: number })[];
  liability: Liability;
  waterfall: { month: string; points: number; worthMinor: number | null }[];
}

/** Points issued (net of what orders, challenges and imports took back), redeemed (net of cancellations) and expired. */
export function pointFlows(sums: readonly LedgerSum[]): { issued: number; redeemed: number; expired: number } {
  let issued = 0;
  let redeemed = 0;
  let expired = 0;
  for (const sum of sums) {
    const effect = entryEffects(sum);
    issued += effect.lifetimeEarned;
    redeemed += effect.lifetimeRedeemed;
    if (sum.kind === "expire") expired -= sum.points;
  }
  return { issued, redeemed, expired };
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function side(orders: readonly BuyerOrders[], member: boolean) {
  const mine = orders.filter((o) => o.member === member);
  const count = mine.reduce((sum, o) => sum + o.orders, 0);
  const revenueMinor = mine.reduce((sum, o) => sum + o.netMinor, 0);
  const buyers = mine.filter((o) => o.buyer !== null);
  return {
    side: member ? ("members" as const) : ("non_members" as const),
    orders: count,
    buyers: buyers.length,
    repeatRate: share(buyers.filter((o) => o.orders >= 2).length, buyers.length),
    aovMinor: count > 0 ? Math.round(revenueMinor / count) : null,
    revenueMinor,
  };
}

const worth = (points: number, value: PointValue | null) =>
  value === null ? null : Math.round(points * value.minorPerPoint);

/** Most expensive first; ties by name, so the order never depends on the database's. */
const byCost = <T extends { points: number; name: string }>(a: T, b: T) =>
  b.points - a.points || a.name.localeCompare(b.name);

export function dashboard(input: DashboardInput, top = 5): Dashboard {
  const flows = pointFlows(input.ledger);
  const year = pointFlows(input.yearLedger);
  const sides = [side(input.orders, true), side(input.orders, false)];
  const orders = sides[0]!.orders + sides[1]!.orders;
  const revenue = sides[0]!.revenueMinor + sides[1]!.revenueMinor;
  const owed = liability({
    outstandingPoints: input.outstandingPoints,
    pendingPoints: input.pendingPoints,
    value: input.value,
    expectedBreakage: breakageRate(year.expired, year.issued),
  });
  const issuedCost = worth(flows.issued, input.value);
  const figures: Figure[] = [
    {
      key: "members",
      label: "Members",
      value: input.members.total,
      unit: "count",
      explanation: "Everyone enrolled by the period's end.",
    },
    {
      key: "new_members",
      label: "New members",
      value: input.members.joined,
      unit: "count",
      explanation: "Members who joined in the period.",
    },
    {
      key: "active_members",
      label: "Active members",
      value: input.members.active,
      unit: "count",
      explanation: "Members who earned or spent points, or ordered, in the period.",
    },
    {
      key: "points_issued",
      label: "Points issued",
      value: flows.issued,
      unit: "points",
      explanation: "Points credited in the period, less what refunds and cancellations took back.",
    },
    {
      key: "points_redeemed",
      label: "Points redeemed",
      value: flows.redeemed,
      unit: "points",
      explanation: "Points spent on rewards in the period, less cancelled redemptions.",
    },
    {
      key: "points_expired",
      label: "Points expired",
      value: flows.expired,
      unit: "points",
      explanation: "Points that lapsed unspent in the period.",
    },
    {
      key: "redemption_rate",
      label: "Redemption rate",
      value: share(flows.redeemed, flows.issued),
      unit: "share",
      explanation: "Points redeemed ÷ points issued in the period.",
    },
    {
      key: "breakage",
      label: "Breakage",
      value: breakageRate(flows.expired, flows.issued),
      unit: "share",
      explanation: "Points expired ÷ points issued in the period: what members never spent.",
    },
    {
      key: "revenue",
      label: "Revenue",
      value: revenue,
      unit: "minor",
      explanation: "Order totals in the period less refunds, cancelled orders left out, members or not.",
    },
    {
      key: "member_revenue_share",
      label: "Members' share of revenue",
      value: share(sides[0]!.revenueMinor, revenue),
      unit: "share",
      explanation: "Members' revenue ÷ all revenue in the period.",
    },
    {
      key: "aov",
      label: "Average order value",
      value: orders > 0 ? Math.round(revenue / orders) : null,
      unit: "minor",
      explanation: "Revenue ÷ orders in the period.",
    },
    {
      key: "member_aov",
      label: "Members' average order value",
      value: sides[0]!.aovMinor,
      unit: "minor",
      explanation: "Members' revenue ÷ members' orders.",
    },
    {
      key: "non_member_aov",
      label: "Non-members' average order value",
      value: sides[1]!.aovMinor,
      unit: "minor",
      explanation: "Guests' revenue ÷ guests' orders.",
    },
    {
      key: "member_repeat_rate",
      label: "Members' repeat-purchase rate",
      value: sides[0]!.repeatRate,
      unit: "share",
      explanation: "Members who ordered twice or more ÷ members who ordered, in the period.",
    },
    {
      key: "non_member_repeat_rate",
      label: "Non-members' repeat-purchase rate",
      value: sides[1]!.repeatRate,
      unit: "share",
      explanation: "Guests (by e-mail) who ordered twice or more ÷ guests who ordered.",
    },
    {
      key: "programme_cost",
      label: "Cost of points issued",
      value: issuedCost,
      unit: "minor",
      explanation: "Points issued × what a point is worth when spent.",
    },
    {
      key: "cost_share",
      label: "Cost as a share of revenue",
      value: issuedCost === null ? null : share(issuedCost, revenue),
      unit: "share",
      explanation: "Cost of points issued ÷ revenue in the period.",
    },
    {
      key: "point_value",
      label: "Worth of a point",
      value: input.value?.minorPerPoint ?? null,
      unit: "minor",
      explanation:
        input.value?.basis === "catalogue"
          ? "The catalogue's average value per point (no redemption with a money value yet)."
          : "Value members got per point spent on rewards with a money value.",
    },
    {
      key: "liability",
      label: "Liability",
      value: owed.outstandingMinor,
      unit: "minor",
      explanation: "Points members hold × worth of a point × (1 − breakage expected from the past year).",
    },
    {
      key: "pending_liability",
      label: "Pending liability",
      value: owed.pendingMinor,
      unit: "minor",
      explanation: "Points promised by orders not released yet, valued the same way (not spendable yet).",
    },
    {
      key: "outstanding_points",
      label: "Points outstanding",
      value: input.outstandingPoints,
      unit: "points",
      explanation: "Points members can spend now.",
    },
    {
      key: "pending_points",
      label: "Points pending",
      value: input.pendingPoints,
      unit: "points",
      explanation: "Points orders have promised, not released yet.",
    },
    {
      key: "expected_breakage",
      label: "Expected breakage",
      value: owed.expectedBreakage,
      unit: "share",
      explanation: "Points expired ÷ issued over the past year: the share of points expected never to be spent.",
    },
  ];
  const expiring = new Map(input.expiring.map((e) => [e.month, e.points]));
  return {
    figures,
    sides,
    topSources: [...input.sources]
      .sort(byCost)
      .slice(0, top)
      .map((s) => ({ name: s.name, points: s.points, costMinor: worth(s.points, input.value) })),
    topRewards: input.rewards
      .map((r) => ({
        name: r.title,
        points: r.pointsSpent,
        redemptions: r.redemptions,
        valueMinor: r.valueMinor,
        costMinor: r.valueMinor,
      }))
      .sort(byCost)
      .slice(0, top),
    liability: owed,
    waterfall: input.comingMonths.map((month) => {
      const points = expiring.get(month) ?? 0;
      return { month, points, worthMinor: worth(points, input.value) };
    }),
  };
}

/** The "YYYY-MM" months from `month` on, `count` of them. */
export function monthsFrom(month: string, count: number): string[] {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + (monthNumber - 1) + i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  });
}
