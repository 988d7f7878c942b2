/**
 * What a campaign would cost, from what this shop's members did in a comparable past period.
 * Pure: the server (app/campaigns/projection.server.ts) reads the period's orders, rule awards
 * and redemptions; this replays the campaign over them.
 *
 * - The comparable period: for a `once` campaign, as long as its occurrence and just before it
 *   (or before now, when it starts later or has started): one occurrence's worth. For a
 *   recurring one, its occurrences in the last 90 days (clipped to them), and the cost is their
 *   average: what one occurrence costs.
 * - Orders: their points before any tier or campaign (the components; an order stored before
 *   components counts whole), net of refunds, raised by the multiplier combined with the
 *   member's tier factor under the shop's stacking policy; a bonus adds its points per order.
 * - Rule awards: their points raised likewise (taken as their base: a tier may already be in
 *   them), a bonus per award.
 * - Reward prices: the points shoppers would not have spent on the rewards it names, and the
 *   value it would have added to them.
 * - Value: the extra points at what a point is worth when spent (the catalogue's average value
 *   per point), plus any value a reward price adds; null when no reward has a money value.
 * Limits: orders' channels and product tags are not stored, so a campaign aimed at them is
 * counted on every order (an upper bound); members' tiers and tags are today's; the past may
 * not predict a campaign that changes behaviour.
 */
import type { Reward } from "../rewards/catalogue";
import { catalogueWorthMinor } from "../economics/point-value";
import { readEarnComponents, SETTINGS_RATE_RULE_ID, type EarnComponent } from "../order-earnings";
import { combineFactors } from "./boost";
import type { CampaignDefinition, StackingPolicy, Targeting } from "./definition";
import { repricedReward } from "./reward-price";
import { nextOccurrence, occurrenceAt, occurrencesBetween, type Occurrence } from "./schedule";

const DAY_MS = 86_400_000;
/** How far back a recurring campaign's occurrences are replayed. */
export const RECURRING_LOOKBACK_DAYS = 90;

export interface CampaignProjection {
  comparable: { from: Date; to: Date };
  extraPoints: number;
  valueMinor: number | null;
  basis: { orders: number; awards: number; redemptions: number };
}

/** The past stretches the campaign is replayed over, and how many occurrences they stand for. */
export interface ComparablePeriod {
  from: Date;
  to: Date;
  /** The stretches to replay (clipped to the past); one for a `once` campaign. */
  windows: Occurrence[];
  /** What the replayed cost is divided by: one occurrence's worth. */
  occurrences: number;
}

export function comparablePeriod(definition: CampaignDefinition, now: Date, timeZone: string): ComparablePeriod {
  const { schedule } = definition;
  if (schedule.type === "once") {
    const length = schedule.endsAt.getTime() - schedule.startsAt.getTime();
    const to = new Date(Math.min(schedule.startsAt.getTime(), now.getTime()));
    const from = new Date(to.getTime() - length);
    return { from, to, windows: [{ start: from, end: to }], occurrences: 1 };
  }
  const from = new Date(now.getTime() - RECURRING_LOOKBACK_DAYS * DAY_MS);
  const windows = occurrencesBetween(schedule, from, now, timeZone).map((o) => ({
    start: new Date(Math.max(o.start.getTime(), from.getTime())),
    end: new Date(Math.min(o.end.getTime(), now.getTime())),
  }));
  // A schedule with nothing in the last 90 days (it starts later): one occurrence's length
  // just before now stands for it.
  if (windows.length === 0) {
    const next = occurrenceAt(schedule, now, timeZone) ?? nextOccurrence(schedule, now, timeZone);
    const length = next ? next.end.getTime() - next.start.getTime() : DAY_MS;
    const start = new Date(now.getTime() - Math.min(length, RECURRING_LOOKBACK_DAYS * DAY_MS));
    return { from: start, to: now, windows: [{ start, end: now }], occurrences: 1 };
  }
  return { from, to: now, windows, occurrences: windows.length };
}

/** An order of the comparable period, as the replay reads it. */
export interface PastOrder {
  paidAt: Date;
  earnedPoints: number;
  reversedPoints: number;
  earnComponents: string;
  member: PastMember;
}

export interface PastMember {
  tierId: string | null;
  customerTags: readonly string[];
}

export interface PastAward {
  at: Date;
  ruleId: string;
  points: number;
  member: PastMember;
}

export interface PastRedemption {
  at: Date;
  pointsSpent: number;
  /** The reward as it is now (null: gone from the catalogue, it counts as not named). */
  reward: Reward | null;
}

export interface ProjectionFacts {
  orders: readonly PastOrder[];
  awards: readonly PastAward[];
  redemptions: readonly PastRedemption[];
  /** The catalogue, for what a point is worth. */
  rewards: readonly Reward[];
}

const within = (at: Date, windows: readonly Occurrence[]) => windows.some((w) => at >= w.start && at < w.end);

