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
