/**
 * `npm run bench:webhooks`: how many signed orders/paid webhooks per second the app's real
 * HTTP server acknowledges on PostgreSQL, and with what latency, next to a bare node:http
 * server answering the same requests with 200.
 *
 * 1. Builds the app (`remix vite:build`) when build/ is missing or older than the sources.
 * 2. A fresh, migrated PostgreSQL database with one installed shop (offline session stored).
 * 3. App run: the production server (`node --import tsx server.ts`, what `npm start` runs) in
 *    a child process; autocannon sends BENCH_CONNECTIONS concurrent connections of orders/paid
 *    webhooks, each a new order of a new customer, HMAC-signed with the app's secret, for a
 *    warm-up and then BENCH_SECONDS timed.
 * 4. Baseline: a bare node:http server (child process) reads each request and answers 200;
 *    the same requests, connections and duration.
 * 5. Checks that every acknowledged webhook was processed (order account, member and earn
 *    entry in the database), writes bench/results/webhooks.json, prints a summary, drops the
 *    database (also on failure).
 *
 * Exit 0 whether or not the latency target is met (a benchmark reports); 1 on any error: a
 * failed build or server start, a non-2xx answer, an acknowledged order missing.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import autocannon from "autocannon";
import { webhookHeaders } from "../demo/shopify-signing";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database";
import { appBuildIsStale } from "./support/app-build";
import { cleanUp, intFromEnv, round } from "./support/bench-support";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outputFile = path.join(root, "bench/results/webhooks.json");

const params = {
  connections: intFromEnv("BENCH_CONNECTIONS", 200, 1, 1000),
  seconds: intFromEnv("BENCH_SECONDS", 20, 1, 300),
  // Prisma's query compiler (WebAssembly) and V8 take ~10 s of load to reach full speed.
  warmupSeconds: intFromEnv("BENCH_WARMUP_SECONDS", 10, 0, 60),
  // autocannon's per-request timeout: a slower answer counts as an error.
  timeoutSeconds: 30,
};
/** The latency the benchmark holds the app to: far below Shopify's 5 s webhook timeout. */
const P99_TARGET_MS = 1_000;
const SHOPIFY_TIMEOUT_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** Starts a child process and resolves once it prints `ready`; its output is kept for errors. */
async function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Server did not start within 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { child, output: () => output };
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(5_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** CPU seconds a process used so far (Linux /proc; null elsewhere). */
function cpuSecondsOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * orders/paid deliveries, each a new order of a new customer, signed with `secret`. The ids
 * of acknowledged orders are collected, to check afterwards that each was processed.
 */
function webhookRequests(
  shop: string,
  secret: string,
  acknowledged: string[],
  sequence: { next: number },
): autocannon.Request[] {
  const base = 7_000_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1_000_000;
  return [
    {
      method: "POST",
      path: "/webhooks",
      setupRequest: (request, context) => {
        const n = base + sequence.next++;
        const cents = 1_000 + (n % 20_000);
        const body = JSON.stringify({
          id: n,
          admin_graphql_api_id: `gid://shopify/Order/${n}`,
          name: `#B${n}`,
          currency: "USD",
          financial_status: "paid",
          source_name: "web",
          subtotal_price: (cents / 100).toFixed(2),
          total_price: (cents / 100).toFixed(2),
          total_tax: "0.00",
          taxes_included: false,
          shipping_lines: [],
          customer: { id: n + 1, email: `bench${n}@example.com`, first_name: "Bench", last_name: `Customer ${n}` },
        });
        (context as { orderId?: string }).orderId = String(n);
        return { ...request, body, headers: webhookHeaders({ shop, topic: "orders/paid", body, secret }) };
      },
      onResponse: (status, _body, context) => {
        const orderId = (context as { orderId?: string }).orderId;
        if (status === 200 && orderId) acknowledged.push(orderId);
      },
    },
  ];
}

interface LoadResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  perSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

async function load(url: string, requests: autocannon.Request[], seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: params.connections,
    duration: seconds,
    timeout: params.timeoutSeconds,
    requests,
  });
  return {
    requests: result.requests.total,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    perSecond: round(result["2xx"] / result.duration, 1),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: round(result.latency.mean),
    },
  };
}

/** The bare baseline: read the request, answer 200, nothing else. */
const BARE_SERVER = `
const http = require("node:http");
http.createServer((req, res) => {
  req.resume();
  req.on("end", () => { res.writeHead(200); res.end(); });
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("bare server ready"));
`;

