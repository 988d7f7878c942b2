/**
 * What a webhook delivery must pass before it may wait for an admission place
 * (app/webhooks/admission.ts): a body of bounded size, read within a deadline, signed with
 * the app's secret. Without this, slow or forged senders held every place while their bodies
 * trickled in, and a forged body of any size was read whole before the route refused it.
 *
 * - A declared Content-Length over the limit is refused (413) before a byte is read; a body
 *   that streams past it (chunked) is refused as soon as it does. Neither is read further.
 * - A body not complete within the deadline is refused (408). Shopify stops waiting for the
 *   answer after 5 s, so a body still arriving then comes from no one worth waiting for.
 * - The HMAC is checked over the bytes read, then Shopify's required headers
 *   (app/webhooks/signature.ts, held equal to @shopify/shopify-api): 401 for a wrong signature,
 *   400 for none, an empty body or a missing header, as the library's authenticate.webhook answers.
 * A refusal before the end of the body closes the connection, so the rest is never read. A delivery
 * that passes goes on with its bytes and the headers' fields kept (`verifiedWebhook`) for the
 * acknowledgement (app/webhooks/acknowledge.server.ts), which enqueues them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { verifyWebhook, type WebhookHeaderFields } from "./signature";

/**
 * 2 MiB. A line of Shopify's documented orders/paid example is about 1 KB (the whole example,
 * 5 lines, 10.7 KB); an order of 500 lines is about 0.5 MB, and lines carrying many tax lines
 * and discount allocations two or three times that. The largest topic we subscribe to is an
 * order; nothing Shopify sends us comes near the limit, and no slow sender holds more.
 */
export const WEBHOOK_BODY_LIMIT_BYTES = 2 * 1024 * 1024;
/** Shopify's own wait for the answer: no real delivery takes longer to arrive. */
export const WEBHOOK_BODY_TIMEOUT_MS = 5_000;

export interface WebhookIntakeOptions {
  /** The app's API secret, which Shopify signs webhooks with. */
  secret: string;
  limitBytes?: number;
  timeoutMs?: number;
}

export interface VerifiedWebhook {
  body: Buffer<ArrayBuffer>;
  fields: WebhookHeaderFields;
}

const verifiedWebhooks = new WeakMap<IncomingMessage, VerifiedWebhook>();

/** The body the intake read and verified for this request, and the headers' fields it read. */
export function verifiedWebhook(request: IncomingMessage): VerifiedWebhook | undefined {
  return verifiedWebhooks.get(request);
}

type Refusal = { status: 400 | 401 | 408 | 413; error: string; message: string };

/** Every answer the intake refuses with (docs/security.md lists them). */
export const INTAKE_REFUSALS = {
  tooLarge: (limit: number): Refusal => ({
    status: 413,
    error: "payload_too_large",
    message: `A webhook body may be at most ${limit} bytes.`,
  }),
  tooSlow: (): Refusal => ({ status: 408, error: "body_timeout", message: "The webhook body did not arrive in time." }),
  missing_body: (): Refusal => ({ status: 400, error: "missing_body", message: "The webhook has no body." }),
  missing_headers: (): Refusal => ({
    status: 400,
    error: "missing_headers",
    message: "The webhook lacks one of Shopify's required headers (topic, shop domain, API version, webhook id).",
  }),
  missing_hmac: (): Refusal => ({
    status: 400,
    error: "missing_hmac",
    message: "The webhook has no X-Shopify-Hmac-Sha256 header.",
  }),
  invalid_hmac: (): Refusal => ({
    status: 401,
    error: "invalid_hmac",
    message: "The webhook's X-Shopify-Hmac-Sha256 does not match its body.",
  }),
};

/** The request's headers as the route will see them (and as the signature check reads them). */
export function requestHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** How long a refused sender has to read the answer before its connection is dropped. */
const LINGER_MS = 2_000;

/**
 * Ends a connection whose request body was left unread: the answer is out, so send FIN and
 * read nothing more (the paused request stops the socket once its buffer is full). Dropping it
 * at once instead would reset the connection while the sender is still sending, and the reset
 * can discard the answer before the sender reads it.
 */
function closeUnread(socket: Socket) {
  socket.end();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** Connect-style middleware (Express): reads, bounds and verifies the body, then `next()`. */
export function webhookIntake(options: WebhookIntakeOptions) {
  const limit = options.limitBytes ?? WEBHOOK_BODY_LIMIT_BYTES;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_BODY_TIMEOUT_MS;

  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let reading = true;

    const stopReading = () => {
      reading = false;
      clearTimeout(timer);
      request.off("data", onData);
      request.off("end", onEnd);
      request.pause();
    };
    const refuse = (refusal: Refusal, unread: "body unread" | "body read" = "body read") => {
      stopReading();
      const body = JSON.stringify({ error: refusal.error, message: refusal.message });
      response.writeHead(refusal.status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      response.end(body, () => unread === "body unread" && closeUnread(request.socket));
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) refuse(INTAKE_REFUSALS.tooLarge(limit), "body unread");
      else chunks.push(chunk);
    };
    const onEnd = () => {
      stopReading();
      const body = Buffer.concat(chunks, received);
      const verified = verifyWebhook(options.secret, body, requestHeaders(request));
      if (verified.verdict !== "valid") return refuse(INTAKE_REFUSALS[verified.verdict]());
      verifiedWebhooks.set(request, { body, fields: verified.fields });
      next();
    };
    const timer = setTimeout(() => reading && refuse(INTAKE_REFUSALS.tooSlow(), "body unread"), timeoutMs);

    // Listening before any refusal marks the body as being consumed: otherwise Node drains
    // (reads and discards) what is left of it once the answer is sent.
    request.on("data", onData);
    request.on("end", onEnd);
    if (Number(request.headers["content-length"]) > limit)
      return refuse(INTAKE_REFUSALS.tooLarge(limit), "body unread");
    // A sender gone mid-body is owed no answer.
    request.once("close", () => reading && stopReading());
  };
}
