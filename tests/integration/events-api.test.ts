/**
 * The events API end to end through the route's action, signed by the example client a
 * merchant copies (examples/events-client.ts), so the example and the server cannot drift:
 * refusals of forged, stale, replayed and malformed requests with their documented errors,
 * awards through the rules (limits, kill switch), the anti-farming limit, shop isolation,
 * secret rotation, and concurrent retries of one key awarding once.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { eventRateLimits, windowOf } from "../../app/domain/anti-farming";
import { pruneReceipts, RECEIPT_RETENTION_DAYS } from "../../app/events/receipts.server";
import { rotateEventsSecret } from "../../app/events/secrets.server";
import { createRule, type NewRuleInput } from "../../app/rules/rules.server";
import { action, loader } from "../../app/routes/api.v1.events";
import openapi from "../../docs/api/events.openapi.json";
import { postEvent, signEventRequest, type EventsClientConfig, type LoyaltyEvent } from "../../examples/events-client";
import { installShop, uniqueId } from "../support/factories";
import { APP_URL, callRoute } from "../support/signed-requests";

const ENDPOINT = `${APP_URL}/api/v1/events`;
const APP_LAUNCHED: NewRuleInput = { kind: "custom", name: "Launched the app", points: 7, key: "app_launched" };

/** The route's action behind a fetch, as a merchant's server would reach it. */
const routeFetch = (url: string, init: RequestInit) => callRoute(action, new Request(url, init));

function clientFor(shopDomain: string, secret: string): EventsClientConfig {
  return { endpoint: ENDPOINT, shopDomain, secret, fetch: routeFetch, maxAttempts: 1 };
}

/** A shop with its events secret and, unless told otherwise, the "app_launched" custom rule. */
async function shopWithSecret(rule: NewRuleInput | null = APP_LAUNCHED) {
  const shop = await installShop(db);
  const secret = await rotateEventsSecret(db, shop.id);
  const created = rule ? await createRule(db, shop.id, rule) : null;
  return { shop, secret, rule: created, client: clientFor(shop.domain, secret) };
}

/** One signed request, for the cases the client would never send (wrong secret, old time, tampering). */
function signedRequest(options: {
  shopDomain: string;
  secret: string;
  body: string;
  idempotencyKey?: string;
  timestamp?: number;
  edit?: (headers: Record<string, string>) => void;
  sentBody?: string;
}): Request {
  const signed = signEventRequest({
    secret: options.secret,
    shopDomain: options.shopDomain,
    body: options.body,
    idempotencyKey: options.idempotencyKey ?? uniqueId(),
    timestamp: options.timestamp,
  });
  options.edit?.(signed.headers);
  return new Request(ENDPOINT, { method: "POST", headers: signed.headers, body: options.sentBody ?? signed.body });
}

const send = (request: Request) => callRoute(action, request);
const json = async (response: Response) => JSON.parse(await response.text());

type DocumentedResponses = Record<
  string,
  { content?: { "application/json": { examples: Record<string, { value: { error?: string } }> } } }
>;
const documented = openapi.paths["/api/v1/events"].post.responses as DocumentedResponses;

/** Asserts the refusal, and that the OpenAPI document lists that code under that status. */
async function expectError(response: Response, status: number, code: string) {
  const body = await json(response);
  expect([response.status, body.error]).toEqual([status, code]);
  expect(typeof body.message).toBe("string");
  const examples = Object.values(documented[String(status)]?.content?.["application/json"].examples ?? {});
  expect(
    examples.map((example) => example.value.error),
    `${code} documented under ${status}`,
  ).toContain(code);
  return body;
}

const memberOf = (shopId: string, customerId: string) =>
  db.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });

/** What a refused request must not leave behind. */
async function traces(shopId: string) {
  const [receipts, entries, counters] = await Promise.all([
    db.apiEvent.count({ where: { shopId } }),
    db.ledgerEntry.count({ where: { shopId } }),
    db.rateLimitCounter.count({ where: { shopId } }),
  ]);
  return { receipts, entries, counters };
}

