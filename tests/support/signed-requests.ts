/** Requests signed the way Shopify signs them, against the app's test secret. */
import { appProxySignature, sessionToken, signedAppProxyQuery, webhookHeaders } from "../../demo/shopify-signing";
import { webhookPayload, type JsonObject } from "./webhook-fixtures";

export const TEST_SECRET = "test-api-secret";
export const TEST_API_KEY = "test-api-key";
export const APP_URL = "https://loyalty.example.test";

export function webhookRequest(options: {
  shop: string;
  topic: string;
  /** Sent as JSON; or `body`, sent (and signed) as it is. */
  payload?: unknown;
  body?: string;
  eventId?: string;
  secret?: string;
  tamper?: (body: string) => string;
}): Request {
  const body = options.body ?? JSON.stringify(options.payload);
  const headers = webhookHeaders({
    shop: options.shop,
    topic: options.topic,
    body,
    secret: options.secret ?? TEST_SECRET,
    eventId: options.eventId,
  });
  return new Request(`${APP_URL}/webhooks`, {
    method: "POST",
    headers,
    body: options.tamper ? options.tamper(body) : body,
  });
}

/**
 * A signed delivery of `topic`'s documented example payload (./webhook-fixtures.ts) with
 * `overrides` applied: how tests send webhooks.
 */
export function documentedWebhookRequest(options: {
  shop: string;
  topic: string;
  overrides?: JsonObject;
  eventId?: string;
}): Request {
  return webhookRequest({ ...options, payload: webhookPayload(options.topic, options.overrides) });
}

/**
 * A storefront request through the app proxy (the widget's GET and POSTs), with the query
 * Shopify adds, signed as Shopify signs it. `mutate` edits the query after signing (a tampered
 * request); `shopperQuery` adds parameters before signing (the shopper typed them into the URL,
 * and Shopify signs them too).
 */
export function proxyRequest(options: {
  shop: string;
  path: "customer" | "redeem" | "cancel" | "events" | "profile";
  customerId?: string | null;
  method?: "GET" | "POST";
  /** Sent as JSON; a string is sent as it is (a body that is not JSON). */
  body?: unknown;
  timestamp?: number;
  secret?: string;
  /** Listed before Shopify's own parameters, as a proxied URL's query is; a name may repeat one of Shopify's. */
  shopperQuery?: Record<string, string> | [string, string][];
  mutate?: (params: URLSearchParams) => void;
  contentType?: string;
}): Request {
  const secret = options.secret ?? TEST_SECRET;
  const shopifys = signedAppProxyQuery({
    shop: options.shop,
    secret,
    customerId: options.customerId ?? null,
    timestamp: options.timestamp,
  });
  shopifys.delete("signature");
  const params = new URLSearchParams(options.shopperQuery);
  for (const [key, value] of shopifys) params.append(key, value);
  params.set("signature", appProxySignature(params, secret));
  options.mutate?.(params);
  const method = options.method ?? (options.path === "customer" ? "GET" : "POST");
  const body = options.body ?? {};
  return new Request(`${APP_URL}/proxy/${options.path}?${params}`, {
    method,
    headers: method === "POST" ? { "content-type": options.contentType ?? "application/json" } : {},
    body: method === "POST" ? (typeof body === "string" ? body : JSON.stringify(body)) : undefined,
  });
}

/** A request from the embedded admin: App Bridge's bearer session token for `shop`. */
export function adminRequest(shop: string, path: string, init: RequestInit = {}): Request {
  const token = sessionToken({ shop, apiKey: TEST_API_KEY, secret: TEST_SECRET });
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  return new Request(`${APP_URL}${path}`, { ...init, headers });
}

/** Calls a Remix loader/action; a thrown Response (auth failure, redirect) is returned. */
export async function callRoute(
  handler: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown,
  request: Request,
): Promise<Response> {
  try {
    const result = await handler({ request, params: {}, context: {} });
    if (result instanceof Response) return result;
    // Remix's data(value, init): the value with a status.
    if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
      const { data, init } = result as { data: unknown; init?: ResponseInit | null };
      return new Response(JSON.stringify(data ?? null), {
        status: init?.status ?? 200,
        headers: { "content-type": "application/json" },
      });
    }
    return new Response(JSON.stringify(result ?? null), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
