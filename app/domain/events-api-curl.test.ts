/**
 * The sample on the Events API page is run here, with curl replaced by a function that
 * prints what it would send: its signature must be one the API accepts.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { SAMPLE_CUSTOMER_ID, sampleCurl } from "./events-api-curl";
import { parseEventRequestBody, signatureMatches } from "./events-api";

/** Runs the sample in bash; `curl` prints its arguments, one per line. */
function runSample(script: string): string[] {
  const fakeCurl = `curl() { printf '%s\\n' "$@"; }`;
  return execFileSync("bash", ["-c", `${fakeCurl}\n${script}`], { encoding: "utf8" })
    .trimEnd()
    .split("\n");
}

const headerValue = (args: string[], name: string) =>
  args
    .filter((_, i) => args[i - 1] === "-H")
    .find((h) => h.startsWith(`${name}: `))
    ?.slice(name.length + 2) ?? null;

describe("the sample curl", () => {
  it("sends a body signed the way the API checks, to the endpoint, for the shop", () => {
    const secret = "lbes_it's $ecret";
    const args = runSample(
      sampleCurl({
        endpoint: "https://loyalty.example.com/api/v1/events",
        shopDomain: "demo.myshopify.com",
        action: "app_launched",
        secret,
      }),
    );
    const body = args[args.indexOf("--data") + 1]!;
    expect(JSON.parse(body)).toEqual({ customerId: SAMPLE_CUSTOMER_ID, action: "app_launched" });
    expect(args).toContain("https://loyalty.example.com/api/v1/events");
    expect(headerValue(args, "X-Loyalty-Shop")).toBe("demo.myshopify.com");
    const timestamp = headerValue(args, "X-Loyalty-Timestamp")!;
    expect(timestamp).toMatch(/^\d+$/);
    const idempotencyKey = headerValue(args, "Idempotency-Key")!;
    expect(idempotencyKey).toMatch(/^[0-9a-f]{32}$/);
    const parts = { timestamp, idempotencyKey, rawBody: body };
    expect(signatureMatches(secret, parts, headerValue(args, "X-Loyalty-Signature"))).toBe(true);
    expect(signatureMatches("another secret", parts, headerValue(args, "X-Loyalty-Signature"))).toBe(false);
  });

  it("uses the shop's first custom action, or an example key, and never a real secret", () => {
    expect(sampleCurl({ endpoint: "e", shopDomain: "s", action: "used_geolocation" })).toContain(
      '"action":"used_geolocation"',
    );
    const placeholder = sampleCurl({ endpoint: "e", shopDomain: "s", action: null });
    expect(placeholder).toContain('"action":"app_launched"');
    expect(placeholder).toContain("SECRET='<your events secret>'");
  });

  it("names no real customer: its placeholder id is refused as the body's customerId, so it awards nothing", () => {
    const args = runSample(sampleCurl({ endpoint: "e", shopDomain: "s", action: "app_launched", secret: "x" }));
    const parsed = parseEventRequestBody(Buffer.from(args[args.indexOf("--data") + 1]!, "utf8"));
    expect(parsed).toEqual({ ok: false, issues: [expect.objectContaining({ path: "customerId" })] });
  });
});
