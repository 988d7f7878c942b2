/**
 * Who is posting: the shop named in X-Loyalty-Shop, proven by a signature made with that
 * shop's events secret. Every failure to prove it gets the same answer (invalid_signature),
 * whether the shop is unknown, has no secret or the digest is wrong, so the API tells an
 * outsider nothing about which shops exist; a stale timestamp is only reported to a caller
 * who signed correctly (the timestamp is part of what is signed), and so is
 * `signature_scheme_outdated`: a correct signature of the first scheme, which left the
 * Idempotency-Key out (decision 0010).
 */
import type { Db } from "../db.server";
import {
  HEADERS,
  outdatedSignatureMatches,
  parseTimestamp,
  signatureMatches,
  timestampIsFresh,
} from "../domain/events-api";
import { findShop } from "../shops/shops.server";
import { apiError } from "./responses.server";

/** Signed against when there is no shop or secret, so that case costs what a real check costs. */
const DECOY_SECRET = "no-such-secret";

export type EventsCaller =
  { ok: true; shop: NonNullable<Awaited<ReturnType<typeof findShop>>> } | { ok: false; response: Response };

const refused = (message: string): EventsCaller => ({ ok: false, response: apiError("invalid_signature", message) });

export async function authenticateEventsCaller(
  db: Db,
  headers: Headers,
  rawBody: Uint8Array,
  now: Date,
): Promise<EventsCaller> {
  const domain = headers.get(HEADERS.shop)?.trim().toLowerCase();
  const timestampText = headers.get(HEADERS.timestamp)?.trim() ?? "";
  const signature = headers.get(HEADERS.signature);
  if (!domain || !signature) {
    return refused(`Send the ${HEADERS.shop}, ${HEADERS.timestamp} and ${HEADERS.signature} headers.`);
  }
  const timestamp = parseTimestamp(timestampText);
  if (timestamp === null) return refused(`${HEADERS.timestamp} must be the current time in unix seconds.`);

  const shop = await findShop(db, domain);
  const secret = shop?.eventsSecret ?? null;
  const parts = { timestamp: timestampText, idempotencyKey: headers.get(HEADERS.idempotencyKey) ?? "", rawBody };
  const matches = signatureMatches(secret ?? DECOY_SECRET, parts, signature);
  // Computed for every request, so an outdated signature costs what a wrong one costs.
  const outdated = outdatedSignatureMatches(secret ?? DECOY_SECRET, parts, signature);
  if (shop && secret && !matches && outdated) {
    return {
      ok: false,
      response: apiError(
        "signature_scheme_outdated",
        `This request is signed the old way, without its ${HEADERS.idempotencyKey}: sign "<${HEADERS.timestamp}>.<${HEADERS.idempotencyKey}>.<body>" instead (see the Events API page).`,
      ),
    };
  }
  if (!shop || !secret || !matches) {
    return refused(
      `The signature does not match: sign "<${HEADERS.timestamp}>.<${HEADERS.idempotencyKey}>.<body>" with HMAC-SHA256 and the shop's events secret, and send it as sha256=<hex>.`,
    );
  }
  if (!timestampIsFresh(timestamp, now)) {
    return {
      ok: false,
      response: apiError(
        "stale_timestamp",
        `${HEADERS.timestamp} is more than 5 minutes from our clock (${Math.floor(now.getTime() / 1000)}). Sign each request, and each retry, when you send it.`,
      ),
    };
  }
  if (shop.uninstalledAt) {
    return {
      ok: false,
      response: apiError("programme_not_found", "The loyalty app is not installed on this shop any more."),
    };
  }
  return { ok: true, shop };
}
