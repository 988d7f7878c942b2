/**
 * Finding things in the storefront widget's panel the way a shopper does: a reward by the
 * title on its card, and the panel's own announcement. Shared by the storefront specs.
 */
import type { Locator } from "@playwright/test";

/**
 * A reward's card in the Bazaar, by its title. Not by its price: "500 points" is also in
 * "2,500 points", and two rewards may cost the same.
 */
export const rewardCard = (panel: Locator, title: string | RegExp): Locator =>
  panel
    .locator("[data-loyalty-reward]")
    .filter({ has: panel.page().locator(".loyalty-widget__reward-title").getByText(title, { exact: true }) });

/**
 * The panel's announcement (redeemed, refused, cancelled, earned): its one status region
 * for what just happened. The points picker's <output> is a status too (what the chosen
 * points are worth), so the role alone is not enough.
 */
export const panelStatus = (panel: Locator): Locator =>
  panel.getByRole("status").and(panel.locator("[data-loyalty-status]"));

/** The balance the panel shows, as a number ("1,234" → 1234). */
export async function shownBalance(panel: Locator): Promise<number> {
  return Number((await panel.locator("[data-loyalty-balance]").textContent())!.replace(/\D/g, ""));
}
