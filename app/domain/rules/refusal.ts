/**
 * Why a rule gave nothing. The code is for machines (logs, the admin's activity view, the
 * widget choosing what to show); the message is plain English a shopper or merchant reads.
 */
export const REFUSAL_CODES = [
  "limit_reached",
  "cooldown",
  "paused",
  "not_started",
  "ended",
  "inactive",
  "unverified_account",
  "account_too_new",
  "excluded_product",
  "channel_not_included",
  "below_minimum",
  "self_referral",
  // Beyond the list above: a retry, a rounding to zero, a birthday check on another day.
  "already_awarded",
  "no_points",
  "not_birthday",
  // The member's points are at the most the ledger records (MAX_POINTS, docs/decisions/0018).
  "points_limit",
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  ruleId: string;
  code: RefusalCode;
  message: string;
}

export function refusal(ruleId: string, code: RefusalCode, message: string): Refusal {
  return { ruleId, code, message };
}

export function pointsText(points: number): string {
  return `${points} ${points === 1 ? "point" : "points"}`;
}
