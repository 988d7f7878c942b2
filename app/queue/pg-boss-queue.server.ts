/**
 * The delivery queue on PostgreSQL: pg-boss (docs/decisions/0020). A delivery is one row in
 * pg-boss's job table, inserted by the route in one autocommit statement; workers on any
 * number of instances claim batches with SKIP LOCKED, and LISTEN/NOTIFY wakes them the moment
 * a delivery lands. pg-boss owns retries with backoff, leases (a claimed job whose worker died
 * is retried when `expireInSeconds` runs out) and the schedule of the programme's jobs.
 */
import { PgBoss, type Job, type JobResult } from "pg-boss";
import {
  DELIVERY_BATCH_SIZE,
  DELIVERY_LEASE_SECONDS,
  DELIVERY_RETRIES,
  type DeliveryQueue,
  type DrainOptions,
  type QueueHealth,
  type QueuedDelivery,
  type Settlement,
} from "./delivery-queue";
import type { ProcessBatch } from "./process-batch.server";

export interface PgBossQueueOptions {
  url: string;
  queueName: string;
  process: ProcessBatch;
  /** Whether this process also supervises (expires leases, prunes) and runs schedules: workers do, a web-only process need not. */
  supervise: boolean;
  log: (event: string, fields: Record<string, unknown>) => void;
}

/** pg-boss's schema: its own, beside the app's tables, created and migrated by pg-boss itself. */
const SCHEMA = "pgboss";
/** Workers per process, each with its own batch in hand. */
const LOCAL_CONCURRENCY = 2;

/**
 * Seconds from `source[name]` (1..3600), else `fallback`. Only `npm run bench:webhooks` sets
 * these (WEBHOOK_RETRY_DELAY_SECONDS, WEBHOOK_LEASE_SECONDS): its scenarios of failed Shopify
 * lookups and killed workers would otherwise wait out the production delays (30 s, 60 s).
 */
export function secondsFromEnv(
  name: string,
  fallback: number,
  source: Record<string, string | undefined> = process.env,
) {
  const raw = source[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 3_600) {
    throw new Error(`${name} must be a whole number of seconds from 1 to 3600, got ${JSON.stringify(source[name])}.`);
  }
  return value;
}

export async function createPgBossQueue(options: PgBossQueueOptions): Promise<DeliveryQueue & { boss: PgBoss }> {
  const { queueName, log } = options;
  const boss = new PgBoss({
    connectionString: options.url,
    schema: SCHEMA,
    application_name: "loyalty-queue",
    max: 4,
    useListenNotify: true,
    supervise: options.supervise,
    schedule: options.supervise,
  });
  boss.on("error", (error: Error) => log("queue_error", { message: error.message }));
  await boss.start();
  await boss.createQueue(queueName, {
    retryLimit: DELIVERY_RETRIES.limit,
    retryDelay: secondsFromEnv("WEBHOOK_RETRY_DELAY_SECONDS", DELIVERY_RETRIES.firstDelaySeconds),
    retryBackoff: true,
    retryDelayMax: DELIVERY_RETRIES.maxDelaySeconds,
    expireInSeconds: secondsFromEnv("WEBHOOK_LEASE_SECONDS", DELIVERY_LEASE_SECONDS),
    // Kept a day after completion, for looking into what happened; then pg-boss deletes them.
    deleteAfterSeconds: 86_400,
    notify: true,
  });

  /** Settles a batch: pg-boss retries the jobs marked failed, with the queue's backoff. */
  const settle = async (jobs: Job<QueuedDelivery>[]): Promise<JobResult[]> => {
    const settlements = await options.process(
      jobs.map((job) => ({
        delivery: job.data,
        attempt: { number: job.retryCount + 1, last: job.retryCount >= DELIVERY_RETRIES.limit },
      })),
    );
    return jobs.map((job, i) => toResult(job, settlements[i]!, log));
  };

  let workers: string[] = [];
  return {
    kind: "pg-boss",
    boss,
    async enqueue(delivery) {
      await boss.send(queueName, delivery);
    },
    async startWorkers() {
      if (workers.length) return;
      const id = await boss.work<QueuedDelivery>(
        queueName,
        {
          batchSize: DELIVERY_BATCH_SIZE,
          perJobResults: true,
          localConcurrency: LOCAL_CONCURRENCY,
          // While batches come back full there is a backlog: fetch again at once.
          burstWhenBatchFull: true,
          // NOTIFY wakes the workers; polling is the floor when a notification is missed.
          pollingIntervalSeconds: 2,
        },
        settle,
      );
      workers = [id];
    },
    async drain(drainOptions: DrainOptions = {}) {
      let processed = 0;
      for (;;) {
        const jobs = await boss.fetch<QueuedDelivery>(queueName, {
          batchSize: DELIVERY_BATCH_SIZE,
          ignoreStartAfter: drainOptions.includeDeferred ?? false,
        });
        if (jobs.length > 0) {
          const results = await settle(jobs);
          await settleFetched(boss, queueName, jobs, results);
          processed += jobs.length;
          continue;
        }
        const health = await readHealth(boss, queueName);
        if (health.waiting === 0 && health.active === 0) return { processed };
        // Another process holds a batch (or a retry just became ready): wait for it to settle.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    health: () => readHealth(boss, queueName),
    async startSchedule(name, cadence, task) {
      await boss.createQueue(name, { retryLimit: 0, expireInSeconds: 15 * 60, deleteAfterSeconds: 86_400 });
      await boss.schedule(name, cadence.cron);
      await boss.work(name, async () => {
        await task();
      });
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
      workers = [];
    },
  };
}

function toResult(job: Job<QueuedDelivery>, settlement: Settlement, log: PgBossQueueOptions["log"]): JobResult {
  if (settlement.status === "done") return { id: job.id, status: "completed" };
  log("delivery_retry", {
    shop: job.data.shopDomain,
    topic: job.data.topic,
    deliveryId: job.data.deliveryId,
    attempt: job.retryCount + 1,
    reason: settlement.reason,
  });
  return { id: job.id, status: "failed", output: { reason: settlement.reason } };
}

/** What `work()` does with a handler's JobResult[], for jobs taken with `fetch()`. */
async function settleFetched(boss: PgBoss, queueName: string, jobs: Job<QueuedDelivery>[], results: JobResult[]) {
  const completed = jobs.filter((_, i) => results[i]!.status === "completed");
  if (completed.length) await boss.complete(queueName, completed);
  for (const [i, job] of jobs.entries()) {
    const result = results[i]!;
    if (result.status !== "completed") await boss.fail(queueName, job, result.output ?? null);
  }
}

/** Counted from pg-boss's job table directly: its cached queue counts may be minutes old. */
async function readHealth(boss: PgBoss, queueName: string): Promise<QueueHealth> {
  const { rows } = await boss.getDb().executeSql(
    `SELECT
       count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now())::int AS waiting,
       count(*) FILTER (WHERE state = 'active')::int AS active,
       count(*) FILTER (WHERE state = 'retry' AND start_after > now())::int AS retrying,
       extract(epoch FROM now() - min(created_on) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now()))::float8 AS oldest
     FROM ${SCHEMA}.job
     WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
    [queueName],
  );
  const row = rows[0] as { waiting: number; active: number; retrying: number; oldest: number | null };
  return {
    waiting: row.waiting,
    active: row.active,
    retrying: row.retrying,
    oldestWaitingSeconds: row.oldest === null ? null : Math.max(0, Math.round(row.oldest)),
  };
}
