/**
 * The what-if simulator: a period's history (by default the last 90 days) replayed under
 * today's programme and under a proposed change, side by side: points issued, liability, cost
 * as a share of revenue and members changing tier. Pure; app/economics/simulate.server.ts
 * reads the history (docs/decisions/0033-what-if-simulator.md).
 *
 * It works from what the ledger recorded, entry by entry: an entry the change does not touch
 * keeps its points, so "no change" reproduces the ledger exactly. An order's entries (earn,
 * hold, release, void, reverse) are scaled by what the order would have earned over what it
 * earned, recomputed part by part from its stored components (order-earnings.ts): only the
 * parts a change touches move (a doubled rate doubles the rate's part and what the tier and
 * campaign multipliers added to it, so purchase points double exactly; first-order and
 * campaign bonuses stay). A rule award is scaled by the rule's new points over its old; a
 * redemption by its new price over what it cost; a campaign is replayed by
 * ../campaigns/projection.ts (one order, award or redemption at a time); a tier edit is
 * decided by the tier engine (../tiers/preview.ts).
 */
import { entryEffects } from "../ledger";
import type { CampaignDefinition, StackingPolicy } from "../campaigns/definition";
import { projectCampaign, comparablePeriod, type PastMember } from "../campaigns/projection";
import { occurrencesBetween, type Occurrence } from "../campaigns/schedule";
import { readEarnComponents, type EarnComponent, type PurchasePolicy } from "../order-earnings";
import type { Reward } from "../rewards/catalogue";
import type { Rule } from "../rules";
import type { TierProgram } from "../tiers/definition";
import { previewProgramEdit, type PreviewMember } from "../tiers/preview";
import { qualifyingPoints, type Contribution } from "../tiers/qualification";
import { breakageRate, liability, type Liability } from "./liability";
import { pointValue, type PointValue } from "./point-value";

export const SIMULATION_DAYS = 90;

/** A ledger entry of the period, as recorded. */
export interface SimEntry {
  memberId: string;
  kind: string;
  causeType: string;
  causeId: string;
  points: number;
  at: Date;
}

/** An order named by the period's order entries (OrderAccount). */
export interface SimOrder {
  orderId: string;
  memberId: string | null;
  paidAt: Date | null;
  earnedPoints: number;
  reversedPoints: number;
  earnComponents: string;
}

export interface SimMember extends PastMember {
  id: string;
}

/** A redemption of the period that spent points (its ledger entries name it by id). */
export interface SimRedemption {
  id: string;
  at: Date;
  rewardId: string | null;
  pointsSpent: number;
  valueMinor: number;
}

export interface SimulationHistory {
  period: { from: Date; to: Date };
  entries: readonly SimEntry[];
  orders: readonly SimOrder[];
  members: readonly SimMember[];
  redemptions: readonly SimRedemption[];
  /** The catalogue as it is now. */
  rewards: readonly Reward[];
  /** The shop's rules as they are now (a rule change scales from their points and rates). */
  rules: readonly Rule[];
  pointsPerUnit: number;
  /** Who prices purchases now (order-earnings.ts purchasePolicy): with spend rules, the Settings rate prices nothing. */
  purchasesPricedBy: PurchasePolicy["source"];
  stacking: StackingPolicy;
  timeZone: string;
  /** Sales in the period, net of refunds (OrderFact), else members' eligible spend (OrderAccount). */
  revenue: { minor: number; basis: "order_facts" | "member_orders" };
  /** Members' balances and pending points now. */
  outstandingPoints: number;
  pendingPoints: number;
  /** Points expired and issued over the past year: the expected breakage (liability.ts). */
  yearExpiredPoints: number;
  yearIssuedPoints: number;
  /** Today's tier programme and each member's tier facts (read against the edited one for a tier edit); null without tiers. */
  tiers: { program: TierProgram; members: readonly PreviewMember[] } | null;
}

export type ProposedChange =
  | { kind: "none" }
  | { kind: "settings_rate"; pointsPerUnit: number }
  | { kind: "rule"; ruleId: string; points?: number; pointsPerUnit?: number }
  | { kind: "tier"; program: TierProgram }
  | { kind: "campaign"; campaignId: string | null; definition: CampaignDefinition }
  /** `stored`: the reward's price and value as stored (a paused reward is not in the catalogue). */
  | {
      kind: "reward";
      rewardId: string;
      costPoints: number;
      valueMinor: number;
      stored: { costPoints: number; valueMinor: number };
    };

