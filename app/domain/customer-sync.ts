/**
 * Ordering customer payloads. Shopify does not deliver webhooks in order: an older
 * customers/update can arrive after a newer one and must not overwrite its details. Each
 * payload is dated by when Shopify produced it; a member remembers the date of the payload
 * last applied (Member.profileSyncedAt) and older ones are not applied. Customer and order
 * webhooks both carry contact details and follow the same rule (contactUpdate). Pure.
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
export function payloadProducedAt(
  triggeredAt: string | null | undefined,
  updatedAt: string | null | undefined,
): Date | null {
  return readInstant(triggeredAt) ?? readInstant(updatedAt);
}

/**
 * Older than what the member already reflects. An undated payload is applied (nothing says
 * it is old); one produced at the same instant as the last is applied too (it says the same).
 */
export function isStalePayload(producedAt: Date | null, syncedAt: Date | null): boolean {
  return producedAt !== null && syncedAt !== null && producedAt.getTime() < syncedAt.getTime();
}

export interface ContactDetails {
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** What a payload says about the customer's contact details; undefined: it does not say. */
export type GivenContact = { [Field in keyof ContactDetails]?: string | null };

export type ContactUpdate =
  | { stale: true }
  /** `syncedAt`: the member's new profileSyncedAt, when the payload is dated and applied. */
  | { stale: false; details: Partial<ContactDetails>; syncedAt: Date | null };

/**
 * What a customer or order payload changes in the member's contact details: only the fields
 * it carries (an order's customer may be only `{id}`, and a missing field is not an empty
 * one), and nothing when it is older than what the member already reflects. A payload that
 * carries no detail moves nothing, not even the member's clock.
 */
export function contactUpdate(given: GivenContact, producedAt: Date | null, syncedAt: Date | null): ContactUpdate {
  if (isStalePayload(producedAt, syncedAt)) return { stale: true };
  const details: Partial<ContactDetails> = {};
  for (const field of ["email", "firstName", "lastName"] as const) {
    const value = given[field];
    if (value !== undefined) details[field] = value;
  }
  const carriesDetails = Object.keys(details).length > 0;
  return { stale: false, details, syncedAt: carriesDetails ? producedAt : null };
}

/** Longest list of tags kept for a customer: Shopify allows 250. */
const MAX_CUSTOMER_TAGS = 250;

/**
 * A customer payload's `tags` as Member.customerTags keeps them: trimmed, lower-cased, without
 * duplicates or empty ones. Shopify sends them as one comma-separated string ("VIP, wholesale");
 * a list is read too. Absent or unreadable: undefined, so the stored tags are left as they are.
 */
export function customerTagsOf(tags: unknown): string[] | undefined {
  const list = typeof tags === "string" ? tags.split(",") : Array.isArray(tags) ? tags : null;
  if (!list) return undefined;
  const clean = list.flatMap((tag) => (typeof tag === "string" && tag.trim() !== "" ? [tag.trim().toLowerCase()] : []));
  return [...new Set(clean)].slice(0, MAX_CUSTOMER_TAGS);
}

/** Member.customerTags read back; anything unreadable is no tags. */
export function readCustomerTags(text: string): string[] {
  try {
    return customerTagsOf(JSON.parse(text)) ?? [];
  } catch {
    return [];
  }
}
