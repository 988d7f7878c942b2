import { describe, expect, it } from "vitest";
import { costText, groupMoves, movesText, pointsWorth } from "./edit-summary";

describe("a programme edit in words", () => {
  it("counts members in the singular and the plural, before and after saving", () => {
    expect(movesText({ up: 1, down: 0, unchanged: 2 }, "preview")).toEqual({
      up: "1 member moves up",
      down: "0 members move down",
      unchanged: "2 members stay in the same tier",
    });
    expect(movesText({ up: 3, down: 1, unchanged: 1 }, "applied")).toEqual({
      up: "3 members moved up",
      down: "1 member moved down",
      unchanged: "1 member stayed in the same tier",
    });
  });

  it("puts points in money at the shop's most generous reward, when a reward has a money value", () => {
    const rewards = [
      { costPoints: 500, valueMinor: 500 },
      { costPoints: 100, valueMinor: 200 },
      { costPoints: 100, valueMinor: 0 },
    ];
    expect(pointsWorth(250, rewards, "USD")).toBe("worth up to ~$5.00");
    expect(pointsWorth(250, [{ costPoints: 100, valueMinor: 0 }], "USD")).toBeNull();
    expect(pointsWorth(0, rewards, "USD")).toBeNull();
    expect(
      costText({ up: 1, down: 0, unchanged: 0, entryRewardPoints: 250, multiplierPointsPerYear: -310 }, rewards, "USD"),
    ).toEqual({
      entryRewards: "250 points in entry rewards, posted when you save (worth up to ~$5.00)",
      multipliers:
        "About 310 fewer points a year from multipliers, at the last 12 months’ purchases (worth up to ~$6.20)",
    });
    expect(
      costText({ up: 0, down: 0, unchanged: 4, entryRewardPoints: 0, multiplierPointsPerYear: 0 }, [], "USD"),
    ).toEqual({ entryRewards: "No entry rewards to post", multipliers: "No change in what multipliers add" });
  });

  it("groups moves by where members go, largest first, naming tiers", () => {
    const names = new Map([
      ["b", "Bronze"],
      ["g", "Gold"],
    ]);
    expect(
      groupMoves(
        [
          { fromTierId: "b", toTierId: "g" },
          { fromTierId: null, toTierId: "b" },
          { fromTierId: "b", toTierId: "g" },
          { fromTierId: "x", toTierId: "b" },
        ],
        names,
      ),
    ).toEqual([
      { from: "Bronze", to: "Gold", members: 2 },
      { from: null, to: "Bronze", members: 1 },
      { from: "a deleted tier", to: "Bronze", members: 1 },
    ]);
  });
});
