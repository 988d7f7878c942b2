/**
 * What the storefront widget shows a shopper (or a guest): the app proxy's JSON. Numbers and
 * codes only, never sentences or formatted money: the widget words them in the shopper's
 * language from the theme extension's locale files (the titles and page names are the
 * merchant's own words). Its shape is ./storefront-api.ts's customerViewSchema.
 */
import type { Db } from "../db.server";
import { rewardProgress } from "../domain/progress";
import { purchaseOffers, purchasePolicy } from "../domain/order-earnings";
import type { History, Rule } from "../domain/rules";
import { expiryOfMember } from "../ledger/expiry-view.server";
import { findMemberByCustomerId } from "../members/members.server";
import { referralLinkFrom } from "../members/referral.server";
import { waysToEarn, type WayToEarn } from "../domain/ways-to-earn";
import { historyOf } from "../rules/award.server";
import type { StoredRule } from "../rules/rules.server";
import { earningContextFor, earningTiersFrom } from "../tiers/earning-context.server";
import { readMemberTierFacts } from "../tiers/tier-facts.server";
import { tierProgramOf } from "../tiers/tiers.server";
import { tierStanding } from "../domain/tiers/progress";
import type { Tier } from "../domain/tiers/definition";
import { COUNTING_STATUSES, isRewardShown, rewardAvailability } from "../domain/rewards/availability";
import type { Reward, RewardKind } from "../domain/rewards/catalogue";
import { localisedRewardText } from "../domain/rewards/localise";
import { isShopperCancellable, redemptionStatus } from "../domain/rewards/redemption-status";
import { runningCampaigns, type RunningCampaign } from "../domain/campaigns/schedule";
import { stackingPolicyOf } from "../domain/campaigns/definition";
import { readCustomerTags } from "../domain/customer-sync";
import { rewardAtCampaignPrice } from "../domain/campaigns/reward-price";
import { memberChallengeStandings } from "../challenges/standing.server";
import { bazaarRewardOf, redemptionViewOf, type RedemptionRow } from "./bazaar-view";
import { campaignViewOf, challengeViewsOf, guestStandings } from "./programme-view";
import { historyReasonOf } from "./history-reason";
import { programPartOf, withFreshStock } from "./program-cache.server";
import { filledProfileFields } from "./profile";
import type { BazaarReward, CustomerView, HistoryEntry, RedemptionView } from "./storefront-api";
import { NO_TIER, tierViewOf } from "./tier-view";

/** The shop row the proxy read (findShop): its settings are fresh per request, its version keys the cache. */
export interface ViewShop {
  id: string;
  domain: string;
  programVersion: number;
  currencyCode: string;
  pointsPerUnit: number;
  timeZone: string;
  engagementPaused: boolean;
  expiryMode: string;
  expiryMonths: number;
  tierMetric: string;
  tierPeriod: string;
  tierGraceDays: number;
  /** How the tier's and the running campaigns' multipliers combine (the offers say what purchases earn now). */
  campaignStacking: string;
}

type ViewMember = Awaited<ReturnType<typeof findMemberByCustomerId>>;

