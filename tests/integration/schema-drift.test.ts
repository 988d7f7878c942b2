/**
 * One model, two databases: fails when prisma/schema.prisma changed without `npm run db:sync`
 * (stale PostgreSQL schema or no migration for the change), when the two migration histories
 * differ, or when the migrated database does not have the tables and columns of the model.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db, isPostgresUrl } from "../../app/db.server";
import { postgresSchemaFrom } from "../../app/db/schema-variants";
import { Prisma } from "@loyalty-bazaar/prisma-sqlite";

const root = path.resolve(import.meta.dirname, "../..");
const source = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
const migrationNames = (dir: string) =>
  readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

describe("schema drift", () => {
  it("the PostgreSQL schema is generated from the current model", () => {
    expect(readFileSync(path.join(root, "prisma/postgres/schema.prisma"), "utf8")).toBe(postgresSchemaFrom(source));
  });

  it("both databases have the same migrations, and the last one leads to the current model", () => {
    const sqlite = migrationNames("prisma/migrations");
    expect(sqlite.length).toBeGreaterThan(0);
    expect(migrationNames("prisma/postgres/migrations")).toEqual(sqlite);
    const snapshot = path.join(root, "prisma/migrations", sqlite.at(-1)!, "schema.snapshot.prisma");
    expect(existsSync(snapshot), "the last migration keeps the schema it leads to").toBe(true);
    expect(readFileSync(snapshot, "utf8"), "prisma/schema.prisma changed: run npm run db:sync -- --name <change>").toBe(
      source,
    );
  });

  it("the migrated database has exactly the model's tables and columns", async () => {
    const expected = new Map<string, Set<string>>();
    for (const model of Prisma.dmmf.datamodel.models) {
      const columns = model.fields
        .filter((f) => f.kind === "scalar" || f.kind === "enum")
        .map((f) => f.dbName ?? f.name);
      expected.set(model.dbName ?? model.name, new Set(columns));
    }

    const actual = new Map<string, Set<string>>();
    const rows = isPostgresUrl(process.env.DATABASE_URL ?? "")
      ? await db.$queryRawUnsafe<{ table: string; column: string }[]>(
          `SELECT table_name::text AS "table", column_name::text AS "column" FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
        )
      : await db.$queryRawUnsafe<{ table: string; column: string }[]>(
          `SELECT m.name AS "table", p.name AS "column" FROM sqlite_master m JOIN pragma_table_info(m.name) p
           WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_prisma_migrations'`,
        );
    for (const { table, column } of rows) {
      if (!actual.has(table)) actual.set(table, new Set());
      actual.get(table)!.add(column);
    }

    const asSorted = (m: Map<string, Set<string>>) =>
      Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([t, c]) => [t, [...c].sort()]));
    expect(asSorted(actual)).toEqual(asSorted(expected));
  });
});

describe("the test harness", () => {
  it("runs this project on the database engine it is named after", () => {
    const url = process.env.DATABASE_URL ?? "";
    if (process.env.TEST_DB_ENGINE === "postgres") expect(isPostgresUrl(url)).toBe(true);
    else expect(url.startsWith("file:")).toBe(true);
  });
});
