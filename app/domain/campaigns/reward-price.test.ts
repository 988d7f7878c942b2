import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readRewardRow } from "../rewards/catalogue";
import { redemptionQuote } from "../rewards/pricing";
import { rewardOfKind, rewardRowArb } from "../rewards/test-rewards";
import { campaignDefinitionSchema } from "./definition";
import { rewardAtCampaignPrice } from "./reward-price";
import type { RunningCampaign } from "./schedule";

const priceCampaign = (id: string, effect: Record<string, unknown>): RunningCampaign => ({
  ...campaignDefinitionSchema.parse({
    schedule: { type: "yearly", months: [2] },
    effect: { type: "reward_price", ...effect },
  }),
  id,
  title: id,
  translations: {},
  active: true,
  position: 0,
  endsAt: new Date("2026-03-01T00:00:00Z"),
});

describe("rewardAtCampaignPrice", () => {
  const fiveOff = rewardOfKind("amount_off", { id: "r1", costPoints: 500, valueMinor: 500 });

  it("without a campaign: the reward unchanged", () => {
    expect(rewardAtCampaignPrice(fiveOff, [])).toEqual({
      reward: fiveOff,
      campaignId: null,
      regularCostPoints: 500,
      regularValueMinor: 500,
    });
  });

  it.each([
    [{ costPercentOff: 20 }, 400, 500],
    [{ valuePercentUp: 50 }, 500, 750],
    [{ costPercentOff: 33, valuePercentUp: 10 }, 335, 550],
  ])("%j: %d points for %d", (effect, cost, value) => {
    const priced = rewardAtCampaignPrice(fiveOff, [priceCampaign("slow", effect)]);
    expect(priced.campaignId).toBe("slow");
    expect(priced.reward).toMatchObject({ costPoints: cost, valueMinor: value });
    expect(priced.regularCostPoints).toBe(500);
    expect(redemptionQuote(priced.reward)).toEqual({ ok: true, points: cost, valueMinor: value });
  });

  it("only the rewards it names; the best of several; never below one point", () => {
    expect(
      rewardAtCampaignPrice(fiveOff, [priceCampaign("other", { rewardIds: ["r2"], costPercentOff: 50 })]).campaignId,
    ).toBeNull();
    const best = rewardAtCampaignPrice(fiveOff, [
      priceCampaign("a", { costPercentOff: 10 }),
      priceCampaign("b", { costPercentOff: 40 }),
    ]);
    expect(best).toMatchObject({ campaignId: "b", reward: { costPoints: 300 } });
    const cheap = rewardOfKind("free_shipping", { costPoints: 1 });
    expect(rewardAtCampaignPrice(cheap, [priceCampaign("a", { costPercentOff: 90 })]).reward.costPoints).toBe(1);
  });

  it("a percentage off is raised up to 100; points to discount keeps its number of steps", () => {
    const percent = rewardOfKind("percent_off", { percentOff: 80 });
    expect(rewardAtCampaignPrice(percent, [priceCampaign("a", { valuePercentUp: 50 })]).reward).toMatchObject({
      percentOff: 100,
    });
    const steps = rewardOfKind("points_to_discount", { costPoints: 100, maxPoints: 500 });
    const priced = rewardAtCampaignPrice(steps, [priceCampaign("a", { costPercentOff: 20 })]).reward;
    expect(priced).toMatchObject({ costPoints: 80, maxPoints: 400 });
  });

  it("never raises a price nor lowers a value, and the quote of every kind stays valid", () => {
    fc.assert(
      fc.property(
        rewardRowArb,
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 500 }),
        (row, costPercentOff, valuePercentUp) => {
          fc.pre(costPercentOff + valuePercentUp > 0);
          const reward = readRewardRow(row);
          const { reward: priced } = rewardAtCampaignPrice(reward, [
            priceCampaign("c", { costPercentOff, valuePercentUp }),
          ]);
          expect(priced.costPoints).toBeGreaterThanOrEqual(1);
          expect(priced.costPoints).toBeLessThanOrEqual(reward.costPoints);
          const before = redemptionQuote(reward);
          const after = redemptionQuote(priced);
          expect(after.ok).toBe(before.ok);
          if (before.ok && after.ok) expect(after.valueMinor).toBeGreaterThanOrEqual(before.valueMinor);
        },
      ),
    );
  });
});
