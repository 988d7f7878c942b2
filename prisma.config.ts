/**
 * Prisma CLI configuration. This machine (and many CI runners) cannot download Prisma's
 * native engines, so the CLI runs on its JS/wasm engines through driver adapters: SQLite by
 * default, PostgreSQL when DATABASE_URL says so. The app itself opens its client in
 * app/db.server.ts; this file is only for `prisma generate` and `prisma migrate diff`.
 */
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
const isPostgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: isPostgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  async adapter() {
    if (isPostgres) {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: url });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url });
  },
});
