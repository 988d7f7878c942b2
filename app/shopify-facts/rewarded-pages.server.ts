/**
 * Writes the pages that earn a visit or count for a challenge (app/domain/rewarded-pages.ts) to an app-data metafield
 * of the app's installation, which the theme extension renders into the widget's config: the
 * every-page script then needs no request to the app to know which pages to report.
 *
 * When: whenever Shop.programVersion (moved on by every write of rules, settings, rewards and
 * tiers, in the writer's transaction) differs from Shop.pagesSyncedVersion (the version the
 * metafield was last written from). The scheduled facts work looks for such shops every run,
 * and the admin's rule and settings saves ask at once; both are idempotent, any instance may
 * run them. A write that fails leaves the shop due for the next run.
 */
import type { Db } from "../db.server";
import { pagesMetafieldValue, PAGES_METAFIELD, rewardedPages } from "../domain/rewarded-pages";
import { logEvent } from "../observability/log.server";
import { readLiveChallenges } from "../challenges/challenges.server";
import { rulesForEvaluation } from "../rules/rules.server";
import { shopifyGateway } from "../shopify/gateway.server";

export interface PagesSyncResult {
  /** Whether Shopify was written to (false: already in step with this programme version). */
  written: boolean;
  /** The programme version the metafield now holds (or held already). */
  version: number;
  pages: number;
}

/** Writes the shop's rewarded pages if its programme changed since they were last written. */
export async function syncRewardedPages(db: Db, shopId: string, now = new Date()): Promise<PagesSyncResult> {
  const shop = await db.shop.findUniqueOrThrow({
    where: { id: shopId },
    select: { domain: true, programVersion: true, pagesSyncedVersion: true, engagementPaused: true },
  });
  const version = shop.programVersion;
  if (shop.pagesSyncedVersion === version) return { written: false, version, pages: 0 };
  // Read after the version: a change committed meanwhile moves the version on again, so the
  // shop stays due and the next run writes what that change made.
  const [rules, challenges] = await Promise.all([rulesForEvaluation(db, shopId), readLiveChallenges(db, shopId)]);
  const pages = rewardedPages(rules, { engagementPaused: shop.engagementPaused, now }, challenges);
  const gateway = shopifyGateway();
  const installationId = await gateway.currentAppInstallationId(shop.domain);
  await gateway.setAppInstallationMetafields(shop.domain, installationId, [
    { ...PAGES_METAFIELD, value: pagesMetafieldValue(pages) },
  ]);
  // The version these pages were read at, even if a slower run records an older one after a
  // newer run: the shop is then due again and rewritten, which costs one call and is never stale.
  await db.shop.update({ where: { id: shopId }, data: { pagesSyncedVersion: version } });
  return { written: true, version, pages: pages.length };
}

/** The same, swallowing a failure (logged): for a save that must not fail because Shopify did. */
export async function syncRewardedPagesSoon(db: Db, shopId: string): Promise<void> {
  try {
    await syncRewardedPages(db, shopId);
  } catch (error) {
    logEvent("rewarded_pages_failed", { shopId, error: String(error) }, "warn");
  }
}

/** Every installed shop whose programme changed since its pages were written; one's failure does not stop the rest. */
export async function syncDueRewardedPages(db: Db, now = new Date()): Promise<{ written: number; failed: number }> {
  const due = await db.$queryRaw<{ id: string; domain: string }[]>`
    SELECT "id", "domain" FROM "Shop"
    WHERE "uninstalledAt" IS NULL AND ("pagesSyncedVersion" IS NULL OR "pagesSyncedVersion" <> "programVersion")
    ORDER BY "id"`;
  const outcome = { written: 0, failed: 0 };
  for (const shop of due) {
    try {
      if ((await syncRewardedPages(db, shop.id, now)).written) outcome.written++;
    } catch (error) {
      outcome.failed++;
      logEvent("rewarded_pages_failed", { shop: shop.domain, error: String(error) }, "warn");
    }
  }
  return outcome;
}
