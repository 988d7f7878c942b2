/**
 * The demo shop's data, made through the app's own paths (orders go through the same
 * earn code as the orders/paid webhook, rules through the admin's createRule), so the demo
 * shows what a real store would see.
 * Seeding is skipped when the shop already exists: a merchant's changes survive a restart.
 */
import type { Db } from "../app/db.server";
import { earnFromPaidOrder, holdForCreatedOrder } from "../app/orders/order-points.server";
import { createRule, type NewRuleInput } from "../app/rules/rules.server";
import { applyTierProgramEdit, type ProgramEditInput } from "../app/tiers/program-edit.server";
import { createDeliveryBatch } from "../app/webhooks/batch.server";
import { ordersPaid } from "../app/webhooks/handlers/orders-paid.server";
import {
  customerFixture,
  installShop,
  orderLineItem,
  parsedOrderPayload,
  rewardFixture,
  type CustomerFixture,
} from "../tests/support/factories";
import { webhookPayloads } from "../app/webhooks/payloads";
import { demoOrderPlacedAt, seedGuestOrders } from "./order-history";
import { seedDemoProgramme } from "./programme";
import { DEMO_SHOPPERS } from "./shoppers";

export const DEMO_SHOP = "demo-loyalty.myshopify.com";
export const DEMO_CUSTOMER_ID = DEMO_SHOPPERS.ada.id;

const featured: { customer: CustomerFixture; orders: string[] }[] = [
  { customer: customerFixture(DEMO_SHOPPERS.ada), orders: ["250.00", "370.40"] },
  { customer: customerFixture(DEMO_SHOPPERS.grace), orders: ["340.00"] },
  { customer: customerFixture(DEMO_SHOPPERS.katherine), orders: ["89.90", "45.00"] },
  // Last here, so the admin's newest-first list still opens on Ada, Grace and Katherine.
  { customer: customerFixture(DEMO_SHOPPERS.charles), orders: ["2400.00", "2750.00"] },
];

/**
 * Earning rules beyond purchases, one of each kind a shopper meets in the storefront
 * preview (the Lookbook page, the share buttons on product pages, the store locator, the
 * birthday field) plus the ones fed by other channels. Spend rules are not seeded here: how
 * orders earn is the order pipeline's setting.
 */
export const DEMO_RULES: NewRuleInput[] = [
  { kind: "visit", name: "Daily visit", points: 5, period: "day" },
  {
    kind: "page_visit",
    name: "Visit the Lookbook",
    points: 10,
    period: "day",
    pages: [{ pattern: "/pages/lookbook", label: "Lookbook" }],
  },
  { kind: "share", name: "Share a product", points: 15, subject: "product", limits: { perWeek: 1 } },
  { kind: "store_search", name: "Find a store", points: 10, period: "week" },
  { kind: "birthday", name: "Birthday treat", points: 100, awardOn: "day" },
  {
    kind: "profile_completed",
    name: "Complete your profile",
    fieldPoints: { name: 10, birthday: 25, phone: 10, marketing_consent: 10 },
  },
  { kind: "account_created", name: "Create an account", points: 50 },
  { kind: "custom", name: "Launch our mobile app", points: 20, key: "app_launched", limits: { perDay: 1 } },
  { kind: "referral", name: "Refer a friend", referrerPoints: 200, friendPoints: 100 },
];

/** The demo's membership product: buying it makes the shopper an Insider for a year. */
export const DEMO_MEMBERSHIP_PRODUCT_ID = "7100";

/**
 * The demo's tiers, on points earned over the shop's lifetime. Thresholds put the featured
 * shoppers in different tiers (Ada 620 points: Gold; Grace 340: Silver; Katherine 134:
 * Bronze) without entry rewards, so the balances the browser tests count on stay as they
 * are; Insider, bought with the membership product or reached by points (Charles, 5,150),
 * rewards its members on entry.
 */
export const DEMO_TIERS: ProgramEditInput = {
  settings: { metric: "points", period: "lifetime", graceDays: 30 },
  tiers: [
    { name: "Bronze", threshold: 0 },
    { name: "Silver", threshold: 300, birthdayBonusPoints: 50, shopifyPerks: [{ type: "percent_off", percent: 5 }] },
    {
      name: "Gold",
      threshold: 600,
      multiplierHundredths: 150,
      birthdayBonusPoints: 100,
      shopifyPerks: [{ type: "free_shipping" }],
      textPerks: ["Early access to new collections"],
    },
    {
      name: "Insider",
      threshold: 5000,
      multiplierHundredths: 200,
      entryRewardPoints: 100,
      shopifyPerks: [{ type: "free_shipping" }, { type: "percent_off", percent: 10 }],
      textPerks: ["Free repairs for life"],
      paidProductId: DEMO_MEMBERSHIP_PRODUCT_ID,
      paidMonths: 12,
    },
  ],
};

