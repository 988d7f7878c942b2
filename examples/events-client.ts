/**
 * A client for the Loyalty Bazaar events API, with no dependencies beyond Node 18+ (global
 * fetch, node:crypto). Copy it into your back end or adapt it to your language: the whole
 * protocol is the three lines of `signEventRequest`. Reference: docs/api/events.openapi.json.
 *
 * Keep the events secret on your servers. A mobile app should send its events to your back
 * end, which signs and forwards them: a secret shipped inside an app can be extracted.
 */
import { createHmac, randomUUID } from "node:crypto";

/** A custom action (`type` omitted) or one of the built-in engagement events. */
export type LoyaltyEvent =
  | { customerId: string; action: string }
  | { customerId: string; type: "visit" | "store_search" }
  | { customerId: string; type: "offer_viewed"; offerId: string }
  | { customerId: string; type: "share"; subject: "product" | "programme"; productId?: string; network: string }
  | { customerId: string; type: "follow"; network: string };

export interface EventsClientConfig {
  /** The endpoint shown on the app's Events API page, e.g. https://loyalty.example.com/api/v1/events. */
  endpoint: string;
  /** The shop's myshopify.com domain. */
  shopDomain: string;
  /** The shop's events secret (Events API page in the app). */
  secret: string;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Tries per event, for network errors, 5xx and 429. Default 3. */
  maxAttempts?: number;
  /** Waits between tries; injected in tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * The headers for one attempt. Sign again for every attempt (the timestamp must be within
 * 5 minutes of the server's clock) but keep the idempotency key and the body byte for byte.
 */
export function signEventRequest(options: {
  secret: string;
  shopDomain: string;
  body: string;
  idempotencyKey: string;
  /** Unix seconds; now by default. */
  timestamp?: number;
}): SignedRequest {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  // The key is signed with the body: a captured request cannot be resent under a new key.
  const digest = createHmac("sha256", options.secret)
    .update(`${timestamp}.${options.idempotencyKey}.${options.body}`, "utf8")
    .digest("hex");
  return {
    body: options.body,
    headers: {
      "Content-Type": "application/json",
      "X-Loyalty-Shop": options.shopDomain,
      "X-Loyalty-Timestamp": timestamp,
      "X-Loyalty-Signature": `sha256=${digest}`,
      "Idempotency-Key": options.idempotencyKey,
    },
  };
}

export interface EventResult {
  status: number;
  /** 200 answer: {awards, refusals, balance}; otherwise {error, message, ...}. */
  body: { error?: string; message?: string; [field: string]: unknown };
  /** True when the server had already processed this key (a retry of a request that got through). */
  replayed: boolean;
}

/**
 * Posts one event. `idempotencyKey` should identify the event in your system (an event id
 * you store), so that resending it, even much later, cannot award twice; a random UUID is
 * made when you give none, which only protects this call's own retries.
 */
export async function postEvent(
  config: EventsClientConfig,
  event: LoyaltyEvent,
  options: { idempotencyKey?: string } = {},
): Promise<EventResult> {
  const send = config.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
  const sleep = config.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const idempotencyKey = options.idempotencyKey ?? randomUUID();
  const body = JSON.stringify(event);
  const maxAttempts = config.maxAttempts ?? 3;

  for (let attempt = 1; ; attempt++) {
    const signed = signEventRequest({ secret: config.secret, shopDomain: config.shopDomain, body, idempotencyKey });
    let response: Response;
    try {
      response = await send(config.endpoint, { method: "POST", headers: signed.headers, body: signed.body });
    } catch (error) {
      if (attempt >= maxAttempts) throw error;
      await sleep(backoff(attempt));
      continue;
    }
    const retryable = response.status >= 500 || response.status === 429;
    if (retryable && attempt < maxAttempts) {
      const retryAfter = Number(response.headers.get("Retry-After"));
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoff(attempt));
      continue;
    }
    const parsed = (await response.json().catch(() => ({}))) as EventResult["body"];
    // 409: an earlier attempt got through before its answer was lost; its answer is `original`.
    if (response.status === 409 && parsed.error === "idempotency_key_replayed") {
      return { status: 200, body: parsed.original as EventResult["body"], replayed: true };
    }
    return { status: response.status, body: parsed, replayed: false };
  }
}

function backoff(attempt: number): number {
  return 2 ** attempt * 250;
}
