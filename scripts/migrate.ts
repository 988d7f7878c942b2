/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (SQLite or PostgreSQL). */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate, migrationsDirFor, readMigrations } from "../app/db/migrate.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
const applied = await migrate(url, readMigrations(migrationsDirFor(url, root)));
console.log(applied.length ? `Applied ${applied.join(", ")}` : "Database is up to date.");
