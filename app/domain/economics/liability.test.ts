import { describe, expect, it } from "vitest";
import { breakageRate, liability } from "./liability";

describe("liability", () => {
  it("values outstanding and pending points apart, net of expected breakage", () => {
    expect(
      liability({
        outstandingPoints: 10_000,
        pendingPoints: 2_000,
        value: { minorPerPoint: 1, basis: "redemptions" },
        expectedBreakage: 0.25,
      }),
    ).toEqual({
      outstandingPoints: 10_000,
      pendingPoints: 2_000,
      outstandingMinor: 7_500,
      pendingMinor: 1_500,
      expectedBreakage: 0.25,
      minorPerPoint: 1,
    });
  });

  it("has no money figure when points have no value, and never a negative one", () => {
    const none = liability({ outstandingPoints: 500, pendingPoints: 0, value: null, expectedBreakage: 0 });
    expect(none.outstandingMinor).toBeNull();
    const negative = liability({
      outstandingPoints: -40,
      pendingPoints: 0,
      value: { minorPerPoint: 2, basis: "catalogue" },
      expectedBreakage: 0,
    });
    expect(negative.outstandingMinor).toBe(0);
  });

  it("takes breakage as expired over issued, within 0 and 1", () => {
    expect(breakageRate(0, 0)).toBe(0);
    expect(breakageRate(50, 200)).toBe(0.25);
    expect(breakageRate(300, 200)).toBe(1);
  });
});
