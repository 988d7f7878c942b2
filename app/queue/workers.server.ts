/**
 * The workers of one process: they process webhook deliveries, run the programme's scheduled
 * work every 15 minutes, write members' facts to Shopify every 5, and log the queue's health
 * every 30 seconds as a structured line (`webhook_queue`: waiting, active, retrying,
 * oldestWaitingSeconds) for operators to alert on.
 * `npm start` and the demo run them beside the web server (unless LOYALTY_WORKERS=off; server.ts
 * `serve`); `npm run worker` runs them alone, for scaling them apart from the web; under
 * `remix vite:dev` (`shopify app dev`) the first request starts them (app/entry.server.tsx).
 */
import type { Db } from "../db.server";
import { FACTS_WORK_CRON, FACTS_WORK_EVERY_MS, runFactsWork } from "../jobs/facts-work.server";
import { runScheduledWork, SCHEDULED_WORK_CRON } from "../jobs/scheduled-work.server";
import { logEvent } from "../observability/log.server";
import { deliveryQueue } from "./queue.server";

const HEALTH_LOG_MS = 30_000;

/** LOYALTY_WORKERS: "off" for a web-only process; anything else (or unset) runs the workers. */
export function workersEnabled(source: Record<string, string | undefined>): boolean {
  const value = source.LOYALTY_WORKERS?.trim().toLowerCase();
  if (value === undefined || value === "" || value === "on") return true;
  if (value === "off") return false;
  throw new Error(`LOYALTY_WORKERS must be "on" or "off", got ${JSON.stringify(source.LOYALTY_WORKERS)}.`);
}

declare global {
  /** This process's running workers (one set per process, whoever started them). */
  var __loyaltyWorkers: Promise<{ stop(): Promise<void> }> | undefined;
}

/** Starts this process's workers once; a second call gets the same ones. */
export function startWorkers(db: Db): Promise<{ stop(): Promise<void> }> {
  globalThis.__loyaltyWorkers ??= launchWorkers(db);
  return globalThis.__loyaltyWorkers;
}

async function launchWorkers(db: Db): Promise<{ stop(): Promise<void> }> {
  const queue = await deliveryQueue(db);
  await queue.startWorkers();
  await queue.startSchedule("programme-jobs", { cron: SCHEDULED_WORK_CRON, everyMs: 15 * 60_000 }, async () => {
    for (const line of await runScheduledWork(db)) logEvent("scheduled_work", { result: line });
  });
  await queue.startSchedule("customer-facts", { cron: FACTS_WORK_CRON, everyMs: FACTS_WORK_EVERY_MS }, async () => {
    logEvent("scheduled_work", { result: await runFactsWork(db) });
  });
  const logHealth = async () => {
    try {
      logEvent("webhook_queue", { queue: queue.kind, ...(await queue.health()) });
    } catch (error) {
      logEvent("queue_error", { message: `health unavailable: ${(error as Error).message}` });
    }
  };
  const timer = setInterval(() => void logHealth(), HEALTH_LOG_MS);
  timer.unref();
  logEvent("workers_started", { queue: queue.kind });
  return {
    async stop() {
      clearInterval(timer);
      globalThis.__loyaltyWorkers = undefined;
      await queue.stop();
    },
  };
}
