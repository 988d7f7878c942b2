/**
 * The demo's campaigns and challenges (issue 12), with the featured shoppers part way through
 * them. Rows are made from definitions the schemas accept (tests/support/programme-rows.ts)
 * and the version the storefront caches by moves on, as every writer's does. Progress is what
 * the challenge store would hold after the shoppers' past visits, profile and orders: one
 * contribution per source, keyed as the evaluator keys them ("visit:day:2026-12-01",
 * "order:5001"), so a visit today counts once more and never twice.
 *
 * Both campaigns are "once", from just before the seed to days after it, so they run whatever
 * day the demo starts. They are chosen to leave the browser tests' numbers alone: double points
 * on orders of Gold and Insider members (no browser test orders as one), 20% fewer points on
 * the Barista masterclass (no test redeems it).
 */
import type { Db } from "../app/db.server";
import { periodKey } from "../app/domain/rules/period";
import { addDays, startOfDay } from "../app/domain/rules/shop-dates";
import { localDate } from "../app/domain/rules/period";
import { SETTINGS_RATE_RULE_ID } from "../app/domain/order-earnings";
import { bumpProgramVersion } from "../app/shops/shops.server";
import { campaignRow, challengeRow } from "../tests/support/programme-rows";
import { DEMO_SHOPPERS } from "./shoppers";

const HOUR = 3_600_000;

/** The start of the day `days` after the one `now` falls on, in the shop's time zone. */
const dayStart = (now: Date, days: number, timeZone: string) =>
  startOfDay(addDays(localDate(now, timeZone), days), timeZone);

export const DEMO_CHALLENGE_TITLES = {
  visits: "Visit 5 times this month",
  profile: "Complete your profile",
  streak: "Weekly order streak",
  tenth: "Your 10th order",
} as const;

export const DEMO_CAMPAIGN_TITLES = {
  double: "Double points on orders for Gold and Insider members",
  sale: "Slow-month sale: the masterclass for fewer points",
} as const;

/** The shoppers part way through the challenges, and the shop-local days of their past visits. */
const PROGRESSING = [DEMO_SHOPPERS.charles.id, DEMO_SHOPPERS.grace.id];
const PAST_VISIT_DAYS = [1, 2];

