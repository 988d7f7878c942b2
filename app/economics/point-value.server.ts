/**
 * The shop's point value now (app/domain/economics/point-value.ts), read from its redemptions
 * and catalogue: one query each. What the dashboard values points at; the simulator may use it.
 */
import type { Db } from "../db.server";
import { pointValue, type PointValue } from "../domain/economics/point-value";
import { listRewards } from "../rewards/catalogue.server";

/** Redemptions that gave the member something (not failed, not cancelled). */
export const SPENT_STATUSES = ["issued", "fulfilled"];
/** Rewards whose redemption carries a money value (app/domain/economics/point-value.ts). */
const VALUED_KINDS = ["amount_off", "store_credit", "points_to_discount", "custom", "free_product"];

/** THE point value of the shop now: its redemptions' value per point, else its catalogue's. */
export async function shopPointValue(db: Db, shopId: string): Promise<PointValue | null> {
  const [spent, catalogue] = await Promise.all([
    db.redemption.aggregate({
      where: { shopId, status: { in: SPENT_STATUSES }, kind: { in: VALUED_KINDS } },
      _sum: { pointsSpent: true, valueMinor: true },
    }),
    listRewards(db, shopId),
  ]);
  return pointValue(
    [{ pointsSpent: spent._sum.pointsSpent ?? 0, valueMinor: spent._sum.valueMinor ?? 0 }],
    catalogue.map((entry) => entry.reward),
  );
}
