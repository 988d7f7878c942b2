/**
 * The Prisma client, on SQLite (embedded default, `file:` URLs) or PostgreSQL
 * (`postgres://`), both through driver adapters so no native engine is downloaded.
 *
 * Prisma bakes the provider into the generated client, so there are two generated clients
 * with identical models (prisma/schema.prisma and its generated PostgreSQL twin). The SQLite
 * one is the canonical type; the schema is kept portable so the two behave alike.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as SqliteClient } from "@loyalty-bazaar/prisma-sqlite";
import { PrismaClient as PostgresClient } from "@loyalty-bazaar/prisma-postgres";
import { readDatabaseUrl } from "./db/database-url";
import { isPostgresUrl } from "./db/url";

export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type { Prisma } from "@loyalty-bazaar/prisma-sqlite";

export { isPostgresUrl };

/** PostgreSQL clients and the `pg` pool under each: Prisma's adapter and the ledger share it. */
const postgresPools = new WeakMap<Db, pg.Pool>();
/** The URL each client was made for: the job queue opens its own connections to the same database. */
const clientUrls = new WeakMap<Db, string>();

export function databaseUrlOf(client: Db): string {
  const url = clientUrls.get(client);
  if (!url) throw new Error("This database client was not made by createDb.");
  return url;
}

/** Whether a client talks to PostgreSQL (for the few places that use its locks or its retry strategy). */
export function isPostgresClient(client: Db): boolean {
  return postgresPools.has(client);
}

/**
 * The connection pool under a PostgreSQL client, for the ledger's standalone posts
 * (app/ledger/postgres-posting.server.ts); null on SQLite.
 */
export function postgresPoolOf(client: Db): pg.Pool | null {
  const pool = postgresPools.get(client);
  // After $disconnect() the pool is closed, and Prisma would open a new one of its own on the
  // next query: the ledger then takes Prisma's path rather than a closed pool.
  return pool && !pool.ended ? pool : null;
}

export function createDb(url: string): Db {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, pipeline: process.env.LOYALTY_PG_PIPELINE === "on" });
    // disposeExternalPool: $disconnect() still closes every connection.
    const client = new PostgresClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) as unknown as Db;
    postgresPools.set(client, pool);
    clientUrls.set(client, url);
    return client;
  }
  // `timeout` is SQLite's busy timeout: a second writer (another process on the same file)
  // waits for the lock instead of failing at once. WAL mode is set on the file by migrate.
  const adapter = new PrismaBetterSQLite3({ url, timeout: 10_000 });
  const client = new SqliteClient({ adapter });
  clientUrls.set(client, url);
  return client;
}

declare global {
  var __loyaltyDb: { url: string; client: Db } | undefined;
}

function processClient(url: string): Db {
  if (globalThis.__loyaltyDb?.url !== url) globalThis.__loyaltyDb = { url, client: createDb(url) };
  return globalThis.__loyaltyDb.client;
}

/** One client per process and database URL (survives dev-server reloads). */
export const db: Db = processClient(readDatabaseUrl(process.env));
