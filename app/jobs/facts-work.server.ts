/**
 * Writing members' facts to Shopify (app/shopify-facts/sync.server.ts), every 5 minutes: more
 * often than the programme's other jobs because a tier's Shopify perks reach a member only
 * once their tier tag does. Run by the workers on the queue's schedule, and by `npm run jobs`.
 *
 * The tiers' perks (segments and discounts, app/shopify-facts/perks.server.ts) are made to
 * match the shop's tiers here too: saving tiers asks Shopify at once, but a save whose call
 * to Shopify failed (or a process that died after saving) is repaired by the next run. With
 * nothing changed, a shop's perk sync reads its rows and sends nothing.
 *
 * The storefront's rewarded pages (app/shopify-facts/rewarded-pages.server.ts) are written for
 * every shop whose programme version moved on since they were last written.
 */
import type { Db } from "../db.server";
import { logEvent } from "../observability/log.server";
import { syncTierPerks } from "../shopify-facts/perks.server";
import { syncDueRewardedPages } from "../shopify-facts/rewarded-pages.server";
import { syncDueFacts } from "../shopify-facts/sync.server";

export const FACTS_WORK_CRON = "*/5 * * * *";
export const FACTS_WORK_EVERY_MS = 5 * 60_000;

export async function runFactsWork(db: Db, now = new Date()): Promise<string> {
  const perks = await syncPerksOfTieredShops(db, now);
  const result = await syncDueFacts(db, { now });
  const pages = await syncDueRewardedPages(db, now);
  return (
    `Shopify facts: ${result.written} members written of ${result.members} due in ${result.shops} shops, ` +
    `${result.failed} refused, ${result.stopped} shops left for the next run; ` +
    `tier perks: ${perks.changed} shops changed, ${perks.failed} failed; ` +
    `rewarded pages: ${pages.written} shops written, ${pages.failed} failed.`
  );
}

/** Each shop with tiers or perks in Shopify; one shop's failure does not stop the others. */
async function syncPerksOfTieredShops(db: Db, now: Date): Promise<{ changed: number; failed: number }> {
  const shops = await db.shop.findMany({
    where: { uninstalledAt: null, OR: [{ tiers: { some: {} } }, { tierSegments: { some: {} } }] },
    select: { id: true, domain: true },
  });
  const outcome = { changed: 0, failed: 0 };
  for (const shop of shops) {
    try {
      const result = await syncTierPerks(db, shop.id, { now });
      const moved = [result.segments, result.discounts].some((c) => c.created + c.updated + c.deleted > 0);
      if (moved) outcome.changed++;
    } catch (error) {
      outcome.failed++;
      logEvent("tier_perks_failed", { shop: shop.domain, error: String(error) }, "warn");
    }
  }
  return outcome;
}
