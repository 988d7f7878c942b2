/**
 * What an order earns, decided once for the three readers that must agree: order pricing (the
 * points an order earns, app/orders/order-pricing.server.ts), the admin (which rate it tells
 * the merchant is in force) and the storefront (what the widget tells shoppers purchases
 * earn). Pure (docs/decisions/0009, 0023).
 *
 * The policy: the shop's spend rules price orders as soon as it has one, switched off or
 * unreadable included (a merchant who paused their only spend rule paused purchase points, not
 * reverted to a rate). Without any, the Settings rate (Shop.pointsPerUnit) is the default
 * spend rule: a rule like any other, on every channel, without minimum, bonus or limits, as
 * the flat rate always applied. Either way the order goes through the rules engine with the
 * real member and the earning context (their tier's multiplier, the campaigns running when
 * the order was placed: ./campaigns/boost.ts), and the answer is a list of components (where
 * each point came from) whose sum is the order's points: stored with the order, they are what
 * refunds take back in proportion (./reversal.ts) and what the economics read to see what a
 * tier or a campaign costs.
 */
import { z } from "zod";
import { attributeExtra, awardBoost, awardCampaignsReason, earningHooks } from "./campaigns/boost";
import { NO_EARNING_CONTEXT, type EarningContext } from "./earning-context";
import {
  availabilityRefusal,
  evaluate,
  type Award,
  type EvaluationContext,
  type History,
  type Member,
  type Refusal,
  type Rule,
  type RuleEvent,
  type SpendRule,
} from "./rules";
import type { SpendAward } from "./spend-pricing";

type OrderPaid = Extract<RuleEvent, { type: "order_paid" }>;

export const EARN_SOURCES = [
  "spend_rule",
  "settings_rate",
  "first_order_bonus",
  "tier_multiplier",
  "campaign_multiplier",
  "campaign_bonus",
] as const;

/** What a tier or a campaign added on top of what the rules paid. */
const BOOST_SOURCES: ReadonlySet<EarnComponent["source"]> = new Set([
  "tier_multiplier",
  "campaign_multiplier",
  "campaign_bonus",
]);

/**
 * Where some of an order's points came from. `ruleId`: the spend rule that paid them (null for
 * the Settings rate); a `tier_multiplier` component is what the tier added to that rule's
 * points, and names the tier; a `campaign_multiplier` (its share of what the multipliers added,
 * ./campaigns/boost.ts) or `campaign_bonus` (its bonus points) names the campaign.
 */
export const earnComponentSchema = z.object({
  source: z.enum(EARN_SOURCES),
  ruleId: z.string().nullable(),
  points: z.number().int(),
  tierId: z.string().optional(),
  campaignId: z.string().optional(),
});
export type EarnComponent = z.infer<typeof earnComponentSchema>;

/**
 * An order's stored components (OrderAccount.earnComponents). Orders priced before components
 * were kept ("[]") and unreadable values read as none: the order then counts as one component
 * of its earned points.
 */
export function readEarnComponents(text: string): EarnComponent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const read = z.array(earnComponentSchema).safeParse(parsed);
  return read.success ? read.data : [];
}

/**
 * What an order earned from its rules alone (rate and first-order bonus), before any tier
 * multiplier or campaign (multiplier or bonus), net of what was taken back (in the same
 * proportion): the base a tier edit's multiplier cost is estimated on
 * (app/domain/tiers/preview.ts), so a campaign running when the order was placed does not
 * inflate what a tier would cost. Orders stored before components (or whose components do not
 * add up) count whole: they were priced without a tier or campaign.
 */
export function untieredPoints(order: {
  earnedPoints: number;
  reversedPoints: number;
  earnComponents: string;
}): number {
  const earned = Math.max(0, order.earnedPoints);
  if (earned === 0) return 0;
  const components = readEarnComponents(order.earnComponents);
  const sum = components.reduce((total, c) => total + c.points, 0);
  const base =
    components.length > 0 && sum === earned
      ? components.filter((c) => !BOOST_SOURCES.has(c.source)).reduce((total, c) => total + c.points, 0)
      : earned;
  const kept = Math.max(0, earned - Math.max(0, order.reversedPoints));
  return Math.floor((base * kept) / earned);
}

/** The id the Settings rate's default rule is evaluated under; never a stored rule's (cuids). */
export const SETTINGS_RATE_RULE_ID = "settings-rate";

