/**
 * `npm run bench:webhooks` (issue 9): signed orders/paid webhooks against the production server
 * on PostgreSQL, from the acknowledgement to the points in the ledger, with correctness checked
 * in every phase. bench/README.md says how to read bench/results/webhooks.json.
 *
 * 1. Ack: 3 repetitions, alternating, of a bare node:http server, the app with its workers
 *    (`node --import tsx server.ts`, what `npm start` runs) and the ack floor
 *    (scripts/support/ack-floor.ts: HMAC + one INSERT), each at BENCH_CONNECTIONS (200)
 *    connections for BENCH_ACK_SECONDS: throughput, ack latency p50/p99/max, CPU per process.
 *    The app's queue is drained (waiting on its health) before the next repetition.
 * 2. Processing capacity: the web alone (LOYALTY_WORKERS=off) fills the queue with
 *    BENCH_PREFILL orders, then one `npm run worker` process (scripts/worker.ts) drains it;
 *    next to pgbench running the paid-order transaction (`paidOrderTransaction()`) with as
 *    many clients as the worker processes batches at once.
 * 3. Time to credit (ledger entry createdAt − send time) at 50 % and 80 % of that capacity,
 *    sent at a fixed rate to the app with its workers; then a burst of BENCH_BURST at 200
 *    connections, and its drain time.
 * 4. Correctness scenarios, on shops with a spend rule that excludes a product tag (so every
 *    order asks Shopify, here a stand-in: scripts/support/bench-app.ts), with 20 % redeliveries
 *    (same and new event ids), poison payloads and a share of orders whose first lookup fails:
 *    one instance; web and worker killed with SIGKILL mid-run and restarted; two instances.
 * 5. Every acknowledged order of every phase credited exactly once, every acknowledged poison
 *    payload a dead letter, nothing else dead, nothing left in the queue. Writes the JSON,
 *    prints a summary, drops the database (also on failure).
 *
 * BENCH_QUICK=1 scales everything down (~2 minutes). Exit 0 whether or not the targets are
 * met (a benchmark reports); 1 on any error or any correctness failure.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { LOCAL_CONCURRENCY } from "../app/queue/pg-boss-queue.server";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database";
import { appBuildIsStale } from "./support/app-build";
import { EXCLUDED_TAG } from "./support/bench-app";
import { cleanUp, intFromEnv, round } from "./support/bench-support";
import {
  children,
  cpuSecondsOf,
  postgresCpuSeconds,
  startChild,
  stopChild,
  type Child,
} from "./support/bench-processes";
import { runPgbench } from "./support/pgbench";
import { paidOrderPgbenchScript } from "./support/pgbench-order";
import {
  closedLoop,
  DeliveryFactory,
  Ledgerbook,
  pacedLoad,
  summary,
  type Delivery,
  type LatencySummary,
  type LoadResult,
} from "./support/webhook-load";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outputFile = path.join(root, "bench/results/webhooks.json");
const quick = process.env.BENCH_QUICK === "1";

const params = {
  quick,
  connections: intFromEnv("BENCH_CONNECTIONS", 200, 1, 1000),
  repetitions: intFromEnv("BENCH_REPETITIONS", 3, 1, 10),
  ackSeconds: intFromEnv("BENCH_ACK_SECONDS", quick ? 3 : 10, 1, 120),
  warmupSeconds: intFromEnv("BENCH_WARMUP_SECONDS", quick ? 2 : 5, 0, 60),
  prefill: intFromEnv("BENCH_PREFILL", quick ? 3_000 : 20_000, 100, 200_000),
  creditSeconds: intFromEnv("BENCH_CREDIT_SECONDS", quick ? 6 : 20, 1, 300),
  burst: intFromEnv("BENCH_BURST", quick ? 2_000 : 10_000, 100, 100_000),
  correctnessSeconds: intFromEnv("BENCH_CORRECTNESS_SECONDS", quick ? 6 : 15, 2, 300),
  pgbenchSeconds: intFromEnv("BENCH_PGBENCH_SECONDS", quick ? 5 : 15, 1, 120),
  // As many clients as the worker has batches in hand at once (app/queue/pg-boss-queue.server.ts).
  pgbenchClients: intFromEnv("BENCH_PGBENCH_CLIENTS", LOCAL_CONCURRENCY, 1, 64),
  customerPool: 1_000,
  /** Of the correctness mix: poison payloads, and new orders whose first Shopify lookup fails. */
  poisonShare: 0.03,
  lookupFailureShare: 0.1,
  /** The queue's knobs for the bench (app/queue/pg-boss-queue.server.ts): retries and leases in seconds. */
  retryDelaySeconds: intFromEnv("WEBHOOK_RETRY_DELAY_SECONDS", 1, 1, 3600),
  leaseSeconds: intFromEnv("WEBHOOK_LEASE_SECONDS", 5, 1, 3600),
};
const TARGETS = { ackP99Ms: 100, ackRatioToBare: 0.3, creditP99Ms: 1_000, processingRatioToPgbench: 0.5 };
const QUEUE = "webhook-deliveries";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const loadAverage = () => round(os.loadavg()[0]!);

