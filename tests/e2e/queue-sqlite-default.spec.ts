/**
 * The SQLite default needs nothing but its database file (issue 9): `npm start` (server.ts)
 * on a fresh SQLite database, with no other service, acknowledges a signed orders/paid and
 * its own workers (the embedded queue, in that file) credit the order; a redelivery of the
 * same event changes nothing.
 */
import type { ChildProcess } from "node:child_process";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { webhookHeaders } from "../../demo/shopify-signing";
import { paidOrderPayload, uniqueId } from "../support/factories";
import { startProductionServer } from "./production-process";

const SECRET = "shpss_queue_default_secret";
const shop = "queue-default.myshopify.com";
let server: ChildProcess;
let base = "";
let databaseFile = "";
let output: () => string = () => "";

test.beforeAll(async () => {
  const started = await startProductionServer("queue", {
    SHOPIFY_API_KEY: "queue-api-key",
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1",
  });
  server = started.child;
  base = started.base;
  output = started.output;
  databaseFile = started.databaseUrl.slice("file:".length);
  expect(started.databaseUrl).toMatch(/^file:/);
});

test.afterAll(() => {
  server?.kill();
});

/** Reads the server's database file, as it stands now. */
function read<T>(sql: string, ...params: unknown[]): T[] {
  const file = new Database(databaseFile, { readonly: true });
  try {
    return file.prepare(sql).all(...params) as T[];
  } finally {
    file.close();
  }
}

const balanceOf = (customerId: string) =>
  read<{ balance: number }>(`SELECT balance FROM Member WHERE customerId = ?`, customerId)[0]?.balance ?? 0;
const queued = () => read<{ n: number }>(`SELECT count(*) AS n FROM QueuedWebhook`)[0]!.n;

test("a signed order is acknowledged, then credited once by the process's own embedded queue", async ({ request }) => {
  const customer = { id: uniqueId(), email: "queue@example.com", first_name: "Q", last_name: "Ueue" };
  const body = JSON.stringify(paidOrderPayload({ customer, subtotal: "40.00" }));
  const eventId = `evt-${uniqueId()}`;
  const send = () =>
    request.post(`${base}/webhooks`, {
      headers: webhookHeaders({ shop, topic: "orders/paid", body, secret: SECRET, eventId }),
      data: body,
    });

  expect((await send()).status()).toBe(200);
  await expect.poll(() => balanceOf(customer.id)).toBe(40);
  await expect.poll(queued).toBe(0);

  // Shopify did not hear the 200 and sends it again.
  expect((await send()).status()).toBe(200);
  await expect.poll(queued).toBe(0);
  expect(balanceOf(customer.id)).toBe(40);
  expect(read(`SELECT id FROM LedgerEntry WHERE causeType = 'order'`)).toHaveLength(1);

  const started = output()
    .split("\n")
    .flatMap((line) => (line.startsWith("{") ? [JSON.parse(line) as { event?: string; queue?: string }] : []))
    .find((line) => line.event === "workers_started");
  expect(started).toMatchObject({ queue: "embedded" });
});
