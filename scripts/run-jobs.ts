/**
 * `npm run jobs`: the programme's scheduled work, for one cron line (every 15 minutes is
 * plenty). Each job is idempotent and safe to run from several instances at once:
 * - release points whose return window is over;
 * - expire points under the shop's expiry policy;
 * - settle redemptions left pending (a process died before Shopify answered);
 * - delete anti-farming counters of windows that are over;
 * - delete events API idempotency receipts past their retention;
 * - award birthday points to members whose birthday it is (once a year per rule).
 */
export {};

const { db } = await import("../app/db.server");
const { releaseDuePendingPoints } = await import("../app/orders/order-points.server");
const { expireDuePoints } = await import("../app/ledger/expire.server");
const { settleStaleRedemptions } = await import("../app/rewards/settle-redemptions.server");
const { pruneRateLimitCounters } = await import("../app/rules/rate-limit.server");
const { pruneReceipts } = await import("../app/events/receipts.server");
const { awardBirthdays } = await import("../app/members/birthdays.server");

try {
  const now = new Date();
  const released = await releaseDuePendingPoints(db, { now });
  console.log(`Pending points released: ${released.points} points from ${released.orders} orders.`);
  const expired = await expireDuePoints(db, { now });
  console.log(`Points expired: ${expired.points} points, ${expired.entries} entries.`);
  const settled = await settleStaleRedemptions(db, { olderThan: new Date(now.getTime() - 15 * 60_000) });
  console.log(
    `Redemptions settled: ${settled.issued} issued, ${settled.released} released, ${settled.unresolved} left for the next run.`,
  );
  console.log(`Rate-limit counters pruned: ${await pruneRateLimitCounters(db, now)}.`);
  console.log(`Events API receipts pruned: ${await pruneReceipts(db, now)}.`);
  const birthdays = await awardBirthdays(db, now);
  console.log(
    `Birthday points: ${birthdays.points} points to ${birthdays.awarded} members in ${birthdays.shops} shops.`,
  );
} finally {
  await db.$disconnect();
}
