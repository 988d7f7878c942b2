/**
 * What, besides the rules, changes what a member earns: their tier now (campaigns will join).
 * Read by order pricing (app/domain/order-earnings.ts), engagement awards and the widget's
 * "what purchases earn", so all three apply the same multiplier. Pure types.
 */
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
}

export const NO_EARNING_CONTEXT: EarningContext = { tier: null };
