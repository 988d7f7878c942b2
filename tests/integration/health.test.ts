/**
 * GET /health/ready and /health/live through their routes: ready with the queue's depth while
 * deliveries wait and after they are processed; 503 with a reason and nothing else when the
 * database is gone, or answers but cannot serve the queue.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createDb, db, type Db } from "../../app/db.server";
import { readinessResponse } from "../../app/observability/readiness.server";
import { loader as liveLoader } from "../../app/routes/health.live";
import { loader as readyLoader } from "../../app/routes/health.ready";
import { acknowledge, drainWebhooks } from "../support/deliver";
import { installShop, paidOrderPayload, customerFixture, uniqueId } from "../support/factories";
import { APP_URL, callRoute, webhookRequest } from "../support/signed-requests";
import { createTestDatabase } from "../support/test-database";

const engine = process.env.TEST_DB_ENGINE as "sqlite" | "postgres";
const probe = () => new Request(`${APP_URL}/health/ready`);
const opened: Db[] = [];

/** Run after the clients are closed, last first (a database is dropped before its role). */
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  await Promise.all(opened.map((client) => client.$disconnect().catch(() => undefined)));
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function ready(handler: Parameters<typeof callRoute>[0] = readyLoader) {
  const response = await callRoute(handler, probe());
  return { status: response.status, cache: response.headers.get("cache-control"), body: await response.json() };
}

describe("readiness", () => {
  it("is ready with the queue's depth: what waits, then nothing once the workers are through", async () => {
    const shop = await installShop(db);
    for (let i = 0; i < 2; i++) {
      const payload = paidOrderPayload({ id: uniqueId(), customer: customerFixture(), subtotal: "10.00" });
      expect((await acknowledge(webhookRequest({ shop: shop.domain, topic: "orders/paid", payload }))).status).toBe(
        200,
      );
    }

    const waiting = await ready();
    expect(waiting.status).toBe(200);
    expect(waiting.cache).toBe("no-store");
    expect(waiting.body).toEqual({
      status: "ready",
      queue: { waiting: 2, active: 0, retrying: 0, oldestWaitingSeconds: expect.any(Number) },
    });
    // Every shop's deliveries together: readiness names none.
    expect(JSON.stringify(waiting.body)).not.toContain(shop.domain);

    expect(await drainWebhooks()).toEqual({ processed: 2 });
    expect((await ready()).body).toEqual({
      status: "ready",
      queue: { waiting: 0, active: 0, retrying: 0, oldestWaitingSeconds: null },
    });
  });

  it("is unavailable, 503, when the database is gone, saying so and nothing else", async () => {
    const gone = await createTestDatabase(engine, "gone");
    await gone.drop();
    const client = createDb(gone.url);
    opened.push(client);

    const response = await ready(() => readinessResponse(client));
    expect(response.status).toBe(503);
    expect(response.cache).toBe("no-store");
    expect(response.body).toEqual({ status: "unavailable", reason: "database unavailable" });
  });

  it("is unavailable, 503, when the database answers but the queue cannot open or count its deliveries", async () => {
    const client = await databaseWithoutQueue();
    const response = await ready(() => readinessResponse(client));
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: "unavailable", reason: "queue unavailable" });
  });
});

/**
 * A client whose database answers but cannot serve the queue: on SQLite, its table is gone; on
 * PostgreSQL, the client logs in as a role that may not create pg-boss's schema (the database's
 * owner grants nobody that by default).
 */
async function databaseWithoutQueue(): Promise<Db> {
  const database = await createTestDatabase(engine, "noqueue");
  cleanups.push(() => database.drop());
  if (engine === "sqlite") {
    const client = createDb(database.url);
    opened.push(client);
    await client.$executeRawUnsafe(`DROP TABLE "QueuedWebhook"`);
    return client;
  }
  const { default: pg } = await import("pg");
  const role = `loyalty_probe_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query(`CREATE ROLE "${role}" LOGIN`);
  await admin.end();
  cleanups.push(async () => {
    const owner = new pg.Client({ connectionString: database.url.replace(/\/[^/]+$/, "/postgres") });
    await owner.connect();
    await owner.query(`DROP ROLE IF EXISTS "${role}"`);
    await owner.end();
  });
  const url = new URL(database.url);
  url.username = role;
  const client = createDb(url.toString());
  opened.push(client);
  return client;
}

describe("liveness", () => {
  it("is 200 without asking the database", async () => {
    const response = await callRoute(liveLoader, new Request(`${APP_URL}/health/live`));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "live" });
  });
});
