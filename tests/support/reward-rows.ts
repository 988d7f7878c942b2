/**
 * Reward rows for tests and the demo seed: a base with nothing gated, and each kind's own
 * columns filled as a valid reward of that kind. Pure, with no test library, so the seed and
 * the domain's unit tests (app/domain/rewards/test-rewards.ts) share it.
 */
import type { RewardKind, RewardRow } from "../../app/domain/rewards/catalogue";

export function rewardRow(overrides: Partial<RewardRow> = {}): RewardRow {
  return {
    id: "reward-1",
    kind: "amount_off",
    title: "$5 off",
    description: "",
    imageUrl: null,
    translations: "{}",
    costPoints: 500,
    valueMinor: 500,
    percentOff: null,
    minimumOrderMinor: null,
    maxShippingMinor: null,
    productId: null,
    variantId: null,
    maxPoints: null,
    stockRemaining: null,
    limitPerCustomer: null,
    limitPerPeriod: null,
    limitPeriodDays: null,
    redeemFrom: null,
    redeemUntil: null,
    showFrom: null,
    showUntil: null,
    minTierId: null,
    codeExpiryDays: null,
    combinesWithOrder: false,
    combinesWithProduct: true,
    combinesWithShipping: true,
    position: 0,
    active: true,
    ...overrides,
  };
}

/** Each kind's own columns, filled as a valid reward of that kind . */
const KIND_COLUMNS: Record<RewardKind, Partial<RewardRow>> = {
  amount_off: { valueMinor: 500 },
  percent_off: { percentOff: 10, minimumOrderMinor: 5000, valueMinor: 0 },
  free_shipping: { maxShippingMinor: 1500, combinesWithShipping: false, valueMinor: 0 },
  free_product: { productId: "7201", variantId: "42001", valueMinor: 350 },
  store_credit: { valueMinor: 1000 },
  custom: { valueMinor: 800 },
  points_to_discount: { costPoints: 100, valueMinor: 100, maxPoints: 2000 },
};

/** A stored row of one kind, that kind's columns filled. */
export const rewardRowOfKind = (kind: RewardKind, overrides: Partial<RewardRow> = {}): RewardRow =>
  rewardRow({ kind, ...KIND_COLUMNS[kind], ...overrides });
