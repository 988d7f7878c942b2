/**
 * The one door every widget POST through the app proxy goes through (events, profile, redeem, cancel):
 * a valid Shopify signature with each caller parameter once, JSON by its media type (so a
 * cross-site form or no-preflight fetch cannot post it), a signed-in shopper, an installed
 * shop. What it lets through carries the signed customer id; the body is parsed but not
 * trusted (the caller validates it: engagement.server.ts, the redeem route).
 */
import { db } from "../db.server";
import { isJsonContentType } from "../domain/media-type";
import { readBodyUpTo } from "../http/read-body";
import { findShop } from "../shops/shops.server";
import type { Refused } from "./engagement.server";
import { WIDGET_BODY_LIMIT_BYTES } from "./proxy-input";
import { authenticateProxyCaller, proxyError } from "./proxy-request.server";

export interface ProxyPost {
  shop: NonNullable<Awaited<ReturnType<typeof findShop>>>;
  /** From the app proxy signature, never from the body. */
  customerId: string;
  /** The parsed JSON body (anything, or undefined when it is not JSON): validate it. */
  body: unknown;
  /** The signed query the proxy forwarded, shopper parameters included. */
  query: URLSearchParams;
}

/**
 * The refusals (as responses) in the order the widget relies on: signature 400, method 405,
 * media type 415 `invalid_request`, guest 401 `sign_in_required`, no programme 404, a body
 * over WIDGET_BODY_LIMIT_BYTES 413 `payload_too_large`.
 */
export async function widgetCallFrom(request: Request, action: string): Promise<ProxyPost | Response> {
  const caller = await authenticateProxyCaller(request);
  if (request.method !== "POST") return proxyError(405, "method_not_allowed", `Use POST to ${action}.`);
  if (!isJsonContentType(request.headers.get("content-type"))) {
    return proxyError(415, "invalid_request", "Send the request as JSON.");
  }
  if (!caller.customerId) return proxyError(401, "sign_in_required", `Sign in to ${action}.`);
  const shop = await findShop(db, caller.shopDomain);
  if (!shop || shop.uninstalledAt) return proxyError(404, "programme_not_found", "This shop has no loyalty programme.");
  const raw = await readBodyUpTo(request, WIDGET_BODY_LIMIT_BYTES);
  if (!raw)
    return proxyError(413, "payload_too_large", `A request body can be at most ${WIDGET_BODY_LIMIT_BYTES} bytes.`);
  return { shop, customerId: caller.customerId, body: parseJson(raw), query: new URL(request.url).searchParams };
}

export function refusedResponse(refused: Refused): Response {
  switch (refused.outcome) {
    case "rate_limited": {
      const response = proxyError(429, "rate_limited", "Too many actions at once. Please try again in a moment.");
      response.headers.set("Retry-After", String(refused.retryAfterSeconds));
      return response;
    }
    case "customer_mismatch":
      return proxyError(403, "customer_mismatch", "Points can only be earned by the signed-in shopper.");
    case "invalid":
      return proxyError(400, "invalid_request", refused.message);
    case "customer_redacted":
      return proxyError(410, "customer_redacted", "This shopper's loyalty data was erased at their request.");
  }
}

/** The JSON body, or undefined when it is not JSON (the caller's schema then refuses it). */
function parseJson(raw: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(raw).toString("utf8"));
  } catch {
    return undefined;
  }
}
