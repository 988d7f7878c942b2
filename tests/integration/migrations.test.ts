/**
 * Migrations keep data. Every migration is applied on top of a database that already holds a
 * shop with members and entries (written with the first migration's columns), and the rows
 * must all still be there, still linked, at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, migrationsDirFor, readMigrations } from "../../app/db/migrate.server";
import { isPostgresUrl } from "../../app/db/url";

const root = path.resolve(import.meta.dirname, "../..");
const engineUrl = process.env.DATABASE_URL!;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface Sql {
  run(sql: string): Promise<void>;
  count(table: string): Promise<number>;
  /** The first row of a query, numbers as numbers (int8 too). */
  row(query: string): Promise<Record<string, number | string | null>>;
  close(): Promise<void>;
}

async function freshDatabase(): Promise<{ url: string; sql: Sql }> {
  if (isPostgresUrl(engineUrl)) {
    const { default: pg } = await import("pg");
    const server = engineUrl.replace(/\/[^/]+$/, "");
    const name = `loyalty_mig_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: `${server}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = `${server}/${name}`;
    let client: InstanceType<typeof pg.Client> | undefined;
    const open = async () => {
      if (!client) {
        client = new pg.Client({ connectionString: url });
        await client.connect();
      }
      return client;
    };
    cleanups.push(async () => {
      const a = new pg.Client({ connectionString: `${server}/postgres` });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    });
    return {
      url,
      sql: {
        run: async (q) => void (await (await open()).query(q)),
        count: async (t) => Number((await (await open()).query(`SELECT count(*) AS c FROM "${t}"`)).rows[0].c),
        row: async (q) => {
          const found = (await (await open()).query(q)).rows[0] as Record<string, unknown>;
          return Object.fromEntries(
            Object.entries(found).map(([k, v]) => [
              k,
              typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : (v as string | null),
            ]),
          );
        },
        close: async () => {
          await client?.end();
          client = undefined;
        },
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "loyalty-mig-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const url = `file:${path.join(dir, "m.sqlite")}`;
  const { default: Database } = await import("better-sqlite3");
  let handle: InstanceType<typeof Database> | undefined;
  const open = () => (handle ??= new Database(path.join(dir, "m.sqlite")));
  return {
    url,
    sql: {
      run: async (q) => void open().exec(q),
      count: async (t) => (open().prepare(`SELECT count(*) AS c FROM "${t}"`).get() as { c: number }).c,
      row: async (q) => open().prepare(q).get() as Record<string, number | string | null>,
      close: async () => {
        handle?.close();
        handle = undefined;
      },
    },
  };
}

describe("migrations", () => {
  it("keep every shop, member and entry when applied on top of existing data", async () => {
    const all = readMigrations(migrationsDirFor(engineUrl, root));
    const { url, sql } = await freshDatabase();
    await migrate(url, all.slice(0, 1));
    const now = "2026-01-01 00:00:00";
    await sql.run(`INSERT INTO "Shop" ("id","domain","updatedAt") VALUES ('s1','keep.myshopify.com','${now}')`);
    await sql.run(
      `INSERT INTO "Member" ("id","shopId","customerId","balance","updatedAt") VALUES ('m1','s1','1',40,'${now}'),('m2','s1','2',0,'${now}')`,
    );
    // Redacted before tombstones existed: the migration remembers it (docs/decisions/0014).
    await sql.run(
      `INSERT INTO "Member" ("id","shopId","customerId","redactedAt","updatedAt") VALUES ('m3','s1','redacted:0123456789abcdef','${now}','${now}')`,
    );
    await sql.run(
      `INSERT INTO "LedgerEntry" ("id","shopId","memberId","points","kind","causeType","causeId","idempotencyKey","fingerprint","balanceAfter")
       VALUES ('e1','s1','m1',40,'earn','order','o1','order:o1:earn','x',40)`,
    );
    await sql.close();

    await migrate(url, all);

    expect({
      shops: await sql.count("Shop"),
      members: await sql.count("Member"),
      entries: await sql.count("LedgerEntry"),
    }).toEqual({
      shops: 1,
      members: 3,
      entries: 1,
    });
    expect(await sql.count("RedactedCustomer")).toBe(1);
    await sql.close();
  });

  it("order_money_bigint_and_currency keeps order amounts and counts staff adjustments already posted as earned", async () => {
    const all = readMigrations(migrationsDirFor(engineUrl, root));
    const mine = all.findIndex((m) => m.name.endsWith("_order_money_bigint_and_currency"));
    expect(mine).toBeGreaterThan(0);
    const { url, sql } = await freshDatabase();
    await migrate(url, all.slice(0, mine));
    const now = "2026-01-01 00:00:00";
    await sql.run(`INSERT INTO "Shop" ("id","domain","updatedAt") VALUES ('s1','keep.myshopify.com','${now}')`);
    await sql.run(
      `INSERT INTO "Member" ("id","shopId","customerId","balance","lifetimeEarned","updatedAt")
       VALUES ('m1','s1','1',110,40,'${now}'),('m2','s1','2',0,0,'${now}')`,
    );
    await sql.run(
      `INSERT INTO "LedgerEntry" ("id","shopId","memberId","points","kind","causeType","causeId","reason","idempotencyKey","fingerprint","balanceAfter")
       VALUES ('e1','s1','m1',40,'earn','order','o1',NULL,'order:o1:earn','x',40),
              ('e2','s1','m1',100,'adjust','staff','staff','Goodwill','adjust:r1','x',140),
              ('e3','s1','m1',-30,'adjust','staff','staff','Mistake','adjust:r2','x',110)`,
    );
    await sql.run(
      `INSERT INTO "OrderAccount" ("shopId","orderId","memberId","spendMinor","earnedPoints","refundedMinor","updatedAt")
       VALUES ('s1','o1','m1',4000,40,1000,'${now}')`,
    );
    await sql.close();

    await migrate(url, all);

    expect(await sql.row(`SELECT "lifetimeEarned" AS "earned" FROM "Member" WHERE "id" = 'm1'`)).toEqual({
      earned: 110,
    });
    expect(await sql.row(`SELECT "lifetimeEarned" AS "earned" FROM "Member" WHERE "id" = 'm2'`)).toEqual({ earned: 0 });
    expect(
      await sql.row(
        `SELECT "spendMinor" AS "spend", "refundedMinor" AS "refunded", "currencyCode" AS "currency" FROM "OrderAccount"`,
      ),
    ).toEqual({ spend: 4000, refunded: 1000, currency: null });
    await sql.close();
  });
});