/** The coffee the first reward gives away: a product of the demo shop (Shopify's numeric ids). */
export const DEMO_COFFEE = { productId: "7004", variantId: "47004", priceMinor: 450 } as const;

/** A sample size of the Analytical Engine Tea (demo/storefront.ts), a variant of that product. */
export const DEMO_TEA_SAMPLE = { productId: "7001", variantId: "47001", priceMinor: 300 } as const;

/** Served by the demo from public/ (the app's static files). */
export const DEMO_REWARD_IMAGE_PATH = "/rewards/free-coffee.svg";

type DemoReward = Parameters<typeof rewardFixture>[1] & { kind: Parameters<typeof rewardFixture>[0] };

/**
 * The demo's Rewards Bazaar, one reward or more of every kind, in the order the widget shows
 * them (position = index). The shop's default reward ($5.00 off for 500 points, made with every
 * new shop) takes its place third. `appUrl` makes the image link absolute, as a merchant's is.
 */
export function demoRewards(appUrl: string, goldTierId: string | null): DemoReward[] {
  const fr = (title: string, description: string) => JSON.stringify({ fr: { title, description } });
  return [
    {
      kind: "free_product",
      title: "Free coffee",
      description: "A cup of our house coffee, on us.",
      translations: fr("Café offert", "Une tasse de notre café maison, offerte."),
      imageUrl: `${appUrl.replace(/\/$/, "")}${DEMO_REWARD_IMAGE_PATH}`,
      costPoints: 50,
      productId: DEMO_COFFEE.productId,
      variantId: DEMO_COFFEE.variantId,
      valueMinor: DEMO_COFFEE.priceMinor,
    },
    {
      kind: "free_product",
      title: "Analytical Engine Tea sample",
      description: "A sample tin of our smoky black tea, while stocks last.",
      translations: fr(
        "Échantillon de thé Analytical Engine",
        "Une boîte d’essai de notre thé noir fumé, dans la limite des stocks.",
      ),
      costPoints: 150,
      stockRemaining: 25,
      productId: DEMO_TEA_SAMPLE.productId,
      variantId: DEMO_TEA_SAMPLE.variantId,
      valueMinor: DEMO_TEA_SAMPLE.priceMinor,
    },
    // Position 2: the shop's default "$5.00 off" reward (seedDemoRewards moves it there).
    {
      kind: "percent_off",
      title: "10% off orders over $50",
      description: "Ten percent off an order of $50.00 or more.",
      translations: fr("10 % de remise dès 50 $", "Dix pour cent de remise sur une commande de 50,00 $ ou plus."),
      costPoints: 800,
      percentOff: 10,
      minimumOrderMinor: 5000,
    },
    {
      kind: "free_shipping",
      title: "Free shipping",
      description: "Free shipping on your next order, up to $15.00.",
      translations: fr("Livraison offerte", "La livraison offerte sur votre prochaine commande, jusqu’à 15,00 $."),
      costPoints: 300,
      maxShippingMinor: 1500,
      combinesWithShipping: false,
    },
    {
      kind: "store_credit",
      title: "$10 store credit",
      description: "$10.00 added to your store credit, spent at checkout.",
      translations: fr("10 $ d’avoir", "10,00 $ ajoutés à votre avoir, à utiliser au paiement."),
      costPoints: 1000,
      valueMinor: 1000,
    },
    {
      kind: "custom",
      title: "Exclusive tote bag",
      description: "Our members-only tote, sent with your next order. One per member.",
      translations: fr("Tote bag exclusif", "Notre tote réservé aux membres, envoyé avec votre prochaine commande."),
      costPoints: 1200,
      stockRemaining: 3,
      limitPerCustomer: 1,
      valueMinor: 900,
    },
    {
      kind: "custom",
      title: "Barista masterclass",
      description: "An evening with our head barista: tasting, brewing, latte art.",
      translations: fr(
        "Masterclass barista",
        "Une soirée avec notre chef barista : dégustation, extraction, latte art.",
      ),
      costPoints: 2500,
      minTierId: goldTierId,
      valueMinor: 4000,
    },
    {
      kind: "points_to_discount",
      title: "Spend any amount",
      description: "Turn points into money off: $1.00 for every 100 points, up to 2,000 points.",
      translations: fr(
        "Dépensez à votre guise",
        "Vos points en remise : 1,00 $ tous les 100 points, jusqu’à 2 000 points.",
      ),
      costPoints: 100,
      valueMinor: 100,
      maxPoints: 2000,
    },
  ];
}

/** Where the default reward goes in the Bazaar (after the two free products). */
const DEFAULT_REWARD_POSITION = 2;

