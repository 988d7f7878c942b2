/**
 * Applies the committed migration.sql files to a database, in order, once each.
 *
 * Prisma's own `migrate deploy` needs its native schema engine for PostgreSQL, which cannot
 * be downloaded everywhere (not on our CI), so the demo and the tests use this runner. It
 * records each migration in `_prisma_migrations` exactly as Prisma does (name, SHA-256
 * checksum of the file), so `prisma migrate deploy` can take over a database it migrated.
 * Several app instances may start at once: PostgreSQL serialises them with the same
 * advisory lock Prisma uses; SQLite with an immediate transaction.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isPostgresUrl } from "./url";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export function migrationsDirFor(url: string, projectRoot: string): string {
  return path.join(projectRoot, isPostgresUrl(url) ? "prisma/postgres/migrations" : "prisma/migrations");
}

const PRISMA_ADVISORY_LOCK = 72707369;

const MIGRATIONS_TABLE_POSTGRES = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

const MIGRATIONS_TABLE_SQLITE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

class ChecksumMismatchError extends Error {
  override name = "ChecksumMismatchError";
}

function pending(applied: Map<string, string>, migrations: Migration[]): Migration[] {
  for (const m of migrations) {
    const checksum = applied.get(m.name);
    if (checksum && checksum !== m.checksum) {
      throw new ChecksumMismatchError(`Migration ${m.name} was changed after it was applied.`);
    }
  }
  return migrations.filter((m) => !applied.has(m.name));
}

/** Migrates the database at `url`; returns the names of the migrations it applied. */
export async function migrate(url: string, migrations: Migration[]): Promise<string[]> {
  return isPostgresUrl(url) ? migratePostgres(url, migrations) : migrateSqlite(url, migrations);
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(MIGRATIONS_TABLE_POSTGRES);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const todo = pending(new Map(rows.map((r) => [r.migration_name, r.checksum])), migrations);
    for (const m of todo) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
    return todo.map((m) => m.name);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}

export function sqliteFilePath(url: string): string {
  const file = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return path.resolve(file);
}

async function migrateSqlite(url: string, migrations: Migration[]): Promise<string[]> {
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(sqliteFilePath(url), { timeout: 10_000 });
  try {
    // WAL: readers do not wait for the writer; it is a property of the file, set once here.
    db.pragma("journal_mode = WAL");
    db.exec(MIGRATIONS_TABLE_SQLITE);
    // Prisma's SQLite migrations redefine a table by copying it and dropping the old one,
    // relying on `PRAGMA foreign_keys=OFF`, which SQLite ignores inside a transaction. With
    // foreign keys on, that DROP would cascade and delete every row that references the
    // table (it did: all members of a shop). So: off before the transaction, the integrity
    // check inside it (a violation rolls everything back), on again after.
    db.pragma("foreign_keys = OFF");
    const run = db.transaction(() => {
      const rows = db
        .prepare(
          `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
        .all() as { migration_name: string; checksum: string }[];
      const todo = pending(new Map(rows.map((r) => [r.migration_name, r.checksum])), migrations);
      const record = db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
         VALUES (?, ?, ?, current_timestamp, 1)`,
      );
      for (const m of todo) {
        db.exec(m.sql);
        record.run(randomUUID(), m.checksum, m.name);
      }
      const violations = db.pragma("foreign_key_check") as unknown[];
      if (violations.length > 0) {
        throw new Error(
          `Migrations left ${violations.length} broken foreign keys: ${JSON.stringify(violations.slice(0, 5))}`,
        );
      }
      return todo.map((m) => m.name);
    });
    const applied = run.immediate();
    db.pragma("foreign_keys = ON");
    return applied;
  } finally {
    db.close();
  }
}
