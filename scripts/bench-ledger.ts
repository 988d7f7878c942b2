/**
 * `npm run bench:ledger`: how fast the app posts to the points ledger on PostgreSQL, next to
 * what PostgreSQL itself does with the same transaction when driven by pgbench.
 *
 * 1. A fresh, migrated PostgreSQL database with one shop and BENCH_MEMBERS members.
 * 2. App runs: BENCH_CONCURRENCY async workers post earn entries through the app's own code,
 *    a warm-up first, then BENCH_ENTRIES timed posts: entries/second (wall clock), p50/p99
 *    latency per post and the process's CPU. Twice: as a standalone post
 *    (`postStandaloneEntry`: staff adjustments) and inside a ledger transaction
 *    (`inLedgerTransaction(db, tx => postEntry(tx, …))`: what order webhooks, redemptions and
 *    rule awards do, with their other writes).
 * 3. Baselines: pgbench with the same number of clients sends the SQL each app run sends,
 *    built from the app's own statement (`postingStatement`) with pgbench variables for its
 *    parameters: the statement alone, and BEGIN; the statement; COMMIT. Each for
 *    BENCH_PGBENCH_SECONDS, right after the app run it is compared with.
 * 4. Checks the ledger's invariants afterwards, writes bench/results/ledger.json, prints a
 *    summary and drops the database (also on failure).
 *
 * A missed target is reported, not failed: exit 0. Exit 1 on any error (pgbench missing, a
 * failed post or SQL statement, zero throughput, a broken invariant).
 *
 * Load stays on this machine: the database server is TEST_POSTGRES_URL (default
 * postgresql://postgres@127.0.0.1:5432), and the parameters are capped below.
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database";
import { cleanUp, intFromEnv, percentile, round } from "./support/bench-support";
import { runPgbench, type PgbenchResult } from "./support/pgbench";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outputFile = path.join(root, "bench/results/ledger.json");

const params = {
  concurrency: intFromEnv("BENCH_CONCURRENCY", 8, 1, 64),
  members: intFromEnv("BENCH_MEMBERS", 50, 1, 10_000),
  warmupEntries: intFromEnv("BENCH_WARMUP", 200, 0, 10_000),
  entries: intFromEnv("BENCH_ENTRIES", 4_000, 1, 100_000),
  pgbenchSeconds: intFromEnv("BENCH_PGBENCH_SECONDS", 15, 1, 120),
  openingBalance: 100,
};
const TARGET_RATIO = 0.5;
const MODES = ["standalone", "transaction", "directTransaction"] as const;
type Mode = (typeof MODES)[number];
const APP_KEY_PREFIX = "bench:";
const PGBENCH_KEY_PREFIX = "pgbench-";

/**
 * The app's posting statement (app/ledger/postgres-posting.server.ts) for pgbench, which
 * sends it with the extended protocol like node-pg does. Parameters become pgbench variables
 * or SQL expressions of them. One change: pgbench cannot draw from a list of generated member
 * ids, so the UPDATE finds the member by its (shopId, customerId) unique index instead of its
 * id, and the INSERTs take the id from the UPDATE's RETURNING: same rows, same indexes.
 */
async function pgbenchStatement(): Promise<string> {
  const { postingStatement } = await import("../app/ledger/postgres-posting.server");
  const { MAX_POINTS } = await import("../app/domain/ledger");
  const { text } = postingStatement(
    { shopId: "s", memberId: "m", points: 1, kind: "earn", causeType: "order", causeId: "c", idempotencyKey: "k" },
    "f",
    { balance: 1, pending: 0, lifetimeEarned: 1, lifetimeRedeemed: 0 },
    false,
    new Date(),
  );
  const key = `('${PGBENCH_KEY_PREFIX}' || :client_id || '-' || :r)`;
  const byParameter: Record<number, string> = {
    1: ":pts",
    2: "0",
    3: ":pts",
    4: "0",
    5: "true",
    6: "LOCALTIMESTAMP",
    7: 'moved."id"',
    8: ":shop",
    // allowedRanges of an earn of :pts (app/domain/ledger.ts).
    9: `${-MAX_POINTS}`,
    10: key,
    11: ":pts",
    12: "'earn'",
    13: "'order'",
    14: `('pgbench-' || :r)`,
    15: "NULL",
    16: key,
    17: `('["' || :client_id || '",' || :pts || ',"earn","order","pgbench-' || :r || '",null]')`,
    18: `('lot-' || :client_id || '-' || :r)`,
    19: "true",
    20: `${MAX_POINTS} - :pts`,
    21: `${-MAX_POINTS}`,
    22: `${MAX_POINTS}`,
    23: `${-MAX_POINTS}`,
    24: `${MAX_POINTS} - :pts`,
    25: `${-MAX_POINTS}`,
    26: `${MAX_POINTS}`,
  };
  const memberById = `WHERE "id" = $7 AND`;
  const balanceOnly = `RETURNING "balance"`;
  if (!text.includes(memberById) || !text.includes(balanceOnly)) {
    throw new Error("The app's posting statement changed shape: update pgbenchStatement() in scripts/bench-ledger.ts.");
  }
  const sql = text
    .replace(memberById, `WHERE "customerId" = ('bench-' || :m) AND`)
    .replace(balanceOnly, `RETURNING "id", "balance"`)
    .replace(/\$(\d+)(::\w+)?/g, (_match, n: string, cast: string | undefined) => {
      const value = byParameter[Number(n)];
      if (value === undefined) throw new Error(`pgbenchStatement: no value for $${n}.`);
      return cast && value !== "LOCALTIMESTAMP" && value !== 'moved."id"' ? `(${value})${cast}` : value;
    });
  // pgbench reads one statement per line unless it ends with a semicolon: keep it on one line.
  return sql.replace(/\s+/g, " ").trim();
}