async function main(): Promise<number> {
  const startedAt = new Date();
  let database: TestDatabase | undefined;
  let app: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  let disconnect: (() => Promise<void>) | undefined;
  try {
    const build = await ensureBuild();
    database = await createTestDatabase("postgres", "bench_webhooks");
    process.env.DATABASE_URL = database.url;
    const { db } = await import("../app/db.server");
    disconnect = () => db.$disconnect();
    const { installShop } = await import("../tests/support/factories");
    const shop = await installShop(db);

    // The app: production server, its own secret, the benchmark's database.
    const secret = randomBytes(24).toString("hex");
    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    // BENCH_PROFILE=1: a CPU profile of the server, to see where a webhook's time goes.
    // Node writes the profile on a normal exit only: SIGTERM is turned into one.
    const profile =
      process.env.BENCH_PROFILE === "1"
        ? [
            "--cpu-prof",
            `--cpu-prof-dir=${path.join(root, "bench/results/profiles")}`,
            "--import",
            "data:text/javascript,process.on('SIGTERM',()=>process.exit(0))",
          ]
        : [];
    const started = await startProcess(
      [...profile, "--import", "tsx", "server.ts"],
      {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(appPort),
        DATABASE_URL: database.url,
        SHOPIFY_API_KEY: "bench-api-key",
        SHOPIFY_API_SECRET: secret,
        SHOPIFY_APP_URL: appUrl,
      },
      /listening on/,
    );
    app = started.child;

    const acknowledged: string[] = [];
    const sequence = { next: 0 };
    const requests = webhookRequests(shop.domain, secret, acknowledged, sequence);
    if (params.warmupSeconds > 0) await load(appUrl, requests, params.warmupSeconds);
    const acknowledgedInWarmup = acknowledged.length;
    const loadBeforeApp = os.loadavg()[0]!;
    const cpuBefore = cpuSecondsOf(app.pid);
    const appResult = await load(appUrl, requests, params.seconds);
    const cpuAfter = cpuSecondsOf(app.pid);

    // Requests still in flight when autocannon stopped may still be committing: wait until
    // the database stops moving before counting.
    let processed = -1;
    for (let stable = 0; stable < 3;) {
      const count = await db.webhookDelivery.count({ where: { shopId: shop.id } });
      stable = count === processed ? stable + 1 : 0;
      processed = count;
      await sleep(500);
    }
    await stopProcess(app);

    // The baseline, same requests (fresh orders, signed) against a bare server.
    const barePort = await freePort();
    const bareUrl = `http://127.0.0.1:${barePort}`;
    bare = (await startProcess(["-e", BARE_SERVER], { ...process.env, PORT: String(barePort) }, /bare server ready/))
      .child;
    const bareRequests = webhookRequests(shop.domain, secret, [], { next: 10_000_000 });
    if (params.warmupSeconds > 0) await load(bareUrl, bareRequests, Math.min(2, params.warmupSeconds));
    const loadBeforeBare = os.loadavg()[0]!;
    const bareResult = await load(bareUrl, bareRequests, params.seconds);
    await stopProcess(bare);

    // Every acknowledged webhook was processed: its order is recorded with its member and
    // the earn entry is in the ledger.
    const problems: string[] = [];
    if (appResult.non2xx > 0) problems.push(`${appResult.non2xx} app answers were not 2xx`);
    if (appResult.errors > 0) problems.push(`${appResult.errors} app requests failed (${appResult.timeouts} timeouts)`);
    if (appResult.ok === 0) problems.push("the app acknowledged nothing");
    let missingAccounts = 0;
    let missingEntries = 0;
    for (let i = 0; i < acknowledged.length; i += 1_000) {
      const orderIds = acknowledged.slice(i, i + 1_000);
      missingAccounts +=
        orderIds.length -
        (await db.orderAccount.count({
          where: { shopId: shop.id, orderId: { in: orderIds }, memberId: { not: null }, earnedPoints: { gt: 0 } },
        }));
      missingEntries +=
        orderIds.length -
        (await db.ledgerEntry.count({
          where: { shopId: shop.id, kind: "earn", causeType: "order", causeId: { in: orderIds } },
        }));
    }
    const database_ = {
      webhookDeliveries: processed,
      orderAccounts: await db.orderAccount.count({ where: { shopId: shop.id } }),
      members: await db.member.count({ where: { shopId: shop.id } }),
      earnEntries: await db.ledgerEntry.count({ where: { shopId: shop.id, kind: "earn" } }),
    };
    if (new Set(acknowledged).size !== acknowledged.length)
      problems.push("an order was acknowledged twice (the generator repeated an id)");
    if (missingAccounts > 0)
      problems.push(`${missingAccounts} acknowledged orders have no order account with a member and points`);
    if (missingEntries > 0) problems.push(`${missingEntries} acknowledged orders have no earn entry`);
    if (database_.earnEntries < acknowledged.length)
      problems.push(`${database_.earnEntries} earn entries for ${acknowledged.length} acknowledged orders`);
    if (problems.length > 0) {
      throw new Error(
        `The app run is not valid:\n  ${problems.join("\n  ")}\n${JSON.stringify(appResult)}\nServer output:\n${started.output().slice(-3_000)}`,
      );
    }

    const cpuSeconds = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
    const pgVersion = (await db.$queryRawUnsafe<{ v: string }[]>("SELECT current_setting('server_version') AS v"))[0]!
      .v;
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
        // Other work on the machine skews the two runs differently.
        loadAverage1m: { beforeApp: round(loadBeforeApp), beforeBare: round(loadBeforeBare) },
      },
      parameters: {
        ...params,
        topic: "orders/paid",
        orders: "a new order of a new customer per request",
        // The server's admission limit (server.ts): webhooks handled at once, the rest queue.
        webhookConcurrency: process.env.WEBHOOK_CONCURRENCY || "default (16)",
        build,
      },
      app: {
        server: "production build behind Express (server.ts, `npm start`), PostgreSQL",
        ...appResult,
        processCpuPercent: cpuSeconds === null ? null : round((100 * cpuSeconds) / appResult.seconds, 1),
        cpuMsPerWebhook: cpuSeconds === null ? null : round((1000 * cpuSeconds) / Math.max(1, appResult.requests), 2),
      },
      bare: { server: "node:http answering 200 after reading the body", ...bareResult },
      ratios: {
        throughputAppOverBare: round(appResult.perSecond / bareResult.perSecond, 4),
        p50AppOverBare: round(appResult.latencyMs.p50 / Math.max(bareResult.latencyMs.p50, 1), 1),
        p99AppOverBare: round(appResult.latencyMs.p99 / Math.max(bareResult.latencyMs.p99, 1), 1),
      },
      target: {
        description: `app p99 ≤ ${P99_TARGET_MS} ms at ${params.connections} connections (Shopify gives up after ${SHOPIFY_TIMEOUT_MS} ms)`,
        met: appResult.latencyMs.p99 <= P99_TARGET_MS,
      },
      verified: {
        acknowledgedOrders: acknowledged.length,
        acknowledgedInWarmup,
        everyAcknowledgedOrderProcessed: true,
        database: database_,
      },
    };
    await mkdir(path.dirname(outputFile), { recursive: true });
    await writeFile(outputFile, JSON.stringify(report, null, 2) + "\n");

    const line = (r: LoadResult) =>
      `${r.perSecond} webhooks/s (${r.ok} in ${r.seconds} s), latency p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`;
    console.log(`Signed orders/paid webhooks, ${params.connections} connections, ${params.seconds} s (after ${params.warmupSeconds} s of warm-up)
  PostgreSQL ${pgVersion}, ${cpus.length} CPUs, Node ${process.version}, build ${build}
  app (npm start):  ${line(appResult)}
                    server CPU ${report.app.processCpuPercent ?? "?"} % (${report.app.cpuMsPerWebhook ?? "?"} ms per webhook)
  bare node:http:   ${line(bareResult)}
  ratios app/bare:  throughput ${report.ratios.throughputAppOverBare}, p50 ×${report.ratios.p50AppOverBare}, p99 ×${report.ratios.p99AppOverBare}
  target ${report.target.description}: ${report.target.met ? "met" : "NOT met"}
  verified:         all ${acknowledged.length} acknowledged orders processed (${database_.orderAccounts} order accounts, ${database_.members} members, ${database_.earnEntries} earn entries, ${database_.webhookDeliveries} deliveries recorded)
  load average (1 min): ${round(loadBeforeApp)} before the app run, ${round(loadBeforeBare)} before the bare run
Written to ${path.relative(root, outputFile)}`);
    return 0;
  } catch (error) {
    console.error("bench:webhooks failed:", error instanceof Error ? (error.stack ?? error.message) : error);
    return 1;
  } finally {
    await stopProcess(app).catch(() => undefined);
    await stopProcess(bare).catch(() => undefined);
    await cleanUp([
      { what: "Closing the database client", run: disconnect },
      { what: "Dropping the benchmark database", run: async () => database?.drop() },
    ]);
  }
}

process.exitCode = await main();
