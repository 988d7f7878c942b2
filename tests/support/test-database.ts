/**
 * A fresh, migrated database for a test run: a new SQLite file, or a new PostgreSQL
 * database on the local server (TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate, migrationsDirFor, readMigrations } from "../../app/db/migrate.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(engine: "sqlite" | "postgres", label = "test"): Promise<TestDatabase> {
  if (engine === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), `loyalty-${label}-`));
    const url = `file:${path.join(dir, "test.sqlite")}`;
    await migrate(url, readMigrations(migrationsDirFor(url, root)));
    return { url, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432";
  const name = `loyalty_${label}_${process.pid}_${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = `${server}/${name}`;
  await migrate(url, readMigrations(migrationsDirFor(url, root)));
  return {
    url,
    drop: async () => {
      const client = new pg.Client({ connectionString: `${server}/postgres` });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
