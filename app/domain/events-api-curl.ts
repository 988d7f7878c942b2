/**
 * The sample request the Events API page shows: a shell script a developer pastes to see the
 * API answer before writing any code. Signed with openssl, which every Mac and Linux has.
 * The secret is a placeholder: the page never shows a stored secret again. So is the customer:
 * run as pasted, the API checks the signature and then refuses the body (422 invalid_body,
 * naming customerId), which proves the signing works while awarding nothing and enrolling
 * no one. With a real customer's id in its place, the same request earns for that customer.
 */
import { HEADERS } from "./events-api";

/** Single-quoted for the shell: nothing inside is expanded. */
const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Not a Shopify customer id (those are digits), so the API refuses it and creates no member. */
export const SAMPLE_CUSTOMER_ID = "<a customer id from your shop>";

export interface SampleCurlInput {
  endpoint: string;
  shopDomain: string;
  /** A custom rule's key, or null when the shop has none yet. */
  action: string | null;
  secret?: string;
}

export function sampleCurl({ endpoint, shopDomain, action, secret }: SampleCurlInput): string {
  const body = JSON.stringify({ customerId: SAMPLE_CUSTOMER_ID, action: action ?? "app_launched" });
  return [
    `SECRET=${quoted(secret ?? "<your events secret>")}`,
    `BODY=${quoted(body)}`,
    `TS=$(date +%s)`,
    `KEY=$(openssl rand -hex 16)`,
    `SIG=$(printf '%s.%s.%s' "$TS" "$KEY" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)`,
    `curl -sS -X POST ${quoted(endpoint)} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H ${quoted(`${HEADERS.shop}: ${shopDomain}`)} \\`,
    `  -H "${HEADERS.timestamp}: $TS" \\`,
    `  -H "${HEADERS.signature}: sha256=$SIG" \\`,
    `  -H "${HEADERS.idempotencyKey}: $KEY" \\`,
    `  --data "$BODY"`,
  ].join("\n");
}
