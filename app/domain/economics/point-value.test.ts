import { describe, expect, it } from "vitest";
import { readRewardRow } from "../rewards/catalogue";
import { rewardRow } from "../../../tests/support/reward-rows";
import { pointValue } from "./point-value";

describe("pointValue", () => {
  it("is what redemptions with a money value gave per point", () => {
    const value = pointValue(
      [
        { pointsSpent: 500, valueMinor: 500 },
        { pointsSpent: 1000, valueMinor: 1500 },
        { pointsSpent: 300, valueMinor: 0 }, // free shipping: no money value, left out
      ],
      [],
    );
    expect(value).toEqual({ minorPerPoint: 2000 / 1500, basis: "redemptions" });
  });

  it("falls back to the catalogue's average value per point, and to nothing", () => {
    const rewards = [
      readRewardRow(rewardRow({ id: "a", costPoints: 500, valueMinor: 500 })),
      readRewardRow(rewardRow({ id: "b", costPoints: 1000, valueMinor: 2000 })),
    ];
    expect(pointValue([], rewards)).toEqual({ minorPerPoint: 1.5, basis: "catalogue" });
    expect(pointValue([], [])).toBeNull();
  });
});
