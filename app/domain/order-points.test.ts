import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  planOrderPoints,
  type OrderFacts,
  type OrderPointsLedger,
  type OrderStep,
  type ReleaseRule,
} from "./order-points";

const fresh: OrderPointsLedger = { pointsState: "none", heldPoints: 0, releasedPoints: 0, reversedPoints: 0 };
const facts = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  earnedPoints: 100,
  spendMinor: 10_000,
  refundedMinor: 0,
  cancelled: false,
  paid: false,
  fulfilled: false,
  returnWindowOver: false,
  ...over,
});

/** Applies a series of fact snapshots, returning every step and the final ledger. */
function run(snapshots: OrderFacts[], rule: ReleaseRule) {
  let ledger = fresh;
  const steps: OrderStep[] = [];
  for (const f of snapshots) {
    const plan = planOrderPoints(f, ledger, rule);
    steps.push(...plan.steps);
    ledger = plan.next;
  }
  return { steps, ledger };
}

describe("planOrderPoints", () => {
  it("releasing on payment: a paid order earns straight away", () => {
    expect(planOrderPoints(facts({ paid: true }), fresh, "payment")).toEqual({
      steps: [{ kind: "earn", points: 100 }],
      next: { pointsState: "released", heldPoints: 0, releasedPoints: 100, reversedPoints: 0 },
    });
  });

  it("an order seen before payment is pending, and released when paid", () => {
    const created = planOrderPoints(facts(), fresh, "payment");
    expect(created.steps).toEqual([{ kind: "hold", points: 100 }]);
    expect(planOrderPoints(facts({ paid: true }), created.next, "payment").steps).toEqual([
      { kind: "release", points: 100 },
    ]);
  });

  it("a return window holds paid points until it is over", () => {
    const paid = planOrderPoints(facts({ paid: true }), fresh, "return_window");
    expect(paid.steps).toEqual([{ kind: "hold", points: 100 }]);
    expect(planOrderPoints(facts({ paid: true }), paid.next, "return_window").steps).toEqual([]);
    expect(planOrderPoints(facts({ paid: true, returnWindowOver: true }), paid.next, "return_window").steps).toEqual([
      { kind: "release", points: 100 },
    ]);
  });

  it("releasing on fulfilment waits for paid and fulfilled, in either order", () => {
    const fulfilledFirst = run([facts({ fulfilled: true }), facts({ fulfilled: true, paid: true })], "fulfilment");
    const paidFirst = run([facts({ paid: true }), facts({ paid: true, fulfilled: true })], "fulfilment");
    expect(fulfilledFirst.steps).toEqual([
      { kind: "hold", points: 100 },
      { kind: "release", points: 100 },
    ]);
    expect(paidFirst.ledger).toEqual(fulfilledFirst.ledger);
  });

  it("a refund while pending voids pending points; only the rest is released", () => {
    const held = planOrderPoints(facts({ paid: true }), fresh, "fulfilment").next;
    const refunded = planOrderPoints(facts({ paid: true, refundedMinor: 2_500 }), held, "fulfilment");
    expect(refunded.steps).toEqual([{ kind: "void", points: 25, target: 25 }]);
    expect(
      planOrderPoints(facts({ paid: true, refundedMinor: 2_500, fulfilled: true }), refunded.next, "fulfilment").steps,
    ).toEqual([{ kind: "release", points: 75 }]);
  });

  it("a cancellation voids what is pending and reverses what was released", () => {
    const partlyReleased = run([facts({ paid: true }), facts({ paid: true, refundedMinor: 1_000 })], "payment").ledger;
    expect(
      planOrderPoints(facts({ paid: true, refundedMinor: 1_000, cancelled: true }), partlyReleased, "payment").steps,
    ).toEqual([{ kind: "reverse", points: 90, target: 100 }]);
    const pending = planOrderPoints(facts(), fresh, "payment").next;
    expect(planOrderPoints(facts({ cancelled: true, paid: true }), pending, "payment").steps).toEqual([
      { kind: "void", points: 100, target: 100 },
    ]);
  });

  it("events that arrive before the order is known apply when it is", () => {
    const early = facts({ earnedPoints: 0, refundedMinor: 5_000 });
    expect(planOrderPoints(early, fresh, "payment").steps).toEqual([]);
    expect(planOrderPoints(facts({ paid: true, refundedMinor: 5_000 }), fresh, "payment").steps).toEqual([
      { kind: "earn", points: 100 },
      { kind: "reverse", points: 50, target: 50 },
    ]);
  });

  const snapshotsArb = fc
    .record({
      earned: fc.integer({ min: 0, max: 5_000 }),
      spend: fc.integer({ min: 1, max: 1_000_000 }),
      refunds: fc.array(fc.integer({ min: 0, max: 400_000 }), { maxLength: 4 }),
      flags: fc.array(fc.constantFrom("paid", "fulfilled", "returnWindowOver", "cancelled", "refund"), {
        maxLength: 8,
      }),
      rule: fc.constantFrom<ReleaseRule>("payment", "return_window", "fulfilment"),
    })
    .map(({ earned, spend, refunds, flags, rule }) => {
      // Facts only ever grow: each snapshot adds one thing Shopify told us.
      let current = facts({ earnedPoints: earned, spendMinor: spend });
      const snapshots = [current];
      let r = 0;
      for (const flag of flags) {
        current =
          flag === "refund"
            ? { ...current, refundedMinor: current.refundedMinor + (refunds[r++ % Math.max(refunds.length, 1)] ?? 0) }
            : { ...current, [flag]: true };
        snapshots.push(current);
      }
      return { snapshots, rule };
    });

  it("never takes back more than was placed, never releases more than was held, and repeats are no-ops", () => {
    fc.assert(
      fc.property(snapshotsArb, ({ snapshots, rule }) => {
        const { steps, ledger } = run(snapshots, rule);
        const sum = (kind: OrderStep["kind"]) => steps.filter((s) => s.kind === kind).reduce((t, s) => t + s.points, 0);
        const placed = sum("earn") + sum("hold");
        expect(placed === 0 || placed === snapshots[0]!.earnedPoints).toBe(true);
        expect(steps.filter((s) => s.kind === "earn" || s.kind === "hold").length).toBeLessThanOrEqual(1);
        expect(sum("void") + sum("reverse")).toBeLessThanOrEqual(placed);
        expect(sum("hold") - sum("void") - sum("release")).toBe(ledger.heldPoints);
        expect(ledger.heldPoints).toBeGreaterThanOrEqual(0);
        // Planning again with nothing new changes nothing.
        expect(planOrderPoints(snapshots.at(-1)!, ledger, rule).steps).toEqual([]);
      }),
    );
  });

  it("ends in the same place whether the events come one by one or all at once", () => {
    fc.assert(
      fc.property(snapshotsArb, ({ snapshots, rule }) => {
        const kept = ({ steps, ledger }: ReturnType<typeof run>) => {
          const sum = (kind: OrderStep["kind"]) =>
            steps.filter((s) => s.kind === kind).reduce((t, s) => t + s.points, 0);
          return {
            pending: ledger.heldPoints,
            kept: sum("earn") + sum("hold") - sum("void") - sum("reverse"),
            reversed: ledger.reversedPoints,
          };
        };
        expect(kept(run(snapshots, rule))).toEqual(kept(run([snapshots.at(-1)!], rule)));
      }),
    );
  });
});