/** `pipeline`: BEGIN goes with the statement, as a pipelining client sends it (inPostgresTransaction). */
function pgbenchScript(statement: string, mode: Mode, pipeline: boolean): string {
  const head = `\\set m random(1, :members)\n\\set r random(1, 9000000000000000000)\n\\set pts random(1, 100)\n`;
  if (mode === "standalone") return `${head}${statement};\n`;
  if (mode === "directTransaction" && pipeline)
    return `${head}\\startpipeline\nBEGIN;\n${statement};\n\\endpipeline\nCOMMIT;\n`;
  return `${head}BEGIN;\n${statement};\nCOMMIT;\n`;
}

async function main(): Promise<number> {
  const startedAt = new Date();
  let database: TestDatabase | undefined;
  let disconnect: (() => Promise<void>) | undefined;
  try {
    database = await createTestDatabase("postgres", "bench_ledger");
    const url = database.url;
    // The app's module-level client reads DATABASE_URL at import: point it at this database
    // so importing the app opens nothing else.
    process.env.DATABASE_URL = url;
    const { createDb, db: moduleDb, postgresPoolOf } = await import("../app/db.server");
    const { inLedgerTransaction, postEntry, postStandaloneEntry } = await import("../app/ledger/ledger.server");
    const { inPostgresTransaction } = await import("../app/ledger/postgres-transaction.server");
    const { installShop, customerFixture, memberWithBalance } = await import("../tests/support/factories");
    const { default: pg } = await import("pg");

    const db = createDb(url);
    const pool = postgresPoolOf(db)!;
    // pgbench pipelines what the app's client pipelines (LOYALTY_PG_PIPELINE, app/db.server.ts).
    const pipelined = pool.options.pipeline === true;
    disconnect = async () => {
      await db.$disconnect();
      await moduleDb.$disconnect();
    };

    // 1. Seed.
    const shop = await installShop(db);
    const memberIds: string[] = [];
    for (let i = 1; i <= params.members; i++) {
      const member = await memberWithBalance(db, shop.id, customerFixture({ id: `bench-${i}` }), params.openingBalance);
      memberIds.push(member.id);
    }

    // 2. and 3. App runs, each followed by the pgbench run that sends the same SQL.
    const statement = await pgbenchStatement();
    let sequence = 0;
    const post = async (mode: Mode) => {
      const n = sequence++;
      const memberId = memberIds[Math.floor(Math.random() * memberIds.length)]!;
      const orderId = `${n}-${randomUUID()}`;
      const input = {
        shopId: shop.id,
        memberId,
        points: 1 + Math.floor(Math.random() * 100),
        kind: "earn" as const,
        causeType: "order" as const,
        causeId: orderId,
        reason: null,
        idempotencyKey: `${APP_KEY_PREFIX}order:${orderId}:earn`,
      };
      const began = performance.now();
      const result =
        mode === "standalone"
          ? await postStandaloneEntry(db, input)
          : mode === "transaction"
            ? await inLedgerTransaction(db, (tx) => postEntry(tx, input))
            : await inPostgresTransaction(pool, (tx) => tx.postEntry(input));
      if (result.status !== "posted") throw new Error(`Post ${n} came back as ${result.status}.`);
      return performance.now() - began;
    };
    const runWorkers = async (mode: Mode, count: number, latencies?: number[]) => {
      let left = count;
      const worker = async () => {
        while (left > 0) {
          left--;
          const ms = await post(mode);
          latencies?.push(ms);
        }
      };
      await Promise.all(Array.from({ length: params.concurrency }, worker));
    };
    const runApp = async (mode: Mode) => {
      await runWorkers(mode, params.warmupEntries);
      const loadBefore = os.loadavg()[0]!;
      const latencies: number[] = [];
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await runWorkers(mode, params.entries, latencies);
      const wallSeconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      latencies.sort((x, y) => x - y);
      const entriesPerSecond = params.entries / wallSeconds;
      if (!(entriesPerSecond > 0)) throw new Error(`The app posted nothing (${mode}).`);
      return {
        entries: params.entries,
        wallSeconds: round(wallSeconds, 3),
        entriesPerSecond: round(entriesPerSecond, 1),
        latencyMs: {
          p50: round(percentile(latencies, 50)),
          p99: round(percentile(latencies, 99)),
          max: round(latencies[latencies.length - 1] ?? NaN),
        },
        // Node is single-threaded: near 100 % means the app process, not the database, is the limit.
        processCpuPercent: round((100 * cpuSeconds) / wallSeconds, 1),
        cpuMsPerEntry: round((1000 * cpuSeconds) / params.entries, 3),
        loadAverage1mBefore: round(loadBefore),
      };
    };
    const runBaseline = async (mode: Mode) => {
      const loadBefore = os.loadavg()[0]!;
      const result = await runPgbench({
        url,
        script: pgbenchScript(statement, mode, pipelined),
        clients: params.concurrency,
        seconds: params.pgbenchSeconds,
        defines: { shop: shop.id, members: params.members },
      });
      if (!(result.tps > 0) || result.transactions === 0)
        throw new Error(`pgbench completed no transaction (${mode}).`);
      return { ...result, loadAverage1mBefore: round(loadBefore) };
    };
    const comparisons: Record<
      Mode,
      { app: Awaited<ReturnType<typeof runApp>>; pgbench: PgbenchResult & { loadAverage1mBefore: number } }
    > = {} as never;
    for (const mode of MODES) {
      const app = await runApp(mode);
      comparisons[mode] = { app, pgbench: await runBaseline(mode) };
    }
    const pgbenchTransactions = MODES.reduce((sum, mode) => sum + comparisons[mode].pgbench.transactions, 0);

    // 5. Invariants (before the report, so a broken ledger never reads as a result).
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const problems: string[] = [];
    let pgVersion = "";
    try {
      pgVersion = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
      const members = await client.query<{
        id: string;
        balance: number;
        lifetimeEarned: number;
        sum: string | null;
        earned: string | null;
        entries: string;
        distinctAfter: string;
        maxAfter: number | null;
      }>(
        `SELECT m."id", m."balance", m."lifetimeEarned",
                SUM(e."points") AS "sum",
                -- Earns and the opening staff addition: both count as earned (decision 0015).
                SUM(e."points") FILTER (WHERE e."kind" IN ('earn', 'adjust')) AS "earned",
                COUNT(e."id") AS "entries",
                COUNT(DISTINCT e."balanceAfter") AS "distinctAfter",
                MAX(e."balanceAfter") AS "maxAfter"
           FROM "Member" m LEFT JOIN "LedgerEntry" e ON e."memberId" = m."id"
          WHERE m."shopId" = $1
          GROUP BY m."id"`,
        [shop.id],
      );
      if (members.rowCount !== params.members)
        problems.push(`expected ${params.members} members, found ${members.rowCount}`);
      for (const m of members.rows) {
        if (m.balance !== Number(m.sum ?? 0))
          problems.push(`member ${m.id}: balance ${m.balance} ≠ sum of entries ${m.sum}`);
        if (m.lifetimeEarned !== Number(m.earned ?? 0)) {
          problems.push(
            `member ${m.id}: lifetimeEarned ${m.lifetimeEarned} ≠ sum of earn and adjust entries ${m.earned}`,
          );
        }
        // Only additions were posted, so each entry saw a higher balance than the one before.
        if (m.maxAfter !== m.balance || m.distinctAfter !== m.entries) {
          problems.push(
            `member ${m.id}: balanceAfter not strictly increasing up to the balance (max ${m.maxAfter}, ${m.distinctAfter} distinct of ${m.entries})`,
          );
        }
      }
      const counts = (
        await client.query<{ app: string; pgbench: string; fixture: string; total: string }>(
          `SELECT COUNT(*) FILTER (WHERE "idempotencyKey" LIKE $2) AS "app",
                  COUNT(*) FILTER (WHERE "idempotencyKey" LIKE $3) AS "pgbench",
                  COUNT(*) FILTER (WHERE "idempotencyKey" LIKE 'fixture:%') AS "fixture",
                  COUNT(*) AS "total"
             FROM "LedgerEntry" WHERE "shopId" = $1`,
          [shop.id, `${APP_KEY_PREFIX}%`, `${PGBENCH_KEY_PREFIX}%`],
        )
      ).rows[0]!;
      const expected = {
        app: MODES.length * (params.warmupEntries + params.entries),
        pgbench: pgbenchTransactions,
        fixture: params.openingBalance > 0 ? params.members : 0,
      };
      const expectedTotal = expected.app + expected.pgbench + expected.fixture;
      if (Number(counts.app) !== expected.app)
        problems.push(`app entries: ${counts.app} in the ledger, ${expected.app} posted`);
      if (Number(counts.pgbench) !== expected.pgbench) {
        problems.push(`pgbench entries: ${counts.pgbench} in the ledger, pgbench reports ${expected.pgbench}`);
      }
      if (Number(counts.fixture) !== expected.fixture)
        problems.push(`opening entries: ${counts.fixture}, expected ${expected.fixture}`);
      if (Number(counts.total) !== expectedTotal)
        problems.push(`all entries: ${counts.total}, expected ${expectedTotal}`);
    } finally {
      await client.end();
    }
    if (problems.length > 0) {
      throw new Error(`Ledger invariants broken after the run:\n  ${problems.join("\n  ")}`);
    }

    // 4. Report.
    const cpus = os.cpus();
    const pair = (mode: Mode) => {
      const { app, pgbench } = comparisons[mode];
      const ratio = app.entriesPerSecond / pgbench.tps;
      return {
        app,
        pgbench: {
          tps: round(pgbench.tps, 1),
          transactions: pgbench.transactions,
          latencyAvgMs: pgbench.latencyAvgMs,
          tpsMeasure: "excluding initial connection time",
          command: pgbench.command,
          loadAverage1mBefore: pgbench.loadAverage1mBefore,
        },
        ratio: round(ratio, 3),
      };
    };
    const standalone = pair("standalone");
    const transaction = pair("transaction");
    const directTransaction = pair("directTransaction");
    const report = {
      date: startedAt.toISOString(),
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? null,
        totalMemoryGiB: round(os.totalmem() / 2 ** 30, 1),
        platform: `${os.platform()} ${os.release()}`,
        node: process.version,
        postgres: pgVersion,
        pgbench: comparisons.standalone.pgbench.version,
        loadAverage1mAfter: round(os.loadavg()[0]!),
      },
      parameters: params,
      pipeline: pipelined,
      pgbenchStatement: statement,
      // The issue's target: the ledger's posting path against pgbench sending the same SQL.
      standalone,
      // For information: a post inside a Prisma interactive transaction (orders, redemptions,
      // rule awards), against pgbench sending BEGIN, the same statement, COMMIT.
      transaction,
      // For information: the same post in a transaction on `pg` without Prisma
      // (inPostgresTransaction: redemptions, order webhooks), against the same pgbench script,
      // BEGIN pipelined with the statement when the app's client pipelines.
      directTransaction,
      target: {
        description: `standalone app posts ≥ ${TARGET_RATIO} × pgbench`,
        ratio: TARGET_RATIO,
        met: standalone.ratio >= TARGET_RATIO,
      },
      invariants:
        "held: every member's balance and lifetimeEarned equal the sums of its entries; entry counts match what was posted",
    };
    await mkdir(path.dirname(outputFile), { recursive: true });
    await writeFile(outputFile, JSON.stringify(report, null, 2) + "\n");

    const line = (label: string, r: typeof standalone) =>
      `  ${label}
    app:     ${r.app.entriesPerSecond} entries/s over ${params.entries} posts; latency p50 ${r.app.latencyMs.p50} ms, p99 ${r.app.latencyMs.p99} ms; Node CPU ${r.app.processCpuPercent} % (${r.app.cpuMsPerEntry} ms per entry); load ${r.app.loadAverage1mBefore}
    pgbench: ${r.pgbench.tps} tps over ${params.pgbenchSeconds} s (${r.pgbench.transactions} transactions; avg latency ${r.pgbench.latencyAvgMs} ms); load ${r.pgbench.loadAverage1mBefore}
    ratio app/pgbench: ${r.ratio}`;
    console.log(`Ledger posting on PostgreSQL ${pgVersion}, ${cpus.length} CPUs, Node ${process.version}
  ${params.members} members, ${params.concurrency} concurrent workers/clients
${line("standalone posts (postStandaloneEntry) vs the statement alone:", standalone)}
${line("posts in a ledger transaction (Prisma) vs BEGIN; statement; COMMIT:", transaction)}
${line(`posts in a transaction on pg (inPostgresTransaction) vs BEGIN; statement; COMMIT${pipelined ? " (pipelined)" : ""}:`, directTransaction)}
  target ${report.target.description}: ${report.target.met ? "met" : "NOT met"}
  invariants: held
Written to ${path.relative(root, outputFile)}`);
    return 0;
  } catch (error) {
    console.error("bench:ledger failed:", error instanceof Error ? (error.stack ?? error.message) : error);
    return 1;
  } finally {
    await cleanUp([
      { what: "Closing the database client", run: disconnect },
      { what: "Dropping the benchmark database", run: async () => database?.drop() },
    ]);
  }
}

process.exitCode = await main();
