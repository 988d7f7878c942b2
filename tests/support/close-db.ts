/**
 * Integration setup file: close the app's database client after each test file. Leaving a
 * better-sqlite3 handle open until the worker exits crashes Node 24 in the addon's teardown.
 */
import { afterAll } from "vitest";
import { db } from "../../app/db.server";

afterAll(async () => {
  await db.$disconnect();
});
