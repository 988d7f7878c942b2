/**
 * What every queue worker runs on a batch it claimed, whichever queue it came from: each
 * delivery through `receiveWebhook`, in order, with the shop and its rules loaded once for the
 * batch. A delivery's failure never fails its neighbours: it is settled "retry" on its own.
 */
import type { Db } from "../db.server";
import { createDeliveryBatch } from "../webhooks/batch.server";
import { receiveWebhook } from "../webhooks/receive.server";
import type { Attempt, QueuedDelivery, Settlement } from "./delivery-queue";

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
        settlement = await receiveWebhook(
          db,
          delivery,
          { attempt, customShopDomains: options.customShopDomains },
          batch,
        );
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