export interface SimulationSide {
  /** Points credited in the period (earned and released entries), tier entry rewards included. */
  pointsIssued: number;
  /** Of which orders earned. */
  purchasePoints: number;
  liability: Liability;
  /** Net points issued (less reversals) at what a point is worth; null without a point value. */
  costMinor: number | null;
  /** costMinor ÷ revenue; null without a point value or revenue. */
  costShareOfRevenue: number | null;
  /** Members the tier engine would move to another tier now; null without tiers. */
  membersChangingTier: number | null;
  pointValue: PointValue | null;
}

export interface Simulation {
  period: { from: Date; to: Date };
  revenue: SimulationHistory["revenue"];
  today: SimulationSide;
  proposed: SimulationSide;
  basis: { entries: number; orders: number; redemptions: number };
}

const EPSILON = 1e-9;
const ISSUING_KINDS = new Set(["earn", "release"]);

/** `points` × num ÷ den, toward zero (credits and debits alike); unchanged when the ratio is 1. */
function scaled(points: number, num: number, den: number): number {
  if (num === den) return points;
  if (den === 0) return 0;
  const value = (points * num) / den;
  return value < 0 ? -Math.floor(-value + EPSILON) : Math.floor(value + EPSILON);
}

/** An order's components; an order priced before components counts as one part of the Settings rate. */
function componentsOf(order: SimOrder): EarnComponent[] {
  const components = readEarnComponents(order.earnComponents);
  const sum = components.reduce((total, c) => total + c.points, 0);
  if (components.length > 0 && sum === order.earnedPoints) return components;
  return order.earnedPoints > 0 ? [{ source: "settings_rate", ruleId: null, points: order.earnedPoints }] : [];
}

const total = (components: readonly EarnComponent[]) => components.reduce((sum, c) => sum + c.points, 0);
/** The parts a rate scales: the rate's own points and what multipliers added to them. */
const RATE_SCALED = new Set<EarnComponent["source"]>([
  "spend_rule",
  "settings_rate",
  "tier_multiplier",
  "campaign_multiplier",
]);

/** The order's components with the parts paid by `ruleId` (null: the Settings rate) at `ratio`. */
function rescaleRule(components: EarnComponent[], ruleId: string | null, num: number, den: number): EarnComponent[] {
  return components.map((c) =>
    c.ruleId === ruleId && RATE_SCALED.has(c.source) ? { ...c, points: scaled(c.points, num, den) } : c,
  );
}

const multiplierOf = (program: TierProgram, tierId: string | null) =>
  program.tiers.find((t) => t.id === tierId)?.multiplierHundredths ?? 100;

/**
 * The order's components under an edited tier programme: each rule's tier part recomputed on
 * its base (rate and first-order bonus) at the multiplier of the tier the member would hold,
 * when that differs from what today's programme gives; otherwise as recorded.
 */
function retier(
  components: EarnComponent[],
  memberTierNow: string | null,
  movedTo: string | null | undefined,
  before: TierProgram,
  after: TierProgram,
): EarnComponent[] {
  const tierThen = components.find((c) => c.source === "tier_multiplier")?.tierId ?? memberTierNow;
  const proposedTier = movedTo === undefined ? tierThen : movedTo;
  const todayMultiplier = multiplierOf(before, tierThen);
  const proposedMultiplier = multiplierOf(after, proposedTier);
  if (movedTo === undefined && todayMultiplier === proposedMultiplier) return components;
  const ruleIds = [...new Set(components.map((c) => c.ruleId))];
  const kept = components.filter((c) => c.source !== "tier_multiplier");
  const added = ruleIds.flatMap((ruleId): EarnComponent[] => {
    const base = total(
      components.filter(
        (c) =>
          c.ruleId === ruleId &&
          (c.source === "spend_rule" || c.source === "settings_rate" || c.source === "first_order_bonus"),
      ),
    );
    const points = Math.floor((base * (proposedMultiplier - 100)) / 100 + EPSILON);
    if (points === 0 || proposedTier === null) return [];
    return [{ source: "tier_multiplier", ruleId, points, tierId: proposedTier }];
  });
  return [...kept, ...added];
}

