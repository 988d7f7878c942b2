/** Vitest global setup for an integration project: one new database per run, dropped after. */
import { createTestDatabase } from "./test-database";

export default async function setup() {
  const engine = process.env.TEST_DB_ENGINE === "postgres" ? "postgres" : "sqlite";
  const database = await createTestDatabase(engine, "it");
  // Workers start after global setup and inherit the environment: app/db.server.ts reads it.
  process.env.DATABASE_URL = database.url;
  return async () => database.drop();
}
