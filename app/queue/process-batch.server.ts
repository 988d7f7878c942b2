/**
 * What every queue worker runs on a batch it claimed, whichever queue it came from: each
 * delivery through `receiveWebhook`, in order, with the shop and its rules loaded once for the
 * batch. A delivery's failure never fails its neighbours: it is settled "retry" on its own.
 * One whose last attempts were abandoned by dying workers becomes a dead letter unprocessed.
 */
import type { Db } from "../db.server";
import { storeDeadLetter } from "../webhooks/dead-letters.server";
import { topicOf } from "../webhooks/dispatch.server";
import { createDeliveryBatch } from "../webhooks/batch.server";
import { receiveWebhook } from "../webhooks/receive.server";
import { FINAL_ATTEMPT, type Attempt, type QueuedDelivery, type Settlement } from "./delivery-queue";

export interface ClaimedDelivery {
  delivery: QueuedDelivery;
  attempt: Attempt;
}

export type ProcessBatch = (claimed: readonly ClaimedDelivery[]) => Promise<Settlement[]>;

export interface BatchProcessorOptions {
  customShopDomains?: readonly string[];
  /** Told of every settled delivery (tests count them; the bench does not need it). */
  onSettled?: (delivery: QueuedDelivery, settlement: Settlement) => void;
}

export function batchProcessor(db: Db, options: BatchProcessorOptions = {}): ProcessBatch {
  return async (claimed) => {
    const settlements: Settlement[] = [];
    const batch = createDeliveryBatch(db);
    for (const { delivery, attempt } of claimed) {
      let settlement: Settlement;
      try {
        settlement =
          attempt.number > FINAL_ATTEMPT
            ? await abandon(db, delivery, attempt.number - 1)
            : await receiveWebhook(db, delivery, { attempt, customShopDomains: options.customShopDomains }, batch);
      } catch (error) {
        // The dead letter itself could not be written (the database is away): try again later.
        settlement = { status: "retry", reason: `could not be settled: ${(error as Error).message}` };
      }
      options.onSettled?.(delivery, settlement);
      settlements.push(settlement);
    }
    return settlements;
  };
}

/**
 * A delivery whose last attempts never finished: kept, not tried again, so one that kills its
 * worker cannot take every worker down in turn, and none is dropped unseen.
 */
async function abandon(db: Db, delivery: QueuedDelivery, attempts: number): Promise<Settlement> {
  await storeDeadLetter(db, {
    ...delivery,
    topic: topicOf(delivery.topic) ?? delivery.topic,
    reason: `processing never finished: the worker holding it stopped each time (${attempts} attempts, no retry left)`,
  });
  return { status: "done" };
}
