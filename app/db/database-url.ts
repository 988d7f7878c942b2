/**
 * DATABASE_URL, validated on its own: the ledger commands, migrations and benchmarks need a
 * database but no Shopify credentials.
 */
import { z } from "zod";

export const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";

export const databaseUrlSchema = z
  .string()
  .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgres:// (PostgreSQL)")
  .default(DEFAULT_DATABASE_URL);

export function readDatabaseUrl(source: Record<string, string | undefined>): string {
  const parsed = databaseUrlSchema.safeParse(source.DATABASE_URL);
  if (!parsed.success) throw new Error(`Invalid environment:\n  DATABASE_URL: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