/** The Bazaar's rewards around the shop's default one, each at its position. */
async function seedDemoRewards(db: Db, shopId: string, appUrl: string) {
  const gold = await db.tier.findFirst({ where: { shopId, name: "Gold" }, select: { id: true } });
  const rewards = demoRewards(appUrl, gold?.id ?? null);
  const defaultReward = await db.reward.findFirstOrThrow({ where: { shopId }, orderBy: { createdAt: "asc" } });
  await db.reward.update({ where: { id: defaultReward.id }, data: { position: DEFAULT_REWARD_POSITION } });
  for (const [index, { kind, ...columns }] of rewards.entries()) {
    const position = index < DEFAULT_REWARD_POSITION ? index : index + 1;
    await db.reward.create({ data: { shopId, ...rewardFixture(kind, { ...columns, position }) } });
  }
}

const firstNames = [
  "Alan",
  "Barbara",
  "Claude",
  "Dorothy",
  "Edsger",
  "Frances",
  "Guido",
  "Hedy",
  "Ivan",
  "Joan",
  "Ken",
  "Lynn",
  "Margaret",
  "Niklaus",
  "Radia",
  "Sophie",
  "Tim",
  "Ursula",
];
const lastNames = [
  "Turing",
  "Liskov",
  "Shannon",
  "Vaughan",
  "Dijkstra",
  "Allen",
  "van Rossum",
  "Lamarr",
  "Sutherland",
  "Clarke",
  "Thompson",
  "Conway",
  "Hamilton",
  "Wirth",
  "Perlman",
  "Wilson",
  "Berners-Lee",
  "Franklin",
];

/** Returns false when the demo shop was already there. */
export async function seedDemoShop(db: Db, options: { extraMembers?: number; appUrl?: string } = {}): Promise<boolean> {
  if (await db.shop.findUnique({ where: { domain: DEMO_SHOP } })) return false;
  const shop = await installShop(db, DEMO_SHOP, "USD");

  const others = Array.from({ length: options.extraMembers ?? 30 }, (_, i) => ({
    customer: customerFixture({
      id: String(2000 + i),
      first_name: firstNames[i % firstNames.length]!,
      last_name: lastNames[(i * 7) % lastNames.length]!,
      email: `shopper${2000 + i}@example.com`,
    }),
    orders: [`${20 + ((i * 37) % 180)}.${String((i * 13) % 100).padStart(2, "0")}`],
  }));

  let orderNumber = 5000;
  // Featured shoppers last: newest first in the admin, so the demo opens on familiar names.
  for (const { customer, orders } of [...others, ...featured.slice().reverse()]) {
    for (const subtotal of orders) {
      const id = String(orderNumber++);
      await earnFromPaidOrder(db, {
        shopDomain: DEMO_SHOP,
        eventId: `demo-order-${id}`,
        topic: "ORDERS_PAID",
        // Dated over the last 90 days, for the dashboard (points are posted today either way).
        order: { ...parsedOrderPayload({ id, customer, subtotal }), processed_at: demoOrderPlacedAt(orderNumber) },
      });
    }
  }
  // Guests' orders: the dashboard's non-members (no member, no points).
  await seedGuestOrders(db, DEMO_SHOP, 7000);
  // Ada has an order placed but not paid yet: its points show as pending.
  await holdForCreatedOrder(db, {
    shopDomain: DEMO_SHOP,
    eventId: "demo-order-created-6001",
    topic: "ORDERS_CREATE",
    order: parsedOrderPayload({ id: "6001", customer: featured[0]!.customer, subtotal: "45.00" }),
  });
  // After the orders: the seeded balances are the orders' points alone.
  for (const rule of DEMO_RULES) await createRule(db, shop.id, rule);
  // The tiers as a merchant adds them to a live shop: saving settles every member.
  await applyTierProgramEdit(db, shop.id, DEMO_TIERS);
  // After the tiers: the masterclass is for Gold members.
  await seedDemoRewards(db, shop.id, options.appUrl ?? process.env.SHOPIFY_APP_URL ?? "http://localhost:3000");
  // One shopper buys the membership, through the orders/paid webhook's own handler.
  const buyer = others[0]?.customer;
  if (buyer) await buyMembership(db, buyer, String(orderNumber++));
  // Last: the seeded orders earned at the shop's own rates, and the masterclass exists.
  await seedDemoProgramme(db, shop);
  return true;
}

async function buyMembership(db: Db, customer: CustomerFixture, id: string) {
  const payload = parsedOrderPayload({ id, customer, subtotal: "49.00" });
  const line = orderLineItem({
    product_id: Number(DEMO_MEMBERSHIP_PRODUCT_ID),
    price: "49.00",
    title: "Insider membership",
  });
  const order = webhookPayloads.order.parse({ ...payload, line_items: [line] });
  await ordersPaid.handle(
    db,
    { shopDomain: DEMO_SHOP, deliveryId: `demo-order-${id}` },
    order,
    createDeliveryBatch(db),
  );
}
