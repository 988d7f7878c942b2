import { createHmac } from "node:crypto";
import "@shopify/shopify-api/adapters/web-api";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyWebhook, verifyWebhookSignature } from "./signature";

const SECRET = "shpss_the_apps_secret";
const library = shopifyApi({
  apiKey: "key",
  apiSecretKey: SECRET,
  hostName: "loyalty.example.test",
  apiVersion: ApiVersion.October26,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error, log: () => {} },
});

const base64Hmac = (secret: string, body: Uint8Array | string) =>
  createHmac("sha256", secret).update(body).digest("base64");

const completeHeaders = {
  "x-shopify-topic": "orders/paid",
  "x-shopify-shop-domain": "a-shop.myshopify.com",
  "x-shopify-api-version": "2026-10",
  "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
  // Shopify Events deliveries name the same fields without the x- prefix.
  "shopify-topic": "orders/paid",
  "shopify-shop-domain": "a-shop.myshopify.com",
  "shopify-api-version": "2026-10",
  "shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
};

/** What the route's authenticate.webhook concludes: the library, fed as the route feeds it. */
async function libraryVerdict(body: Uint8Array<ArrayBuffer>, headers: Headers) {
  const request = new Request("https://loyalty.example.test/webhooks", { method: "POST", headers, body });
  const check = await library.webhooks.validate({ rawBody: await request.text(), rawRequest: request });
  return check.valid ? "valid" : check.reason;
}

async function expectSameVerdict(body: Uint8Array<ArrayBuffer> | string, hmacHeaders: Record<string, string>) {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const headers = new Headers({ ...completeHeaders, ...hmacHeaders });
  const ours = verifyWebhookSignature(SECRET, bytes, headers);
  expect(ours).toBe(await libraryVerdict(bytes, headers));
  return ours;
}

describe("verifyWebhookSignature", () => {
  const body = JSON.stringify({ id: 820982911946154500, note: "Grüße, ¥10,000 ✓" });
  const signed = base64Hmac(SECRET, body);

  it("agrees with @shopify/shopify-api on a valid signature", async () => {
    expect(await expectSameVerdict(body, { "x-shopify-hmac-sha256": signed })).toBe("valid");
  });

  it("agrees on a wrong signature, a wrong secret and a changed body", async () => {
    expect(await expectSameVerdict(body, { "x-shopify-hmac-sha256": "bm90IGEgc2lnbmF0dXJl" })).toBe("invalid_hmac");
    expect(await expectSameVerdict(body, { "x-shopify-hmac-sha256": base64Hmac("another-secret", body) })).toBe(
      "invalid_hmac",
    );
    expect(await expectSameVerdict(`${body} `, { "x-shopify-hmac-sha256": signed })).toBe("invalid_hmac");
  });

  it("agrees on base64 variants: only the exact padded standard digest passes", async () => {
    const urlSafe = Buffer.from(signed, "base64").toString("base64url");
    const hex = Buffer.from(signed, "base64").toString("hex");
    for (const variant of [
      signed.replace(/=+$/, ""),
      urlSafe,
      hex,
      ` ${signed}`,
      `${signed}\t`,
      signed.toLowerCase(),
    ]) {
      await expectSameVerdict(body, { "x-shopify-hmac-sha256": variant });
    }
    expect(verifyWebhookSignature(SECRET, Buffer.from(body), new Headers({ "x-shopify-hmac-sha256": urlSafe }))).toBe(
      urlSafe === signed ? "valid" : "invalid_hmac",
    );
  });

  it("agrees on an empty body and a missing or empty header", async () => {
    expect(await expectSameVerdict("", { "x-shopify-hmac-sha256": base64Hmac(SECRET, "") })).toBe("missing_body");
    expect(await expectSameVerdict(body, {})).toBe("missing_hmac");
    expect(await expectSameVerdict(body, { "x-shopify-hmac-sha256": "" })).toBe("missing_hmac");
  });

  it("agrees on the Events header, which the library reads first", async () => {
    expect(await expectSameVerdict(body, { "shopify-hmac-sha256": signed })).toBe("valid");
    expect(await expectSameVerdict(body, { "shopify-hmac-sha256": "bad", "x-shopify-hmac-sha256": signed })).toBe(
      "invalid_hmac",
    );
  });

  it("agrees on bytes that UTF-8 decoding changes: a BOM, invalid sequences", async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]);
    await expectSameVerdict(bom, { "x-shopify-hmac-sha256": base64Hmac(SECRET, bom) });
    await expectSameVerdict(bom, { "x-shopify-hmac-sha256": signed });
    const broken = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    await expectSameVerdict(broken, { "x-shopify-hmac-sha256": base64Hmac(SECRET, broken) });
    await expectSameVerdict(broken, { "x-shopify-hmac-sha256": base64Hmac(SECRET, "{\ufffd\ufffd}") });
  });

  it("agrees on any bytes signed with any secret", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.boolean(), async (bytes, ourSecret) => {
        const hmac = base64Hmac(ourSecret ? SECRET : "someone-else", new TextDecoder().decode(bytes));
        await expectSameVerdict(bytes, { "x-shopify-hmac-sha256": hmac });
      }),
      { numRuns: 200 },
    );
  });
});

