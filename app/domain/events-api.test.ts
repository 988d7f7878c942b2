import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  bodyHash,
  computeSignature,
  idempotencyKeySchema,
  outdatedSignatureMatches,
  parseEventRequestBody,
  parseSignatureHeader,
  parseTimestamp,
  signatureBase,
  signatureMatches,
  timestampIsFresh,
  type SignedParts,
} from "./events-api";

const bytes = (text: string) => new TextEncoder().encode(text);
const body = '{"customerId":"7362538471","action":"app_launched"}';

describe("events API signature", () => {
  const parts = (changes: Partial<SignedParts> = {}): SignedParts => ({
    timestamp: "1700000000",
    idempotencyKey: "evt-1",
    rawBody: body,
    ...changes,
  });

  it("signs the timestamp, the idempotency key and the raw body, dot-separated, with the secret's UTF-8 bytes as the key", () => {
    expect(signatureBase(parts()).toString("utf8")).toBe(`1700000000.evt-1.${body}`);
    const independent = createHmac("sha256", Buffer.from("s3cret-é", "utf8"))
      .update(`1700000000.evt-1.${body}`)
      .digest("hex");
    expect(computeSignature("s3cret-é", parts({ rawBody: bytes(body) }))).toBe(independent);
    expect(computeSignature("s3cret-é", parts())).toBe(independent);
  });

  it("accepts the right digest in either case and refuses anything else", () => {
    const digest = computeSignature("secret", parts());
    expect(signatureMatches("secret", parts(), `sha256=${digest}`)).toBe(true);
    expect(signatureMatches("secret", parts(), ` sha256=${digest.toUpperCase()} `)).toBe(true);
    expect(signatureMatches("other", parts(), `sha256=${digest}`)).toBe(false);
    expect(signatureMatches("secret", parts({ timestamp: "1700000001" }), `sha256=${digest}`)).toBe(false);
    expect(signatureMatches("secret", parts({ idempotencyKey: "evt-2" }), `sha256=${digest}`)).toBe(false);
    expect(signatureMatches("secret", parts({ rawBody: `${body} ` }), `sha256=${digest}`)).toBe(false);
    expect(signatureMatches("secret", parts(), digest)).toBe(false);
    expect(signatureMatches("secret", parts(), `sha1=${digest}`)).toBe(false);
    expect(signatureMatches("secret", parts(), null)).toBe(false);
  });

  it("recognises a signature of the first scheme, which left the key out, and only that", () => {
    const old = createHmac("sha256", "secret").update(`1700000000.${body}`).digest("hex");
    expect(signatureMatches("secret", parts(), `sha256=${old}`)).toBe(false);
    expect(outdatedSignatureMatches("secret", parts(), `sha256=${old}`)).toBe(true);
    expect(outdatedSignatureMatches("other", parts(), `sha256=${old}`)).toBe(false);
    expect(outdatedSignatureMatches("secret", parts(), `sha256=${computeSignature("secret", parts())}`)).toBe(false);
  });

  it("parses only sha256= followed by exactly 64 hex digits", () => {
    expect(parseSignatureHeader(`sha256=${"ab".repeat(32)}`)).toHaveLength(32);
    expect(parseSignatureHeader(`sha256=${"ab".repeat(31)}`)).toBeNull();
    expect(parseSignatureHeader(`sha256=${"zz".repeat(32)}`)).toBeNull();
    expect(parseSignatureHeader(`sha256=${"ab".repeat(32)},sha256=${"cd".repeat(32)}`)).toBeNull();
    expect(parseSignatureHeader("")).toBeNull();
  });
});