async function ensureBuild(): Promise<"built" | "up to date"> {
  if (!appBuildIsStale(root)) return "up to date";
  console.log("› Building the app (remix vite:build): build/ is missing or older than app/");
  await run(path.join(root, "node_modules/.bin/remix"), ["vite:build"], { cwd: root, maxBuffer: 64 << 20 });
  return "built";
}

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

async function killChild(started: Child): Promise<void> {
  const exited = new Promise((resolve) => started.child.once("exit", resolve));
  process.kill(started.child.pid!, "SIGKILL");
  await exited;
}

/** CPU used by each process (and PostgreSQL's backends) from now until the returned function is called, as % of one CPU. */
async function cpuMeter(pool: pg.Pool, processes: () => Child[]) {
  const startedAt = performance.now();
  // By pid: a process restarted meanwhile (the SIGKILL scenario) is counted from its start.
  const before = new Map(processes().map((p) => [p.child.pid, cpuSecondsOf(p.child.pid)]));
  const postgresBefore = await postgresCpuSeconds(pool);
  const benchBefore = process.cpuUsage();
  return async (work?: number) => {
    const seconds = (performance.now() - startedAt) / 1000;
    const percent: Record<string, number | null> = {};
    for (const p of processes()) {
      const b = before.has(p.child.pid) ? before.get(p.child.pid) : 0;
      const a = cpuSecondsOf(p.child.pid);
      percent[p.name] = b == null || a == null ? null : round((100 * (a - b)) / seconds, 1);
    }
    let postgres = 0;
    for (const [pid, cpu] of await postgresCpuSeconds(pool)) postgres += cpu - (postgresBefore.get(pid) ?? 0);
    percent.postgres = round((100 * postgres) / seconds, 1);
    const bench = process.cpuUsage(benchBefore);
    percent.loadGenerator = round((100 * (bench.user + bench.system)) / 1e6 / seconds, 1);
    return {
      cpuPercentOfOneCore: percent,
      ...(work ? { cpuMsPerDelivery: cpuMsPer(percent, seconds, work) } : {}),
    };
  };
}

function cpuMsPer(percent: Record<string, number | null>, seconds: number, work: number) {
  const out: Record<string, number | null> = {};
  for (const [name, p] of Object.entries(percent)) out[name] = p == null ? null : round((p * 10 * seconds) / work, 2);
  return out;
}

interface QueueCounts {
  waiting: number;
  active: number;
  retrying: number;
  failed: number;
}

/** The delivery queue's state, from pg-boss's job table (as the queue's own health() counts it). */
async function queueCounts(pool: pg.Pool): Promise<QueueCounts> {
  const { rows } = await pool.query<QueueCounts>(
    `SELECT count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now())::int AS waiting,
            count(*) FILTER (WHERE state = 'active')::int AS active,
            count(*) FILTER (WHERE state = 'retry' AND start_after > now())::int AS retrying,
            count(*) FILTER (WHERE state = 'failed')::int AS failed
       FROM pgboss.job WHERE name = $1`,
    [QUEUE],
  );
  return rows[0]!;
}

/** Waits until nothing is waiting, active or retrying, polling the queue's health; throws after `limitMs`. */
async function waitForIdle(pool: pg.Pool, limitMs: number): Promise<number> {
  const began = performance.now();
  for (;;) {
    const counts = await queueCounts(pool);
    if (counts.waiting + counts.active + counts.retrying === 0) return (performance.now() - began) / 1000;
    if (performance.now() - began > limitMs) {
      throw new Error(`The queue did not drain within ${limitMs / 1000} s: ${JSON.stringify(counts)}`);
    }
    await sleep(100);
  }
}

