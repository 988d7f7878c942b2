/**
 * What the programme owes its members in money: outstanding points × what a point is worth
 * when spent × (1 − expected breakage). Pending points (promised by orders, not spendable yet)
 * are valued apart. The dashboard and the simulator both read this. Pure.
 */
import type { PointValue } from "./point-value";

/** Expired ÷ issued, within [0, 1]; 0 when nothing was issued (owe everything). */
export function breakageRate(expiredPoints: number, issuedPoints: number): number {
  if (issuedPoints <= 0 || expiredPoints <= 0) return 0;
  return Math.min(1, expiredPoints / issuedPoints);
}

export interface LiabilityInput {
  outstandingPoints: number;
  pendingPoints: number;
  value: PointValue | null;
  /** The share of points expected never to be spent (breakageRate over a past year). */
  expectedBreakage: number;
}

export interface Liability {
  outstandingPoints: number;
  pendingPoints: number;
  /** Minor units; null when no reward puts a money value on points. */
  outstandingMinor: number | null;
  pendingMinor: number | null;
  expectedBreakage: number;
  minorPerPoint: number | null;
}

export function liability(input: LiabilityInput): Liability {
  const breakage = Math.min(1, Math.max(0, input.expectedBreakage));
  const worth = (points: number) =>
    input.value === null ? null : Math.round(Math.max(0, points) * input.value.minorPerPoint * (1 - breakage));
  return {
    outstandingPoints: input.outstandingPoints,
    pendingPoints: input.pendingPoints,
    outstandingMinor: worth(input.outstandingPoints),
    pendingMinor: worth(input.pendingPoints),
    expectedBreakage: breakage,
    minorPerPoint: input.value?.minorPerPoint ?? null,
  };
}
