/**
 * The sample request the Events API page shows: a shell script a developer pastes to see the
 * API answer before writing any code. Signed with openssl, which every Mac and Linux has.
 * The secret is a placeholder: the page never shows a stored secret again.
 */
import { HEADERS } from "./events-api";

/** Single-quoted for the shell: nothing inside is expanded. */
const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export interface SampleCurlInput {
  endpoint: string;
  shopDomain: string;
  /** A custom rule's key, or null when the shop has none yet. */
  action: string | null;
  secret?: string;
}

export function sampleCurl({ endpoint, shopDomain, action, secret }: SampleCurlInput): string {
  const body = JSON.stringify({ customerId: "7362538471", action: action ?? "app_launched" });
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