/** The Settings rate as the default spend rule: every channel, no minimum, bonus or limits. */
export function settingsRateRule(pointsPerUnit: number): SpendRule {
  return {
    id: SETTINGS_RATE_RULE_ID,
    name: "Settings rate",
    kind: "spend",
    active: true,
    limits: {},
    pointsPerUnit,
    rounding: "down",
    minimumOrderMinor: 0,
    excludedProductTags: [],
    channels: [{ type: "every" }],
    firstOrderBonusPoints: 0,
  };
}

/** Which rules price the shop's purchases: its spend rules, or the Settings rate's default rule. */
export type PurchasePolicy =
  | { source: "settings_rate"; pointsPerUnit: number; rules: SpendRule[] }
  | { source: "spend_rules"; rules: SpendRule[] };

/** A rule as stored: its kind column, and the rule when its definition reads. */
export interface StoredRuleKind {
  kind: string;
  rule: Rule | null;
}

export function purchasePolicy(stored: readonly StoredRuleKind[], settingsRate: number): PurchasePolicy {
  if (!stored.some((s) => s.kind === "spend")) {
    // A rate of 0 earns nothing: no rule at all rather than one that always refuses.
    return {
      source: "settings_rate",
      pointsPerUnit: settingsRate,
      rules: settingsRate > 0 ? [settingsRateRule(settingsRate)] : [],
    };
  }
  return { source: "spend_rules", rules: stored.flatMap((s) => (s.rule?.kind === "spend" ? [s.rule] : [])) };
}

/**
 * Whether pricing under the policy reads the member's other orders (first order, limits):
 * only merchants' spend rules have a first-order bonus or limits, the default rule has none.
 */
export function needsOrderHistory(policy: PurchasePolicy): boolean {
  return policy.source === "spend_rules" && policy.rules.length > 0;
}

/** Who earns and what else decides it: the member, their tier, the spend rules' history. */
export interface OrderEarningContext {
  /** The order's time (spend-pricing's `orderTime`): the rules' dates and limits are read at it. */
  now: Date;
  timeZone: string;
  /** The Shopify customer (its id keys the awards) and their account's creation date. */
  member: Member;
  /** The member's other orders that spend rules paid (spend-pricing's `spendHistory`). */
  history: History;
  earning: EarningContext;
}

export interface OrderEarnings {
  points: number;
  /** Where the points came from; they add up to `points`. */
  components: EarnComponent[];
  /**
   * For the ledger entry: which spend rules paid, and why, and which campaigns raised the
   * points ("Double points weekend ×2"); null when neither did.
   */
  reason: string | null;
  awards: Award[];
  refusals: Refusal[];
  /** What to keep on the order (OrderAccount.spendAwards): the history of later limits. */
  paidBy: SpendAward[];
}

/** The order's points under the policy, as components (see the module comment). */
export function orderEarnings(policy: PurchasePolicy, event: OrderPaid, context: OrderEarningContext): OrderEarnings {
  const { awards, refusals } = evaluate(policy.rules, event, context.history, {
    now: context.now,
    timeZone: context.timeZone,
    engagementPaused: false,
    member: context.member,
    ...earningHooks(context.earning),
  });
  const ruleAwards = awards.filter((award) => award.ruleId !== SETTINGS_RATE_RULE_ID);
  const rules = new Map(policy.rules.map((rule) => [rule.id, rule]));
  const priced = awards.map((award) => {
    const rule = rules.get(award.ruleId)!;
    const boost = awardBoost(context.earning, rule, event);
    return {
      components: componentsOf(award, boost, context.earning),
      campaigns: awardCampaignsReason(context.earning, rule, event, award),
    };
  });
  const reasons = [
    ...ruleAwards.map((award) => `${rules.get(award.ruleId)?.name}: ${award.reason}`),
    ...new Set(priced.map((p) => p.campaigns).filter((text) => text !== "")),
  ];
  return {
    points: awards.reduce((sum, award) => sum + award.points, 0),
    components: priced.flatMap((p) => p.components),
    reason: reasons.length > 0 ? reasons.join("; ") : null,
    awards,
    refusals,
    paidBy: ruleAwards.map((award) => ({ ruleId: award.ruleId, at: context.now.toISOString() })),
  };
}

/**
 * An award as components: the rule's rate and first-order bonus, what the multipliers added
 * shared over the tier and the campaigns (./campaigns/boost.ts attributeExtra), and each
 * campaign's bonus; they add up to the award's points.
 */
