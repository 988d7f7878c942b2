/**
 * `npm run webhooks:replay`: sends a shop's dead letters (signed webhooks the app could not
 * use when they arrived) through the same dispatch table as the webhook route, and reports
 * what each did. Handled ones are marked replayed; running it again is a no-op.
 *
 *   npm run webhooks:replay -- --shop x.myshopify.com             every pending dead letter of the shop
 *   npm run webhooks:replay -- --shop x.myshopify.com --id <id>   only those named (repeat --id, or a,b)
 */
import { db } from "../app/db.server";
import { replayDeadLetters } from "../app/webhooks/dead-letters.server";

function options(name: string): string[] {
  const values: string[] = [];
  process.argv.forEach((arg, i) => {
    if (arg === `--${name}` && process.argv[i + 1]) values.push(...process.argv[i + 1]!.split(","));
  });
  return values.map((value) => value.trim()).filter(Boolean);
}

try {
  const [shopDomain] = options("shop");
  if (!shopDomain) throw new Error("Usage: npm run webhooks:replay -- --shop x.myshopify.com [--id <dead letter id>]");
  const ids = options("id");
  const results = await replayDeadLetters(db, {
    shopDomain,
    ids,
    customShopDomains: process.env.SHOP_CUSTOM_DOMAIN ? [process.env.SHOP_CUSTOM_DOMAIN] : [],
  });
  for (const result of results) {
    const detail =
      result.status === "still_unusable" ? `: ${result.reason}` : result.status === "failed" ? `: ${result.error}` : "";
    console.log(`${result.id} ${result.topic} ${result.deliveryId} ${result.status}${detail}`);
  }
  const count = (status: string) => results.filter((r) => r.status === status).length;
  console.log(
    `${shopDomain}: ${results.length} dead letters, ${count("replayed")} replayed, ` +
      `${count("still_unusable")} still unusable, ${count("failed")} failed (run again later).`,
  );
  if (count("failed") > 0) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
