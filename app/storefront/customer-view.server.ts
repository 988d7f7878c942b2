/** What the storefront widget shows a shopper (or a guest): the app proxy's JSON. */
import type { Db } from "../db.server";
import { earnSummary } from "../domain/earning";
import { rewardProgress } from "../domain/progress";
import { formatMoney } from "../domain/money";
import { upcomingExpiry } from "../ledger/expiry-view.server";
import { findMemberByCustomerId } from "../members/members.server";
import { referralLinkOf } from "../members/referral.server";
import { activeRewards } from "../shops/shops.server";
import { waysToEarn, type WayToEarn } from "../domain/ways-to-earn";
import { historyOf } from "../rules/award.server";
import { rulesForEvaluation } from "../rules/rules.server";
import { filledProfileFields } from "./profile";

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
  /**
   * The engagement rules the shopper can earn from now (guests: what they could earn), in
   * the merchant's order. The widget sends page visits only for the listed page patterns.
   */
  waysToEarn: WayToEarn[];
  /** What the widget may ask for; null for a guest. */
  profile: { birthday: string | null } | null;
}

interface ViewShop {
  id: string;
  currencyCode: string;
  pointsPerUnit: number;
  timeZone: string;
  engagementPaused: boolean;
}

type ViewMember = Awaited<ReturnType<typeof findMemberByCustomerId>>;

async function shopperWays(db: Db, shop: ViewShop, customerId: string | null, member: ViewMember, now: Date): Promise<WayToEarn[]> {
  const [rules, history] = await Promise.all([
    rulesForEvaluation(db, shop.id),
    member ? historyOf(db, shop.id, member.id) : Promise.resolve([]),
  ]);
  return waysToEarn({
    rules,
    history,
    // A guest is shown what a settled, verified account would earn: what joining offers.
    context: {
      now,
      timeZone: shop.timeZone,
      engagementPaused: shop.engagementPaused,
      member: customerId
        ? { id: customerId, createdAt: member?.customerCreatedAt ?? member?.createdAt ?? now, verified: member?.verifiedEmail ?? false }
        : { id: "guest", createdAt: new Date(0), verified: true },
    },
    signedIn: customerId !== null,
    filledFields: member ? filledProfileFields(member) : [],
  });
}

export async function customerView(
  db: Db,
  shop: ViewShop,
  customerId: string | null,
  now = new Date(),
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
  const ways = await shopperWays(db, shop, customerId, member, now);
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
    waysToEarn: ways,
    profile: customerId ? { birthday: member?.birthday ?? null } : null,
  };
}