function componentsOf(award: Award, boost: ReturnType<typeof awardBoost>, earning: EarningContext): EarnComponent[] {
  const settings = award.ruleId === SETTINGS_RATE_RULE_ID;
  const ruleId = settings ? null : award.ruleId;
  const added = award.addedBonuses.reduce((sum, part) => sum + part.points, 0);
  const parts: EarnComponent[] = [
    { source: settings ? "settings_rate" : "spend_rule", ruleId, points: award.basePoints - award.bonusPoints },
    { source: "first_order_bonus", ruleId, points: award.bonusPoints },
    ...attributeExtra(award.points - award.basePoints - added, boost, earning.stacking).map((part): EarnComponent =>
      part.source === "tier"
        ? { source: "tier_multiplier", ruleId, points: part.points, tierId: part.id }
        : { source: "campaign_multiplier", ruleId, points: part.points, campaignId: part.id },
    ),
    ...award.addedBonuses.map((part): EarnComponent => ({
      source: "campaign_bonus",
      ruleId,
      points: part.points,
      campaignId: part.id,
    })),
  ];
  return parts.filter((part) => part.points !== 0);
}

/**
 * One way purchases earn now, as data for the shopper's own language: `pointsPerUnit` for
 * every whole unit of the shop's currency spent, on orders from `minimumOrderMinor`, plus
 * `firstOrderBonusPoints` on a first order. For a member with a tier, or while a campaign
 * runs, both already include the combined multiplier, `multiplierHundredths` (100: ×1, 150:
 * ×1.5), so the widget can say why; `campaignBonusPoints` is what running bonus campaigns add
 * to an order (once per order: on the first offer they reach).
 */
export interface PurchaseOffer {
  pointsPerUnit: number;
  minimumOrderMinor: number;
  firstOrderBonusPoints: number;
  multiplierHundredths: number;
  campaignBonusPoints: number;
}

/**
 * An online-store order of nothing in particular: what the offers ask the boost about. Its
 * lines are unknown, so a campaign aimed at product tags (it raises only some products) is not
 * in an offer.
 */
const ONLINE_ORDER: OrderPaid = {
  type: "order_paid",
  orderId: "offer",
  currency: "USD",
  spendMinor: 0,
  lines: [],
  sourceName: "web",
  isFirstOrder: false,
};

/**
 * What an online-store order placed now would earn under the policy: one offer per rule that
 * is switched on, within its dates and open to the online store (the engine adds up every
 * rule that pays, so each is its own line), with the member's tier and the running campaigns
 * (`earning.campaigns`: already those running now). Empty: purchases earn nothing at the moment.
 */
export function purchaseOffers(
  policy: PurchasePolicy,
  now: Date,
  earning: EarningContext = NO_EARNING_CONTEXT,
): PurchaseOffer[] {
  const given = new Set<string>();
  return policy.rules
    .filter((rule) => availabilityRefusal(rule, contextAt(now)) === null)
    .filter((rule) => rule.channels.some((channel) => channel.type === "online_store" || channel.type === "every"))
    .map((rule) => {
      const boost = awardBoost(earning, rule, ONLINE_ORDER);
      // Rounded as the engine rounds a multiplied award: down, with its epsilon.
      const times = (value: number, decimals: number) =>
        Math.floor(value * boost.factor * 10 ** decimals + 1e-9) / 10 ** decimals;
      const bonuses = boost.bonuses.filter((bonus) => !given.has(bonus.campaignId));
      for (const bonus of bonuses) given.add(bonus.campaignId);
      return {
        // A rate keeps four decimals (1.25 × 1.5 = 1.875); bonus points are whole, like awards.
        pointsPerUnit: times(rule.pointsPerUnit, 4),
        minimumOrderMinor: rule.minimumOrderMinor,
        firstOrderBonusPoints: times(rule.firstOrderBonusPoints, 0),
        multiplierHundredths: Math.round(boost.factor * 100),
        campaignBonusPoints: bonuses.reduce((sum, bonus) => sum + bonus.points, 0),
      };
    });
}

// Spend rules have no account checks: only `now` matters to their availability.
function contextAt(now: Date): EvaluationContext {
  return { now, timeZone: "UTC", engagementPaused: false, member: { id: "shopper", createdAt: now, verified: true } };
}

/**
 * The points per unit of currency an online-store order placed now earns under the policy,
 * before any tier: the sum of the live offers' rates (the engine adds up every rule that pays),
 * i.e. what an order meeting every rule's minimum earns. The admin prices a reward's cost to
 * the merchant with it (app/domain/rewards/pricing.ts rewardCostRate), so the Rewards page and
 * order pricing read the same rules.
 */
export function purchasePointsPerUnit(policy: PurchasePolicy, now: Date): number {
  return purchaseOffers(policy, now).reduce((sum, offer) => sum + offer.pointsPerUnit, 0);
}
