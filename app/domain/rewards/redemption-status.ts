/**
 * What a redemption is to the shopper and the merchant, from its stored state: the storefront's
 * REDEMPTION_STATUSES, and who may still cancel it for the points back. Pure: pass `now`.
 */
import type { REDEMPTION_STATUSES } from "../../storefront/storefront-api";
import { REDEMPTION_STATES, type RedemptionState } from "./availability";
import { CODE_KINDS, type RewardKind } from "./catalogue";

export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

/**
 * Redemptions that spent points and kept them: pending (debited, Shopify not yet answered),
 * issued and fulfilled; not failed or cancelled (their points came back). What the economics
 * figures, the simulator and campaign projections count as spent.
 */
export const SPENT_REDEMPTION_STATES = ["pending", "issued", "fulfilled"] as const satisfies readonly RedemptionState[];

export interface RedemptionFacts {
  kind: RewardKind;
  /** Redemption.status as stored. */
  status: string;
  code: string | null;
  expiresAt: Date | null;
  usedAt: Date | null;
}

export class UnknownRedemptionStateError extends Error {
  override name = "UnknownRedemptionStateError";
}

function stateOf(status: string): RedemptionState {
  if ((REDEMPTION_STATES as readonly string[]).includes(status)) return status as RedemptionState;
  throw new UnknownRedemptionStateError(`Unknown redemption status "${status}".`);
}

const isExpired = (r: RedemptionFacts, now: Date) => r.expiresAt !== null && r.expiresAt.getTime() <= now.getTime();

/**
 * The shopper's word for a redemption. A failed one gave its points back and is shown as
 * cancelled (the view may also leave failed ones out). An unknown stored status is an error.
 */
export function redemptionStatus(r: RedemptionFacts, now: Date): RedemptionStatus {
  switch (stateOf(r.status)) {
    case "pending":
      return "pending";
    case "failed":
    case "cancelled":
      return "cancelled";
    case "fulfilled":
      return "fulfilled";
    case "issued":
      if (r.kind === "custom") return "requested";
      if (r.kind === "store_credit") return "credited";
      if (r.usedAt !== null) return "used";
      return isExpired(r, now) ? "expired" : "unused";
  }
}

/** An issued code no order has used and that has not expired: Shopify can take it back. */
export function isShopperCancellable(r: RedemptionFacts, now: Date): boolean {
  return CODE_KINDS.includes(r.kind) && r.code !== null && redemptionStatus(r, now) === "unused";
}

/**
 * The merchant may cancel what the shopper may, and also a custom request not yet fulfilled.
 * Never store credit: once credited it is the customer's money.
 */
export function isMerchantCancellable(r: RedemptionFacts, now: Date): boolean {
  return isShopperCancellable(r, now) || (r.kind === "custom" && redemptionStatus(r, now) === "requested");
}