/** The campaign's stretches within the period: its occurrences, or for a once campaign outside it, one occurrence's worth before it starts. */
function campaignWindows(
  definition: CampaignDefinition,
  period: { from: Date; to: Date },
  timeZone: string,
): Occurrence[] {
  const clip = (o: Occurrence) => ({
    start: new Date(Math.max(o.start.getTime(), period.from.getTime())),
    end: new Date(Math.min(o.end.getTime(), period.to.getTime())),
  });
  const { schedule } = definition;
  const inPeriod =
    schedule.type === "once"
      ? [clip({ start: schedule.startsAt, end: schedule.endsAt })]
      : occurrencesBetween(schedule, period.from, period.to, timeZone).map(clip);
  const windows = inPeriod.filter((o) => o.end > o.start);
  if (windows.length > 0) return windows;
  return comparablePeriod(definition, period.to, timeZone)
    .windows.map(clip)
    .filter((o) => o.end > o.start);
}

interface Replay {
  /** Simulated points of each entry, in the history's order. */
  entries: SimEntry[];
  /** Points the change would post besides (tier entry rewards made due). */
  extraIssued: number;
  redemptions: readonly SimRedemption[];
  rewards: readonly Reward[];
  membersChangingTier: number | null;
}

/** What each order would have earned under the change, when it differs from what it earned. */
function ordersUnder(
  change: ProposedChange,
  history: SimulationHistory,
  moves: Map<string, string | null>,
  windows: Occurrence[],
) {
  const members = new Map(history.members.map((m) => [m.id, m]));
  const earned = new Map<string, number>();
  for (const order of history.orders) {
    let components = componentsOf(order);
    if (change.kind === "settings_rate" && history.purchasesPricedBy === "settings_rate") {
      components = rescaleRule(components, null, change.pointsPerUnit, history.pointsPerUnit);
    } else if (change.kind === "rule" && change.pointsPerUnit !== undefined) {
      const rule = history.rules.find((r) => r.id === change.ruleId);
      if (rule?.kind === "spend")
        components = rescaleRule(components, change.ruleId, change.pointsPerUnit, rule.pointsPerUnit);
    } else if (change.kind === "tier" && history.tiers) {
      const member = order.memberId ? members.get(order.memberId) : undefined;
      const moved = order.memberId && moves.has(order.memberId) ? moves.get(order.memberId) : undefined;
      components = retier(components, member?.tierId ?? null, moved, history.tiers.program, change.program);
    } else if (change.kind === "campaign") {
      components = withCampaign(change, order, components, history, members, windows);
    }
    const points = total(components);
    if (points !== order.earnedPoints) earned.set(order.orderId, points);
  }
  return earned;
}

/** The order's components with an edited campaign's recorded parts taken out and the proposed campaign replayed in. */
function withCampaign(
  change: Extract<ProposedChange, { kind: "campaign" }>,
  order: SimOrder,
  components: EarnComponent[],
  history: SimulationHistory,
  members: Map<string, SimMember>,
  windows: Occurrence[],
): EarnComponent[] {
  const without = components.filter((c) => !change.campaignId || c.campaignId !== change.campaignId);
  const member = order.memberId ? members.get(order.memberId) : undefined;
  if (!order.paidAt || !member) return without;
  const earnedWithout = total(without);
  const projection = projectCampaign(
    change.definition,
    { from: history.period.from, to: history.period.to, windows, occurrences: 1 },
    history.stacking,
    {
      orders: [
        {
          paidAt: order.paidAt,
          earnedPoints: earnedWithout,
          reversedPoints: 0,
          earnComponents: JSON.stringify(without),
          member,
        },
      ],
      awards: [],
      redemptions: [],
      rewards: history.rewards,
    },
  );
  if (projection.extraPoints === 0) return without;
  return [
    ...without,
    { source: "campaign_bonus", ruleId: null, points: projection.extraPoints, campaignId: "proposed" },
  ];
}

