import { describe, expect, it } from "vitest";
import { NO_EARNING_CONTEXT, type EarningContext } from "./earning-context";
import { rule } from "./rules/test-fixtures";
import { tierFactor } from "./tier-multiplier";

const spend = rule({ id: "s", name: "Purchases", kind: "spend", pointsPerUnit: 1 });
const visit = rule({ id: "v", name: "Visit", kind: "visit", points: 5 });
const referral = rule({ id: "r", name: "Referral", kind: "referral", referrerPoints: 100, friendPoints: 0 });
const tier = (multiplyEngagement: boolean): EarningContext => ({
  ...NO_EARNING_CONTEXT,
  tier: { id: "gold", name: "Gold", multiplierHundredths: 150, multiplyEngagement },
});

describe("tierFactor", () => {
  it("is 1 without a tier", () => {
    for (const r of [spend, visit, referral]) expect(tierFactor(NO_EARNING_CONTEXT, r)).toBe(1);
  });

  it("multiplies purchases always, engagement only when the tier says so, referrals never", () => {
    expect(tierFactor(tier(false), spend)).toBe(1.5);
    expect(tierFactor(tier(false), visit)).toBe(1);
    expect(tierFactor(tier(true), visit)).toBe(1.5);
    expect(tierFactor(tier(true), referral)).toBe(1);
  });
});