describe("events API timestamp", () => {
  const now = new Date("2026-06-15T12:00:00Z");
  const seconds = now.getTime() / 1000;

  it("reads unix seconds written as plain digits only", () => {
    expect(parseTimestamp(String(seconds))).toBe(seconds);
    expect(parseTimestamp(` ${seconds} `)).toBe(seconds);
    for (const bad of [null, "", "-1", "1.5e9", "1700000000.5", "0x10", "abc", "1234567890123"])
      expect(parseTimestamp(bad)).toBeNull();
  });

  it("is fresh within five minutes either way, and stale beyond", () => {
    expect(timestampIsFresh(seconds - 300, now)).toBe(true);
    expect(timestampIsFresh(seconds + 300, now)).toBe(true);
    expect(timestampIsFresh(seconds - 301, now)).toBe(false);
    expect(timestampIsFresh(seconds + 301, now)).toBe(false);
  });
});

describe("events API idempotency key", () => {
  it("takes 1 to 200 printable ASCII characters", () => {
    expect(idempotencyKeySchema.parse(" 3f2b-uuid ")).toBe("3f2b-uuid");
    expect(idempotencyKeySchema.safeParse("k".repeat(200)).success).toBe(true);
    for (const bad of [undefined, "", "   ", "k".repeat(201), "clé"])
      expect(idempotencyKeySchema.safeParse(bad).success).toBe(false);
  });

  it("hashes the body's bytes, so one changed byte is another body", () => {
    expect(bodyHash(bytes(body))).toBe(bodyHash(bytes(body)));
    expect(bodyHash(bytes(body))).not.toBe(bodyHash(bytes(`${body}\n`)));
  });
});

describe("events API body", () => {
  const parse = (json: string) => parseEventRequestBody(bytes(json));

  it("reads a custom action, the type defaulting to custom, with the customer id in any of Shopify's forms", () => {
    for (const customerId of ['"7362538471"', "7362538471", '"gid://shopify/Customer/7362538471"']) {
      expect(parse(`{"customerId":${customerId},"action":"app_launched"}`)).toEqual({
        ok: true,
        body: { type: "custom", customerId: "7362538471", action: "app_launched" },
      });
    }
  });

  it("reads the built-in engagement events", () => {
    expect(parse('{"customerId":"1","type":"follow","network":"instagram"}')).toMatchObject({
      ok: true,
      body: { type: "follow", network: "instagram" },
    });
    expect(
      parse('{"customerId":"1","type":"share","subject":"product","productId":"9","network":"tiktok"}'),
    ).toMatchObject({
      ok: true,
      body: { type: "share", subject: "product", productId: "9" },
    });
    expect(parse('{"customerId":"1","type":"offer_viewed","offerId":"spring"}')).toMatchObject({
      ok: true,
      body: { offerId: "spring" },
    });
    expect(parse('{"customerId":"1","type":"store_search"}')).toMatchObject({ ok: true });
    expect(parse('{"customerId":"1","type":"visit"}')).toMatchObject({ ok: true });
  });

  it.each([
    ["not JSON", "{customerId: 1}", ""],
    ["an array", "[]", ""],
    ["no customer", '{"action":"app_launched"}', "customerId"],
    ["a customer id that is not Shopify's", '{"customerId":"alice","action":"app_launched"}', "customerId"],
    ["customer zero", '{"customerId":0,"action":"app_launched"}', "customerId"],
    ["a fractional customer id", '{"customerId":1.5,"action":"app_launched"}', "customerId"],
    ["another object's global id", '{"customerId":"gid://shopify/Order/1","action":"app_launched"}', "customerId"],
    ["no action", '{"customerId":"1"}', "action"],
    ["an action with spaces", '{"customerId":"1","action":"app launched"}', "action"],
    ["an event type the API does not take", '{"customerId":"1","type":"order_paid"}', "type"],
    ["a follow without its network", '{"customerId":"1","type":"follow"}', "network"],
    [
      "a product share without the product",
      '{"customerId":"1","type":"share","subject":"product","network":"x"}',
      "productId",
    ],
  ])("refuses %s, naming the field", (_name, json, path) => {
    const result = parse(json);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.path)).toContain(path);
    expect(result.issues.every((issue) => issue.message.length > 0)).toBe(true);
  });
});