/** When each acknowledged order of `book` was credited, after it was first sent. */
async function creditTimes(pool: pg.Pool, shopId: string, book: Ledgerbook) {
  const ids = [...book.acknowledgedOrders];
  const { rows } = await pool.query<{ causeId: string; at: number }>(
    `SELECT "causeId", (extract(epoch FROM "createdAt") * 1000)::float8 AS at
       FROM "LedgerEntry" WHERE "shopId" = $1 AND "causeType" = 'order' AND "kind" = 'earn' AND "causeId" = ANY($2)`,
    [shopId, ids],
  );
  const delays: number[] = [];
  let first = Infinity;
  let last = -Infinity;
  for (const row of rows) {
    delays.push(row.at - book.firstSentAt.get(row.causeId)!);
    first = Math.min(first, row.at);
    last = Math.max(last, row.at);
  }
  delays.sort((a, b) => a - b);
  return { credited: rows.length, delaysMs: summary(delays), firstCreditAt: first, lastCreditAt: last };
}

interface CorrectnessResult {
  scenario: string;
  acknowledgedOrders: number;
  lost: number;
  duplicated: number;
  poisonAcknowledged: number;
  poisonWithoutDeadLetter: number;
  unexpectedDeadLetters: number;
  lookupFailingOrders: number;
  retriedDeliveries: number;
}

