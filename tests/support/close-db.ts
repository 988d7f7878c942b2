/**
 * Integration setup file: stop the delivery queues and close the app's database client after
 * each test file. Leaving a better-sqlite3 handle open until the worker exits crashes Node 24
 * in the addon's teardown; a pg-boss left running keeps its timers and connections.
 */
import { afterAll } from "vitest";
import { db } from "../../app/db.server";
import { stopDeliveryQueues } from "../../app/queue/queue.server";

afterAll(async () => {
  await stopDeliveryQueues();
  await db.$disconnect();
});
