/**
 * The demo's featured shoppers: seeded with orders (seed.ts) and offered as "logged in"
 * viewers of the storefront preview (storefront.ts). Ada is the main one; the browser tests
 * count on her seeded balance, so tests that change a balance by earning use Katherine.
 * Charles is the big spender: enough points to redeem every kind of reward in the Bazaar
 * (the widget's acceptance test spends them), an Insider by points, so no tier edit moves him.
 * Charles and Grace are part way through the demo's challenges (2 of 5 visits this month, a
 * profile detail, their orders toward the 10th): Charles to be looked at, Grace for the test
 * that visits and watches her bar move (no other browser test visits as her).
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
  charles: { id: "1004", first_name: "Charles", last_name: "Babbage", email: "charles@example.com" },
} satisfies Record<string, DemoShopper>;
