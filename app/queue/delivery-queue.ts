/**
 * The webhook delivery queue, as the rest of the app sees it: the route enqueues a signed
 * delivery and answers; workers take deliveries in batches and settle each one. Two
 * implementations keep this contract: pg-boss on PostgreSQL (./pg-boss-queue.server.ts) and an
 * in-process queue over the app's own table on SQLite, the embedded default
 * (./embedded-queue.server.ts). docs/decisions/0021 says why.
 */

/** A delivery exactly as it was verified: the body is the signed text, parsed only by a worker. */
export interface QueuedDelivery {
  shopDomain: string;
  /** As X-Shopify-Topic named it ("orders/paid"). */
  topic: string;
  /** X-Shopify-Event-Id, else the webhook id: what makes a redelivery a no-op downstream. */
  deliveryId: string;
  webhookId: string | null;
  triggeredAt: string | null;
  body: string;
  /** When the app acknowledged it (ISO 8601): the start of its time to credit. */
  receivedAt: string;
}

/** What a worker made of one delivery. */
export type Settlement =
  /** Handled, a known repeat, or kept as a dead letter: nothing more to do. */
  | { status: "done" }
  /** Try again later (with backoff); `reason` is recorded on the job. */
  | { status: "retry"; reason: string };

export interface Attempt {
  /** 1 for the first attempt. */
  number: number;
  /** No retry follows this one: a failure now must become a dead letter. */
  last: boolean;
}

export interface QueueHealth {
  /** Deliveries ready to be processed now. */
  waiting: number;
  /** Being processed (claimed by a worker whose lease has not run out). */
  active: number;
  /** Failed at least once and waiting for their backoff to pass. */
  retrying: number;
  /** How long the oldest delivery ready to be processed has waited; null when none waits. */
  oldestWaitingSeconds: number | null;
}

/** How often scheduled work runs: as cron says it (pg-boss) and in milliseconds (the embedded timer). */
export interface Cadence {
  cron: string;
  everyMs: number;
}

export interface DrainOptions {
  /** Also run retries whose backoff has not passed yet (tests, the demo). */
  includeDeferred?: boolean;
}

/** Which deliveries `health` counts: every one, or one shop's (the admin shows a shop its own). */
export interface HealthFilter {
  shopDomain?: string;
}

export interface DeliveryQueue {
  readonly kind: "pg-boss" | "embedded";
  /** Resolves once the delivery is committed: only then may the route answer 200. */
  enqueue(delivery: QueuedDelivery): Promise<void>;
  /** Processes deliveries in this process until `stop` (what `npm start` and `npm run worker` run). */
  startWorkers(): Promise<void>;
  /**
   * Processes, in this process, every delivery that is ready, and returns once none is ready
   * or being processed anywhere. For tests, the demo and e2e: they wait on this, never on a sleep.
   */
  drain(options?: DrainOptions): Promise<{ processed: number }>;
  health(filter?: HealthFilter): Promise<QueueHealth>;
  /**
   * Runs `task` on `cadence` from this process's workers: once per period across all instances
   * on pg-boss (its schedule); on the embedded queue, in this process (one process runs it).
   */
  startSchedule(name: string, cadence: Cadence, task: () => Promise<void>): Promise<void>;
  /** Stops this process's workers (finishing the batch in hand) and closes connections. */
  stop(): Promise<void>;
}

/**
 * Retries after a failure: 8, as Shopify's own, doubling from 30 s and at most an hour apart,
 * about 2 hours in all. A delivery that still fails then becomes a dead letter the merchant
 * sees on Settings and `npm run webhooks:replay` sends again.
 */
export const DELIVERY_RETRIES = { limit: 8, firstDelaySeconds: 30, maxDelaySeconds: 3_600 } as const;

/**
 * Past this attempt a delivery is not processed again but kept as a dead letter: it comes back
 * only when the workers holding its last attempts stopped before finishing them (SIGKILL, a
 * lost host, or the delivery itself crashing the process). The last attempt is
 * DELIVERY_RETRIES.limit + 1; one more is allowed for a worker that died holding it.
 */
export const FINAL_ATTEMPT = DELIVERY_RETRIES.limit + 2;

/**
 * How long a worker holds a delivery before another may take it: a worker that died (SIGKILL,
 * a lost host) leaves its batch claimed, and it is processed again once the lease runs out.
 * Processing a batch takes milliseconds; a minute is generous and still recovers quickly.
 */
export const DELIVERY_LEASE_SECONDS = 60;

/** Deliveries a worker takes at once: shop and rules are loaded once for all of them. */
export const DELIVERY_BATCH_SIZE = 25;

/** The backoff before attempt `attempt + 1`, after `attempt` failed (embedded queue; pg-boss computes its own). */
export function retryDelaySeconds(failedAttempt: number): number {
  const { firstDelaySeconds, maxDelaySeconds } = DELIVERY_RETRIES;
  return Math.min(maxDelaySeconds, firstDelaySeconds * 2 ** Math.max(0, failedAttempt - 1));
}
