/**
 * `npm run bench:ledger`: how fast the app posts to the points ledger on PostgreSQL, next to
 * what PostgreSQL itself does with the same transaction when driven by pgbench.
 *
 * 1. A fresh, migrated PostgreSQL database with one shop and BENCH_MEMBERS members.
 * 2. App run: BENCH_CONCURRENCY async workers post earn entries through the app's own code
 *    (`inLedgerTransaction(db, tx => postEntry(tx, …))`), a warm-up first, then
 *    BENCH_ENTRIES timed posts: entries/second (wall clock) and p50/p99 latency per post.
 * 3. Baseline: pgbench with the same number of clients runs the SQL equivalent of postEntry
 *    (look up the key, conditional UPDATE of the balances, read the balance, INSERT the
 *    entry, in one transaction) for BENCH_PGBENCH_SECONDS against the same database.
 * 4. Checks the ledger's invariants afterwards, writes bench/results/ledger.json, prints a
 *    summary and drops the database (also on failure).
 *
 * A missed target is reported, not failed: exit 0. Exit 1 on any error (pgbench missing, a
 * failed post or SQL statement, zero throughput, a broken invariant).
 *
 * Load stays on this machine: the database server is TEST_POSTGRES_URL (default
 * postgresql://postgres@127.0.0.1:5432), and the parameters are capped below.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outputFile = path.join(root, "bench/results/ledger.json");

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}.`);
  }
  return value;
}

const params = {
  concurrency: intFromEnv("BENCH_CONCURRENCY", 8, 1, 64),
  members: intFromEnv("BENCH_MEMBERS", 50, 1, 10_000),
  warmupEntries: intFromEnv("BENCH_WARMUP", 200, 0, 10_000),
  entries: intFromEnv("BENCH_ENTRIES", 4_000, 1, 100_000),
  pgbenchSeconds: intFromEnv("BENCH_PGBENCH_SECONDS", 15, 1, 120),
  openingBalance: 100,
};
const pgbenchBin = process.env.PGBENCH ?? "pgbench";
const TARGET_RATIO = 0.5;
const APP_KEY_PREFIX = "bench:";
const PGBENCH_KEY_PREFIX = "pgbench-";

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * postEntry in SQL, for pgbench (simple protocol: `:var` is replaced textually, also inside
 * quotes). Members are picked by their (shopId, customerId) unique index, because pgbench
 * cannot index a list of generated ids; the member's id comes back from the balance read
 * (\gset) for the INSERT, as the app takes it from its input. Same statements, same indexes
 * touched, same row written; the app's ids are cuids made in the client, these are text too.
 */
function pgbenchScript(): string {
  const key = `'${PGBENCH_KEY_PREFIX}:client_id-:r'`;
  return `\\set m random(1, :members)
\\set r random(1, 9000000000000000000)
\\set pts random(1, 100)
BEGIN;
SELECT * FROM "LedgerEntry" WHERE "shopId" = ':shop' AND "idempotencyKey" = ${key} LIMIT 1;
UPDATE "Member" SET "balance" = "balance" + :pts, "lifetimeEarned" = "lifetimeEarned" + :pts, "lifetimeRedeemed" = "lifetimeRedeemed" + 0, "updatedAt" = CURRENT_TIMESTAMP WHERE "shopId" = ':shop' AND "customerId" = 'bench-:m';
SELECT "id" AS member_id, "balance" AS member_balance FROM "Member" WHERE "shopId" = ':shop' AND "customerId" = 'bench-:m' LIMIT 1 \\gset
INSERT INTO "LedgerEntry" ("id", "shopId", "memberId", "points", "kind", "causeType", "causeId", "reason", "idempotencyKey", "fingerprint", "balanceAfter", "createdAt") VALUES (${key}, ':shop', ':member_id', :pts, 'earn', 'order', 'pgbench-:r', NULL, ${key}, '[":member_id",:pts,"earn","order","pgbench-:r",null]', :member_balance, CURRENT_TIMESTAMP) RETURNING *;
COMMIT;
`;
}

interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  latencyAvgMs: number | null;
  version: string;
  command: string;
}

async function runPgbench(url: string, shopId: string): Promise<PgbenchResult> {
  let version: string;
  try {
    version = (await run(pgbenchBin, ["--version"])).stdout.trim();
  } catch (error) {
    throw new Error(`pgbench not found or not runnable (${pgbenchBin}); set PGBENCH to its path. ${String(error)}`);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-ledger-"));
  try {
    const scriptFile = path.join(dir, "post-entry.sql");
    await writeFile(scriptFile, pgbenchScript());
    const args = [
      "-n",
      "-M",
      "simple",
      "-c",
      String(params.concurrency),
      "-j",
      String(Math.min(2, params.concurrency)),
      "-T",
      String(params.pgbenchSeconds),
      "-f",
      scriptFile,
      "-D",
      `shop=${shopId}`,
      "-D",
      `members=${params.members}`,
      url,
    ];
    const command = `pgbench ${args.slice(0, -1).join(" ")} <db>`;
    let stdout: string;
    try {
      ({ stdout } = await run(pgbenchBin, args, { timeout: (params.pgbenchSeconds + 60) * 1000, maxBuffer: 16 << 20 }));
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`pgbench failed: ${String(error)}\n${e.stderr ?? ""}${e.stdout ?? ""}`);
    }
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    const processed = /number of transactions actually processed: (\d+)/.exec(stdout);
    const failed = /number of failed transactions: (\d+)/.exec(stdout);
    const latency = /latency average = ([\d.]+) ms/.exec(stdout);
    if (!tps || !processed) throw new Error(`Could not read pgbench's output:\n${stdout}`);
    return {
      tps: Number(tps[1]),
      transactions: Number(processed[1]),
      failed: failed ? Number(failed[1]) : 0,
      latencyAvgMs: latency ? Number(latency[1]) : null,
      version,
      command,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
    const { createDb, db: moduleDb } = await import("../app/db.server");
    const { inLedgerTransaction, postEntry } = await import("../app/ledger/ledger.server");
    const { installShop, customerFixture, memberWithBalance } = await import("../tests/support/factories");
    const { default: pg } = await import("pg");

    const db = createDb(url);
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

    // 2. App run.
    let sequence = 0;
    const post = async () => {
      const n = sequence++;
      const memberId = memberIds[Math.floor(Math.random() * memberIds.length)]!;
      const orderId = `${n}-${randomUUID()}`;
      const began = performance.now();
      const result = await inLedgerTransaction(db, (tx) =>
        postEntry(tx, {
          shopId: shop.id,
          memberId,
          points: 1 + Math.floor(Math.random() * 100),
          kind: "earn",
          causeType: "order",
          causeId: orderId,
          reason: null,
          idempotencyKey: `${APP_KEY_PREFIX}order:${orderId}:earn`,
        }),
      );
      if (result.status !== "posted") throw new Error(`Post ${n} came back as ${result.status}.`);
      return performance.now() - began;
    };
    const runWorkers = async (count: number, latencies?: number[]) => {
      let left = count;
      const worker = async () => {
        while (left > 0) {
          left--;
          const ms = await post();
          latencies?.push(ms);
        }
      };
      await Promise.all(Array.from({ length: params.concurrency }, worker));
    };

    await runWorkers(params.warmupEntries);
    const loadBeforeApp = os.loadavg()[0]!;
    const latencies: number[] = [];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await runWorkers(params.entries, latencies);
    const wallSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    latencies.sort((a, b) => a - b);
    const appEntriesPerSecond = params.entries / wallSeconds;
    const app = {
      entries: params.entries,
      wallSeconds: round(wallSeconds, 3),
      entriesPerSecond: round(appEntriesPerSecond, 1),
      latencyMs: {
        p50: round(percentile(latencies, 50)),
        p99: round(percentile(latencies, 99)),
        max: round(latencies[latencies.length - 1] ?? NaN),
      },
      // Node is single-threaded: near 100 % means the app process, not the database, is the limit.
      processCpuPercent: round((100 * cpuSeconds) / wallSeconds, 1),
      cpuMsPerEntry: round((1000 * cpuSeconds) / params.entries, 3),
    };
    if (!(appEntriesPerSecond > 0)) throw new Error("The app posted nothing.");

    // 3. Baseline.
    const loadBeforePgbench = os.loadavg()[0]!;
    const pgbench = await runPgbench(url, shop.id);
    const loadAfterPgbench = os.loadavg()[0]!;
    if (!(pgbench.tps > 0) || pgbench.transactions === 0) throw new Error("pgbench completed no transaction.");
    if (pgbench.failed > 0) throw new Error(`pgbench reported ${pgbench.failed} failed transactions.`);

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
                SUM(e."points") FILTER (WHERE e."kind" = 'earn') AS "earned",
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
          problems.push(`member ${m.id}: lifetimeEarned ${m.lifetimeEarned} ≠ sum of earn entries ${m.earned}`);
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
        app: params.warmupEntries + params.entries,
        pgbench: pgbench.transactions,
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
    const ratio = appEntriesPerSecond / pgbench.tps;
    const cpus = os.cpus();
    const report = {
      date: startedAt.toISOString(),
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? null,
        totalMemoryGiB: round(os.totalmem() / 2 ** 30, 1),
        platform: `${os.platform()} ${os.release()}`,
        node: process.version,
        postgres: pgVersion,
        pgbench: pgbench.version,
        // 1-minute load averages: other work on the machine skews the two runs differently.
        loadAverage1m: {
          beforeApp: round(loadBeforeApp),
          beforePgbench: round(loadBeforePgbench),
          afterPgbench: round(loadAfterPgbench),
        },
      },
      parameters: { ...params, pgbenchCommand: pgbench.command },
      app,
      pgbench: {
        tps: round(pgbench.tps, 1),
        transactions: pgbench.transactions,
        latencyAvgMs: pgbench.latencyAvgMs,
        tpsMeasure: "excluding initial connection time",
      },
      ratio: round(ratio, 3),
      target: { description: `app ≥ ${TARGET_RATIO} × pgbench`, ratio: TARGET_RATIO, met: ratio >= TARGET_RATIO },
      invariants:
        "held: every member's balance and lifetimeEarned equal the sums of its entries; entry counts match what was posted",
    };
    await mkdir(path.dirname(outputFile), { recursive: true });
    await writeFile(outputFile, JSON.stringify(report, null, 2) + "\n");

    console.log(`Ledger posting on PostgreSQL ${pgVersion}, ${cpus.length} CPUs, Node ${process.version}
  ${params.members} members, ${params.concurrency} concurrent workers/clients
  app (postEntry via Prisma): ${app.entriesPerSecond} entries/s over ${params.entries} posts (${app.wallSeconds} s); latency p50 ${app.latencyMs.p50} ms, p99 ${app.latencyMs.p99} ms
                              Node process CPU ${app.processCpuPercent} % (${app.cpuMsPerEntry} ms CPU per entry)
  pgbench (same SQL):         ${report.pgbench.tps} tps over ${params.pgbenchSeconds} s (${pgbench.transactions} transactions; avg latency ${pgbench.latencyAvgMs} ms)
  ratio app/pgbench:          ${report.ratio}  target ${report.target.description}: ${report.target.met ? "met" : "NOT met"}
  invariants:                 held
  load average (1 min):       ${round(loadBeforeApp)} before the app run, ${round(loadBeforePgbench)} before pgbench, ${round(loadAfterPgbench)} after (${cpus.length} CPUs)
Written to ${path.relative(root, outputFile)}`);
    return 0;
  } catch (error) {
    console.error("bench:ledger failed:", error instanceof Error ? (error.stack ?? error.message) : error);
    return 1;
  } finally {
    try {
      await disconnect?.();
    } catch (error) {
      console.error("Closing the database client failed:", error);
    }
    try {
      await database?.drop();
    } catch (error) {
      console.error("Dropping the benchmark database failed:", error);
    }
  }
}

process.exitCode = await main();
