// TEMPORARY (admin helper): replaced by engineer A's module. A rough estimate (the comparable
// period's ledger earnings times the multiplier's extra share, or the bonus per award) so the
// admin's preview has numbers until A's projection lands.
import type { Db } from "../db.server";
import type { CampaignDefinition } from "../domain/campaigns/definition";
import { nextOccurrence, occurrenceAt } from "../domain/campaigns/schedule";

export interface CampaignProjection {
  comparable: { from: Date; to: Date };
  extraPoints: number;
  valueMinor: number | null;
  basis: { orders: number; awards: number; redemptions: number };
}

export async function projectCampaignCost(
  db: Db,
  shop: { id: string; timeZone: string; currencyCode: string; pointsPerUnit: number; campaignStacking: string },
  definition: CampaignDefinition,
  now: Date,
): Promise<CampaignProjection> {
  const occurrence =
    occurrenceAt(definition.schedule, now, shop.timeZone) ?? nextOccurrence(definition.schedule, now, shop.timeZone);
  const length = occurrence ? occurrence.end.getTime() - occurrence.start.getTime() : 7 * 86_400_000;
  const to = occurrence && occurrence.start < now ? occurrence.start : (occurrence?.start ?? now);
  const from = new Date(to.getTime() - length);
  const entries = await db.ledgerEntry.findMany({
    where: { shopId: shop.id, kind: "earn", createdAt: { gte: from, lt: to } },
    select: { points: true, causeType: true },
  });
  const effect = definition.effect;
  const earned = entries.reduce((sum, e) => sum + e.points, 0);
  const extraPoints =
    effect.type === "multiplier"
      ? Math.floor((earned * (effect.multiplierHundredths - 100)) / 100)
      : effect.type === "bonus"
        ? effect.points * entries.length
        : 0;
  return {
    comparable: { from, to },
    extraPoints,
    valueMinor: null,
    basis: {
      orders: entries.filter((e) => e.causeType === "order").length,
      awards: entries.filter((e) => e.causeType !== "order").length,
      redemptions: 0,
    },
  };
}
