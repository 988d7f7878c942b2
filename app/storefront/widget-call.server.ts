/**
 * The door every widget POST through the app proxy goes through (events, profile): a valid
 * Shopify signature, JSON (so a cross-site form cannot post it without a CORS preflight the
 * shop refuses), a signed-in shopper, an installed shop. What it lets through carries the
 * signed customer id; the body is parsed but not trusted (engagement.server.ts judges it).
 */
import { db } from "../db.server";
import { findShop } from "../shops/shops.server";
import type { Refused, WidgetCall } from "./engagement.server";
import { authenticateProxyCaller, proxyError } from "./proxy-request.server";

export async function widgetCallFrom(request: Request, action: string): Promise<WidgetCall | Response> {
  const caller = await authenticateProxyCaller(request);
  if (request.method !== "POST") return proxyError(405, "method_not_allowed", `Use POST to ${action}.`);
  if (!request.headers.get("content-type")?.includes("application/json")) {
    return proxyError(415, "invalid_request", "Send the request as JSON.");
  }
  if (!caller.customerId) return proxyError(401, "sign_in_required", "Sign in to earn points.");
  const shop = await findShop(db, caller.shopDomain);
  if (!shop || shop.uninstalledAt) return proxyError(404, "programme_not_found", "This shop has no loyalty programme.");
  const body: unknown = await request.json().catch(() => undefined);
  return { shop, customerId: caller.customerId, body, query: new URL(request.url).searchParams };
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
