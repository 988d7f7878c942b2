/**
 * A campaign's projected cost for the admin's preview (app/domain/campaigns/projection.ts
 * replays it): this shop's own orders, rule awards and redemptions of the comparable period,
 * each read in one query scoped by the shop. Reads only; nothing is written.
 */
import { SPENT_REDEMPTION_STATES } from "../domain/rewards/redemption-status";
import type { Db } from "../db.server";
import { stackingPolicyOf, type CampaignDefinition } from "../domain/campaigns/definition";
import {
  comparablePeriod,
  projectCampaign,
  type CampaignProjection,
  type PastMember,
} from "../domain/campaigns/projection";
import { readCustomerTags } from "../domain/customer-sync";
import { activeRewards } from "../rewards/catalogue.server";

export type { CampaignProjection } from "../domain/campaigns/projection";

const memberSelect = { select: { tierId: true, customerTags: true } } as const;
const pastMember = (member: { tierId: string | null; customerTags: string } | null): PastMember => ({
  tierId: member?.tierId ?? null,
  customerTags: member ? readCustomerTags(member.customerTags) : [],
});

export async function projectCampaignCost(
  db: Db,
  shop: { id: string; timeZone: string; currencyCode: string; pointsPerUnit: number; campaignStacking: string },
  definition: CampaignDefinition,
  now: Date,
): Promise<CampaignProjection> {
  const period = comparablePeriod(definition, now, shop.timeZone);
  const range = { gte: period.from, lt: period.to };
  const [orders, awards, redemptions, rewards] = await Promise.all([
    db.orderAccount.findMany({
      where: { shopId: shop.id, paidAt: range, memberId: { not: null } },
      select: {
        paidAt: true,
        earnedPoints: true,
        reversedPoints: true,
        earnComponents: true,
        memberId: true,
      },
    }),
    db.ledgerEntry.findMany({
      where: { shopId: shop.id, causeType: "rule", kind: "earn", createdAt: range },
      select: { createdAt: true, causeId: true, points: true, member: memberSelect },
    }),
    db.redemption.findMany({
      where: {
        shopId: shop.id,
        createdAt: range,
        status: { in: [...SPENT_REDEMPTION_STATES] },
        pointsSpent: { gt: 0 },
      },
      select: { createdAt: true, pointsSpent: true, rewardId: true },
    }),
    activeRewards(db, shop.id),
  ]);
  const byId = new Map(rewards.map((reward) => [reward.id, reward]));
  // Orders name their member by id only (no relation): their tiers and tags in one more query.
  const members = new Map(
    (
      await db.member.findMany({
        where: { shopId: shop.id, id: { in: [...new Set(orders.map((o) => o.memberId!))] } },
        select: { id: true, tierId: true, customerTags: true },
      })
    ).map((m) => [m.id, m] as const),
  );
  return projectCampaign(definition, period, stackingPolicyOf(shop.campaignStacking), {
    orders: orders.map((o) => ({
      paidAt: o.paidAt!,
      earnedPoints: o.earnedPoints,
      reversedPoints: o.reversedPoints,
      earnComponents: o.earnComponents,
      member: pastMember(members.get(o.memberId!) ?? null),
    })),
    awards: awards.map((a) => ({ at: a.createdAt, ruleId: a.causeId, points: a.points, member: pastMember(a.member) })),
    redemptions: redemptions.map((r) => ({
      at: r.createdAt,
      pointsSpent: r.pointsSpent,
      reward: r.rewardId ? (byId.get(r.rewardId) ?? null) : null,
    })),
    rewards,
  });
}
