/**
 * Vitest global setup for an integration project: one new database per project run,
 * dropped after. Both integration projects share the main process, so the URL is handed to
 * that project's workers with provide/inject (tests/support/database-env.ts), never through
 * this process's environment.
 */
import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const engine = project.config.env?.TEST_DB_ENGINE === "postgres" ? "postgres" : "sqlite";
  // Two PostgreSQL projects set up in the same process: their database names must differ.
  const label = engine === "sqlite" ? "it" : project.config.env?.LOYALTY_ORDER_TRANSACTIONS ? "itpgorders" : "itpg";
  const database = await createTestDatabase(engine, label);
  project.provide("databaseUrl", database.url);
  return async () => database.drop();
}
