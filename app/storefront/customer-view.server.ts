/** What the storefront widget shows a shopper (or a guest): the app proxy's JSON. */
import type { Db } from "../db.server";
import { earnSummary } from "../domain/earning";
import { rewardProgress } from "../domain/progress";
import { formatMoney } from "../domain/money";
import { upcomingExpiry } from "../ledger/expiry-view.server";
import { findMemberByCustomerId } from "../members/members.server";
import { referralLinkOf } from "../members/referral.server";
import { activeRewards } from "../shops/shops.server";

export interface CustomerView {
  loggedIn: boolean;
  balance: number;
  /** Points from orders not released yet (not spendable). */
  pending: number;
  currency: string;
  earn: { pointsPerUnit: number; summary: string };
  rewards: { id: string; title: string; costPoints: number; value: string; affordable: boolean }[];
  progress: { rewardId: string; title: string; costPoints: number; pointsNeeded: number; percent: number } | null;
  redemptions: { code: string; value: string; createdAt: string }[];
  /** The next points to expire under the shop's policy, if any will. */
  expiring: { points: number; on: string } | null;
  /** The signed-in member's link to share, while a referral rule pays. */
  referral: { code: string; url: string } | null;
}

export async function customerView(
  db: Db,
  shop: { id: string; currencyCode: string; pointsPerUnit: number },
  customerId: string | null,
): Promise<CustomerView> {
  const [rewards, member] = await Promise.all([
    activeRewards(db, shop.id),
    customerId ? findMemberByCustomerId(db, shop.id, customerId) : Promise.resolve(null),
  ]);
  const balance = member?.balance ?? 0;
  const redemptions = member
    ? await db.redemption.findMany({
        where: { shopId: shop.id, memberId: member.id, status: "issued" },
        orderBy: { createdAt: "desc" },
        take: 5,
      })
    : [];
  const expiring = member ? await upcomingExpiry(db, shop.id, member.id) : null;
  const progress = rewardProgress(balance, rewards);
  const nextReward = progress.next && rewards.find((r) => r.id === progress.next!.rewardId);
  return {
    loggedIn: customerId !== null,
    balance,
    pending: member?.pending ?? 0,
    currency: shop.currencyCode,
    earn: { pointsPerUnit: shop.pointsPerUnit, summary: earnSummary(shop.pointsPerUnit, shop.currencyCode) },
    rewards: rewards.map((r) => ({
      id: r.id,
      title: r.title,
      costPoints: r.costPoints,
      value: formatMoney(r.valueMinor, shop.currencyCode),
      affordable: customerId !== null && r.costPoints <= balance,
    })),
    progress: progress.next && nextReward ? { ...progress.next, title: nextReward.title } : null,
    redemptions: redemptions.map((r) => ({
      code: r.code,
      value: formatMoney(r.valueMinor, r.currencyCode),
      createdAt: r.createdAt.toISOString(),
    })),
    expiring: expiring ? { points: expiring.points, on: expiring.on.toISOString() } : null,
    referral: await referralLinkOf(db, shop.id, member),
  };
}
