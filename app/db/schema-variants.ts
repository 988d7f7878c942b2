/**
 * The PostgreSQL schema is the SQLite one with another datasource provider and client
 * output. One function makes it, for the sync script and for the drift test alike.
 */
export const GENERATED_HEADER =
  "// GENERATED from prisma/schema.prisma by `npm run db:sync`: edit that file, not this one.\n";

export function postgresSchemaFrom(sqliteSchema: string): string {
  const withProvider = sqliteSchema.replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
  const withOutput = withProvider.replace(
    /output(\s*)=\s*"\.\.\/node_modules\/@loyalty-bazaar\/prisma-sqlite"/,
    'output$1= "../../node_modules/@loyalty-bazaar/prisma-postgres"',
  );
  if (withProvider === sqliteSchema || withOutput === withProvider) {
    throw new Error(
      'prisma/schema.prisma must declare provider = "sqlite" and output = "../node_modules/@loyalty-bazaar/prisma-sqlite".',
    );
  }
  return GENERATED_HEADER + withOutput;
}
