/**
 * `npm run ledger:expire`: expires the points that are due under each shop's policy, for a
 * cron (e.g. hourly). Safe to run on several machines at once and to run again.
 *
 *   npm run ledger:expire                          every installed shop, now
 *   npm run ledger:expire -- --shop x.myshopify.com   one shop (its domain or id)
 *   npm run ledger:expire -- --now 2027-01-01T00:00:00Z   as of another moment (a test, a catch-up)
 */
import { db } from "../app/db.server";
import { expireDuePoints } from "../app/ledger/expire.server";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

try {
  const now = option("now") ? new Date(option("now")!) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--now is not a date: ${option("now")}`);
  const shopArg = option("shop");
  let shopId: string | undefined;
  if (shopArg) {
    const shop = await db.shop.findFirst({
      where: { OR: [{ id: shopArg }, { domain: shopArg }] },
      select: { id: true },
    });
    if (!shop) throw new Error(`No shop ${shopArg}.`);
    shopId = shop.id;
  }
  const result = await expireDuePoints(db, { now, shopId });
  console.log(
    `Expired ${result.points} points in ${result.entries} entries for ${result.members} members ` +
      `(${result.shops} shops applied, ${result.busyShops} left to another running instance) as of ${now.toISOString()}.`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