function replay(change: ProposedChange, history: SimulationHistory): Replay {
  const tierOutcome =
    history.tiers && change.kind === "tier"
      ? previewProgramEdit(history.tiers.program, change.program, history.tiers.members, history.period.to)
      : null;
  const moves = new Map((tierOutcome?.moves ?? []).map((m) => [m.memberId, m.toTierId] as const));
  const windows =
    change.kind === "campaign" ? campaignWindows(change.definition, history.period, history.timeZone) : [];
  const earned = ordersUnder(change, history, moves, windows);
  const orders = new Map(history.orders.map((o) => [o.orderId, o]));
  const members = new Map(history.members.map((m) => [m.id, m]));

  const { redemptions, rewards, spentRatio } = redemptionsUnder(change, history, windows);
  const entries = history.entries.map((entry): SimEntry => {
    if (entry.causeType === "order") {
      const order = orders.get(entry.causeId);
      const next = earned.get(entry.causeId);
      if (!order || next === undefined) return entry;
      return { ...entry, points: scaled(entry.points, next, order.earnedPoints) };
    }
    if (entry.causeType === "rule" && entry.kind === "earn")
      return { ...entry, points: awardUnder(change, entry, history, members, windows) };
    if (entry.causeType === "redemption") {
      const ratio = spentRatio.get(entry.causeId);
      return ratio ? { ...entry, points: scaled(entry.points, ratio.num, ratio.den) } : entry;
    }
    return entry;
  });
  const tiers = history.tiers;
  const at = history.period.to;
  const todayTiers = tiers ? previewProgramEdit(tiers.program, tiers.program, tiers.members, at) : null;
  const proposedTiers =
    tierOutcome ?? (tiers && change.kind !== "none" ? requalified(tiers, history.entries, entries, at) : todayTiers);
  return {
    entries,
    // Entry rewards the change would make due beyond those today's programme makes due.
    extraIssued: proposedTiers && todayTiers ? proposedTiers.entryRewardPoints - todayTiers.entryRewardPoints : 0,
    redemptions,
    rewards,
    membersChangingTier: proposedTiers?.moves.length ?? null,
  };
}

/**
 * Today's tier programme decided on the members' qualifying points as replayed: each entry's
 * change in qualifying points (qualifyingPoints, the one definition, linear in the points) is
 * one more contribution at the entry's date, so the tier engine sees the points the change
 * would have given. Spend and order counts do not move with points.
 */
function requalified(
  tiers: NonNullable<SimulationHistory["tiers"]>,
  recorded: readonly SimEntry[],
  simulated: readonly SimEntry[],
  at: Date,
) {
  const extra = new Map<string, Contribution[]>();
  recorded.forEach((entry, index) => {
    const delta = qualifyingPoints(simulated[index]!) - qualifyingPoints(entry);
    if (delta === 0) return;
    const list = extra.get(entry.memberId) ?? [];
    list.push({ at: entry.at, points: delta, spendMinor: 0, orders: 0 });
    extra.set(entry.memberId, list);
  });
  const members = tiers.members.map((member) => {
    const added = extra.get(member.memberId);
    return added
      ? { ...member, facts: { ...member.facts, contributions: [...member.facts.contributions, ...added] } }
      : member;
  });
  return previewProgramEdit(tiers.program, tiers.program, members, at);
}

/** A rule award's points under the change: a new engagement points value, or a campaign replayed on it. */
function awardUnder(
  change: ProposedChange,
  entry: SimEntry,
  history: SimulationHistory,
  members: Map<string, SimMember>,
  windows: Occurrence[],
): number {
  if (change.kind === "rule" && change.points !== undefined && entry.causeId === change.ruleId) {
    const rule = history.rules.find((r) => r.id === change.ruleId);
    const old = rule && "points" in rule && typeof rule.points === "number" ? rule.points : null;
    return old === null ? entry.points : scaled(entry.points, change.points, old);
  }
  if (change.kind === "campaign") {
    const member = members.get(entry.memberId);
    if (!member) return entry.points;
    const projection = projectCampaign(
      change.definition,
      { from: history.period.from, to: history.period.to, windows, occurrences: 1 },
      history.stacking,
      {
        orders: [],
        awards: [{ at: entry.at, ruleId: entry.causeId, points: entry.points, member }],
        redemptions: [],
        rewards: history.rewards,
      },
    );
    return entry.points + projection.extraPoints;
  }
  return entry.points;
}

/**
 * Redemptions under a reward change (the same steps bought at the new price and value) or a
 * reward-price campaign (the points shoppers would not have spent), and the catalogue after it.
 */
