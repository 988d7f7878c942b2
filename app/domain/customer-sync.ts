/**
 * Ordering customer payloads. Shopify does not deliver webhooks in order: an older
 * customers/update can arrive after a newer one and must not overwrite its details. Each
 * payload is dated by when Shopify produced it; a member remembers the date of the payload
 * last applied (Member.profileSyncedAt) and older ones are not applied. Pure.
 */

/** Shopify's ISO timestamps, read safely: an unreadable one is unknown, not an error. */
export function readInstant(value: string | null | undefined): Date | null {
  // ISO 8601 date and time only: Date would also read "5" or "May 5" as some instant.
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * When Shopify produced the payload: the delivery's X-Shopify-Triggered-At, else the
 * customer's updated_at (older deliveries have no header). Null when neither is readable.
 */
export function payloadProducedAt(triggeredAt: string | null | undefined, updatedAt: string | null | undefined): Date | null {
  return readInstant(triggeredAt) ?? readInstant(updatedAt);
}

/**
 * Older than what the member already reflects. An undated payload is applied (nothing says
 * it is old); one produced at the same instant as the last is applied too (it says the same).
 */
export function isStalePayload(producedAt: Date | null, syncedAt: Date | null): boolean {
  return producedAt !== null && syncedAt !== null && producedAt.getTime() < syncedAt.getTime();
}