const launched = (customerId: string): LoyaltyEvent => ({ customerId, action: "app_launched" });
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("events API: a valid event", () => {
  it("awards the custom rule's points as a rule-caused ledger entry keyed by the idempotency key", async () => {
    const { shop, rule, client } = await shopWithSecret();
    const customerId = uniqueId();
    const result = await postEvent(client, launched(customerId), { idempotencyKey: "launch-1" });
    expect(result).toEqual({
      status: 200,
      replayed: false,
      body: {
        awards: [{ ruleId: rule!.id, points: 7, reason: "7 points: Launched the app" }],
        refusals: [],
        balance: 7,
      },
    });
    const entries = await db.ledgerEntry.findMany({ where: { shopId: shop.id } });
    expect(entries.map((e) => [e.kind, e.causeType, e.causeId, e.points])).toEqual([["earn", "rule", rule!.id, 7]]);
    expect(entries[0]!.idempotencyKey).toContain(":custom:launch-1");
    expect((await memberOf(shop.id, customerId))?.balance).toBe(7);

    const again = await postEvent(client, launched(customerId), { idempotencyKey: "launch-2" });
    expect(again.body.balance).toBe(14);
  });

  it("matches the action case-insensitively and takes the customer's GraphQL id", async () => {
    const { shop, client } = await shopWithSecret();
    const customerId = uniqueId();
    const result = await postEvent(client, {
      customerId: `gid://shopify/Customer/${customerId}`,
      action: "APP_Launched",
    });
    expect(result.body).toMatchObject({ balance: 7 });
    expect((await memberOf(shop.id, customerId))?.balance).toBe(7);
  });

  it("takes the built-in engagement events too, under their rules' own once-only keys", async () => {
    const { shop, rule, client } = await shopWithSecret({
      kind: "follow",
      name: "Follow us",
      points: 10,
      network: "Instagram",
    });
    const customerId = uniqueId();
    const first = await postEvent(client, { customerId, type: "follow", network: "instagram" });
    expect(first.body).toMatchObject({ awards: [{ ruleId: rule!.id, points: 10 }], balance: 10 });
    const second = await postEvent(client, { customerId, type: "follow", network: "instagram" });
    expect(second.body).toMatchObject({ awards: [], refusals: [{ code: "already_awarded" }], balance: 10 });
    // No rule for it: processed, nothing to give.
    const visit = await postEvent(client, { customerId, type: "visit" });
    expect(visit).toMatchObject({ status: 200, body: { awards: [], refusals: [], balance: 10 } });
    expect((await memberOf(shop.id, customerId))?.balance).toBe(10);
  });

  it("respects the rule's limits, answering 200 with the refusal", async () => {
    const { shop, rule, client } = await shopWithSecret({
      ...APP_LAUNCHED,
      limits: { perLifetime: 2 },
    } as NewRuleInput);
    const customerId = uniqueId();
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await postEvent(client, launched(customerId)));
    expect(results.map((r) => [r.status, r.body.balance])).toEqual([
      [200, 7],
      [200, 14],
      [200, 14],
    ]);
    expect(results[2]!.body).toMatchObject({ awards: [], refusals: [{ ruleId: rule!.id, code: "limit_reached" }] });
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(2);
  });

  it("awards nothing while the shop's kill switch is on, and says why", async () => {
    const { shop, rule, client } = await shopWithSecret();
    await db.shop.update({ where: { id: shop.id }, data: { engagementPaused: true } });
    const customerId = uniqueId();
    const result = await postEvent(client, launched(customerId));
    expect(result).toMatchObject({
      status: 200,
      body: { awards: [], refusals: [{ ruleId: rule!.id, code: "paused" }], balance: 0 },
    });
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(0);
  });
});

