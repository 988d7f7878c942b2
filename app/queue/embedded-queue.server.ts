/**
 * The delivery queue on SQLite, the embedded default: no extra service, the app's own table
 * (QueuedWebhook) and a worker loop in the app's process. It keeps pg-boss's contract
 * (./delivery-queue.ts): a delivery is committed before the route answers; a worker claims a
 * batch under a lease, so a process that dies mid-batch leaves it to be taken again once the
 * lease runs out; failures are retried with backoff and end as dead letters. Claims are single
 * conditional UPDATEs, which SQLite serialises, so a second process on the same file
 * (`npm run worker`) never takes a delivery another holds. docs/decisions/0021 says why this is
 * not a library.
 */
import type { Db } from "../db.server";
import {
  DELIVERY_BATCH_SIZE,
  DELIVERY_LEASE_SECONDS,
  DELIVERY_RETRIES,
  retryDelaySeconds,
  type DeliveryQueue,
  type DrainOptions,
  type HealthFilter,
  type QueueHealth,
} from "./delivery-queue";
import type { ClaimedDelivery, ProcessBatch } from "./process-batch.server";

export interface EmbeddedQueueOptions {
  db: Db;
  queueName: string;
  process: ProcessBatch;
  log: (event: string, fields: Record<string, unknown>) => void;
  /** The clock (tests move it past a lease or a backoff). */
  now?: () => Date;
}

/** How often an idle worker looks for deliveries another process enqueued (its own wake it at once). */
const POLL_MS = 1_000;

export function createEmbeddedQueue(options: EmbeddedQueueOptions): DeliveryQueue {
  const { db, queueName, log } = options;
  const now = options.now ?? (() => new Date());
  let wake: (() => void) | null = null;
  let running: Promise<void> | null = null;
  let stopping = false;
  const timers: NodeJS.Timeout[] = [];

  const claimable = (at: Date, includeDeferred: boolean) => ({
    queue: queueName,
    OR: [{ leaseUntil: null, ...(includeDeferred ? {} : { runAfter: { lte: at } }) }, { leaseUntil: { lt: at } }],
  });

  /** Claims up to a batch, oldest first; a row another process claimed meanwhile is skipped. */
  async function claim(includeDeferred: boolean) {
    const at = now();
    const candidates = await db.queuedWebhook.findMany({
      where: claimable(at, includeDeferred),
      orderBy: { id: "asc" },
      take: DELIVERY_BATCH_SIZE,
    });
    const leaseUntil = new Date(at.getTime() + DELIVERY_LEASE_SECONDS * 1000);
    const claimed: (typeof candidates)[number][] = [];
    for (const row of candidates) {
      const { count } = await db.queuedWebhook.updateMany({
        where: { id: row.id, ...claimable(at, includeDeferred) },
        data: { leaseUntil, attempts: { increment: 1 } },
      });
      if (count === 1) claimed.push({ ...row, attempts: row.attempts + 1, leaseUntil });
    }
    return claimed;
  }

  /** Processes one claimed batch; returns how many it held. */
  async function runBatch(includeDeferred: boolean): Promise<number> {
    const rows = await claim(includeDeferred);
    if (rows.length === 0) return 0;
    const batch: ClaimedDelivery[] = rows.map((row) => ({
      delivery: {
        shopDomain: row.shopDomain,
        topic: row.topic,
        deliveryId: row.deliveryId,
        webhookId: row.webhookId,
        triggeredAt: row.triggeredAt,
        body: row.body,
        receivedAt: row.receivedAt.toISOString(),
      },
      // pg-boss's count: the first attempt and DELIVERY_RETRIES.limit retries.
      attempt: { number: row.attempts, last: row.attempts > DELIVERY_RETRIES.limit },
    }));
    const settlements = await options.process(batch);
    for (const [i, row] of rows.entries()) {
      const settlement = settlements[i]!;
      // Only while this worker's lease holds: a lease that ran out belongs to whoever took it next.
      const mine = { id: row.id, leaseUntil: row.leaseUntil };
      if (settlement.status === "done") {
        await db.queuedWebhook.deleteMany({ where: mine });
        continue;
      }
      log("delivery_retry", {
        shop: row.shopDomain,
        topic: row.topic,
        deliveryId: row.deliveryId,
        attempt: row.attempts,
        reason: settlement.reason,
      });
      await db.queuedWebhook.updateMany({
        where: mine,
        data: {
          leaseUntil: null,
          lastError: settlement.reason.slice(0, 1000),
          runAfter: new Date(now().getTime() + retryDelaySeconds(row.attempts) * 1000),
        },
      });
    }
    return rows.length;
  }

  async function loop() {
    while (!stopping) {
      let handled = 0;
      try {
        handled = await runBatch(false);
      } catch (error) {
        log("queue_error", { message: (error as Error).message });
      }
      if (handled === DELIVERY_BATCH_SIZE || stopping) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, POLL_MS);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    }
  }

  async function readHealth(filter: HealthFilter = {}): Promise<QueueHealth> {
    const at = now();
    const scope = { queue: queueName, ...(filter.shopDomain === undefined ? {} : { shopDomain: filter.shopDomain }) };
    // Waiting: ready to be claimed, including a delivery whose holder's lease ran out.
    const ready = { ...scope, OR: [{ leaseUntil: null, runAfter: { lte: at } }, { leaseUntil: { lt: at } }] };
    const [waiting, active, retrying, oldest] = await Promise.all([
      db.queuedWebhook.count({ where: ready }),
      db.queuedWebhook.count({ where: { ...scope, leaseUntil: { gte: at } } }),
      db.queuedWebhook.count({ where: { ...scope, leaseUntil: null, runAfter: { gt: at } } }),
      db.queuedWebhook.findFirst({ where: ready, orderBy: { receivedAt: "asc" }, select: { receivedAt: true } }),
    ]);
    return {
      waiting,
      active,
      retrying,
      oldestWaitingSeconds: oldest
        ? Math.max(0, Math.round((at.getTime() - oldest.receivedAt.getTime()) / 1000))
        : null,
    };
  }

  return {
    kind: "embedded",
    async enqueue(delivery) {
      await db.queuedWebhook.create({
        data: { queue: queueName, ...delivery, receivedAt: new Date(delivery.receivedAt), runAfter: now() },
      });
      wake?.();
    },
    async startWorkers() {
      stopping = false;
      running ??= loop();
    },
    async drain(drainOptions: DrainOptions = {}) {
      let processed = 0;
      for (;;) {
        const handled = await runBatch(drainOptions.includeDeferred ?? false);
        processed += handled;
        if (handled > 0) continue;
        const health = await readHealth();
        if (health.waiting === 0 && health.active === 0) return { processed };
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    health: readHealth,
    async startSchedule(name, cadence, task) {
      let busy = false;
      const tick = async () => {
        if (busy) return;
        busy = true;
        try {
          await task();
        } catch (error) {
          log("queue_error", { message: `${name}: ${(error as Error).message}` });
        } finally {
          busy = false;
        }
      };
      timers.push(setInterval(() => void tick(), cadence.everyMs));
    },
    async stop() {
      timers.splice(0).forEach(clearInterval);
      stopping = true;
      wake?.();
      await running;
      running = null;
    },
  };
}