function memberTargeted(targeting: Targeting, member: PastMember): boolean {
  if (targeting.tierIds.length > 0 && !(member.tierId && targeting.tierIds.includes(member.tierId))) return false;
  if (targeting.customerTags.length > 0) {
    const tags = new Set(member.customerTags);
    if (!targeting.customerTags.some((tag) => tags.has(tag.trim().toLowerCase()))) return false;
  }
  return true;
}

const ruleIdOf = (component: EarnComponent) => component.ruleId ?? SETTINGS_RATE_RULE_ID;
const isBase = (c: EarnComponent) =>
  c.source === "spend_rule" || c.source === "settings_rate" || c.source === "first_order_bonus";

/** An order's points the campaign would raise (before tier or campaign, net of refunds) and its tier's factor. */
function orderBase(order: PastOrder, targeting: Targeting): { base: number; tierFactor: number } {
  const earned = Math.max(0, order.earnedPoints);
  if (earned === 0) return { base: 0, tierFactor: 1 };
  const kept = Math.max(0, earned - Math.max(0, order.reversedPoints)) / earned;
  const components = readEarnComponents(order.earnComponents);
  const sum = components.reduce((total, c) => total + c.points, 0);
  if (components.length === 0 || sum !== earned) {
    // Priced before components: one whole component of the Settings rate or a rule.
    return { base: targeting.ruleIds.length > 0 ? 0 : earned * kept, tierFactor: 1 };
  }
  const targeted = (c: EarnComponent) => targeting.ruleIds.length === 0 || targeting.ruleIds.includes(ruleIdOf(c));
  const base = components.filter((c) => isBase(c) && targeted(c)).reduce((total, c) => total + c.points, 0);
  const tier = components
    .filter((c) => c.source === "tier_multiplier" && targeted(c))
    .reduce((t, c) => t + c.points, 0);
  return { base: base * kept, tierFactor: base > 0 ? 1 + tier / base : 1 };
}

/** What the campaign adds to `base` points already raised by `tierFactor`, under the policy. */
function raisedBy(base: number, tierFactor: number, multiplier: number, stacking: StackingPolicy): number {
  return base * (combineFactors([tierFactor, multiplier], stacking) - tierFactor);
}

/** The campaign replayed over the comparable period's facts, per occurrence. */
export function projectCampaign(
  definition: CampaignDefinition,
  period: ComparablePeriod,
  stacking: StackingPolicy,
  facts: ProjectionFacts,
): CampaignProjection {
  const { effect } = definition;
  const orders = facts.orders.filter((o) => within(o.paidAt, period.windows));
  const awards = facts.awards.filter((a) => within(a.at, period.windows));
  const redemptions = facts.redemptions.filter((r) => within(r.at, period.windows));
  const worth = catalogueWorthMinor(facts.rewards);
  let extraPoints = 0;
  let addedValueMinor = 0;

  if (effect.type === "reward_price") {
    for (const redemption of redemptions) {
      const reward = redemption.reward;
      if (!reward || (effect.rewardIds.length > 0 && !effect.rewardIds.includes(reward.id))) continue;
      const repriced = repricedReward(reward, effect);
      // The same redemption at the campaign's price: the steps bought stay the same.
      const steps = Math.max(1, Math.round(redemption.pointsSpent / reward.costPoints));
      extraPoints += Math.max(0, redemption.pointsSpent - steps * repriced.costPoints);
      const before = "valueMinor" in reward ? reward.valueMinor : 0;
      const after = "valueMinor" in repriced ? repriced.valueMinor : 0;
      addedValueMinor += steps * Math.max(0, after - before);
    }
  } else {
    const { targeting } = effect;
    const factor = effect.type === "multiplier" ? effect.multiplierHundredths / 100 : 1;
    for (const order of orders) {
      if (!memberTargeted(targeting, order.member)) continue;
      const { base, tierFactor } = orderBase(order, targeting);
      if (base <= 0) continue;
      extraPoints += effect.type === "multiplier" ? raisedBy(base, tierFactor, factor, stacking) : effect.points;
    }
    // Engagement awards have no channel or product: a campaign aimed at either leaves them out.
    const reachesAwards = targeting.channels.length === 0 && targeting.productTags.length === 0;
    for (const award of reachesAwards ? awards : []) {
      if (!memberTargeted(targeting, award.member)) continue;
      if (targeting.ruleIds.length > 0 && !targeting.ruleIds.includes(award.ruleId)) continue;
      extraPoints += effect.type === "multiplier" ? raisedBy(award.points, 1, factor, stacking) : effect.points;
    }
  }

  const perOccurrence = (value: number) => value / Math.max(1, period.occurrences);
  const points = Math.round(perOccurrence(extraPoints));
  return {
    comparable: { from: period.from, to: period.to },
    extraPoints: points,
    valueMinor:
      worth === null && addedValueMinor === 0
        ? null
        : Math.round(points * (worth ?? 0) + perOccurrence(addedValueMinor)),
    basis: { orders: orders.length, awards: awards.length, redemptions: redemptions.length },
  };
}