describe("events API: authentication", () => {
  it("refuses a wrong secret, a tampered body and missing headers with invalid_signature, leaving no trace", async () => {
    const { shop, secret } = await shopWithSecret();
    const body = JSON.stringify(launched(uniqueId()));
    await expectError(
      await send(signedRequest({ shopDomain: shop.domain, secret: "lbes_guess", body })),
      401,
      "invalid_signature",
    );
    const tampered = body.replace('"app_launched"', '"app_launched","bonus":1');
    await expectError(
      await send(signedRequest({ shopDomain: shop.domain, secret, body, sentBody: tampered })),
      401,
      "invalid_signature",
    );
    for (const header of ["X-Loyalty-Signature", "X-Loyalty-Timestamp", "X-Loyalty-Shop"]) {
      const request = signedRequest({
        shopDomain: shop.domain,
        secret,
        body,
        edit: (headers) => delete headers[header],
      });
      await expectError(await send(request), 401, "invalid_signature");
    }
    const malformed = signedRequest({
      shopDomain: shop.domain,
      secret,
      body,
      edit: (h) => (h["X-Loyalty-Signature"] = "sha256=zz"),
    });
    await expectError(await send(malformed), 401, "invalid_signature");
    expect(await traces(shop.id)).toEqual({ receipts: 0, entries: 0, counters: 0 });
  });

  it("refuses a captured request resent under a new Idempotency-Key: the key is signed, so it awards once", async () => {
    const { shop, secret } = await shopWithSecret();
    const customerId = uniqueId();
    const captured = signEventRequest({
      secret,
      shopDomain: shop.domain,
      body: JSON.stringify(launched(customerId)),
      idempotencyKey: "evt-1",
    });
    const resend = (idempotencyKey: string) =>
      send(
        new Request(ENDPOINT, {
          method: "POST",
          headers: { ...captured.headers, "Idempotency-Key": idempotencyKey },
          body: captured.body,
        }),
      );
    expect((await resend("evt-1")).status).toBe(200);
    for (const key of ["evt-2", "evt-3", "EVT-1"]) {
      await expectError(await resend(key), 401, "invalid_signature");
    }
    expect((await memberOf(shop.id, customerId))?.balance).toBe(7);
    expect(await db.apiEvent.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("tells a client that signs the old way (without the key) what to sign, and awards nothing", async () => {
    const { shop, secret } = await shopWithSecret();
    const body = JSON.stringify(launched(uniqueId()));
    const oldStyle = (key: string) =>
      signedRequest({
        shopDomain: shop.domain,
        secret,
        body,
        edit: (headers) =>
          (headers["X-Loyalty-Signature"] =
            `sha256=${createHmac("sha256", key).update(`${headers["X-Loyalty-Timestamp"]}.${body}`).digest("hex")}`),
      });
    const outdated = await expectError(await send(oldStyle(secret)), 401, "signature_scheme_outdated");
    expect(outdated.message).toContain("<X-Loyalty-Timestamp>.<Idempotency-Key>.<body>");
    // Only a holder of the secret learns it: the old scheme with a wrong secret is just wrong.
    await expectError(await send(oldStyle("lbes_guess")), 401, "invalid_signature");
    expect(await traces(shop.id)).toEqual({ receipts: 0, entries: 0, counters: 0 });
  });

  it("answers an unknown shop and a shop without a secret exactly like a wrong signature", async () => {
    const { shop, secret } = await shopWithSecret();
    const body = JSON.stringify(launched(uniqueId()));
    const wrong = await expectError(
      await send(signedRequest({ shopDomain: shop.domain, secret: "nope", body })),
      401,
      "invalid_signature",
    );
    const unknown = await expectError(
      await send(signedRequest({ shopDomain: "no-such-shop.myshopify.com", secret, body })),
      401,
      "invalid_signature",
    );
    const noSecret = await installShop(db);
    const unset = await expectError(
      await send(signedRequest({ shopDomain: noSecret.domain, secret, body })),
      401,
      "invalid_signature",
    );
    expect(unknown).toEqual(wrong);
    expect(unset).toEqual(wrong);
  });

  it("refuses a correctly signed request whose timestamp is more than 5 minutes off, either way", async () => {
    const { shop, secret } = await shopWithSecret();
    const body = JSON.stringify(launched(uniqueId()));
    for (const timestamp of [nowSeconds() - 301 - 5, nowSeconds() + 301 + 5]) {
      await expectError(
        await send(signedRequest({ shopDomain: shop.domain, secret, body, timestamp })),
        401,
        "stale_timestamp",
      );
    }
    expect(await traces(shop.id)).toEqual({ receipts: 0, entries: 0, counters: 0 });
  });

  it("keeps shops apart: shop A's secret cannot post for shop B", async () => {
    const a = await shopWithSecret();
    const b = await shopWithSecret();
    const customerId = uniqueId();
    const forged = await postEvent(clientFor(b.shop.domain, a.secret), launched(customerId));
    expect([forged.status, forged.body.error]).toEqual([401, "invalid_signature"]);
    expect(await traces(b.shop.id)).toEqual({ receipts: 0, entries: 0, counters: 0 });

    // The same key in both shops is two events: receipts are per shop.
    await postEvent(a.client, launched(customerId), { idempotencyKey: "shared-key" });
    const inB = await postEvent(b.client, launched(customerId), { idempotencyKey: "shared-key" });
    expect(inB).toMatchObject({
      status: 200,
      replayed: false,
      body: { awards: [{ ruleId: b.rule!.id, points: 7 }], balance: 7 },
    });
    expect((await memberOf(a.shop.id, customerId))?.balance).toBe(7);
  });

  it("stops accepting the old secret the moment it is rotated", async () => {
    const { shop, secret: old } = await shopWithSecret();
    const customerId = uniqueId();
    expect((await postEvent(clientFor(shop.domain, old), launched(customerId))).status).toBe(200);
    const fresh = await rotateEventsSecret(db, shop.id);
    expect(fresh).not.toBe(old);
    const refused = await postEvent(clientFor(shop.domain, old), launched(customerId));
    expect([refused.status, refused.body.error]).toEqual([401, "invalid_signature"]);
    expect((await postEvent(clientFor(shop.domain, fresh), launched(customerId))).body.balance).toBe(14);
  });

  it("answers programme_not_found to a correctly signed request for an uninstalled shop", async () => {
    const { shop, secret } = await shopWithSecret();
    await db.shop.update({ where: { id: shop.id }, data: { uninstalledAt: new Date() } });
    const body = JSON.stringify(launched(uniqueId()));
    await expectError(await send(signedRequest({ shopDomain: shop.domain, secret, body })), 404, "programme_not_found");
  });
});

describe("events API: idempotency", () => {
  it("answers a replayed key with 409 and the first answer, awarding nothing more", async () => {
    const { shop, secret, client } = await shopWithSecret();
    const customerId = uniqueId();
    const body = JSON.stringify(launched(customerId));
    const first = await send(signedRequest({ shopDomain: shop.domain, secret, body, idempotencyKey: "k-1" }));
    const firstBody = await json(first);
    // A retry is signed again, later, with the same key and bytes.
    const replay = await send(
      signedRequest({ shopDomain: shop.domain, secret, body, idempotencyKey: "k-1", timestamp: nowSeconds() + 60 }),
    );
    const replayBody = await expectError(replay, 409, "idempotency_key_replayed");
    expect(replayBody.original).toEqual(firstBody);
    expect((await memberOf(shop.id, customerId))?.balance).toBe(7);

    // The example client treats it as the success it is.
    const viaClient = await postEvent(client, launched(customerId), { idempotencyKey: "k-1" });
    expect(viaClient).toEqual({ status: 200, replayed: true, body: firstBody });
  });

  it("lets the example client retry a request whose answer was lost, re-signed under the same key, awarding once", async () => {
    const { shop, secret } = await shopWithSecret();
    const customerId = uniqueId();
    const sent: Record<string, string>[] = [];
    let calls = 0;
    const lossyFetch = async (url: string, init: RequestInit) => {
      sent.push({ ...(init.headers as Record<string, string>) });
      const response = await routeFetch(url, init);
      // The first request is processed, then the connection drops before its answer arrives.
      if (++calls === 1) throw new TypeError("fetch failed: socket hang up");
      return response;
    };
    const config = { endpoint: ENDPOINT, shopDomain: shop.domain, secret, fetch: lossyFetch, sleep: async () => {} };
    const result = await postEvent(config, launched(customerId));
    expect(result).toMatchObject({ status: 200, replayed: true, body: { awards: [{ points: 7 }], balance: 7 } });
    expect(sent).toHaveLength(2);
    expect(sent[1]!["Idempotency-Key"]).toBe(sent[0]!["Idempotency-Key"]);
    expect((await memberOf(shop.id, customerId))?.balance).toBe(7);
  });

  it("forgets keys after the retention, while the ledger still refuses to award a custom event twice", async () => {
    const { shop, client } = await shopWithSecret();
    const customerId = uniqueId();
    await postEvent(client, launched(customerId), { idempotencyKey: "old-key" });
    const recent = await postEvent(client, launched(customerId), { idempotencyKey: "recent-key" });
    expect(recent.body.balance).toBe(14);
    const longAgo = new Date(Date.now() - (RECEIPT_RETENTION_DAYS + 1) * 86_400_000);
    await db.apiEvent.update({
      where: { shopId_idempotencyKey: { shopId: shop.id, idempotencyKey: "old-key" } },
      data: { createdAt: longAgo },
    });

    expect(await pruneReceipts(db)).toBeGreaterThanOrEqual(1);
    const kept = await db.apiEvent.findMany({ where: { shopId: shop.id }, select: { idempotencyKey: true } });
    expect(kept).toEqual([{ idempotencyKey: "recent-key" }]);

    const resent = await postEvent(client, launched(customerId), { idempotencyKey: "old-key" });
    expect(resent).toMatchObject({
      status: 200,
      replayed: false,
      body: { awards: [], refusals: [{ code: "already_awarded" }], balance: 14 },
    });
  });

  it("refuses the same key with a different body, and awards nothing for it", async () => {
    const { shop, secret } = await shopWithSecret();
    const [alice, bob] = [uniqueId(), uniqueId()];
    await send(
      signedRequest({ shopDomain: shop.domain, secret, body: JSON.stringify(launched(alice)), idempotencyKey: "k-2" }),
    );
    const reused = await send(
      signedRequest({ shopDomain: shop.domain, secret, body: JSON.stringify(launched(bob)), idempotencyKey: "k-2" }),
    );
    await expectError(reused, 422, "idempotency_key_reused");
    expect(await memberOf(shop.id, bob)).toBeNull();
  });

  it("awards concurrent copies of one request once; the others get the replay answer, never a 500", async () => {
    const { shop, secret } = await shopWithSecret();
    const customerId = uniqueId();
    const body = JSON.stringify(launched(customerId));
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        send(signedRequest({ shopDomain: shop.domain, secret, body, idempotencyKey: "race" })),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect((await memberOf(shop.id, customerId))?.balance).toBe(7);
    expect(await db.apiEvent.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("lets only one of concurrent requests with one key and different bodies through", async () => {
    const { shop, secret } = await shopWithSecret();
    const customers = Array.from({ length: 5 }, () => uniqueId());
    const responses = await Promise.all(
      customers.map((customerId) =>
        send(
          signedRequest({
            shopDomain: shop.domain,
            secret,
            body: JSON.stringify(launched(customerId)),
            idempotencyKey: "contested",
          }),
        ),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 422, 422, 422, 422]);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(1);
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(1);
  });
});

describe("events API: bad requests", () => {
  it("refuses an action no custom rule has, and keeps the key free for after the rule is created", async () => {
    const { shop, secret, client } = await shopWithSecret(null);
    const customerId = uniqueId();
    const body = JSON.stringify(launched(customerId));
    const unknown = await expectError(
      await send(signedRequest({ shopDomain: shop.domain, secret, body, idempotencyKey: "k-3" })),
      422,
      "unknown_action",
    );
    expect(unknown.message).toContain('"app_launched"');
    expect(await traces(shop.id)).toEqual({ receipts: 0, entries: 0, counters: 0 });

    await createRule(db, shop.id, APP_LAUNCHED);
    expect((await postEvent(client, launched(customerId), { idempotencyKey: "k-3" })).body.balance).toBe(7);
  });

  it("refuses a body the schema rejects with 422 and each problem", async () => {
    const { shop, secret } = await shopWithSecret();
    const bad = await send(
      signedRequest({
        shopDomain: shop.domain,
        secret,
        body: JSON.stringify({ customerId: "alice", action: "app launched" }),
      }),
    );
    const body = await expectError(bad, 422, "invalid_body");
    expect(body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(["action", "customerId"]);
    await expectError(
      await send(signedRequest({ shopDomain: shop.domain, secret, body: "not json" })),
      422,
      "invalid_body",
    );
    expect(await traces(shop.id)).toEqual({ receipts: 0, entries: 0, counters: 0 });
  });

  it("refuses a product share without its product, as the widget does, awarding nothing", async () => {
    const { shop, client } = await shopWithSecret({
      kind: "share",
      name: "Share a product",
      points: 15,
      subject: "product",
    });
    const customerId = uniqueId();
    const share = (productId?: string): LoyaltyEvent => ({
      customerId,
      type: "share",
      subject: "product",
      productId,
      network: "x",
    });
    const refused = await postEvent(client, share());
    expect([refused.status, refused.body.error]).toEqual([422, "invalid_body"]);
    expect(refused.body.issues).toEqual([{ path: "productId", message: expect.any(String) }]);
    expect(await traces(shop.id)).toEqual({ receipts: 0, entries: 0, counters: 0 });
    // Two different products each earn: no shared "unknown product" award.
    expect((await postEvent(client, share("1"))).body.balance).toBe(15);
    expect((await postEvent(client, share("2"))).body.balance).toBe(30);
  });

  it("asks for an Idempotency-Key", async () => {
    const { shop, secret } = await shopWithSecret();
    const body = JSON.stringify(launched(uniqueId()));
    const missing = signedRequest({ shopDomain: shop.domain, secret, body, edit: (h) => delete h["Idempotency-Key"] });
    await expectError(await send(missing), 400, "invalid_idempotency_key");
    await expectError(
      await send(signedRequest({ shopDomain: shop.domain, secret, body, idempotencyKey: "k".repeat(201) })),
      400,
      "invalid_idempotency_key",
    );
  });

  it("refuses an oversized body, declared or streamed, and anything but POST", async () => {
    const { shop, secret } = await shopWithSecret();
    const body = JSON.stringify({ ...launched(uniqueId()), padding: "x".repeat(17 * 1024) });
    await expectError(await send(signedRequest({ shopDomain: shop.domain, secret, body })), 413, "payload_too_large");
    const declared = signedRequest({
      shopDomain: shop.domain,
      secret,
      body: "{}",
      edit: (h) => (h["Content-Length"] = "999999"),
    });
    await expectError(await send(declared), 413, "payload_too_large");
    await expectError(await callRoute(loader, new Request(ENDPOINT)), 405, "method_not_allowed");
    await expectError(await send(new Request(ENDPOINT, { method: "PUT", body: "{}" })), 405, "method_not_allowed");
  });
});

describe("events API: anti-farming limit", () => {
  it("answers 429 with Retry-After once the customer's daily allowance is used, awarding nothing", async () => {
    const { shop, client } = await shopWithSecret();
    const customerId = uniqueId();
    // The customer's daily counter, full, for today and tomorrow (UTC): no clock races the test.
    const perDay = eventRateLimits("api", customerId).find((limit) => limit.windowSeconds === 86_400)!;
    for (const at of [new Date(), new Date(Date.now() + 86_400_000)]) {
      const window = windowOf(perDay, at);
      await db.rateLimitCounter.create({
        data: { shopId: shop.id, bucket: window.key, count: perDay.max, expiresAt: window.end },
      });
    }
    const response = await routeFetch(ENDPOINT, {
      method: "POST",
      ...signEventRequest({
        secret: client.secret,
        shopDomain: shop.domain,
        body: JSON.stringify(launched(customerId)),
        idempotencyKey: "k-4",
      }),
    });
    const retryAfter = Number(response.headers.get("Retry-After"));
    const body = await expectError(response, 429, "rate_limited");
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(body.retryAfterSeconds).toBe(retryAfter);
    expect(await memberOf(shop.id, customerId)).toBeNull();
    expect(await db.apiEvent.count({ where: { shopId: shop.id } })).toBe(0);

    // Another customer of the shop is not held back.
    expect((await postEvent(client, launched(uniqueId()))).status).toBe(200);
  });
});
