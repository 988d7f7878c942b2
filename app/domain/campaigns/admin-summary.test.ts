import { describe, expect, it } from "vitest";
import { effectText, scheduleText, whenText } from "./admin-summary";
import { effectSchema } from "./definition";

const names = {
  rules: new Map([["r1", "Visit the store"]]),
  tiers: new Map([["gold", "Gold"]]),
  rewards: new Map([["w1", "Free coffee"]]),
};

describe("campaign words", () => {
  it.each([
    [{ type: "weekly", days: [7, 6] }, "Every weekend (Saturday and Sunday)"],
    [{ type: "weekly", days: [1, 3] }, "Every Monday and Wednesday"],
    [{ type: "monthly", fromDay: 1, toDay: 7 }, "From the 1st to the 7th of every month"],
    [
      { type: "monthly", fromDay: 22, toDay: 31, endsOn: "2027-01-31" },
      "From the 22nd to the last day of every month, until 2027-01-31",
    ],
    [{ type: "yearly", months: [12, 11] }, "Every November and December"],
  ] as const)("schedule %j reads %j", (schedule, text) => {
    expect(scheduleText(schedule as never, "UTC")).toBe(text);
  });

  it("names a one-off campaign's start and end on the shop's clock", () => {
    expect(
      scheduleText(
        { type: "once", startsAt: new Date("2026-11-26T23:00:00Z"), endsAt: new Date("2026-11-30T23:00:00Z") },
        "Europe/Paris",
      ),
    ).toBe("From Fri, 27 Nov 2026, 00:00 to Tue, 1 Dec 2026, 00:00");
  });

  it("says what the effect does and to whom", () => {
    const effect = (input: unknown) => effectText(effectSchema.parse(input), names);
    expect(effect({ type: "multiplier", multiplierHundredths: 200 })).toBe("×2 points, on every award");
    expect(effect({ type: "bonus", points: 50, targeting: { tierIds: ["gold"], channels: [{ type: "pos" }] } })).toBe(
      "50 bonus points on each award on Point of Sale orders, for Gold members",
    );
    expect(effect({ type: "reward_price", rewardIds: ["w1"], costPercentOff: 25, valuePercentUp: 10 })).toBe(
      "25% fewer points and 10% more value for Free coffee",
    );
    expect(effect({ type: "reward_price", costPercentOff: 20 })).toBe("20% fewer points for every reward");
  });

  it("says when it ends or starts", () => {
    const occurrence = { start: new Date("2026-12-05T00:00:00Z"), end: new Date("2026-12-07T00:00:00Z") };
    expect(whenText("running", occurrence, "UTC")).toBe("Ends Mon, 7 Dec 2026, 00:00");
    expect(whenText("scheduled", occurrence, "UTC")).toBe("Starts Sat, 5 Dec 2026, 00:00");
    expect(whenText("ended", null, "UTC")).toBe("Ended: no more runs");
  });
});
