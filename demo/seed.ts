/**
 * The demo shop's data, made through the app's own paths (orders go through the same
 * earn code as the orders/paid webhook), so the demo shows what a real store would see.
 * Seeding is skipped when the shop already exists: a merchant's changes survive a restart.
 */
import type { Db } from "../app/db.server";
import { earnFromPaidOrder, holdForCreatedOrder } from "../app/orders/order-points.server";
import { customerFixture, installShop, paidOrderPayload, type CustomerFixture } from "../tests/support/factories";

export const DEMO_SHOP = "demo-loyalty.myshopify.com";
export const DEMO_CUSTOMER_ID = "1001";

const featured: { customer: CustomerFixture; orders: string[] }[] = [
  { customer: customerFixture({ id: "1001", first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" }), orders: ["250.00", "370.40"] },
  { customer: customerFixture({ id: "1002", first_name: "Grace", last_name: "Hopper", email: "grace@example.com" }), orders: ["340.00"] },
  { customer: customerFixture({ id: "1003", first_name: "Katherine", last_name: "Johnson", email: "katherine@example.com" }), orders: ["89.90", "45.00"] },
];

const firstNames = ["Alan", "Barbara", "Claude", "Dorothy", "Edsger", "Frances", "Guido", "Hedy", "Ivan", "Joan", "Ken", "Lynn", "Margaret", "Niklaus", "Radia", "Sophie", "Tim", "Ursula"];
const lastNames = ["Turing", "Liskov", "Shannon", "Vaughan", "Dijkstra", "Allen", "van Rossum", "Lamarr", "Sutherland", "Clarke", "Thompson", "Conway", "Hamilton", "Wirth", "Perlman", "Wilson", "Berners-Lee", "Franklin"];

/** Returns false when the demo shop was already there. */
export async function seedDemoShop(db: Db, options: { extraMembers?: number } = {}): Promise<boolean> {
  if (await db.shop.findUnique({ where: { domain: DEMO_SHOP } })) return false;
  await installShop(db, DEMO_SHOP, "USD");

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
        order: paidOrderPayload({ id, customer, subtotal }),
      });
    }
  }
  // Ada has an order placed but not paid yet: its points show as pending.
  await holdForCreatedOrder(db, {
    shopDomain: DEMO_SHOP,
    eventId: "demo-order-created-6001",
    topic: "ORDERS_CREATE",
    order: paidOrderPayload({ id: "6001", customer: featured[0]!.customer, subtotal: "45.00" }),
  });
  return true;
}
