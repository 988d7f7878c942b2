/**
 * Signing as Shopify signs, for the offline demo and the tests: app proxy query signatures,
 * webhook HMACs and admin session tokens. Each is made with the app's API secret; the app
 * verifies them with the real @shopify/shopify-app-remix code.
 */
import { createHmac, randomUUID } from "node:crypto";

/**
 * App proxy: drop `signature`, sort the parameters, join repeated values with ",", concatenate
 * `key=value` with no separator, HMAC-SHA256 in hex with the API secret.
 */
export function appProxySignature(params: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** The query string Shopify's app proxy adds when it forwards a storefront request. */
export function signedAppProxyQuery(options: {
  shop: string;
  secret: string;
  pathPrefix?: string;
  customerId?: string | null;
  timestamp?: number;
  extra?: Record<string, string>;
}): URLSearchParams {
  const params = new URLSearchParams({
    ...options.extra,
    shop: options.shop,
    logged_in_customer_id: options.customerId ?? "",
    path_prefix: options.pathPrefix ?? "/apps/loyalty",
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
  });
  params.set("signature", appProxySignature(params, options.secret));
  return params;
}

/** X-Shopify-Hmac-Sha256 of a webhook body: base64 HMAC-SHA256 with the API secret. */
export function webhookHmac(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

/** The headers Shopify sends with a webhook delivery. */
export function webhookHeaders(options: {
  shop: string;
  topic: string;
  body: string;
  secret: string;
  eventId?: string;
  webhookId?: string;
  apiVersion?: string;
}): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-shopify-topic": options.topic,
    "x-shopify-shop-domain": options.shop,
    "x-shopify-hmac-sha256": webhookHmac(options.body, options.secret),
    "x-shopify-api-version": options.apiVersion ?? "2026-10",
    "x-shopify-webhook-id": options.webhookId ?? randomUUID(),
    "x-shopify-event-id": options.eventId ?? randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
  };
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString("base64url");
}

/** An App Bridge session token (HS256 JWT) for a staff member of `shop`, valid for a minute. */
export function sessionToken(options: {
  shop: string;
  apiKey: string;
  secret: string;
  userId?: string;
  now?: number;
}): string {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: `https://${options.shop}/admin`,
      dest: `https://${options.shop}`,
      aud: options.apiKey,
      sub: options.userId ?? "1",
      exp: now + 60,
      nbf: now - 5,
      iat: now,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", options.secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}
