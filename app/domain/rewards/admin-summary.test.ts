import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { costRateText, redeemedCount, rewardCostText, rewardValueText, stockText } from "./admin-summary";
import { rewardOfKind, rewardRowArb } from "./test-rewards";
import { readRewardRow } from "./catalogue";

describe("the Rewards page's words for a reward", () => {
  it.each([
    [rewardOfKind("amount_off", { valueMinor: 500, minimumOrderMinor: null }), "$5.00 off any order"],
    [rewardOfKind("amount_off", { valueMinor: 500, minimumOrderMinor: 2000 }), "$5.00 off orders over $20.00"],
    [rewardOfKind("percent_off", { percentOff: 10, minimumOrderMinor: 5000 }), "10% off orders over $50.00"],
    [rewardOfKind("free_shipping", { maxShippingMinor: 1500 }), "Free shipping up to $15.00"],
    [rewardOfKind("free_shipping", { maxShippingMinor: null }), "Free shipping"],
    [rewardOfKind("free_product", { productId: "7", variantId: null, valueMinor: 450 }), "Product 7 free, worth $4.50"],
    [rewardOfKind("store_credit", { valueMinor: 1000 }), "$10.00 store credit"],
    [rewardOfKind("custom", { valueMinor: 0 }), "Handed over by you"],
    [
      rewardOfKind("points_to_discount", { costPoints: 100, valueMinor: 100, maxPoints: 2000 }),
      "$1.00 per 100 points, up to 2,000 points",
    ],
  ])("says what %# gives", (reward, text) => {
    expect(rewardValueText(reward, "USD")).toBe(text);
  });

  it("prices in points, per step for spend-any-amount, and counts stock", () => {
    expect(rewardCostText(rewardOfKind("amount_off", { costPoints: 1 }))).toBe("1 point");
    expect(rewardCostText(rewardOfKind("points_to_discount", { costPoints: 100, maxPoints: 200 }))).toBe(
      "100 points a step",
    );
    expect([stockText(null), stockText(0), stockText(1200)]).toEqual(["Unlimited", "0 left", "1,200 left"]);
  });

  it("rounds the cost rate to a tenth of a percent, says 'at most' for a shipping ceiling and a dash without a rate", () => {
    expect(costRateText({ rate: 0.01, basis: "value" })).toBe("~1.0% back");
    expect(costRateText({ rate: 0.0133, basis: "percent" })).toBe("~1.3% back");
    expect(costRateText({ rate: 0.05, basis: "max_shipping" })).toBe("~5.0% back at most");
    expect(costRateText(null)).toBe("—");
  });

  it("counts pending, issued and fulfilled redemptions, not failed or cancelled ones", () => {
    expect(redeemedCount({ pending: 1, issued: 2, fulfilled: 3, failed: 4, cancelled: 5 })).toBe(6);
    expect(redeemedCount({})).toBe(0);
  });

  it("words every stored reward without throwing, in 0-, 2- and 3-decimal currencies", () => {
    fc.assert(
      fc.property(rewardRowArb, fc.constantFrom("USD", "JPY", "KWD"), (row, currency) => {
        const text = rewardValueText(readRewardRow(row), currency);
        expect(text.length).toBeGreaterThan(0);
      }),
    );
  });
});
