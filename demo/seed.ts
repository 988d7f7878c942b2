/**
 * The demo shop's data, made through the app's own paths (orders go through the same
 * earn code as the orders/paid webhook, rules through the admin's createRule), so the demo
 * shows what a real store would see.
 * Seeding is skipped when the shop already exists: a merchant's changes survive a restart.
 */
import type { Db } from "../app/db.server";
import { earnFromPaidOrder, holdForCreatedOrder } from "../app/orders/order-points.server";
import { createRule, type NewRuleInput } from "../app/rules/rules.server";
import { settleMemberTier } from "../app/tiers/movement.server";
import { customerFixture, installShop, parsedOrderPayload, type CustomerFixture } from "../tests/support/factories";
import { DEMO_SHOPPERS } from "./shoppers";

export const DEMO_SHOP = "demo-loyalty.myshopify.com";
export const DEMO_CUSTOMER_ID = DEMO_SHOPPERS.ada.id;

const featured: { customer: CustomerFixture; orders: string[] }[] = [
  { customer: customerFixture(DEMO_SHOPPERS.ada), orders: ["250.00", "370.40"] },
  { customer: customerFixture(DEMO_SHOPPERS.grace), orders: ["340.00"] },
  { customer: customerFixture(DEMO_SHOPPERS.katherine), orders: ["89.90", "45.00"] },
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
export async function seedDemoShop(db: Db, options: { extraMembers?: number } = {}): Promise<boolean> {
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
        order: parsedOrderPayload({ id, customer, subtotal }),
      });
    }
  }
  // Ada has an order placed but not paid yet: its points show as pending.
  await holdForCreatedOrder(db, {
    shopDomain: DEMO_SHOP,
    eventId: "demo-order-created-6001",
    topic: "ORDERS_CREATE",
    order: parsedOrderPayload({ id: "6001", customer: featured[0]!.customer, subtotal: "45.00" }),
  });
  // After the orders: the seeded balances are the orders' points alone.
  for (const rule of DEMO_RULES) await createRule(db, shop.id, rule);
  await seedDemoTiers(db, shop.id);
  return true;
}

/**
 * Bronze, Silver and Gold on lifetime points, so the featured shoppers sit in different tiers:
 * Ada (620) Gold, Grace (340) Silver, Katherine (134) Bronze, on her way to Silver. No entry
 * rewards, and Gold's multiplier only on purchases: the seeded balances stay the orders' points.
 */
async function seedDemoTiers(db: Db, shopId: string) {
  await db.shop.update({
    where: { id: shopId },
    data: { tierMetric: "points", tierPeriod: "lifetime", tierGraceDays: 30 },
  });
  const tiers = [
    { name: "Bronze", threshold: 0, shopifyPerks: [], textPerks: [] },
    { name: "Silver", threshold: 300, shopifyPerks: [{ type: "percent_off", percent: 5 }], textPerks: [] },
    {
      name: "Gold",
      threshold: 600,
      multiplierHundredths: 150,
      shopifyPerks: [{ type: "free_shipping" }],
      textPerks: ["Early access to new collections"],
    },
  ];
  for (const [position, { threshold, shopifyPerks, textPerks, ...tier }] of tiers.entries()) {
    await db.tier.create({
      data: {
        ...tier,
        shopId,
        position,
        threshold: BigInt(threshold),
        shopifyPerks: JSON.stringify(shopifyPerks),
        textPerks: JSON.stringify(textPerks),
      },
    });
  }
  const members = await db.member.findMany({ where: { shopId }, select: { id: true } });
  for (const member of members) await settleMemberTier(db, shopId, member.id);
}
