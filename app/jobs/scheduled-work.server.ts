/**
 * The programme's scheduled work, every 15 minutes: run by the workers on the queue's
 * schedule (app/queue/workers.server.ts), or by `npm run jobs` from a cron line. Each job is
 * idempotent and safe to run from several instances at once:
 * - release points whose return window is over;
 * - expire points under the shop's expiry policy;
 * - settle redemptions left pending (a process died before Shopify answered);
 * - delete anti-farming counters of windows that are over;
 * - delete events API idempotency receipts past their retention;
 * - award birthday points to members whose birthday it is (once a year per rule);
 * - settle the tier of members whose released points may promote them, and of members whose
 *   tier time alone may change (a period's end plus grace, a grant's end);
 * - complete the milestones of days as a member that members reached since the last run;
 * - pick up order backfills whose instance stopped (docs/decisions/0035);
 * - take up points imports left applying or reverting by an instance that died (app/imports).
 */
import type { Db } from "../db.server";
import { pruneReceipts } from "../events/receipts.server";
import { resumeOrderBackfills } from "../economics/order-backfill.server";
import { resumeImports } from "../imports/work.server";
import { expireDuePoints } from "../ledger/expire.server";
import { awardBirthdays } from "../members/birthdays.server";
import { settleMembershipMilestones } from "../challenges/membership-days.server";
import { releaseDuePendingPoints } from "../orders/order-points.server";
import { settleStaleRedemptions } from "../rewards/settle-redemptions.server";
import { pruneRateLimitCounters } from "../rules/rate-limit.server";
import { reviewDueTiers, settleMembersReleasedSince } from "../tiers/movement.server";

/** Every 15 minutes, in cron's words (the queue's schedule and the README's cron line). */
export const SCHEDULED_WORK_CRON = "*/15 * * * *";

/** Runs every job once; returns one line per job, saying what it did. */
/** How far back released points are looked at: beyond the last run, to repair one that died. */
const RELEASE_LOOKBACK_MS = 60 * 60_000;

export async function runScheduledWork(db: Db, now = new Date()): Promise<string[]> {
  // Entries are dated by the real clock, whatever `now` the run was given.
  const releasedSince = new Date(Date.now() - RELEASE_LOOKBACK_MS);
  const released = await releaseDuePendingPoints(db, { now });
  const releasedSettled = await settleMembersReleasedSince(db, releasedSince);
  const expired = await expireDuePoints(db, { now });
  const settled = await settleStaleRedemptions(db, { olderThan: new Date(now.getTime() - 15 * 60_000) });
  const pruned = await pruneRateLimitCounters(db, now);
  const receipts = await pruneReceipts(db, now);
  const birthdays = await awardBirthdays(db, now);
  const tiers = await reviewDueTiers(db, { now });
  const milestones = await settleMembershipMilestones(db, now);
  const backfills = await resumeOrderBackfills(db, now);
  const imports = await resumeImports(db, now);
  return [
    `Pending points released: ${released.points} points from ${released.orders} orders.`,
    `Points expired: ${expired.points} points, ${expired.entries} entries.`,
    `Redemptions settled: ${settled.issued} issued, ${settled.released} released, ${settled.unresolved} left for the next run.`,
    `Rate-limit counters pruned: ${pruned}.`,
    `Events API receipts pruned: ${receipts}.`,
    `Birthday points: ${birthdays.points} points to ${birthdays.awarded} members in ${birthdays.shops} shops.`,
    `Tiers: ${releasedSettled} members settled after released points; ${tiers.members} reviews due, ${tiers.moved} moved.`,
    `Membership milestones: ${milestones.completed} reached.`,
    `Order backfills: ${backfills.resumed} picked up, ${backfills.done} done.`,
    `Points imports: ${imports.resumed} finished after an interruption, ${imports.abandoned} abandoned uploads removed.`,
  ];
}
