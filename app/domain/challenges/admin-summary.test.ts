import { describe, expect, it } from "vitest";
import { completionText, goalText } from "./admin-summary";
import { readChallengeRow } from "./definition";
import { challengeRow } from "../../../tests/support/programme-rows";

const challenge = (input: Parameters<typeof challengeRow>[0]) =>
  readChallengeRow({ id: "c1", ...challengeRow(input) }).challenge!;
const rewards = new Map([["w1", "Free coffee"]]);

describe("challenge words", () => {
  it("says the goal and what completing gives", () => {
    const visits = challenge({
      kind: "challenge",
      title: "Visit 5 times",
      definition: {
        measure: { type: "visits", count: 5 },
        window: { type: "month" },
        reward: { type: "points", points: 100 },
      },
    });
    expect(goalText(visits, "USD")).toBe("5 visits each month");
    expect(completionText(visits, rewards)).toBe("100 points");
    const spend = challenge({
      kind: "milestone",
      title: "Big spender",
      definition: { measure: { type: "spend", amountMinor: 100_000 }, reward: { type: "reward", rewardId: "w1" } },
    });
    expect(goalText(spend, "USD")).toBe("Spend $1,000.00 in all");
    expect(completionText(spend, rewards)).toBe("Free coffee");
    const streak = challenge({
      kind: "streak",
      title: "Weekly",
      definition: {
        action: { type: "orders" },
        period: "week",
        graceMissed: 1,
        steps: [
          { length: 3, reward: { type: "points", points: 50 } },
          { length: 6, reward: { type: "reward", rewardId: "gone" } },
        ],
      },
    });
    expect(goalText(streak, "USD")).toBe("An order every week: rewarded at 3, 6 in a row, 1 missed week forgiven");
    expect(completionText(streak, rewards)).toBe(
      "3 in a row: 50 points · 6 in a row: A reward no longer in the catalogue",
    );
  });
});
