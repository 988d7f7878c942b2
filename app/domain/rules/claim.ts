/**
 * What a rule would award for an event, before limits and multipliers. The reason is a
 * function of the final points so that a multiplied award still reads true.
 */
import type { Refusal } from "./refusal";

export interface ClaimAward {
  customerId: string;
  key: string;
  basePoints: number;
  /** The part of `basePoints` that is a one-off bonus (a spend rule's first-order bonus). */
  bonusPoints?: number;
  reason: (points: number) => string;
}

/**
 * One occurrence of a rule: counts once against its limits. Usually one award for the
 * member; a referral is one occurrence that pays two people (the member first).
 */
export interface Claim {
  awards: [ClaimAward, ...ClaimAward[]];
}

export type ClaimResult = { claims: Claim[] } | { refusal: Refusal };