/** Every acknowledged order of `book` credited exactly once; poison dead; nothing else dead. */
async function checkShop(
  pool: pg.Pool,
  scenario: string,
  shop: { id: string; domain: string },
  books: Ledgerbook[],
): Promise<CorrectnessResult> {
  const acknowledged = new Set(books.flatMap((b) => [...b.acknowledgedOrders]));
  const { rows: entries } = await pool.query<{ causeId: string; n: number }>(
    `SELECT "causeId", count(*)::int AS n FROM "LedgerEntry"
      WHERE "shopId" = $1 AND "causeType" = 'order' AND "kind" = 'earn' GROUP BY "causeId"`,
    [shop.id],
  );
  const credited = new Map(entries.map((row) => [row.causeId, row.n]));
  const lost = [...acknowledged].filter((id) => !credited.has(id)).length;
  const duplicated = entries.filter((row) => row.n > 1).length;
  const { rows: dead } = await pool.query<{ deliveryId: string }>(
    `SELECT "deliveryId" FROM "WebhookDeadLetter" WHERE "shopDomain" = $1`,
    [shop.domain],
  );
  const deadIds = new Set(dead.map((row) => row.deliveryId));
  const poisonAcked = books.flatMap((b) => [...(b.acknowledgedPoison.get(shop.domain) ?? [])]);
  const poisonSent = new Set(books.flatMap((b) => [...(b.sentPoison.get(shop.domain) ?? [])]));
  const { rows: retried } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND retry_count > 0 AND data->>'shopDomain' = $2`,
    [QUEUE, shop.domain],
  );
  return {
    scenario,
    acknowledgedOrders: acknowledged.size,
    lost,
    duplicated,
    poisonAcknowledged: poisonAcked.length,
    poisonWithoutDeadLetter: poisonAcked.filter((id) => !deadIds.has(id)).length,
    // A poison payload sent but not acknowledged (its server was killed) may still be dead: fine.
    unexpectedDeadLetters: [...deadIds].filter((id) => !poisonSent.has(id)).length,
    lookupFailingOrders: books.reduce((n, b) => n + b.lookupFailing.size, 0),
    retriedDeliveries: retried[0]!.n,
  };
}

const failed = (r: CorrectnessResult) =>
  r.lost > 0 || r.duplicated > 0 || r.poisonWithoutDeadLetter > 0 || r.unexpectedDeadLetters > 0;

/** The bare baseline: read the request, answer 200, nothing else. */
const BARE_SERVER = `
const http = require("node:http");
http.createServer((req, res) => {
  req.resume();
  req.on("end", () => { res.writeHead(200); res.end(); });
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("bare server ready"));
`;

const APP_READY = /listening on port/;
const WORKER_READY = /Loyalty workers running/;

async function main(): Promise<number> {
  const startedAt = new Date();
  let database: TestDatabase | undefined;
  let pool: pg.Pool | undefined;
  let disconnect: (() => Promise<void>) | undefined;
  const log = (line: string) => console.log(`[${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s] ${line}`);
  try {
    const build = await ensureBuild();
    database = await createTestDatabase("postgres", "bench_webhooks");
    process.env.DATABASE_URL = database.url;
    const url = database.url;
    const { db } = await import("../app/db.server");
    disconnect = () => db.$disconnect();
    pool = new pg.Pool({ connectionString: url, max: 4 });
    const { installShop } = await import("../tests/support/factories");
    const { createRule } = await import("../app/rules/rules.server");
    const flatShop = await installShop(db);
    const ruleShop = async () => {
      const shop = await installShop(db);
      await createRule(db, shop.id, {
        kind: "spend",
        name: "Purchases but gift cards",
        pointsPerUnit: 1,
        excludedProductTags: [EXCLUDED_TAG],
      });
      return shop;
    };

    const secret = randomBytes(24).toString("hex");
    const env = (port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: url,
      SHOPIFY_API_KEY: "bench-api-key",
      SHOPIFY_API_SECRET: secret,
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
      WEBHOOK_QUEUE: QUEUE,
      WEBHOOK_RETRY_DELAY_SECONDS: String(params.retryDelaySeconds),
      WEBHOOK_LEASE_SECONDS: String(params.leaseSeconds),
      ...extra,
    });
    const serverArgs = ["--import", "tsx", "server.ts"];
    const workerArgs = ["--import", "tsx", "scripts/worker.ts"];
    const benchAppArgs = (mode: "web" | "worker") => ["--import", "tsx", "scripts/support/bench-app.ts", mode];
    let orderBase = 7_000_000_000_000;
    const factory = (shopDomain: string, customerPool: number, spendRuleLines: boolean) => {
      orderBase += 100_000_000;
      return new DeliveryFactory(shopDomain, secret, { orderBase, customerPool, spendRuleLines });
    };
    const flatBooks: Ledgerbook[] = [];
    const drainLimitMs = 10 * 60_000;

    // 1. Ack: bare, app with workers, ack floor; alternating, 3 repetitions.
    log(
      `Ack: ${params.repetitions} × (bare, app, ack floor), ${params.connections} connections, ${params.ackSeconds} s each`,
    );
    const barePort = await freePort();
    const appPort = await freePort();
    const floorPort = await freePort();
    const bare = await startChild("bare", ["-e", BARE_SERVER], { ...process.env, PORT: String(barePort) }, /ready/);
    let app = await startChild("app", serverArgs, env(appPort), APP_READY);
    const floor = await startChild(
      "floor",
      ["--import", "tsx", "scripts/support/ack-floor.ts"],
      env(floorPort),
      /ack floor ready/,
    );
    const ackFactory = factory(flatShop.domain, params.customerPool, false);
    const targets = {
      bare: { url: `http://127.0.0.1:${barePort}`, processes: () => [bare] },
      app: { url: `http://127.0.0.1:${appPort}`, processes: () => [app] },
      floor: { url: `http://127.0.0.1:${floorPort}`, processes: () => [floor] },
    };
    type Target = keyof typeof targets;
    const ackRuns: Record<Target, (LoadResult & { loadAverage1m: number; cpu: unknown })[]> = {
      bare: [],
      app: [],
      floor: [],
    };
    const ackDrains: number[] = [];
    if (params.warmupSeconds > 0) {
      for (const target of Object.keys(targets) as Target[]) {
        const book = new Ledgerbook();
        if (target === "app") flatBooks.push(book);
        await closedLoop({
          url: targets[target].url,
          connections: params.connections,
          seconds: params.warmupSeconds,
          next: () => ackFactory.order(),
          book,
        });
      }
      await waitForIdle(pool, drainLimitMs);
    }
    for (let repetition = 0; repetition < params.repetitions; repetition++) {
      for (const target of Object.keys(targets) as Target[]) {
        const book = new Ledgerbook();
        if (target === "app") flatBooks.push(book);
        const loadAverage1m = loadAverage();
        const meter = await cpuMeter(pool, targets[target].processes);
        const result = await closedLoop({
          url: targets[target].url,
          connections: params.connections,
          seconds: params.ackSeconds,
          next: () => ackFactory.order(),
          book,
        });
        const cpu = await meter(result.acknowledged);
        ackRuns[target].push({ ...result, loadAverage1m, cpu });
        log(`  ${target}: ${result.perSecond}/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`);
        if (target === "app") {
          // The next run starts with an empty queue: the workers' backlog must not weigh on it.
          ackDrains.push(round(await waitForIdle(pool, drainLimitMs), 2));
        }
      }
    }
    await Promise.all([stopChild(bare), stopChild(floor), stopChild(app)]);
    const ackProblems = Object.entries(ackRuns).flatMap(([target, runs]) =>
      runs.flatMap((r, i) =>
        r.non200 + r.errors > 0 ? [`${target} run ${i + 1}: ${r.non200} non-200, ${r.errors} errors`] : [],
      ),
    );
    if (ackProblems.length > 0) throw new Error(`Ack runs failed:\n  ${ackProblems.join("\n  ")}`);

    // 2. Processing capacity: a pre-filled queue, one worker process, then pgbench.
    log(`Capacity: the web alone enqueues ${params.prefill} orders, then one worker drains them`);
    const web = await startChild("web", serverArgs, env(appPort, { LOYALTY_WORKERS: "off" }), APP_READY);
    const prefillBook = new Ledgerbook();
    flatBooks.push(prefillBook);
    // Each a new customer, as pgbench's transaction (and bench:orders) has it.
    const prefillFactory = factory(flatShop.domain, 0, false);
    const prefillMeter = await cpuMeter(pool, () => [web]);
    const prefill = await closedLoop({
      url: targets.app.url,
      connections: params.connections,
      amount: params.prefill,
      next: () => prefillFactory.order(),
      book: prefillBook,
    });
    const prefillCpu = await prefillMeter(prefill.acknowledged);
    await stopChild(web);
    if (prefill.acknowledged !== params.prefill) {
      throw new Error(
        `Pre-fill: ${prefill.acknowledged} of ${params.prefill} acknowledged (${JSON.stringify(prefill)})`,
      );
    }
    const queued = await queueCounts(pool);
    const loadBeforeCapacity = loadAverage();
    const workerStartedAt = Date.now();
    const worker = await startChild("worker", workerArgs, env(appPort), WORKER_READY);
    const workerReadyAt = Date.now();
    const capacityMeter = await cpuMeter(pool, () => [worker]);
    const drainSeconds = await waitForIdle(pool, drainLimitMs);
    const capacityCpu = await capacityMeter(params.prefill);
    await stopChild(worker);
    const prefillCredit = await creditTimes(pool, flatShop.id, prefillBook);
    // From the first credit to the last: the worker's start-up (tsx, Prisma, pg-boss) left out.
    const processingPerSecond = round(
      (prefillCredit.credited - 1) / ((prefillCredit.lastCreditAt - prefillCredit.firstCreditAt) / 1000),
      1,
    );
    log(`  ${processingPerSecond} orders/s (${prefillCredit.credited} in ${round(drainSeconds, 1)} s after start-up)`);
    const loadBeforePgbench = loadAverage();
    const pgbench = await runPgbench({
      url,
      script: await paidOrderPgbenchScript(42, 4200),
      clients: params.pgbenchClients,
      seconds: params.pgbenchSeconds,
      defines: { shop: flatShop.id },
    });
    log(`  pgbench: ${pgbench.tps} tps with ${params.pgbenchClients} clients`);

    // 3. Time to credit at 50 % and 80 % of capacity, then a burst.
    app = await startChild("app", serverArgs, env(appPort), APP_READY);
    const creditAt: Record<string, unknown> = {};
    if (params.warmupSeconds > 0) {
      // A process just started runs cold (JIT, first queries): warm it at the first rate, untimed.
      const book = new Ledgerbook();
      flatBooks.push(book);
      const warm = factory(flatShop.domain, params.customerPool, false);
      const rate = Math.max(1, Math.round(processingPerSecond * 0.5));
      await pacedLoad({
        urls: () => [targets.app.url],
        rate,
        seconds: params.warmupSeconds,
        next: () => warm.order(),
        book,
      });
      await waitForIdle(pool, drainLimitMs);
    }
    for (const share of [0.5, 0.8]) {
      const rate = Math.max(1, Math.round(processingPerSecond * share));
      log(`Time to credit at ${share * 100} % of capacity: ${rate}/s for ${params.creditSeconds} s`);
      const book = new Ledgerbook();
      flatBooks.push(book);
      const paced = factory(flatShop.domain, params.customerPool, false);
      const loadAverage1m = loadAverage();
      const meter = await cpuMeter(pool, () => [app]);
      const load = await pacedLoad({
        urls: () => [targets.app.url],
        rate,
        seconds: params.creditSeconds,
        next: () => paced.order(),
        book,
      });
      const drain = await waitForIdle(pool, drainLimitMs);
      const cpu = await meter(load.acknowledged);
      const credit = await creditTimes(pool, flatShop.id, book);
      log(`  credit p50 ${credit.delaysMs.p50} ms, p99 ${credit.delaysMs.p99} ms; ack p99 ${load.latencyMs.p99} ms`);
      creditAt[`${share * 100}%`] = {
        ratePerSecond: rate,
        ack: load,
        creditMs: credit.delaysMs,
        drainAfterLastSendSeconds: round(drain, 2),
        loadAverage1m,
        cpu,
      };
    }
    log(`Burst: ${params.burst} orders at ${params.connections} connections`);
    const burstBook = new Ledgerbook();
    flatBooks.push(burstBook);
    const burstFactory = factory(flatShop.domain, params.customerPool, false);
    const loadBeforeBurst = loadAverage();
    const burstMeter = await cpuMeter(pool, () => [app]);
    const burstStarted = Date.now();
    const burst = await closedLoop({
      url: targets.app.url,
      connections: params.connections,
      amount: params.burst,
      next: () => burstFactory.order(),
      book: burstBook,
    });
    const burstSentSeconds = (Date.now() - burstStarted) / 1000;
    const burstDrain = await waitForIdle(pool, drainLimitMs);
    const burstCpu = await burstMeter(burst.acknowledged);
    await stopChild(app);
    const burstCredit = await creditTimes(pool, flatShop.id, burstBook);
    log(
      `  acked in ${round(burstSentSeconds, 1)} s, all credited ${round((burstCredit.lastCreditAt - burstStarted) / 1000, 1)} s after the first send`,
    );

    // 4. Correctness scenarios: spend-rule shops, the stand-in for Shopify, the mix.
    const correctness: CorrectnessResult[] = [];
    const scenarioLoad: Record<string, unknown> = {};
    const correctnessRate = Math.max(10, Math.round(processingPerSecond * 0.4));
    const mixed = async (
      scenario: string,
      urls: () => string[],
      processes: () => Child[],
      during?: () => Promise<unknown>,
    ) => {
      const shop = await ruleShop();
      const book = new Ledgerbook();
      const deliveries = factory(shop.domain, params.customerPool, true);
      log(`Correctness, ${scenario}: ${correctnessRate}/s for ${params.correctnessSeconds} s`);
      const meter = await cpuMeter(pool!, processes);
      const load = await pacedLoad({
        urls,
        rate: correctnessRate,
        seconds: params.correctnessSeconds,
        next: (): Delivery => deliveries.mixed(params.poisonShare, params.lookupFailureShare),
        book,
        ...(during ? { during } : {}),
      });
      const drain = await waitForIdle(pool!, drainLimitMs);
      const cpu = await meter();
      const result = await checkShop(pool!, scenario, shop, [book]);
      correctness.push(result);
      scenarioLoad[scenario] = { ack: load, drainAfterLastSendSeconds: round(drain, 2), cpu };
      log(`  ${JSON.stringify(result)}`);
    };

    // 4a. One instance (web and workers in one process).
    app = await startChild("app", benchAppArgs("web"), env(appPort), APP_READY);
    await mixed(
      "one instance",
      () => [targets.app.url],
      () => [app],
    );
    await stopChild(app);

    // 4b. Web and worker apart, both killed with SIGKILL a third of the way in, then restarted.
    let webOnly = await startChild("web", benchAppArgs("web"), env(appPort, { LOYALTY_WORKERS: "off" }), APP_READY);
    let workerOnly = await startChild("worker", benchAppArgs("worker"), env(appPort), WORKER_READY);
    const kills: Record<string, unknown> = {};
    await mixed(
      "SIGKILL web and worker",
      () => [targets.app.url],
      () => [webOnly, workerOnly],
      async () => {
        await sleep((params.correctnessSeconds * 1000) / 3);
        // Kill while the worker holds a batch, so its claimed jobs must come back after the lease.
        let counts = await queueCounts(pool!);
        for (let i = 0; i < 50 && counts.active === 0; i++) counts = await queueCounts(pool!);
        const killedAt = Date.now();
        await Promise.all([killChild(workerOnly), killChild(webOnly)]);
        webOnly = await startChild("web", benchAppArgs("web"), env(appPort, { LOYALTY_WORKERS: "off" }), APP_READY);
        workerOnly = await startChild("worker", benchAppArgs("worker"), env(appPort), WORKER_READY);
        Object.assign(kills, {
          activeAtKill: counts.active,
          restartedAfterSeconds: round((Date.now() - killedAt) / 1000, 2),
        });
      },
    );
    Object.assign(scenarioLoad["SIGKILL web and worker"] as object, { kills });
    await Promise.all([stopChild(webOnly), stopChild(workerOnly)]);

    // 4c. Two instances (web and workers each) on one database, deliveries alternating between them.
    const secondPort = await freePort();
    const first = await startChild("app-1", benchAppArgs("web"), env(appPort), APP_READY);
    const second = await startChild("app-2", benchAppArgs("web"), env(secondPort), APP_READY);
    await mixed(
      "two instances",
      () => [targets.app.url, `http://127.0.0.1:${secondPort}`],
      () => [first, second],
    );
    await Promise.all([stopChild(first), stopChild(second)]);

    // 5. Every acknowledged order of the measuring phases too; nothing left in the queue.
    correctness.unshift(await checkShop(pool, "measuring phases (flat rate)", flatShop, flatBooks));
    const finalQueue = await queueCounts(pool);
    const lost = correctness.reduce((n, r) => n + r.lost, 0);
    const duplicated = correctness.reduce((n, r) => n + r.duplicated, 0);
    const correctnessFailed =
      correctness.some(failed) || finalQueue.waiting + finalQueue.active + finalQueue.retrying + finalQueue.failed > 0;

    const medianOf = (target: Target) => {
      const runs = ackRuns[target];
      return {
        perSecond: median(runs.map((r) => r.perSecond)),
        p50Ms: median(runs.map((r) => r.latencyMs.p50)),
        p99Ms: median(runs.map((r) => r.latencyMs.p99)),
        maxMs: Math.max(...runs.map((r) => r.latencyMs.max)),
        runs,
      };
    };
    const appAck = medianOf("app");
    const bareAck = medianOf("bare");
    const floorAck = medianOf("floor");
    const credit50 = creditAt["50%"] as { creditMs: LatencySummary };
    const ratioToPgbench = round(processingPerSecond / pgbench.tps, 3);
    const ackRatioToBare = round(appAck.perSecond / bareAck.perSecond, 3);
    const pgVersion = (await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    const cpus = os.cpus();
    const report = {
      date: startedAt.toISOString(),
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? null,
        node: process.version,
        postgres: pgVersion,
        pgbench: pgbench.version,
        loadAverage1mAtEnd: loadAverage(),
      },
      parameters: { ...params, build, queue: QUEUE },
      ack: {
        server: "the app with its workers: node --import tsx server.ts (npm start), 200 once committed to pg-boss",
        connections: params.connections,
        perSecond: appAck.perSecond,
        p50Ms: appAck.p50Ms,
        p99Ms: appAck.p99Ms,
        maxMs: appAck.maxMs,
        ratioToBare: ackRatioToBare,
        ratioToFloor: round(appAck.perSecond / floorAck.perSecond, 3),
        drainAfterEachRunSeconds: ackDrains,
        runs: appAck.runs,
      },
      bare: { server: "node:http answering 200 after reading the body", ...bareAck },
      floor: { server: "node:http, HMAC check, one INSERT on a pg pool (scripts/support/ack-floor.ts)", ...floorAck },
      processing: {
        perSecond: processingPerSecond,
        orders: params.prefill,
        workers: "one `npm run worker` process (scripts/worker.ts), flat rate, each order a new customer",
        drainSeconds: round(drainSeconds, 2),
        workerStartSeconds: round((workerReadyAt - workerStartedAt) / 1000, 2),
        queuedBeforeStart: queued,
        loadAverage1m: loadBeforeCapacity,
        cpu: capacityCpu,
        prefill: { ...prefill, cpu: prefillCpu },
        pgbench: {
          tps: pgbench.tps,
          clients: params.pgbenchClients,
          transactions: pgbench.transactions,
          command: pgbench.command,
          loadAverage1m: loadBeforePgbench,
        },
        ratioToPgbench,
      },
      credit: {
        p50Ms: credit50.creditMs.p50,
        p99Ms: credit50.creditMs.p99,
        at: creditAt,
        burst: {
          orders: params.burst,
          ack: burst,
          creditMs: burstCredit.delaysMs,
          sendSeconds: round(burstSentSeconds, 2),
          drainSeconds: round((burstCredit.lastCreditAt - burstStarted) / 1000, 2),
          drainAfterLastSendSeconds: round(burstDrain, 2),
          loadAverage1m: loadBeforeBurst,
          cpu: burstCpu,
        },
      },
      correctness: {
        lost,
        duplicated,
        passed: !correctnessFailed,
        scenarios: correctness,
        load: scenarioLoad,
        ratePerSecond: correctnessRate,
        queueAtEnd: finalQueue,
      },
      targets: {
        ackP99: {
          target: `< ${TARGETS.ackP99Ms} ms at ${params.connections} connections`,
          measured: appAck.p99Ms,
          met: appAck.p99Ms < TARGETS.ackP99Ms,
        },
        ackThroughput: {
          target: `≥ ${TARGETS.ackRatioToBare} × bare node:http`,
          measured: ackRatioToBare,
          met: ackRatioToBare >= TARGETS.ackRatioToBare,
        },
        creditP99At50: {
          target: `< ${TARGETS.creditP99Ms} ms at 50 % of capacity`,
          measured: credit50.creditMs.p99,
          met: credit50.creditMs.p99 < TARGETS.creditP99Ms,
        },
        processing: {
          target: `≥ ${TARGETS.processingRatioToPgbench} × pgbench`,
          measured: ratioToPgbench,
          met: ratioToPgbench >= TARGETS.processingRatioToPgbench,
        },
        correctness: {
          target: "0 lost, 0 duplicated in every scenario",
          measured: { lost, duplicated },
          met: !correctnessFailed,
        },
      },
    };
    await mkdir(path.dirname(outputFile), { recursive: true });
    await writeFile(outputFile, JSON.stringify(report, null, 2) + "\n");

    const met = (t: { met: boolean }) => (t.met ? "met" : "NOT met");
    console.log(`
orders/paid webhooks on PostgreSQL ${pgVersion}, ${cpus.length} CPUs, Node ${process.version} (median of ${params.repetitions})
  ack, app + workers:  ${appAck.perSecond}/s, p50 ${appAck.p50Ms} ms, p99 ${appAck.p99Ms} ms, max ${appAck.maxMs} ms at ${params.connections} connections
  ack floor:           ${floorAck.perSecond}/s, p99 ${floorAck.p99Ms} ms;  bare node:http ${bareAck.perSecond}/s, p99 ${bareAck.p99Ms} ms
  processing:          ${processingPerSecond} orders/s (one worker), pgbench ${pgbench.tps} tps (${params.pgbenchClients} clients): ratio ${ratioToPgbench}
  time to credit:      p50 ${credit50.creditMs.p50} ms, p99 ${credit50.creditMs.p99} ms at 50 %; at 80 % p99 ${(creditAt["80%"] as { creditMs: LatencySummary }).creditMs.p99} ms
  burst of ${params.burst}:     ack p99 ${burst.latencyMs.p99} ms, credit p99 ${burstCredit.delaysMs.p99} ms, drained ${report.credit.burst.drainSeconds} s after the first send
  correctness:         ${correctness.map((r) => `${r.scenario}: ${r.lost} lost, ${r.duplicated} duplicated`).join("; ")}
  targets:             ack p99 ${met(report.targets.ackP99)}, ack/bare ${met(report.targets.ackThroughput)}, credit p99 ${met(report.targets.creditP99At50)}, processing/pgbench ${met(report.targets.processing)}, correctness ${met(report.targets.correctness)}
Written to ${path.relative(root, outputFile)}`);
    if (correctnessFailed) {
      console.error(`bench:webhooks: correctness failed: ${JSON.stringify({ correctness, finalQueue }, null, 2)}`);
      return 1;
    }
    return 0;
  } catch (error) {
    console.error("bench:webhooks failed:", error instanceof Error ? (error.stack ?? error.message) : error);
    for (const started of children) console.error(`--- ${started.name} output:\n${started.output().slice(-3_000)}`);
    return 1;
  } finally {
    await Promise.all([...children].map((started) => stopChild(started).catch(() => undefined)));
    await cleanUp([
      { what: "Closing the pool", run: async () => pool?.end() },
      { what: "Closing the database client", run: disconnect },
      { what: "Dropping the benchmark database", run: async () => database?.drop() },
    ]);
  }
}

process.exitCode = await main();
