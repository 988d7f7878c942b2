/**
 * The server-to-server events API's protocol (POST /api/v1/events), without I/O: how a
 * request is signed and checked, how fresh it must be, what its body may say, and every
 * error it can be answered with. The merchant's mobile app or back office posts what a
 * customer did ("app_launched"); the shop's events secret proves the merchant sent it.
 *
 * Signature: `X-Loyalty-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<idempotency key>.<raw body>")>`,
 * with the secret's UTF-8 bytes as the key, `<timestamp>` exactly as sent in
 * `X-Loyalty-Timestamp` (unix seconds) and `<idempotency key>` exactly as sent in
 * `Idempotency-Key`. Signing the timestamp means a captured request cannot be replayed with a
 * fresh timestamp; signing the key means it cannot be replayed under a new key either (the
 * receipts would take a new key for a new event and award again), and the key makes a retry
 * inside the window harmless. Requests signed the first way (`<timestamp>.<raw body>`, before
 * decision 0010 was amended) are recognised only to tell their sender what to sign now.
 * docs/api/events.openapi.json documents it for merchants, and examples/events-client.ts
 * implements it on its own (the integration tests use that client).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { reportedEventShapes } from "./reported-event";
import { requireSharedProduct } from "./rules";

export const EVENTS_API_PATH = "/api/v1/events";

export const HEADERS = {
  shop: "X-Loyalty-Shop",
  timestamp: "X-Loyalty-Timestamp",
  signature: "X-Loyalty-Signature",
  idempotencyKey: "Idempotency-Key",
} as const;

/** How far a request's timestamp may be from our clock, either way (clock skew included). */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

/** An event is a few hundred bytes; anything this big is a mistake or an attack. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Every error the API answers, with its status. The handler can only answer these codes
 * (its helper is typed by this map), and a test checks each one is in the OpenAPI document.
 */
export const EVENTS_API_ERRORS = {
  invalid_idempotency_key: 400,
  invalid_signature: 401,
  signature_scheme_outdated: 401,
  stale_timestamp: 401,
  programme_not_found: 404,
  method_not_allowed: 405,
  idempotency_key_replayed: 409,
  customer_redacted: 410,
  payload_too_large: 413,
  invalid_body: 422,
  unknown_action: 422,
  idempotency_key_reused: 422,
  rate_limited: 429,
} as const;
export type EventsApiErrorCode = keyof typeof EVENTS_API_ERRORS;

// ---------------------------------------------------------------------------------------
// Signature and timestamp

/** What a request's signature covers, each as received. */
export interface SignedParts {
  /** The `X-Loyalty-Timestamp` header's text. */
  timestamp: string;
  /** The `Idempotency-Key` header's text ("" when it is missing). */
  idempotencyKey: string;
  rawBody: Uint8Array | string;
}

const bytesOf = (rawBody: Uint8Array | string) =>
  typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : Buffer.from(rawBody);

/**
 * What is signed: the timestamp, a dot, the idempotency key, a dot, then the body's bytes. No
 * two requests share it: the timestamp is digits, and a body the API takes is a whole JSON
 * object, so no dot-joined part of it can pass for the end of the key.
 */
