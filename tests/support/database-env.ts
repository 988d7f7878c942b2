/**
 * First setup file of an integration project: points the app at the database global setup
 * made for this project, before any app module (which reads DATABASE_URL on import) loads.
 * Imports nothing from app/ on purpose.
 */
import { inject } from "vitest";

const url = inject("databaseUrl");
const engine = process.env.TEST_DB_ENGINE;
if (engine === "postgres" ? !/^postgres/.test(url) : !url.startsWith("file:")) {
  throw new Error(`The ${engine} integration project was given ${url}`);
}
process.env.DATABASE_URL = url;

// Each test file its own queue (app/queue/queue.server.ts): its drain processes its own
// deliveries, with the stand-in for Shopify that this file installed.
process.env.WEBHOOK_QUEUE = `test-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
