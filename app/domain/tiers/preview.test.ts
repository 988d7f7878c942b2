import { describe, expect, it } from "vitest";
import { previewProgramEdit } from "./preview";
import { BRONZE, GOLD, SILVER, facts, points, program } from "./test-program";

describe("previewProgramEdit", () => {
  it("counts who moves, the entry rewards due and the multiplier's yearly cost", () => {
    const before = program({ tiers: [BRONZE, SILVER, GOLD] });
    const after = program({
      tiers: [BRONZE, { ...SILVER, threshold: 300 }, { ...GOLD, threshold: 2000, multiplierHundredths: 200 }],
    });
    const member = (memberId: string, value: number, currentTierId: string, rewarded: string[]) => ({
      memberId,
      facts: facts({
        currentTierId,
        currentSource: "earned",
        rewardedTierIds: rewarded,
        contributions: [points("2026-01-01T10:00:00Z", value)],
      }),
      purchasePointsLast12Months: value,
    });
    const preview = previewProgramEdit(
      before,
      after,
      [
        member("a", 400, "bronze", ["bronze"]), // reaches Silver: +50 reward, ×1.25 on 400 = +100
        member("b", 1500, "gold", ["bronze", "silver", "gold"]), // falls to Silver: ×1.5 → ×1.25 on 1500 = -375
        member("c", 2500, "gold", ["bronze", "silver", "gold"]), // stays Gold, ×1.5 → ×2 on 2500 = +1250
        member("d", 100, "bronze", ["bronze"]),
      ],
      new Date("2026-06-01T12:00:00Z"),
    );
    expect(preview).toEqual({
      up: 1,
      down: 1,
      unchanged: 2,
      entryRewardPoints: 50,
      multiplierPointsPerYear: 100 - 375 + 1250,
      moves: [
        { memberId: "a", fromTierId: "bronze", toTierId: "silver" },
        { memberId: "b", fromTierId: "gold", toTierId: "silver" },
      ],
    });
  });
});
