/**
 * The life of an order's points, free of any database. Given what is known about the order
 * and the shop's release rule, `planOrderPoints` says which entries to post next:
 *
 *   place    the order's points, once: straight to the balance ("earn") when the shop
 *            releases on payment and the order is paid, otherwise as pending ("hold");
 *   settle   refunds and cancellation: take back up to the cumulative target
 *            (app/domain/reversal.ts), from pending points first ("void"), then from the
 *            balance ("reverse", where the shop's reversal policy applies);
 *   release  what is still pending once the rule is met: paid ("payment"), paid and the
 *            return window over ("return_window"), paid and fulfilled ("fulfilment").
 *
 * Every step is derived from state, never from the event that triggered it, so duplicate,
 * concurrent and out-of-order events converge on the same entries.
 */
import { reversalTarget } from "./reversal";

export type ReleaseRule = "payment" | "return_window" | "fulfilment";
export const RELEASE_RULES: readonly ReleaseRule[] = ["payment", "return_window", "fulfilment"];

/** A stored rule, read safely: anything unknown releases on payment, as before rules existed. */
export function releaseRuleOf(value: string): ReleaseRule {
  return (RELEASE_RULES as readonly string[]).includes(value) ? (value as ReleaseRule) : "payment";
}

export type PointsState = "none" | "held" | "released";

export interface OrderFacts {
  /** Points the order earns (0 until its amounts are known). */
  earnedPoints: number;
  /** Its earn components' points (./order-earnings.ts), what refunds take back in proportion; [] for older orders. */
  componentPoints?: readonly number[];
  spendMinor: number;
  refundedMinor: number;
  cancelled: boolean;
  paid: boolean;
  fulfilled: boolean;
  returnWindowOver: boolean;
}

export interface OrderPointsLedger {
  pointsState: PointsState;
  heldPoints: number;
  releasedPoints: number;
  reversedPoints: number;
}

export type OrderStep =
  | { kind: "earn"; points: number }
  | { kind: "hold"; points: number }
  | { kind: "void"; points: number; target: number }
  | { kind: "reverse"; points: number; target: number }
  | { kind: "release"; points: number };

export function releaseDue(rule: ReleaseRule, facts: OrderFacts): boolean {
  if (!facts.paid) return false;
  if (rule === "payment") return true;
  if (rule === "fulfilment") return facts.fulfilled;
  return facts.returnWindowOver;
}

export function planOrderPoints(
  facts: OrderFacts,
  ledger: OrderPointsLedger,
  rule: ReleaseRule,
): { steps: OrderStep[]; next: OrderPointsLedger } {
  const next = { ...ledger };
  const steps: OrderStep[] = [];

  // Place: once, when the amounts are known. A cancelled order's points still pass through
  // pending (or the balance) so that the settle step below takes them back visibly.
  if (next.pointsState === "none" && facts.earnedPoints > 0) {
    if (rule === "payment" && facts.paid && !facts.cancelled) {
      steps.push({ kind: "earn", points: facts.earnedPoints });
      next.pointsState = "released";
      next.releasedPoints += facts.earnedPoints;
    } else {
      steps.push({ kind: "hold", points: facts.earnedPoints });
      next.pointsState = "held";
      next.heldPoints += facts.earnedPoints;
    }
  }

  // Settle: pending first, then the balance.
  if (next.pointsState !== "none") {
    const target = reversalTarget({
      earnedPoints: facts.earnedPoints,
      ...(facts.componentPoints ? { componentPoints: facts.componentPoints } : {}),
      spendMinor: facts.spendMinor,
      refundedMinor: facts.refundedMinor,
      cancelled: facts.cancelled,
    });
    const due = Math.max(0, target - next.reversedPoints);
    const fromPending = Math.min(next.heldPoints, due);
    if (fromPending > 0) {
      steps.push({ kind: "void", points: fromPending, target });
      next.heldPoints -= fromPending;
    }
    if (due - fromPending > 0) steps.push({ kind: "reverse", points: due - fromPending, target });
    next.reversedPoints = Math.max(next.reversedPoints, target);
  }

  // Release what is still pending.
  if (next.pointsState === "held" && releaseDue(rule, facts) && !facts.cancelled) {
    if (next.heldPoints > 0) steps.push({ kind: "release", points: next.heldPoints });
    next.releasedPoints += next.heldPoints;
    next.heldPoints = 0;
    next.pointsState = "released";
  }
  return { steps, next };
}