export async function seedDemoProgramme(db: Db, shop: { id: string; timeZone: string }, now = new Date()) {
  const { id: shopId, timeZone } = shop;
  const tiers = await db.tier.findMany({ where: { shopId, name: { in: ["Gold", "Insider"] } }, select: { id: true } });
  const masterclass = await db.reward.findFirstOrThrow({ where: { shopId, title: "Barista masterclass" } });
  const startsAt = new Date(now.getTime() - HOUR).toISOString();
  await db.campaign.create({
    data: {
      shopId,
      ...campaignRow({
        title: DEMO_CAMPAIGN_TITLES.double,
        translations: { fr: { title: "Points doublés sur les commandes des membres Gold et Insider" } },
        position: 0,
        definition: {
          schedule: { type: "once", startsAt, endsAt: dayStart(now, 6, timeZone).toISOString() },
          effect: {
            type: "multiplier",
            multiplierHundredths: 200,
            targeting: { ruleIds: [SETTINGS_RATE_RULE_ID], tierIds: tiers.map((t) => t.id) },
          },
        },
      }),
    },
  });
  await db.campaign.create({
    data: {
      shopId,
      ...campaignRow({
        title: DEMO_CAMPAIGN_TITLES.sale,
        translations: { fr: { title: "Mois calme : la masterclass pour moins de points" } },
        position: 1,
        definition: {
          schedule: { type: "once", startsAt, endsAt: dayStart(now, 30, timeZone).toISOString() },
          effect: { type: "reward_price", rewardIds: [masterclass.id], costPercentOff: 20 },
        },
      }),
    },
  });

  const challenge = (row: ReturnType<typeof challengeRow>) => db.challenge.create({ data: { shopId, ...row } });
  const visits = await challenge(
    challengeRow({
      kind: "challenge",
      title: DEMO_CHALLENGE_TITLES.visits,
      description: "Drop by on five different days this month.",
      translations: {
        fr: { title: "Venez 5 fois ce mois-ci", description: "Passez nous voir cinq jours différents ce mois-ci." },
      },
      position: 0,
      definition: {
        measure: { type: "visits", count: 5 },
        window: { type: "month" },
        reward: { type: "points", points: 50 },
      },
    }),
  );
  const profile = await challenge(
    challengeRow({
      kind: "challenge",
      title: DEMO_CHALLENGE_TITLES.profile,
      description: "Add three of: your name, birthday, phone number, e-mail subscription.",
      translations: {
        fr: {
          title: "Complétez votre profil",
          description: "Ajoutez trois de ces informations : nom, anniversaire, téléphone, abonnement e-mail.",
        },
      },
      position: 1,
      definition: {
        measure: { type: "profile_fields", count: 3, fields: ["name", "birthday", "phone", "marketing_consent"] },
        window: { type: "range", startsAt, endsAt: dayStart(now, 90, timeZone).toISOString() },
        reward: { type: "points", points: 40 },
      },
    }),
  );
  const streak = await challenge(
    challengeRow({
      kind: "streak",
      title: DEMO_CHALLENGE_TITLES.streak,
      description: "An order every week keeps it going; one missed week is forgiven.",
      translations: {
        fr: {
          title: "Série de commandes hebdomadaires",
          description: "Une commande chaque semaine la prolonge ; une semaine manquée est pardonnée.",
        },
      },
      position: 2,
      definition: {
        action: { type: "orders" },
        period: "week",
        graceMissed: 1,
        steps: [
          { length: 2, reward: { type: "points", points: 50 } },
          { length: 4, reward: { type: "reward", rewardId: masterclass.id } },
        ],
      },
    }),
  );
  const tenth = await challenge(
    challengeRow({
      kind: "milestone",
      title: DEMO_CHALLENGE_TITLES.tenth,
      description: "Our thanks for ten orders.",
      translations: { fr: { title: "Votre 10e commande", description: "Merci pour vos dix commandes." } },
      position: 3,
      definition: { measure: { type: "orders", count: 10 }, reward: { type: "points", points: 200 } },
    }),
  );

  const members = await db.member.findMany({
    where: { shopId, customerId: { in: PROGRESSING } },
    select: { id: true, customerId: true },
  });
  const orders = await db.orderAccount.findMany({
    where: { shopId, memberId: { in: members.map((m) => m.id) }, paidAt: { not: null } },
    select: { orderId: true, memberId: true, paidAt: true },
  });
  const month = periodKey(now, timeZone, "month");
  const rows = members.flatMap((member) =>
    [
      ...PAST_VISIT_DAYS.map((daysAgo) => {
        const at = new Date(dayStart(now, -daysAgo, timeZone).getTime() + 12 * HOUR);
        return { challengeId: visits.id, window: month, sourceKey: `visit:${periodKey(at, timeZone, "day")}`, at };
      }),
      { challengeId: profile.id, window: "range", sourceKey: "range/field:name", at: now },
      ...orders
        .filter((order) => order.memberId === member.id)
        .flatMap((order) => {
          const at = order.paidAt!;
          const source = { sourceKey: `order:${order.orderId}`, orderId: order.orderId, at };
          return [
            { ...source, challengeId: streak.id, window: periodKey(at, timeZone, "week") },
            { ...source, challengeId: tenth.id, window: "lifetime" },
          ];
        }),
    ].map(({ at, ...row }) => ({ shopId, memberId: member.id, amount: 1n, occurredAt: at, ...row })),
  );
  await db.challengeContribution.createMany({ data: rows });
  await bumpProgramVersion(db, shopId);
}
