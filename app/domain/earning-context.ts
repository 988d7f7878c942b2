/**
 * What, besides the rules, changes what a member earns: their tier now, the campaigns running
 * when the event happened (an order: when it was placed), how the shop stacks multipliers and
 * the customer's Shopify tags (what campaigns may target). Read by order pricing
 * (app/domain/order-earnings.ts), engagement awards (app/rules/award.server.ts) and the
 * widget's "what purchases earn", so all three apply the same boost
 * (app/domain/campaigns/boost.ts). Pure types.
 */
import type { StackingPolicy } from "./campaigns/definition";
import type { RunningCampaign } from "./campaigns/schedule";

export interface EarningTier {
  id: string;
  name: string;
  /** 100 = ×1, 150 = ×1.5 (app/domain/tiers/definition.ts). */
  multiplierHundredths: number;
  /** The multiplier applies to engagement rules too, not only to purchases. */
  multiplyEngagement: boolean;
}

export interface EarningContext {
  tier: EarningTier | null;
  /** Campaigns running at the event's time (runningCampaigns in app/domain/campaigns/schedule.ts). */
  campaigns: readonly RunningCampaign[];
  /** How the tier's and the campaigns' multipliers combine (Shop.campaignStacking). */
  stacking: StackingPolicy;
  /** The customer's Shopify tags, lower-cased (Member.customerTags). */
  customerTags: readonly string[];
}

export const NO_EARNING_CONTEXT: EarningContext = { tier: null, campaigns: [], stacking: "multiply", customerTags: [] };
