/**
 * The PostgreSQL schema is the SQLite one with another datasource provider and client
 * output. One function makes it, for the sync script and for the drift test alike.
 */
export const GENERATED_HEADER =
  "// GENERATED from prisma/schema.prisma by `npm run db:sync`: edit that file, not this one.\n";

export function postgresSchemaFrom(sqliteSchema: string): string {
  const withProvider = sqliteSchema.replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
  const withOutput = withProvider.replace(/output(\s*)=\s*"generated\/sqlite"/, 'output$1= "../generated/postgres"');
  if (withProvider === sqliteSchema || withOutput === withProvider) {
    throw new Error('prisma/schema.prisma must declare provider = "sqlite" and output = "generated/sqlite".');
  }
  return GENERATED_HEADER + withOutput;
}