export function signatureBase({ timestamp, idempotencyKey, rawBody }: SignedParts): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}.${idempotencyKey}.`, "utf8"), bytesOf(rawBody)]);
}

/** The lowercase hex HMAC-SHA256 a correct `X-Loyalty-Signature` carries after "sha256=". */
export function computeSignature(secret: string, parts: SignedParts): string {
  return createHmac("sha256", secret).update(signatureBase(parts)).digest("hex");
}

/** The 32 digest bytes of a well-formed header ("sha256=" and 64 hex digits), else null. */
export function parseSignatureHeader(header: string | null): Buffer | null {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  return match ? Buffer.from(match[1]!, "hex") : null;
}

/** Compares in constant time, so response times reveal nothing of the expected digest. */
export function signatureMatches(secret: string, parts: SignedParts, header: string | null): boolean {
  return digestMatches(parseSignatureHeader(header), computeSignature(secret, parts));
}

/**
 * True when the header is a correct signature of the first scheme, `<timestamp>.<raw body>`,
 * which left the idempotency key out. Such a request is refused all the same; knowing it lets
 * the API tell a client that holds the secret exactly what to change.
 */
export function outdatedSignatureMatches(
  secret: string,
  parts: Omit<SignedParts, "idempotencyKey">,
  header: string | null,
): boolean {
  const base = Buffer.concat([Buffer.from(`${parts.timestamp}.`, "utf8"), bytesOf(parts.rawBody)]);
  return digestMatches(parseSignatureHeader(header), createHmac("sha256", secret).update(base).digest("hex"));
}

function digestMatches(given: Buffer | null, expectedHex: string): boolean {
  const expected = Buffer.from(expectedHex, "hex");
  // Compare even when the header is malformed, so that case takes as long as a wrong digest.
  const matches = timingSafeEqual(given ?? Buffer.alloc(expected.length), expected);
  return given !== null && matches;
}

/** Unix seconds as digits only: no sign, no decimals, no exponent, at most 12 digits. */
export function parseTimestamp(header: string | null): number | null {
  const text = header?.trim() ?? "";
  return /^\d{1,12}$/.test(text) ? Number(text) : null;
}

export function timestampIsFresh(
  timestampSeconds: number,
  now: Date,
  toleranceSeconds = TIMESTAMP_TOLERANCE_SECONDS,
): boolean {
  return Math.abs(now.getTime() / 1000 - timestampSeconds) <= toleranceSeconds;
}

/** What a receipt remembers of a body: the same key with other bytes is another request. */
export function bodyHash(rawBody: Uint8Array): string {
  return createHash("sha256").update(rawBody).digest("hex");
}

// ---------------------------------------------------------------------------------------
// Idempotency key and body

/** Printable ASCII, like any header value a client library sends without encoding. */
export const idempotencyKeySchema = z
  .string({ required_error: "Send an Idempotency-Key header (a UUID is a good choice)." })
  .trim()
  .min(1, "Send an Idempotency-Key header (a UUID is a good choice).")
  .max(200, "The Idempotency-Key can be at most 200 characters.")
  .regex(/^[\x20-\x7e]+$/, "The Idempotency-Key must be printable ASCII.");

const CUSTOMER_ID_MESSAGE =
  'customerId must be a Shopify customer id, such as "7362538471" or "gid://shopify/Customer/7362538471".';

/**
 * Shopify's customer id, as the REST id (a string or a number) or the GraphQL global id the
 * Admin API gives, always stored as the REST digits (what webhooks and the app proxy use).
 */
export const customerIdSchema = z
  .union([z.string(), z.number()], { errorMap: () => ({ message: CUSTOMER_ID_MESSAGE }) })
  .transform((value, ctx) => {
    const text =
      typeof value === "number" ? (Number.isSafeInteger(value) && value > 0 ? String(value) : "") : value.trim();
    const digits = /^(?:gid:\/\/shopify\/Customer\/)?(\d{1,20})$/.exec(text)?.[1];
    if (!digits || /^0+$/.test(digits)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: CUSTOMER_ID_MESSAGE });
      return z.NEVER;
    }
    return digits;
  });

const customer = { customerId: customerIdSchema };

/**
 * A custom action (the main use: "app_launched", "used_geolocation") or one of the built-in
 * engagement events a native app can witness as well as the storefront can, in the one
 * vocabulary the widget shares (../reported-event.ts), each with the customer it is for.
 * Account, profile, birthday, order and referral facts come from Shopify's own signed
 * webhooks only, and page visits are the storefront's.
 */
const typedBodySchema = z.discriminatedUnion("type", [
  reportedEventShapes.custom.extend(customer),
  reportedEventShapes.visit.extend(customer),
  reportedEventShapes.store_search.extend(customer),
  reportedEventShapes.offer_viewed.extend(customer),
  reportedEventShapes.share.extend(customer),
  reportedEventShapes.follow.extend(customer),
]);

export const EVENT_TYPES = typedBodySchema.options.map((option) => option.shape.type.value);

/** `type` defaults to "custom", so the common body is just {customerId, action}. */
export const eventRequestBodySchema = z.preprocess(
  (value) =>
    value && typeof value === "object" && !Array.isArray(value) && !("type" in value)
      ? { ...value, type: "custom" }
      : value,
  typedBodySchema.superRefine(requireSharedProduct),
);
export type EventRequestBody = z.output<typeof typedBodySchema>;

export type BodyParse =
  { ok: true; body: EventRequestBody } | { ok: false; issues: { path: string; message: string }[] };

/** Parses the raw bytes as JSON, then the schema; every problem comes back, in plain words. */
export function parseEventRequestBody(rawBody: Uint8Array): BodyParse {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(rawBody).toString("utf8"));
  } catch {
    return {
      ok: false,
      issues: [
        { path: "", message: 'The body must be JSON, such as {"customerId": "7362538471", "action": "app_launched"}.' },
      ],
    };
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    return { ok: false, issues: [{ path: "", message: "The body must be a JSON object." }] };
  }
  const parsed = eventRequestBodySchema.safeParse(json);
  if (parsed.success) return { ok: true, body: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
  };
}

/** Custom keys match rules case-insensitively, as the engine matches them (rules/targeting.ts). */
export function sameActionKey(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
