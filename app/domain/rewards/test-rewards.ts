/** Rewards of every kind for the domain's tests: a base with nothing gated, overridden per test. */
import fc from "fast-check";
import { rewardRow, rewardRowOfKind } from "../../../tests/support/reward-rows";
import { readRewardRow, REWARD_KINDS, type Reward, type RewardKind, type RewardRow } from "./catalogue";

export { rewardRow } from "../../../tests/support/reward-rows";

export const reward = (overrides: Partial<RewardRow> = {}): Reward => readRewardRow(rewardRow(overrides));

export const rewardOfKind = (kind: RewardKind, overrides: Partial<RewardRow> = {}): Reward =>
  readRewardRow(rewardRowOfKind(kind, overrides));

const instant = fc.date({
  min: new Date("2024-01-01T00:00:00Z"),
  max: new Date("2028-01-01T00:00:00Z"),
  noInvalidDate: true,
});

/** Any valid reward row, gates and limits included. */
export const rewardRowArb: fc.Arbitrary<RewardRow> = fc
  .record({
    kind: fc.constantFrom(...REWARD_KINDS),
    costPoints: fc.integer({ min: 1, max: 10_000 }),
    valueMinor: fc.integer({ min: 1, max: 10_000_000 }),
    percentOff: fc.integer({ min: 1, max: 100 }),
    minimumOrderMinor: fc.option(fc.integer({ min: 1, max: 10_000_000 })),
    maxShippingMinor: fc.option(fc.integer({ min: 1, max: 10_000_000 })),
    steps: fc.integer({ min: 1, max: 50 }),
    stockRemaining: fc.option(fc.integer({ min: 0, max: 5 })),
    limitPerCustomer: fc.option(fc.integer({ min: 1, max: 5 })),
    period: fc.option(fc.record({ count: fc.integer({ min: 1, max: 3 }), days: fc.integer({ min: 1, max: 60 }) })),
    redeemFrom: fc.option(instant),
    redeemUntil: fc.option(instant),
    minTierId: fc.option(fc.constantFrom("silver", "gold", "gone")),
  })
  .map((r) =>
    rewardRow({
      kind: r.kind,
      costPoints: r.costPoints,
      valueMinor: r.kind === "percent_off" || r.kind === "free_shipping" ? 0 : r.valueMinor,
      percentOff: r.kind === "percent_off" ? r.percentOff : null,
      minimumOrderMinor: ["amount_off", "percent_off", "free_shipping", "points_to_discount"].includes(r.kind)
        ? r.minimumOrderMinor
        : null,
      maxShippingMinor: r.kind === "free_shipping" ? r.maxShippingMinor : null,
      productId: r.kind === "free_product" ? "111" : null,
      maxPoints: r.kind === "points_to_discount" ? r.costPoints * r.steps : null,
      stockRemaining: r.stockRemaining,
      limitPerCustomer: r.limitPerCustomer,
      limitPerPeriod: r.period?.count ?? null,
      limitPeriodDays: r.period?.days ?? null,
      redeemFrom: r.redeemFrom,
      redeemUntil: r.redeemUntil,
      minTierId: r.minTierId,
    }),
  );

export const instantArb = instant;