/** The library's whole `validate` result: its verdict and, when valid, the fields it read. */
async function libraryCheck(body: string, headers: Headers) {
  const request = new Request("https://loyalty.example.test/webhooks", { method: "POST", headers, body });
  const check = await library.webhooks.validate({ rawBody: await request.text(), rawRequest: request });
  if (!check.valid) return { verdict: check.reason };
  const { topic, domain, apiVersion, webhookId } = check;
  const optional = check as { eventId?: string; triggeredAt?: string };
  return {
    verdict: "valid",
    fields: {
      topic,
      domain,
      apiVersion,
      webhookId,
      ...(optional.eventId ? { eventId: optional.eventId } : {}),
      ...(optional.triggeredAt ? { triggeredAt: optional.triggeredAt } : {}),
    },
  };
}

describe("verifyWebhook (the route's whole check, headers included)", () => {
  const body = JSON.stringify({ id: 1 });
  const hmac = base64Hmac(SECRET, body);
  const webhooks: Record<string, string> = {
    "x-shopify-hmac-sha256": hmac,
    "x-shopify-topic": "orders/paid",
    "x-shopify-shop-domain": "a-shop.myshopify.com",
    "x-shopify-api-version": "2026-10",
    "x-shopify-webhook-id": "b54557e4",
    "x-shopify-event-id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
    "x-shopify-triggered-at": "2026-10-03T14:02:11.000Z",
  };
  const events: Record<string, string> = {
    "shopify-hmac-sha256": hmac,
    "shopify-topic": "customers/update",
    "shopify-shop-domain": "a-shop.myshopify.com",
    "shopify-api-version": "2026-10",
    "shopify-webhook-id": "c1",
    "shopify-triggered-at": "2026-10-03T14:02:11.000Z",
  };

  const expectSame = async (headers: Record<string, string>) => {
    const ours = verifyWebhook(SECRET, new TextEncoder().encode(body), new Headers(headers));
    expect(ours).toEqual(await libraryCheck(body, new Headers(headers)));
    return ours.verdict;
  };

  it("reads the same fields from a Webhooks and an Events delivery", async () => {
    expect(await expectSame(webhooks)).toBe("valid");
    expect(await expectSame(events)).toBe("valid");
    const { ["x-shopify-event-id"]: _event, ["x-shopify-triggered-at"]: _at, ...older } = webhooks;
    expect(await expectSame(older)).toBe("valid");
  });

  it("refuses a delivery missing any required header, or with one empty, as the library does", async () => {
    for (const required of ["topic", "shop-domain", "api-version", "webhook-id"]) {
      expect(await expectSame({ ...webhooks, [`x-shopify-${required}`]: "" })).toBe("missing_headers");
      const { [`x-shopify-${required}`]: _dropped, ...without } = webhooks;
      expect(await expectSame(without)).toBe("missing_headers");
      const { [`shopify-${required}`]: _gone, ...eventsWithout } = events;
      expect(await expectSame(eventsWithout)).toBe("missing_headers");
    }
  });

  it("takes the Events headers when both HMAC headers are present, as the library does", async () => {
    expect(await expectSame({ ...webhooks, ...events })).toBe("valid");
    expect(await expectSame({ ...webhooks, "shopify-hmac-sha256": hmac })).toBe("missing_headers");
  });

  it("agrees on topics with dots and upper case", async () => {
    expect(await expectSame({ ...webhooks, "x-shopify-topic": "Orders/Paid" })).toBe("valid");
    expect(await expectSame({ ...webhooks, "x-shopify-topic": "app.scopes/update" })).toBe("valid");
  });
});
