/**
 * What the merchant is told about their shop's webhook deliveries (Settings): whether all is
 * applied, still being worked through, or late enough to say so. Pure, so that the words and
 * the threshold are tested without a queue.
 */
import type { QueueHealth } from "./delivery-queue";

/**
 * A delivery waiting longer than this is late: the workers take one within a second or two,
 * and a backlog of a flash sale clears in about a minute. Longer means the workers are down or
 * overwhelmed, and points are visibly late for shoppers.
 */
export const DELAYED_AFTER_SECONDS = 5 * 60;

export type ProcessingState = "caught-up" | "catching-up" | "delayed";

export function processingState(health: QueueHealth): ProcessingState {
  if ((health.oldestWaitingSeconds ?? 0) > DELAYED_AFTER_SECONDS) return "delayed";
  return health.waiting + health.active + health.retrying === 0 ? "caught-up" : "catching-up";
}

/** How long something has waited, as a person says it: "under a minute", "3 min", "2 h 5 min", "3 days". */
export function waitAge(seconds: number): string {
  if (seconds < 60) return "under a minute";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}