function shopperWays(
  shop: ViewShop,
  rules: readonly Rule[],
  history: History,
  customerId: string | null,
  member: ViewMember,
  now: Date,
): WayToEarn[] {
  return waysToEarn({
    rules: [...rules],
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

/** How many redemptions and ledger movements the view lists, newest first. */
const LISTED = 20;

/**
 * The view from the shop row the caller read (the proxy's findShop). The shop's rules,
 * rewards and tiers come from the per-process cache keyed by Shop.programVersion (a guest's
 * read makes no query of its own unless a reward's stock is limited); the member's rows are
 * read once each, side by side.
 */
export async function customerView(
  db: Db,
  shop: ViewShop,
  customerId: string | null,
  options: { locale?: string | null; now?: Date } = {},
): Promise<CustomerView> {
  const now = options.now ?? new Date();
  const part = await programPartOf(db, shop);
  const [shown, member] = await Promise.all([
    withFreshStock(
      db,
      shop.id,
      part.rewards.filter((reward) => isRewardShown(reward, now)),
    ),
    customerId ? findMemberByCustomerId(db, shop.id, customerId) : Promise.resolve(null),
  ]);
  const balance = member?.balance ?? 0;
  const tierProgram = tierProgramOf(shop, part.tiers);
  const running = runningCampaigns(part.campaigns, now, shop.timeZone);
  const [history, redeemed, entries, expiring, referral, tierFacts, standings] = member
    ? await Promise.all([
        historyOf(db, shop.id, member.id),
        redemptionRowsOf(db, shop.id, member.id),
        historyOfMember(db, shop.id, member.id, part.stored),
        expiryOfMember(db, shop.id, member.id, shop, member),
        referralLinkFrom(db, shop, part.rules, member, now),
        // No tiers, no standing: the three reads of the tier facts are skipped.
        tierProgram.tiers.length > 0 ? readMemberTierFacts(db, shop.id, member, tierProgram, now) : null,
        // No challenges, no standing: their two reads are skipped.
        part.challenges.length > 0 ? memberChallengeStandings(db, shop, member, part.challenges, now) : [],
      ])
    : [[], [], [], null, null, null, guestStandings(part.challenges, now, shop.timeZone)];
  const shownIds = new Set(shown.map((r) => r.id));
  const counting: readonly string[] = COUNTING_STATUSES;
  const counted = redeemed.filter(
    (r) => r.rewardId !== null && shownIds.has(r.rewardId) && counting.includes(r.status),
  );
  const redemptions = redeemed.slice(0, LISTED).map((row) => shopperRedemptionView(row, now));
  // What purchases earn now: the member's tier, the running campaigns (as order pricing reads
  // them, app/orders/order-pricing.server.ts), the shop's stacking policy, the member's tags.
  const earning = earningContextFor(earningTiersFrom(part.tiers), member?.tierId, {
    campaigns: running,
    stacking: stackingPolicyOf(shop.campaignStacking),
    customerTags: readCustomerTags(member?.customerTags ?? "[]"),
  });
  const rewards = bazaarOf(shop, shown, part.tiers, member, counted, {
    signedIn: customerId !== null,
    now,
    locale: options.locale,
    running,
  });
  // The way to the next reward: the cheapest one that only points stand between (not one out of
  // stock, ended or locked to a tier), in the shopper's language.
  const reachable = rewards.filter(
    (r) => r.lockedReason === null || r.lockedReason === "points" || r.lockedReason === "sign_in",
  );
  const progress = rewardProgress(balance, reachable).next;
  const nextReward = progress && reachable.find((r) => r.id === progress.rewardId);
  return {
    loggedIn: customerId !== null,
    balance,
    pending: member?.pending ?? 0,
    currency: shop.currencyCode,
    earn: { offers: purchaseOffers(purchasePolicy([...part.stored], shop.pointsPerUnit), now, earning) },
    rewards,
    progress: progress && nextReward ? { ...progress, title: nextReward.title } : null,
    redemptions,
    history: entries,
    expiring: expiring ? { points: expiring.points, on: expiring.on.toISOString() } : null,
    referral,
    waysToEarn: shopperWays(shop, part.rules, history, customerId, member, now),
    profile: customerId ? { birthday: member?.birthday ?? null } : null,
    // A guest has no tier: a tier is a member's standing, and the entry tier's perks are not
    // theirs until they join (the guest view already says what joining earns).
    ...(tierFacts ? tierViewOf(tierStanding(tierProgram, tierFacts, now), tierProgram) : NO_TIER),
    campaigns: running.map((campaign) => campaignViewOf(campaign, options.locale ?? null)),
    challenges: challengeViewsOf(part.challenges, standings, part.rewards, options.locale ?? null),
  };
}

/**
 * The shown rewards with what the shopper can do with each: the same availability check the
 * redeem route makes (app/domain/rewards/availability.ts), fed the member's tier, the shop's
 * tiers and the member's counting redemptions of each reward, on the price a running
 * campaign gives it (the price the redeem route charges).
 */
function bazaarOf(
  shop: ViewShop,
  shown: readonly Reward[],
  tiers: readonly Tier[],
  member: ViewMember,
  counted: readonly { rewardId: string | null; createdAt: Date }[],
  context: { signedIn: boolean; now: Date; locale?: string | null; running: readonly RunningCampaign[] },
): BazaarReward[] {
  const shopTiers = tiers.map((t) => ({ id: t.id, name: t.name, position: t.position }));
  const memberTier = shopTiers.find((t) => t.id === member?.tierId) ?? null;
  return shown.map((regular) => {
    const priced = rewardAtCampaignPrice(regular, context.running);
    const reward = priced.reward;
    const createdAts = counted.filter((r) => r.rewardId === reward.id).map((r) => r.createdAt);
    const availability = rewardAvailability(reward, {
      now: context.now,
      signedIn: context.signedIn,
      balance: member?.balance ?? 0,
      memberTier: memberTier && { id: memberTier.id, position: memberTier.position },
      tiers: shopTiers,
      // All of them: the check itself leaves out those before the period.
      redeemed: { total: createdAts.length, inWindow: createdAts },
    });
    const lowered = priced.campaignId !== null && reward.costPoints < priced.regularCostPoints;
    const text = localisedRewardText(reward, context.locale ?? null);
    return bazaarRewardOf(reward, text, availability, shop.currencyCode, lowered ? priced.regularCostPoints : null);
  });
}

const redemptionColumns = {
  id: true,
  rewardId: true,
  kind: true,
  rewardTitle: true,
  pointsSpent: true,
  valueMinor: true,
  currencyCode: true,
  code: true,
  status: true,
  expiresAt: true,
  usedAt: true,
  createdAt: true,
} as const;

/** A stored redemption as the shopper sees it: its status now, and whether they may cancel it. */
export function shopperRedemptionView(row: RedemptionRow, now: Date): RedemptionView {
  const redemption = { ...row, kind: row.kind as RewardKind };
  return redemptionViewOf(redemption, {
    status: redemptionStatus(redemption, now),
    cancellable: isShopperCancellable(redemption, now),
  });
}

/**
 * The member's redemptions, newest first, in one read: the latest LISTED are the view's list,
 * and the counting ones of the shown rewards feed the limits (per customer, per period). Failed
 * ones cost nothing, count for nothing and are not the shopper's to see.
 */
async function redemptionRowsOf(db: Db, shopId: string, memberId: string) {
  return db.redemption.findMany({
    where: { shopId, memberId, status: { not: "failed" } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: redemptionColumns,
  });
}

/** One of the member's redemptions as the shopper sees it (the redeem and cancel answers). */
export async function memberRedemptionView(
  db: Db,
  shopId: string,
  memberId: string,
  redemptionId: string,
  now = new Date(),
): Promise<RedemptionView> {
  const row = await db.redemption.findFirstOrThrow({
    where: { shopId, memberId, id: redemptionId },
    select: redemptionColumns,
  });
  return shopperRedemptionView(row, now);
}

/** The member's latest movements of spendable points (pending points are the view's `pending`). */
async function historyOfMember(
  db: Db,
  shopId: string,
  memberId: string,
  rules: readonly StoredRule[],
): Promise<HistoryEntry[]> {
  const entries = await db.ledgerEntry.findMany({
    where: { shopId, memberId, kind: { notIn: ["hold", "void"] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: LISTED,
    select: { points: true, kind: true, causeType: true, causeId: true, reason: true, createdAt: true },
  });
  const ruleKinds = new Map(rules.flatMap((s) => (s.rule ? [[s.id, s.rule.kind] as const] : [])));
  // What each redemption entry bought, by the title it was redeemed under, and which challenge
  // each challenge entry completed (or took back): two reads, each only when listed.
  const idsOf = (causeType: string) => [
    ...new Set(entries.filter((e) => e.causeType === causeType).map((e) => e.causeId)),
  ];
  const redemptionIds = idsOf("redemption");
  const completionIds = idsOf("challenge");
  const [redeemed, completed] = await Promise.all([
    redemptionIds.length === 0
      ? []
      : db.redemption.findMany({
          where: { shopId, memberId, id: { in: redemptionIds } },
          select: { id: true, rewardTitle: true },
        }),
    completionIds.length === 0
      ? []
      : db.challengeCompletion.findMany({
          where: { shopId, memberId, id: { in: completionIds } },
          select: { id: true, challenge: { select: { title: true } } },
        }),
  ]);
  const titles = new Map<string, string | null>([
    ...redeemed.map((r) => [`redemption:${r.id}`, r.rewardTitle || null] as const),
    ...completed.map((c) => [`challenge:${c.id}`, c.challenge.title || null] as const),
  ]);
  return entries.flatMap((entry) => {
    const reason = historyReasonOf(entry, entry.causeType === "rule" ? (ruleKinds.get(entry.causeId) ?? null) : null);
    if (!reason) return [];
    const title = titles.get(`${entry.causeType}:${entry.causeId}`) ?? null;
    return [{ points: entry.points, reason, title, at: entry.createdAt.toISOString() }];
  });
}
