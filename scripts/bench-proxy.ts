/**
 * `npm run bench:proxy` (issue 14): the storefront's read, GET /apps/loyalty/customer through
 * Shopify's app proxy (the app sees /proxy/customer with the signed query), against the
 * production server on PostgreSQL and on SQLite, next to a bare node:http server answering a
 * body of the same size in the same run. bench/README.md says how to read
 * bench/results/proxy.json.
 *
 * Per engine:
 * 1. A fresh, migrated database; a realistic shop seeded through the app's own code: every kind
 *    of earning rule (demo/seed.ts's DEMO_RULES) and a spend rule, the demo's Rewards Bazaar,
 *    its four tiers, BENCH_MEMBERS members with BENCH_ENTRIES ledger entries each (rule awards,
 *    order earnings, staff adjustments up and down) posted by the ledger's own postStandaloneEntry.
 * 2. The server (`node --import tsx server.ts`, what `npm start` runs, NODE_ENV=production,
 *    LOYALTY_WORKERS=off) and the bare server, each in its own child process.
 * 3. For each of 10, 50 and 200 connections (BENCH_CONNECTIONS): a warm-up, then autocannon
 *    against the bare server and the app, alternately, for BENCH_SECONDS each, over signed
 *    requests for the members and guests (BENCH_GUEST_SHARE), freshly signed before each run.
 *    p50/p99, req/s, the server's CPU per read from /proc/<pid>/stat (and, on PostgreSQL, the
 *    CPU of the database's backends per read).
 * 4. Checks: every answer 200; then every member read once more, its answered balance equal to
 *    the sum of its ledger entries (and to the member row's cached balance); guests answered as
 *    guests.
 *
 * BENCH_QUICK=1 makes runs short (a shared machine); BENCH_ENGINES=pg or sqlite runs one;
 * BENCH_PROFILE=1 adds a CPU profile (node --cpu-prof) of the server under 50 connections,
 * summarised by package and by function into bench/results/proxy-profile.json.
 * Exit 0 when the benchmark ran (a benchmark reports); 1 on any error or failed check.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { signedAppProxyQuery } from "../demo/shopify-signing";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database";
import { appBuildIsStale } from "./support/app-build";
import { cleanUp, intFromEnv, round } from "./support/bench-support";
import {
  children,
  cpuSecondsOf,
  postgresCpuSeconds,
  startChild,
  stopChild,
  type Child,
} from "./support/bench-processes";
import { summariseCpuProfile } from "./support/cpu-profile";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outputFile = path.join(root, "bench/results/proxy.json");
const profileFile = path.join(root, "bench/results/proxy-profile.json");
const quick = process.env.BENCH_QUICK === "1";

const params = {
  quick,
  engines: (process.env.BENCH_ENGINES ?? "pg,sqlite").split(",").map((e) => e.trim()) as ("pg" | "sqlite")[],
  connections: (process.env.BENCH_CONNECTIONS ?? "10,50,200").split(",").map(Number),
  seconds: intFromEnv("BENCH_SECONDS", quick ? 3 : 10, 1, 120),
  warmupSeconds: intFromEnv("BENCH_WARMUP_SECONDS", quick ? 1 : 3, 0, 60),
  members: intFromEnv("BENCH_MEMBERS", quick ? 20 : 100, 1, 10_000),
  entriesPerMember: intFromEnv("BENCH_ENTRIES", quick ? 150 : 300, 1, 5_000),
  /** Percent of the requests made by guests (no logged_in_customer_id). */
  guestShare: intFromEnv("BENCH_GUEST_SHARE", 20, 0, 100),
  profile: process.env.BENCH_PROFILE === "1",
};
for (const e of params.engines) if (e !== "pg" && e !== "sqlite") throw new Error(`BENCH_ENGINES: unknown ${e}`);
for (const c of params.connections) {
  if (!Number.isInteger(c) || c < 1 || c > 1000) throw new Error(`BENCH_CONNECTIONS: ${c} is not 1–1000`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (() => {
  const started = Date.now();
  return (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${line}`);
})();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The baseline: parse the URL, answer the same bytes the app answered, nothing else. */
const BARE_SERVER = `
const http = require("node:http");
const body = Buffer.from(process.env.BARE_BODY, "utf8");
http.createServer((req, res) => {
  new URL(req.url, "http://localhost");
  res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store", "Content-Length": body.length });
  res.end(body);
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("bare server ready"));
`;
const APP_READY = /listening on port/;

interface SeededShop {
  domain: string;
  shopId: string;
  /** Shopify customer ids of the members. */
  customers: string[];
  entries: number;
}

/** The shop: rules of every kind, the demo's Bazaar and tiers, members with a long history. */
async function seedShop(url: string): Promise<SeededShop> {
  const { createDb } = await import("../app/db.server");
  const { installShop, customerFixture, memberWithBalance, rewardFixture } = await import("../tests/support/factories");
  const { createRule } = await import("../app/rules/rules.server");
  const { applyTierProgramEdit } = await import("../app/tiers/program-edit.server");
  const { postStandaloneEntry } = await import("../app/ledger/ledger.server");
  const { DEMO_RULES, DEMO_TIERS, demoRewards } = await import("../demo/seed");
  const db = createDb(url);
  try {
    const shop = await installShop(db, `bench-proxy-${Date.now().toString(36)}.myshopify.com`);
    const rules: { id: string }[] = [];
    for (const rule of DEMO_RULES) rules.push(await createRule(db, shop.id, rule));
    rules.push(
      await createRule(db, shop.id, { kind: "spend", name: "Purchases", pointsPerUnit: 1, minimumOrderMinor: 2000 }),
    );
    const customers = Array.from({ length: params.members }, (_, i) => String(8_000_000 + i));
    let entries = 0;
    const seedMember = async (customerId: string, index: number) => {
      const member = await memberWithBalance(db, shop.id, customerFixture({ id: customerId }), 0);
      for (let n = 0; n < params.entriesPerMember; n++) {
        // A mix like a year of a regular's activity: visits and other rule awards, orders,
        // now and then a staff correction down (never below zero: earlier entries cover it).
        const rule = rules[(index + n) % rules.length]!;
        const kind = n % 10;
        const entry =
          kind < 6
            ? { points: 5 + (n % 4) * 5, kind: "earn", causeType: "rule", causeId: rule.id }
            : kind < 9
              ? {
                  points: 20 + ((n * 37) % 180),
                  kind: "earn",
                  causeType: "order",
                  causeId: String(9e9 + index * 1e4 + n),
                }
              : { points: -10, kind: "adjust", causeType: "staff", causeId: "bench" };
        await postStandaloneEntry(db, {
          shopId: shop.id,
          memberId: member.id,
          ...(entry as { points: number; kind: "earn"; causeType: "rule"; causeId: string }),
          reason: entry.causeType === "staff" ? "Correction" : null,
          idempotencyKey: `bench:${member.id}:${n}`,
        });
        entries++;
      }
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < customers.length) {
          const index = next++;
          await seedMember(customers[index]!, index);
        }
      }),
    );
    // The tiers as a merchant adds them to a live shop: saving settles every member.
    await applyTierProgramEdit(db, shop.id, DEMO_TIERS);
    const gold = await db.tier.findFirst({ where: { shopId: shop.id, name: "Gold" }, select: { id: true } });
    for (const [position, { kind, ...columns }] of demoRewards(
      "https://loyalty.example.test",
      gold?.id ?? null,
    ).entries()) {
      await db.reward.create({
        data: { shopId: shop.id, ...rewardFixture(kind, { ...columns, position: position + 1 }) },
      });
    }
    return { domain: shop.domain, shopId: shop.id, customers, entries };
  } finally {
    await db.$disconnect();
  }
}

/** Signed proxy paths for the run: every member once and guests in BENCH_GUEST_SHARE, shuffled. */
function signedPaths(shop: SeededShop, secret: string): string[] {
  const guests = Math.round((shop.customers.length * params.guestShare) / Math.max(1, 100 - params.guestShare));
  const who: (string | null)[] = [...shop.customers, ...Array.from({ length: guests }, () => null)];
  for (let i = who.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [who[i], who[j]] = [who[j]!, who[i]!];
  }
  return who.map((customerId) => `/proxy/customer?${signedAppProxyQuery({ shop: shop.domain, secret, customerId })}`);
}

interface RunFigures {
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  serverCpuPercent: number | null;
  cpuMsPerRead: number | null;
  postgresCpuMsPerRead?: number | null;
  postgresTransactionsPerRead?: number | null;
}

/** Waits until the process's CPU stops moving (the requests of the warm-up still in hand are done). */
async function quiet(server: Child) {
  let last = cpuSecondsOf(server.child.pid);
  for (let i = 0; i < 50; i++) {
    await sleep(200);
    const now = cpuSecondsOf(server.child.pid);
    if (last === null || now === null || now - last <= 0.02) return;
    last = now;
  }
}

/** Committed transactions of the benchmark's database so far (PostgreSQL's statistics; 0 on SQLite). */
async function postgresCommits(pool: pg.Pool | null): Promise<number> {
  if (!pool) return 0;
  // Statistics are flushed by each backend at most once a second (stats_fetch_consistency aside).
  await sleep(1100);
  const { rows } = await pool.query<{ n: string }>(
    "SELECT pg_stat_clear_snapshot(), xact_commit AS n FROM pg_stat_database WHERE datname = current_database()",
  );
  return Number(rows[0]!.n);
}

/** A run for `seconds`, or until `amount` answers (every request sent is then answered and counted). */
async function load(url: string, paths: string[], connections: number, seconds: number, amount?: number) {
  let i = 0;
  return autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration: seconds }),
    requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
}

async function measured(
  url: string,
  paths: string[],
  connections: number,
  server: Child,
  pool: pg.Pool | null,
): Promise<RunFigures> {
  // The warm-up also estimates the rate: the timed run then sends a fixed number of requests
  // (BENCH_SECONDS' worth) and waits for every answer, so the CPU measured is all theirs. At
  // 200 connections on a slow server, a timed run would drop hundreds of requests in flight.
  const warmup = await load(url, paths, connections, Math.max(1, params.warmupSeconds));
  const amount = Math.max(
    connections * 4,
    Math.round((warmup.requests.total / Math.max(1, params.warmupSeconds)) * params.seconds),
  );
  await quiet(server);
  const cpuBefore = cpuSecondsOf(server.child.pid);
  const pgBefore = await (pool ? postgresCpuSeconds(pool) : Promise.resolve(new Map<number, number>()));
  const commitsBefore = await postgresCommits(pool);
  const startedAt = performance.now();
  const result = await load(url, paths, connections, params.seconds, amount);
  const seconds = (performance.now() - startedAt) / 1000;
  const cpuAfter = cpuSecondsOf(server.child.pid);
  const pgAfter = await (pool ? postgresCpuSeconds(pool) : Promise.resolve(new Map<number, number>()));
  const commitsAfter = await postgresCommits(pool);
  const requests = result.requests.total;
  const cpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  let pgCpu = 0;
  for (const [pid, after] of pgAfter) pgCpu += after - (pgBefore.get(pid) ?? 0);
  return {
    requests,
    reqPerSec: round(requests / seconds, 1),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    serverCpuPercent: cpu === null ? null : round((100 * cpu) / seconds, 1),
    cpuMsPerRead: cpu === null || requests === 0 ? null : round((1000 * cpu) / requests, 3),
    ...(pool
      ? {
          postgresCpuMsPerRead: requests === 0 ? null : round((1000 * pgCpu) / requests, 3),
          // Each autocommit statement is a transaction: roughly the statements one read sends.
          postgresTransactionsPerRead: requests === 0 ? null : round((commitsAfter - commitsBefore) / requests, 1),
        }
      : {}),
  };
}

/** Every member's answered balance against its ledger; guests answered as guests. */
async function checkAnswers(url: string, dbUrl: string, shop: SeededShop, secret: string) {
  const { createDb } = await import("../app/db.server");
  const db = createDb(dbUrl);
  const failures: string[] = [];
  try {
    const sums = await db.ledgerEntry.groupBy({
      by: ["memberId"],
      where: { shopId: shop.shopId },
      _sum: { points: true },
    });
    const members = await db.member.findMany({
      where: { shopId: shop.shopId },
      select: { id: true, customerId: true, balance: true },
    });
    const sumOf = new Map(sums.map((s) => [s.memberId, s._sum.points ?? 0]));
    for (const member of members) {
      const query = signedAppProxyQuery({ shop: shop.domain, secret, customerId: member.customerId });
      const response = await fetch(`${url}/proxy/customer?${query}`);
      const view = (await response.json()) as { loggedIn: boolean; balance: number };
      const ledger = sumOf.get(member.id) ?? 0;
      if (response.status !== 200 || !view.loggedIn || view.balance !== ledger || member.balance !== ledger) {
        failures.push(
          `member ${member.customerId}: status ${response.status}, answered ${view.balance}, ledger ${ledger}, row ${member.balance}`,
        );
      }
    }
    const guest = await fetch(
      `${url}/proxy/customer?${signedAppProxyQuery({ shop: shop.domain, secret, customerId: null })}`,
    );
    const guestView = (await guest.json()) as { loggedIn: boolean; balance: number };
    if (guest.status !== 200 || guestView.loggedIn || guestView.balance !== 0)
      failures.push(`guest: ${guest.status} ${JSON.stringify(guestView).slice(0, 200)}`);
    return { membersChecked: members.length, failures };
  } finally {
    await db.$disconnect();
  }
}

async function benchEngine(engine: "pg" | "sqlite") {
  let database: TestDatabase | undefined;
  let pool: pg.Pool | null = null;
  let app: Child | undefined;
  let bare: Child | undefined;
  let profileDir: string | undefined;
  try {
    database = await createTestDatabase(engine === "pg" ? "postgres" : "sqlite", "bench_proxy");
    log(`${engine}: seeding ${params.members} members × ${params.entriesPerMember} entries`);
    const seedStarted = performance.now();
    const shop = await seedShop(database.url);
    log(`${engine}: seeded ${shop.entries} entries in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    if (engine === "pg") pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const secret = randomBytes(24).toString("hex");
    const appPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(appPort),
      HOST: "127.0.0.1",
      DATABASE_URL: database.url,
      SHOPIFY_API_KEY: "bench-api-key",
      SHOPIFY_API_SECRET: secret,
      SHOPIFY_APP_URL: `http://127.0.0.1:${appPort}`,
      LOYALTY_WORKERS: "off",
    };
    if (params.profile) profileDir = mkdtempSync(path.join(os.tmpdir(), "bench-proxy-prof-"));
    const appUrl = `http://127.0.0.1:${appPort}`;
    app = await startChild("app", ["--import", "tsx", "server.ts"], env, APP_READY);

    // The bare server answers a member's body as the app answers it (same size).
    const sample = await fetch(
      `${appUrl}/proxy/customer?${signedAppProxyQuery({ shop: shop.domain, secret, customerId: shop.customers[0]! })}`,
    );
    const sampleBody = await sample.text();
    if (sample.status !== 200)
      throw new Error(`${engine}: the app answered ${sample.status}: ${sampleBody.slice(0, 500)}`);
    const barePort = await freePort();
    bare = await startChild(
      "bare",
      ["-e", BARE_SERVER],
      { ...process.env, PORT: String(barePort), BARE_BODY: sampleBody },
      /ready/,
    );
    const bareUrl = `http://127.0.0.1:${barePort}`;

    const levels: Record<string, unknown> = {};
    for (const connections of params.connections) {
      const paths = signedPaths(shop, secret);
      const bareRun = await measured(bareUrl, paths, connections, bare, null);
      const appRun = await measured(appUrl, signedPaths(shop, secret), connections, app, pool);
      levels[`c${connections}`] = {
        p50Ms: appRun.p50Ms,
        p99Ms: appRun.p99Ms,
        reqPerSec: appRun.reqPerSec,
        cpuMsPerRead: appRun.cpuMsPerRead,
        ratioToBare: round(appRun.reqPerSec / bareRun.reqPerSec, 4),
        app: appRun,
        bare: bareRun,
        loadAverage1m: round(os.loadavg()[0]!),
      };
      log(
        `${engine} c${connections}: app ${appRun.reqPerSec} req/s p50 ${appRun.p50Ms} ms p99 ${appRun.p99Ms} ms ` +
          `${appRun.cpuMsPerRead} CPU ms/read; bare ${bareRun.reqPerSec} req/s p99 ${bareRun.p99Ms} ms`,
      );
    }
    const checks = await checkAnswers(appUrl, database.url, shop, secret);
    const statusFailures = Object.values(levels).flatMap((l) => {
      const { app: a } = l as { app: RunFigures };
      return a.non2xx + a.errors > 0 ? [`${a.non2xx} non-2xx and ${a.errors} errors under load`] : [];
    });
    checks.failures.push(...statusFailures);

    let profile: unknown;
    if (profileDir) {
      // A separate server with the profiler on (it slows the process): 50 connections.
      await stopChild(app);
      app = await startChild(
        "app-profiled",
        ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--import", "tsx", "server.ts"],
        env,
        APP_READY,
      );
      await load(appUrl, signedPaths(shop, secret), 50, Math.max(1, params.warmupSeconds));
      await quiet(app);
      await load(appUrl, signedPaths(shop, secret), 50, params.seconds);
      await stopChild(app);
      const file = readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
      if (!file) throw new Error("the profiled server wrote no .cpuprofile");
      profile = summariseCpuProfile(JSON.parse(readFileSync(path.join(profileDir, file), "utf8")), root, {
        lastSeconds: params.seconds,
      });
    }
    return {
      seeded: { members: shop.customers.length, entries: shop.entries, bodyBytes: Buffer.byteLength(sampleBody) },
      ...levels,
      checks,
      profile,
    };
  } finally {
    await cleanUp([
      { what: "stopping the app", run: () => stopChild(app) },
      { what: "stopping the bare server", run: () => stopChild(bare) },
      { what: "closing the pool", run: pool ? () => pool!.end() : undefined },
      { what: "dropping the database", run: database ? () => database!.drop() : undefined },
      {
        what: "removing the profile",
        run: profileDir ? async () => rmSync(profileDir!, { recursive: true, force: true }) : undefined,
      },
    ]);
  }
}

async function main(): Promise<number> {
  const startedAt = new Date();
  if (appBuildIsStale(root)) {
    log("Building the app (npm run build): build/ is missing or older than app/");
    await new Promise<void>((resolve, reject) => {
      const child = spawn("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
      child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
    });
  }
  const results: Record<string, unknown> = {};
  let failed = false;
  for (const engine of params.engines) {
    const result = await benchEngine(engine);
    const { profile, ...figures } = result;
    results[engine] = figures;
    if (profile) {
      await mkdir(path.dirname(profileFile), { recursive: true });
      const existing = (() => {
        try {
          return JSON.parse(readFileSync(profileFile, "utf8")) as Record<string, unknown>;
        } catch {
          return {};
        }
      })();
      await writeFile(profileFile, JSON.stringify({ ...existing, [engine]: profile }, null, 2) + "\n");
      log(`${engine}: profile summary in ${path.relative(root, profileFile)}`);
    }
    if (result.checks.failures.length > 0) {
      failed = true;
      console.error(
        `${engine}: ${result.checks.failures.length} failed checks:\n  ${result.checks.failures.slice(0, 20).join("\n  ")}`,
      );
    }
  }
  const output = {
    date: startedAt.toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      loadAverage1m: round(os.loadavg()[0]!),
    },
    params,
    ...results,
  };
  await mkdir(path.dirname(outputFile), { recursive: true });
  await writeFile(outputFile, JSON.stringify(output, null, 2) + "\n");
  log(`Wrote ${path.relative(root, outputFile)}`);
  for (const engine of params.engines) {
    for (const c of params.connections) {
      const l = (
        results[engine] as Record<
          string,
          { p50Ms: number; p99Ms: number; reqPerSec: number; ratioToBare: number; cpuMsPerRead: number }
        >
      )[`c${c}`]!;
      console.log(
        `${engine.padEnd(6)} c${String(c).padEnd(4)} ${String(l.reqPerSec).padStart(8)} req/s  p50 ${String(l.p50Ms).padStart(5)} ms  p99 ${String(l.p99Ms).padStart(5)} ms  ${l.cpuMsPerRead} CPU ms/read  ratio to bare ${l.ratioToBare}`,
      );
    }
  }
  return failed ? 1 : 0;
}

main()
  .then((code) => process.exit(code))
  .catch(async (error) => {
    console.error(error);
    for (const child of children) await stopChild(child);
    process.exit(1);
  });
