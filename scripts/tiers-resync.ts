/**
 * `npm run tiers:resync -- --shop x.myshopify.com`: writes every member's tier tags and loyalty
 * metafields to Shopify again, whatever was recorded (after a merchant removed them by hand,
 * or to repair drift), and brings the shop's tier perks (segments and automatic discounts) in
 * line with its tiers. Reads the customers' tags from Shopify, so only the app's own stale
 * tags are removed. Safe to run again and beside running workers.
 *
 *   npm run tiers:resync -- --shop x.myshopify.com     the shop, by domain or id
 */
import { db } from "../app/db.server";
import { resyncShop } from "../app/shopify-facts/resync.server";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

try {
  const shopArg = option("shop");
  if (!shopArg) throw new Error("Which shop? npm run tiers:resync -- --shop <domain>");
  const { lines, complete } = await resyncShop(db, shopArg);
  for (const line of lines) console.log(line);
  if (!complete) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
