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
import { PrismaClient as SqliteClient } from "@loyalty-bazaar/prisma-sqlite";
import { PrismaClient as PostgresClient } from "@loyalty-bazaar/prisma-postgres";
import { readDatabaseUrl } from "./db/database-url";
import { isPostgresUrl } from "./db/url";

export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type { Prisma } from "@loyalty-bazaar/prisma-sqlite";

export { isPostgresUrl };

const postgresClients = new WeakSet<Db>();

/** Whether a client talks to PostgreSQL (for the few places that use its locks or its retry strategy). */
export function isPostgresClient(client: Db): boolean {
  return postgresClients.has(client);
}

export function createDb(url: string): Db {
  if (isPostgresUrl(url)) {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) });
    postgresClients.add(client as unknown as Db);
    return client as unknown as Db;
  }
  // `timeout` is SQLite's busy timeout: a second writer (another process on the same file)
  // waits for the lock instead of failing at once. WAL mode is set on the file by migrate.
  const adapter = new PrismaBetterSQLite3({ url, timeout: 10_000 });
  return new SqliteClient({ adapter });
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
