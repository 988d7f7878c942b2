import { describe, expect, it } from "vitest";
import { readRewardRow, REWARD_KINDS } from "../domain/rewards/catalogue";
import { rewardRow } from "../domain/rewards/test-rewards";
import type { Availability } from "../domain/rewards/availability";
import { bazaarRewardOf, redemptionViewOf } from "./bazaar-view";
import { bazaarRewardSchema, redemptionViewSchema } from "./storefront-api";

const row = rewardRow;
const open: Availability = {
  available: true,
  lockedReason: null,
  pointsNeeded: null,
  unlockTier: null,
  redeemFrom: null,
  availableAgainOn: null,
};
const text = { title: "Titre", description: "Description" };

describe("bazaarRewardOf", () => {
  it("answers every kind in the storefront schema, with the value the schema describes", () => {
    const values = REWARD_KINDS.map((kind) => {
      const reward = readRewardRow(
        row({ kind, percentOff: 10, maxShippingMinor: 1500, productId: "7", maxPoints: 2000, minimumOrderMinor: 5000 }),
      );
      const shown = bazaarRewardOf(reward, text, open, "EUR");
      expect(bazaarRewardSchema.safeParse(shown).success, kind).toBe(true);
      expect(shown).toMatchObject({ kind, title: "Titre", description: "Description" });
      return [kind, shown.value?.amountMinor ?? null];
    });
    expect(Object.fromEntries(values)).toEqual({
      amount_off: 500,
      percent_off: null,
      free_shipping: 1500,
      free_product: 500,
      store_credit: 500,
      custom: null,
      points_to_discount: 500,
    });
  });

  it("keeps each reason's detail only with that reason", () => {
    const reward = readRewardRow(row({}));
    const detail = {
      pointsNeeded: 120,
      unlockTier: { id: "t", name: "Gold" },
      redeemFrom: new Date("2026-02-01T00:00:00Z"),
      availableAgainOn: new Date("2026-03-01T00:00:00Z"),
    };
    const lockedBy = (lockedReason: Availability["lockedReason"]) =>
      bazaarRewardOf(reward, text, { ...open, ...detail, available: false, lockedReason }, "USD");
    expect(lockedBy("points")).toMatchObject({ pointsNeeded: 120, unlockTier: null, redeemFrom: null });
    expect(lockedBy("tier")).toMatchObject({ pointsNeeded: null, unlockTier: { name: "Gold" } });
    expect(lockedBy("not_started")).toMatchObject({ redeemFrom: "2026-02-01T00:00:00.000Z", availableAgainOn: null });
    expect(lockedBy("period_limit_reached")).toMatchObject({ availableAgainOn: "2026-03-01T00:00:00.000Z" });
  });
});

describe("redemptionViewOf", () => {
  it("shows a money value only for the kinds that have one", () => {
    const base = {
      id: "r1",
      rewardId: null,
      rewardTitle: "Free shipping",
      pointsSpent: 300,
      valueMinor: 0,
      currencyCode: "USD",
      code: "LOYAL-1",
      status: "issued",
      expiresAt: null,
      usedAt: null,
      createdAt: new Date("2026-01-05T10:00:00Z"),
    };
    const shipping = redemptionViewOf({ ...base, kind: "free_shipping" }, { status: "unused", cancellable: true });
    expect(redemptionViewSchema.parse(shipping)).toMatchObject({ value: null, status: "unused", cancellable: true });
    const credit = redemptionViewOf(
      { ...base, kind: "store_credit", code: null, valueMinor: 1000 },
      { status: "credited", cancellable: false },
    );
    expect(credit.value).toEqual({ amountMinor: 1000, currency: "USD" });
  });
});
