/** Requests signed the way Shopify signs them, against the app's test secret. */
import { sessionToken, signedAppProxyQuery, webhookHeaders } from "../../demo/shopify-signing";
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
export function documentedWebhookRequest(options: { shop: string; topic: string; overrides?: JsonObject; eventId?: string }): Request {
  return webhookRequest({ ...options, payload: webhookPayload(options.topic, options.overrides) });
}

export function proxyRequest(options: {
  shop: string;
  path: "customer" | "redeem";
  customerId?: string | null;
  method?: "GET" | "POST";
  body?: unknown;
  timestamp?: number;
  secret?: string;
  mutate?: (params: URLSearchParams) => void;
  contentType?: string;
}): Request {
  const params = signedAppProxyQuery({
    shop: options.shop,
    secret: options.secret ?? TEST_SECRET,
    customerId: options.customerId ?? null,
    timestamp: options.timestamp,
  });
  options.mutate?.(params);
  const method = options.method ?? (options.path === "redeem" ? "POST" : "GET");
  return new Request(`${APP_URL}/proxy/${options.path}?${params}`, {
    method,
    headers: method === "POST" ? { "content-type": options.contentType ?? "application/json" } : {},
    body: method === "POST" ? JSON.stringify(options.body ?? {}) : undefined,
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
      return new Response(JSON.stringify(data ?? null), { status: init?.status ?? 200, headers: { "content-type": "application/json" } });
    }
    return new Response(JSON.stringify(result ?? null), { status: 200, headers: { "content-type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
