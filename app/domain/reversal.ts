/**
 * Taking points back when an order is refunded or cancelled. Pure.
 *
 * The target is cumulative: after refunds totalling R of an eligible spend S, the order
 * should have given back, for each of its earn components c (./order-earnings.ts: the rule's
 * rate, a first-order bonus, what the tier added), floor(points_c × R / S) points; after a
 * cancellation, all of them. An order priced before components were stored is one component
 * of its earned points. Each event moves the order from what was reversed so far up to the
 * new target, so duplicates and any order of arrival end at the same place, and the total
 * never exceeds what the order earned (a sum of floors is at most the floor of the sum).
 */

export type ReversalPolicy = "allow_negative" | "cap_at_zero";

export const REVERSAL_POLICIES: readonly ReversalPolicy[] = ["allow_negative", "cap_at_zero"];

export interface OrderPointsState {
  earnedPoints: number;
  spendMinor: number;
  refundedMinor: number;
  cancelled: boolean;
  /**
   * The points of each of the order's earn components; empty (an order priced before they
   * were stored), or not adding up to `earnedPoints`: one component of `earnedPoints`.
   */
  componentPoints?: readonly number[];
}

/** How many of the order's points should have been taken back in this state. */
export function reversalTarget(state: OrderPointsState): number {
  const earned = Math.max(0, state.earnedPoints);
  if (earned === 0) return 0;
  if (state.cancelled) return earned;
  if (state.spendMinor <= 0) return 0;
  const refunded = BigInt(Math.min(Math.max(0, state.refundedMinor), state.spendMinor));
  const spend = BigInt(state.spendMinor);
  // In BigInt: points (up to 2^31) × minor units (up to 2^53) is past exact doubles.
  const target = componentsOf(state, earned).reduce((sum, points) => sum + (BigInt(points) * refunded) / spend, 0n);
  return Math.min(earned, Number(target));
}

function componentsOf(state: OrderPointsState, earned: number): readonly number[] {
  const components = (state.componentPoints ?? []).filter((points) => points > 0);
  const sum = components.reduce((a, b) => a + b, 0);
  return components.length > 0 && sum === earned ? components : [earned];
}

export interface ReversalStep {
  /** Points to remove from the balance now (0 or more). */
  debit: number;
  /** Points that should have been removed but were not, because the balance was spent. */
  shortfall: number;
}

/**
 * What to do to reach `target` from `alreadyReversed`, given the member's balance and the
 * shop's policy. Debit + shortfall always equals the distance to the target.
 */
export function reversalStep(options: {
  target: number;
  alreadyReversed: number;
  balance: number;
  policy: ReversalPolicy;
}): ReversalStep {
  const due = Math.max(0, options.target - options.alreadyReversed);
  if (options.policy === "allow_negative") return { debit: due, shortfall: 0 };
  const debit = Math.min(due, Math.max(0, options.balance));
  return { debit, shortfall: due - debit };
}
