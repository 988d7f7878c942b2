/**
 * Writing members' facts to Shopify (app/shopify-facts/sync.server.ts), every 5 minutes: more
 * often than the programme's other jobs because a tier's Shopify perks reach a member only
 * once their tier tag does. Run by the workers on the queue's schedule, and by `npm run jobs`.
 */
import type { Db } from "../db.server";
import { syncDueFacts } from "../shopify-facts/sync.server";

export const FACTS_WORK_CRON = "*/5 * * * *";
export const FACTS_WORK_EVERY_MS = 5 * 60_000;

export async function runFactsWork(db: Db, now = new Date()): Promise<string> {
  const result = await syncDueFacts(db, { now });
  return (
    `Shopify facts: ${result.written} members written of ${result.members} due in ${result.shops} shops, ` +
    `${result.failed} refused, ${result.stopped} shops left for the next run.`
  );
}
