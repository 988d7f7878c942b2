/**
 * Keeps the two databases in step with the one model source, prisma/schema.prisma:
 *
 *   npm run db:sync                 regenerate prisma/postgres/schema.prisma
 *   npm run db:sync -- --name add_x also write migration <timestamp>_add_x for both
 *                                   SQLite (prisma/migrations) and PostgreSQL
 *                                   (prisma/postgres/migrations), diffed from the schema
 *                                   as it was at the last migration
 *   npm run db:sync -- --check      exit 1 if the PostgreSQL schema is stale (used by tests)
 *
 * Prisma's `migrate dev` would need a native schema engine or a live database; `migrate diff`
 * between two datamodels works offline, so migrations are generated from datamodel snapshots.
 * Each migration folder keeps the schema it leads to (schema.snapshot.prisma) as the
 * starting point of the next one.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { postgresSchemaFrom } from "../app/db/schema-variants";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sourcePath = path.join(root, "prisma/schema.prisma");
const postgresPath = path.join(root, "prisma/postgres/schema.prisma");
const migrationDirs = {
  sqlite: path.join(root, "prisma/migrations"),
  postgres: path.join(root, "prisma/postgres/migrations"),
};

function latestMigration(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .at(-1);
}

function diff(fromSchema: string | null, toSchema: string, tmpName: string): string {
  const tmp = path.join(root, "node_modules/.cache/db-sync");
  mkdirSync(tmp, { recursive: true });
  const toFile = path.join(tmp, `${tmpName}.to.prisma`);
  writeFileSync(toFile, toSchema);
  const args = ["migrate", "diff", "--script", "--to-schema-datamodel", toFile];
  if (fromSchema === null) args.push("--from-empty");
  else {
    const fromFile = path.join(tmp, `${tmpName}.from.prisma`);
    writeFileSync(fromFile, fromSchema);
    args.push("--from-schema-datamodel", fromFile);
  }
  return execFileSync("prisma", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

const args = process.argv.slice(2);
const source = readFileSync(sourcePath, "utf8");
const postgres = postgresSchemaFrom(source);

if (args.includes("--check")) {
  const current = existsSync(postgresPath) ? readFileSync(postgresPath, "utf8") : "";
  if (current !== postgres) {
    console.error("prisma/postgres/schema.prisma is stale: run `npm run db:sync`.");
    process.exit(1);
  }
  console.log("PostgreSQL schema is in sync with prisma/schema.prisma.");
  process.exit(0);
}

mkdirSync(path.dirname(postgresPath), { recursive: true });
writeFileSync(postgresPath, postgres);
console.log("Wrote prisma/postgres/schema.prisma");

const nameIndex = args.indexOf("--name");
if (nameIndex >= 0) {
  const name = args[nameIndex + 1]?.replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  if (!name) throw new Error("--name needs a migration name, e.g. --name add_tiers");
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const folder = `${stamp}_${name}`;
  const last = latestMigration(migrationDirs.sqlite);
  const previous = last ? readFileSync(path.join(migrationDirs.sqlite, last, "schema.snapshot.prisma"), "utf8") : null;
  for (const [provider, schema] of [
    ["sqlite", source],
    ["postgres", postgres],
  ] as const) {
    const from = previous === null ? null : provider === "sqlite" ? previous : postgresSchemaFrom(previous);
    const sql = diff(from, schema, provider);
    if (!/CREATE|ALTER|DROP/i.test(sql)) {
      console.log(`No ${provider} changes since ${last}: nothing written.`);
      continue;
    }
    const dir = path.join(migrationDirs[provider], folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    if (provider === "sqlite") writeFileSync(path.join(dir, "schema.snapshot.prisma"), source);
    console.log(`Wrote ${path.relative(root, dir)}/migration.sql`);
  }
  for (const dir of Object.values(migrationDirs)) {
    if (!existsSync(path.join(dir, "migration_lock.toml"))) {
      const provider = dir === migrationDirs.sqlite ? "sqlite" : "postgresql";
      writeFileSync(path.join(dir, "migration_lock.toml"), `provider = "${provider}"\n`);
    }
  }
}
