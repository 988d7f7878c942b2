/**
 * The demo's featured shoppers: seeded with orders (seed.ts) and offered as "logged in"
 * viewers of the storefront preview (storefront.ts). Ada is the main one; the browser tests
 * count on her seeded balance, so tests that change a balance by earning use Katherine.
 */
export interface DemoShopper {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
}

export const DEMO_SHOPPERS = {
  ada: { id: "1001", first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" },
  grace: { id: "1002", first_name: "Grace", last_name: "Hopper", email: "grace@example.com" },
  katherine: { id: "1003", first_name: "Katherine", last_name: "Johnson", email: "katherine@example.com" },
} satisfies Record<string, DemoShopper>;
