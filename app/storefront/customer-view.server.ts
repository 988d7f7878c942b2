/**
 * What the storefront widget shows a shopper (or a guest): the app proxy's JSON. Numbers and
 * codes only, never sentences or formatted money: the widget words them in the shopper's
 * language from the theme extension's locale files (the titles and page names are the
 * merchant's own words). Its shape is ./storefront-api.ts's customerViewSchema.
 */
import type { Db } from "../db.server";
import { rewardProgress } from "../domain/progress";
import { purchaseOffers, purchasePolicy } from "../domain/order-earnings";
import type { Rule } from "../domain/rules";
import { upcomingExpiry } from "../ledger/expiry-view.server";
import { findMemberByCustomerId } from "../members/members.server";
import { referralLinkOf } from "../members/referral.server";
import { activeRewards } from "../rewards/catalogue.server";
import { waysToEarn, type WayToEarn } from "../domain/ways-to-earn";
import { historyOf } from "../rules/award.server";
import { listRules } from "../rules/rules.server";
import { earningContextOf } from "../tiers/earning-context.server";
import { memberTierStanding } from "../tiers/member-tier.server";
import { readTierProgram } from "../tiers/tiers.server";
import { filledProfileFields } from "./profile";
import type { CustomerView, Money } from "./storefront-api";
import { NO_TIER, tierViewOf, type TierView } from "./tier-view";

interface ViewShop {
  id: string;
  currencyCode: string;
  pointsPerUnit: number;
  timeZone: string;
  engagementPaused: boolean;
}

type ViewMember = Awaited<ReturnType<typeof findMemberByCustomerId>>;

async function shopperWays(
  db: Db,
  shop: ViewShop,
  rules: Rule[],
  customerId: string | null,
  member: ViewMember,
  now: Date,
): Promise<WayToEarn[]> {
  const history = member ? await historyOf(db, shop.id, member.id) : [];
  return waysToEarn({
    rules,
    history,
    // A guest is shown what a settled, verified account would earn: what joining offers.
    context: {
      now,
      timeZone: shop.timeZone,
      engagementPaused: shop.engagementPaused,
      member: customerId
        ? {
            id: customerId,
            createdAt: member?.customerCreatedAt ?? member?.createdAt ?? now,
            verified: member?.verifiedEmail ?? false,
          }
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
  const [rewards, member, stored] = await Promise.all([
    activeRewards(db, shop.id),
    customerId ? findMemberByCustomerId(db, shop.id, customerId) : Promise.resolve(null),
    listRules(db, shop.id),
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
  const earning = await earningContextOf(db, shop.id, member?.id ?? null);
  const rules = stored.flatMap((s) => (s.rule ? [s.rule] : []));
  const ways = await shopperWays(db, shop, rules, customerId, member, now);
  const progress = rewardProgress(balance, rewards);
  const nextReward = progress.next && rewards.find((r) => r.id === progress.next!.rewardId);
  return {
    loggedIn: customerId !== null,
    balance,
    pending: member?.pending ?? 0,
    currency: shop.currencyCode,
    earn: { offers: purchaseOffers(purchasePolicy(stored, shop.pointsPerUnit), now, earning) },
    rewards: rewards.map((r) => ({
      id: r.id,
      title: r.title,
      costPoints: r.costPoints,
      value: { amountMinor: Number(r.valueMinor), currency: shop.currencyCode },
      affordable: customerId !== null && r.costPoints <= balance,
    })),
    progress: progress.next && nextReward ? { ...progress.next, title: nextReward.title } : null,
    redemptions: redemptions.map((r) => ({
      code: r.code,
      value: { amountMinor: Number(r.valueMinor), currency: r.currencyCode },
      createdAt: r.createdAt.toISOString(),
    })),
    expiring: expiring ? { points: expiring.points, on: expiring.on.toISOString() } : null,
    referral: await referralLinkOf(db, shop.id, member),
    waysToEarn: ways,
    profile: customerId ? { birthday: member?.birthday ?? null } : null,
    ...(member ? await memberTierView(db, shop.id, member.id, now) : NO_TIER),
  };
}

/**
 * The member's tier, the way to the next and what keeps it. A guest has none: a tier is a
 * member's standing, and the entry tier's perks are not theirs until they join (the guest
 * view already says what joining earns).
 */
async function memberTierView(db: Db, shopId: string, memberId: string, now: Date): Promise<TierView> {
  const [{ program }, standing] = await Promise.all([
    readTierProgram(db, shopId),
    memberTierStanding(db, shopId, memberId, now),
  ]);
  return tierViewOf(standing, program);
}

/** What a redemption is worth, for the redeem answer: the amount it was issued for. */
export async function redemptionValue(db: Db, shopId: string, redemptionId: string): Promise<Money> {
  const redemption = await db.redemption.findFirstOrThrow({
    where: { shopId, id: redemptionId },
    select: { valueMinor: true, currencyCode: true },
  });
  return { amountMinor: Number(redemption.valueMinor), currency: redemption.currencyCode };
}
