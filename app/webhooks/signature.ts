/**
 * The webhook HMAC check, done in the Express layer before a delivery takes an admission
 * place (app/webhooks/intake.ts). The route's `authenticate.webhook` checks it again on the
 * same bytes; this copy exists only so that a forged delivery costs no place.
 *
 * It gives the same verdict as @shopify/shopify-api on every input (signature.test.ts): the
 * library HMACs the body as `Request.text()` decodes it (UTF-8, a leading BOM dropped, bad
 * bytes replaced), compares the base64 digest as a string (no lenient base64 decoding), and
 * reads `shopify-hmac-sha256` (Events) before `x-shopify-hmac-sha256` (Webhooks).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** The library's ValidationErrorReason values, so a refusal answers what the route would. */
export type WebhookSignatureVerdict = "valid" | "missing_body" | "missing_hmac" | "invalid_hmac";
/** What the library concludes of a delivery: its signature's verdict, then its headers'. */
export type WebhookVerdict = WebhookSignatureVerdict | "missing_headers";

const EVENTS_HMAC_HEADER = "shopify-hmac-sha256";
const WEBHOOKS_HMAC_HEADER = "x-shopify-hmac-sha256";

export function verifyWebhookSignature(secret: string, body: Uint8Array, headers: Headers): WebhookSignatureVerdict {
  const text = new TextDecoder().decode(body);
  if (text.length === 0) return "missing_body";
  const hmac = headers.get(EVENTS_HMAC_HEADER) || headers.get(WEBHOOKS_HMAC_HEADER);
  if (!hmac) return "missing_hmac";
  const expected = Buffer.from(createHmac("sha256", secret).update(text, "utf8").digest("base64"));
  const given = Buffer.from(hmac);
  return given.length === expected.length && timingSafeEqual(given, expected) ? "valid" : "invalid_hmac";
}

/** The fields the library reads from a verified delivery's headers (its `validate` result). */
export interface WebhookHeaderFields {
  /** In the library's storage form: "ORDERS_PAID". */
  topic: string;
  domain: string;
  apiVersion: string;
  webhookId: string;
  /** Webhooks deliveries only. */
  eventId?: string;
  triggeredAt?: string;
}

/** Required and optional headers of each kind of delivery, in the library's order. */
const HEADER_NAMES = {
  webhooks: { prefix: "x-shopify-", optional: ["triggered-at", "event-id"] },
  events: { prefix: "shopify-", optional: ["triggered-at"] },
} as const;
const REQUIRED = ["hmac-sha256", "topic", "shop-domain", "api-version", "webhook-id"] as const;

/**
 * The library's header check, after the signature: the kind of delivery is the one whose HMAC
 * header is present (Events first), and all of its required headers must be non-empty.
 */
export function readWebhookHeaders(
  headers: Headers,
): { valid: true; fields: WebhookHeaderFields } | { valid: false; missingHeaders: string[] } {
  const kind = headers.get(EVENTS_HMAC_HEADER) ? HEADER_NAMES.events : HEADER_NAMES.webhooks;
  const read = (name: string) => headers.get(kind.prefix + name) || undefined;
  const missingHeaders = REQUIRED.filter((name) => !read(name)).map((name) => kind.prefix + name);
  if (missingHeaders.length) return { valid: false, missingHeaders };
  const fields: WebhookHeaderFields = {
    topic: read("topic")!.toUpperCase().replace(/\/|\./g, "_"),
    domain: read("shop-domain")!,
    apiVersion: read("api-version")!,
    webhookId: read("webhook-id")!,
  };
  for (const name of kind.optional) {
    const value = read(name);
    if (value) fields[name === "event-id" ? "eventId" : "triggeredAt"] = value;
  }
  return { valid: true, fields };
}

/** The whole verdict the route's authenticate.webhook would reach, and the fields it would read. */
export function verifyWebhook(
  secret: string,
  body: Uint8Array,
  headers: Headers,
): { verdict: "valid"; fields: WebhookHeaderFields } | { verdict: Exclude<WebhookVerdict, "valid"> } {
  const verdict = verifyWebhookSignature(secret, body, headers);
  if (verdict !== "valid") return { verdict };
  const read = readWebhookHeaders(headers);
  return read.valid ? { verdict, fields: read.fields } : { verdict: "missing_headers" };
}