function redemptionsUnder(change: ProposedChange, history: SimulationHistory, windows: Occurrence[]) {
  const spentRatio = new Map<string, { num: number; den: number }>();
  if (change.kind === "reward") {
    const stored = change.stored;
    if (stored.costPoints <= 0) return { redemptions: history.redemptions, rewards: history.rewards, spentRatio };
    // A paused reward stays out of the catalogue (its worth is not offered), its redemptions are repriced.
    const rewards = history.rewards.map((r) =>
      r.id === change.rewardId ? ({ ...r, costPoints: change.costPoints, valueMinor: change.valueMinor } as Reward) : r,
    );
    const redemptions = history.redemptions.map((r) => {
      if (r.rewardId !== change.rewardId || r.pointsSpent <= 0) return r;
      const steps = Math.max(1, Math.round(r.pointsSpent / stored.costPoints));
      const pointsSpent = steps * change.costPoints;
      spentRatio.set(r.id, { num: pointsSpent, den: r.pointsSpent });
      const valueMinor = r.valueMinor > 0 ? steps * change.valueMinor : 0;
      return { ...r, pointsSpent, valueMinor };
    });
    return { redemptions, rewards, spentRatio };
  }
  if (change.kind === "campaign" && change.definition.effect.type === "reward_price") {
    const byId = new Map(history.rewards.map((r) => [r.id, r]));
    const redemptions = history.redemptions.map((r) => {
      const projection = projectCampaign(
        change.definition,
        { from: history.period.from, to: history.period.to, windows, occurrences: 1 },
        history.stacking,
        {
          orders: [],
          awards: [],
          redemptions: [
            { at: r.at, pointsSpent: r.pointsSpent, reward: r.rewardId ? (byId.get(r.rewardId) ?? null) : null },
          ],
          rewards: history.rewards,
        },
      );
      if (projection.extraPoints === 0) return r;
      const pointsSpent = r.pointsSpent - projection.extraPoints;
      spentRatio.set(r.id, { num: pointsSpent, den: r.pointsSpent });
      return { ...r, pointsSpent };
    });
    return { redemptions, rewards: history.rewards, spentRatio };
  }
  return { redemptions: history.redemptions, rewards: history.rewards, spentRatio };
}

function sideOf(history: SimulationHistory, replayed: Replay): SimulationSide {
  let issued = replayed.extraIssued;
  let purchase = 0;
  let balance = replayed.extraIssued;
  let pending = 0;
  let lifetime = replayed.extraIssued;
  for (const entry of replayed.entries) {
    if (ISSUING_KINDS.has(entry.kind) && entry.points > 0) {
      issued += entry.points;
      if (entry.causeType === "order") purchase += entry.points;
    }
    const effects = entryEffects(entry);
    balance += effects.balance;
    pending += effects.pending;
    lifetime += effects.lifetimeEarned;
  }
  // What the recorded entries did, so the liability moves by the difference only.
  let recordedBalance = 0;
  let recordedPending = 0;
  for (const entry of history.entries) {
    const effects = entryEffects(entry);
    recordedBalance += effects.balance;
    recordedPending += effects.pending;
  }
  const value = pointValue(replayed.redemptions, replayed.rewards);
  const owed = liability({
    outstandingPoints: history.outstandingPoints + balance - recordedBalance,
    pendingPoints: history.pendingPoints + pending - recordedPending,
    value,
    expectedBreakage: breakageRate(history.yearExpiredPoints, history.yearIssuedPoints),
  });
  const costMinor = value === null ? null : Math.round(Math.max(0, lifetime) * value.minorPerPoint);
  return {
    pointsIssued: issued,
    purchasePoints: purchase,
    liability: owed,
    costMinor,
    costShareOfRevenue: costMinor === null || history.revenue.minor <= 0 ? null : costMinor / history.revenue.minor,
    membersChangingTier: replayed.membersChangingTier,
    pointValue: value,
  };
}

/** The period under today's programme (as recorded) and under the proposed change. */
export function simulate(history: SimulationHistory, change: ProposedChange): Simulation {
  return {
    period: history.period,
    revenue: history.revenue,
    today: sideOf(history, replay({ kind: "none" }, history)),
    proposed: sideOf(history, replay(change, history)),
    basis: { entries: history.entries.length, orders: history.orders.length, redemptions: history.redemptions.length },
  };
}

/**
 * A rule as edited, as the simulator's change: a spend rule's rate, an engagement rule's
 * points. Other kinds (a referral's two sides) are not replayed: "none".
 */
export function ruleChangeOf(ruleId: string, edited: Rule): ProposedChange {
  if (edited.kind === "spend") return { kind: "rule", ruleId, pointsPerUnit: edited.pointsPerUnit };
  if ("points" in edited && typeof edited.points === "number") return { kind: "rule", ruleId, points: edited.points };
  return { kind: "none" };
}
