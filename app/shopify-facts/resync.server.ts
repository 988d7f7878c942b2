/**
 * What `npm run tiers:resync` does for one shop: the metafield definitions, the tier perks,
 * and every member's facts written again (a forced sync). Returns what it did, line by line;
 * a member Shopify refused is named with Shopify's reason.
 */
import type { Db } from "../db.server";
import { ensureFactDefinitions } from "./definitions.server";
import { syncTierPerks } from "./perks.server";
import { syncShopFacts } from "./sync.server";

export class UnknownShopError extends Error {
  override name = "UnknownShopError";
}

/** `complete`: every member was written (none refused, the run not stopped by Shopify). */
export async function resyncShop(db: Db, shop: string): Promise<{ lines: string[]; complete: boolean }> {
  const found = await db.shop.findFirst({
    where: { OR: [{ id: shop }, { domain: shop }] },
    select: { id: true, domain: true },
  });
  if (!found) throw new UnknownShopError(`No shop ${shop}.`);
  const definitions = await ensureFactDefinitions(found.domain);
  const perks = await syncTierPerks(db, found.id);
  const facts = await syncShopFacts(db, found.id, { force: true });
  const lines = [
    `${found.domain}: metafield definitions ${definitions.created} created (the others existed).`,
    `Tier perks: segments ${perks.segments.created} created, ${perks.segments.updated} updated, ${perks.segments.deleted} deleted; ` +
      `discounts ${perks.discounts.created} created, ${perks.discounts.updated} updated, ${perks.discounts.deleted} deleted.`,
    `Members: ${facts.members} resynced, ${facts.written} written, ${facts.unchanged} already right, ${facts.failed.length} refused.`,
    ...facts.failed.map((f) => `  customer ${f.customerId}: ${f.error}`),
    ...(facts.stopped ? [`Stopped early (run it again): ${facts.stopped}`] : []),
  ];
  return { lines, complete: facts.failed.length === 0 && !facts.stopped };
}
