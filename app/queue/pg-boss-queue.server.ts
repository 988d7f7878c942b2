/**
 * The delivery queue on PostgreSQL: pg-boss (docs/decisions/0021). A delivery is one row in
 * pg-boss's job table, inserted by the route in one autocommit statement; workers on any
 * number of instances claim batches with SKIP LOCKED, and LISTEN/NOTIFY wakes them the moment
 * a delivery lands. pg-boss owns retries with backoff, leases (a claimed job whose worker died
 * is retried when `expireInSeconds` runs out) and the schedule of the programme's jobs.
 */
import { PgBoss, type Clock, type Job, type JobResult } from "pg-boss";
import {
  DELIVERY_BATCH_SIZE,
  DELIVERY_LEASE_SECONDS,
  DELIVERY_RETRIES,
  FINAL_ATTEMPT,
  type DeliveryQueue,
  type DrainOptions,
  type HealthFilter,
  type QueueHealth,
  type QueuedDelivery,
  type Settlement,
} from "./delivery-queue";
import type { ProcessBatch } from "./process-batch.server";

export interface PgBossQueueOptions {
  url: string;
  queueName: string;
  process: ProcessBatch;
  /** Whether this instance also supervises (expires leases, prunes) and runs schedules; pg-boss shares that work between instances. */
  supervise: boolean;
  log: (event: string, fields: Record<string, unknown>) => void;
  /** pg-boss's clock (tests pass a TestClock, to move past a lease or a backoff). */
  clock?: Clock;
}

/** pg-boss's schema: its own, beside the app's tables, created and migrated by pg-boss itself. */
const SCHEMA = "pgboss";
/**
 * Batches one worker process has in hand at once. A batch's deliveries go one after another
 * (in order, through one DeliveryBatch); most of a delivery's time is spent waiting on the
 * database, so a few batches at once keep both the process and the database busy.
 */
export const LOCAL_CONCURRENCY = 4;

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
    // MAX_INSERTS_IN_FLIGHT acknowledgements' inserts, and the workers' fetches and settlements.
    max: 8,
    useListenNotify: true,
    // How soon a lease that ran out (a worker that died) is noticed and its delivery retried:
    // within 10 s of the lease, not pg-boss's default minute.
    superviseIntervalSeconds: 10,
    monitorIntervalSeconds: 10,
    supervise: options.supervise,
    schedule: options.supervise,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  boss.on("error", (error: Error) => log("queue_error", { message: error.message }));
  await boss.start();
  const queueOptions = {
    // Past the app's retries: receiveWebhook settles the last attempt itself (a dead letter), so
    // pg-boss's extra retries only come when workers died holding the last attempts; the batch
    // processor then keeps the delivery as a dead letter (FINAL_ATTEMPT). Without them pg-boss
    // would end it in its own "failed" state, unseen by the merchant.
    retryLimit: FINAL_ATTEMPT,
    retryDelay: secondsFromEnv("WEBHOOK_RETRY_DELAY_SECONDS", DELIVERY_RETRIES.firstDelaySeconds),
    retryBackoff: true,
    expireInSeconds: secondsFromEnv("WEBHOOK_LEASE_SECONDS", DELIVERY_LEASE_SECONDS),
    // What a delivery did is in the app's own tables; a completed job (with its body, ~10 KB)
    // is kept only briefly, or a flash sale's would fill the database. pg-boss deletes them.
    deleteAfterSeconds: 15 * 60,
    notify: true,
  };
  await boss.createQueue(queueName, { ...queueOptions, retryDelayMax: DELIVERY_RETRIES.maxDelaySeconds });
  // createQueue leaves an existing queue as it was: a deployment that changed these options
  // (this release raised retryLimit by one) gets them on its next start.
  await boss.updateQueue(queueName, queueOptions);
  const insert = groupInserts((deliveries) =>
    boss.insert(
      queueName,
      deliveries.map((data) => ({ data })),
    ),
  );

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
    enqueue: insert,
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
          // NOTIFY wakes the workers for a new delivery; a retry whose backoff has passed sends
          // none, so they also look every 2 s (pg-boss's own floor with NOTIFY on is 30 s).
          pollingIntervalSeconds: 2,
          notifyPollingIntervalSeconds: 2,
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
    health: (filter) => readHealth(boss, queueName, filter),
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
async function readHealth(boss: PgBoss, queueName: string, filter: HealthFilter = {}): Promise<QueueHealth> {
  const { rows } = await boss.getDb().executeSql(
    `SELECT
       count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now())::int AS waiting,
       count(*) FILTER (WHERE state = 'active')::int AS active,
       count(*) FILTER (WHERE state = 'retry' AND start_after > now())::int AS retrying,
       extract(epoch FROM now() - min(created_on) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now()))::float8 AS oldest
     FROM ${SCHEMA}.job
     WHERE name = $1 AND state IN ('created', 'retry', 'active')
       AND ($2::text IS NULL OR data->>'shopDomain' = $2)`,
    [queueName, filter.shopDomain ?? null],
  );
  const row = rows[0] as { waiting: number; active: number; retrying: number; oldest: number | null };
  return {
    waiting: row.waiting,
    active: row.active,
    retrying: row.retrying,
    oldestWaitingSeconds: row.oldest === null ? null : Math.max(0, Math.round(row.oldest)),
  };
}

/** Inserts at most this many at once; further acknowledgements wait and go together. */
export const MAX_INSERTS_IN_FLIGHT = 4;
const MAX_DELIVERIES_PER_INSERT = 100;

/**
 * Group commit for acknowledgements: every delivery that arrives while earlier inserts are in
 * flight goes into the next one, a single statement and commit for all of them, and each
 * route answers once the insert holding its delivery has committed. One at a time, pg-boss's
 * insert costs ~1.5 ms of database CPU per delivery; in a storm most of that is shared. A
 * delivery on its own waits for nothing but the end of the current turn of the event loop.
 * An insert that fails is tried again one delivery at a time, so one delivery the database
 * refuses (a body it cannot store) fails alone and its neighbours are still acknowledged.
 */
export function groupInserts(
  insert: (deliveries: QueuedDelivery[]) => Promise<unknown>,
): (delivery: QueuedDelivery) => Promise<void> {
  type Waiting = { delivery: QueuedDelivery; resolve: () => void; reject: (error: unknown) => void };
  const waiting: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  const send = async (group: Waiting[]) => {
    try {
      await insert(group.map((w) => w.delivery));
      group.forEach((w) => w.resolve());
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      await Promise.all(group.map((w) => send([w])));
    }
  };
  const pump = () => {
    scheduled = false;
    while (inFlight < MAX_INSERTS_IN_FLIGHT && waiting.length > 0) {
      inFlight++;
      void send(waiting.splice(0, MAX_DELIVERIES_PER_INSERT)).finally(() => {
        inFlight--;
        pump();
      });
    }
  };
  return (delivery) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ delivery, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(pump);
      }
    });
}
