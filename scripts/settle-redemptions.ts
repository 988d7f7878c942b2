/**
 * `npm run ledger:settle-redemptions [-- --minutes 15]`: settles redemptions left pending
 * longer than that (a process died between debiting the points and Shopify's answer) by
 * asking Shopify whether the code exists. Safe to run from every instance; schedule it
 * like ledger:expire.
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { minutes: { type: "string", default: "15" } } });
const minutes = Number(values.minutes);
if (!Number.isInteger(minutes) || minutes < 1) {
  console.error("--minutes must be a whole number of minutes, at least 1.");
  process.exit(2);
}

const { db } = await import("../app/db.server");
const { settleStaleRedemptions } = await import("../app/rewards/settle-redemptions.server");
try {
  const report = await settleStaleRedemptions(db, { olderThan: new Date(Date.now() - minutes * 60_000) });
  console.log(
    `Redemptions settled: ${report.issued} issued, ${report.released} released, ${report.unresolved} left for the next run.`,
  );
} finally {
  await db.$disconnect();
}
