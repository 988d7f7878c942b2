/** Shopify delivers a webhook at least once: remember each event id we have handled. */
import type { Tx } from "../db.server";

/**
 * Records the delivery in the caller's transaction. Returns false when the event was
 * already handled, so the caller does nothing a second time. Two concurrent first
 * deliveries race on the primary key; the loser's transaction is retried and returns false.
 */
export async function recordDelivery(tx: Tx, shopId: string, eventId: string, topic: string): Promise<boolean> {
  const seen = await tx.webhookDelivery.findUnique({ where: { shopId_eventId: { shopId, eventId } } });
  if (seen) return false;
  await tx.webhookDelivery.create({ data: { shopId, eventId, topic } });
  return true;
}
