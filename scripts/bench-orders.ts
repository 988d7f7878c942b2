/**
 * `npm run bench:orders`: how fast the app processes orders/paid deliveries on PostgreSQL,
 * both ways (order transactions through Prisma, and direct on `pg`: docs/decisions/0020),
 * next to pgbench running the same order transaction.
 *
 * 1. A fresh, migrated PostgreSQL database with one installed shop (flat rate, releases on
 *    payment).
 * 2. App runs, one per path: BENCH_CONCURRENCY workers each take BENCH_BATCH deliveries at a
 *    time and dispatch them one after the other with one DeliveryBatch per batch, as a queue
 *    worker does (`dispatchWebhook(db, input, batch)`); each delivery is the first order of a
 *    new customer. A warm-up first, then BENCH_ORDERS timed: orders/second, p50/p99 per
 *    delivery, the process's CPU per order.
 * 3. Baseline: pgbench with as many clients runs the paid-order transaction the direct path
 *    sends (`paidOrderTransaction` in app/orders/order-store-postgres.server.ts): BEGIN, its
 *    statements, COMMIT, for BENCH_PGBENCH_SECONDS.
 * 4. The cost of tiers: the direct path again on a second shop with a tier programme
 *    (Bronze from 0, Silver and Gold ×1.5 out of reach), where each order also settles its
 *    member's tier (one more transaction: member locked, facts read, Bronze reached once,
 *    recorded). `tiers.ratio` = tiered ÷ untiered direct orders per second, same run.
 * 5. Checks every order was awarded once, writes bench/results/orders.json, prints a summary
 *    and drops the database (also on failure). A missed target is reported, not failed.
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database";
import { cleanUp, intFromEnv, percentile, round } from "./support/bench-support";
import { runPgbench } from "./support/pgbench";
import { paidOrderPgbenchScript } from "./support/pgbench-order";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outputFile = path.join(root, "bench/results/orders.json");

const params = {
  concurrency: intFromEnv("BENCH_CONCURRENCY", 8, 1, 64),
  batchSize: intFromEnv("BENCH_BATCH", 25, 1, 1000),
  warmupOrders: intFromEnv("BENCH_WARMUP", 200, 0, 10_000),
  orders: intFromEnv("BENCH_ORDERS", 2_000, 1, 100_000),
  pgbenchSeconds: intFromEnv("BENCH_PGBENCH_SECONDS", 15, 1, 120),
};
const TARGET_RATIO = 0.5;
const PATHS = ["prisma", "direct"] as const;
type Path = (typeof PATHS)[number];
/** Every order earns 42 points at the shop's rate of 1 point per unit: $42.00. */
const SUBTOTAL = "42.00";
const POINTS = 42;

async function main(): Promise<number> {
  const startedAt = new Date();
  let database: TestDatabase | undefined;
  let disconnect: (() => Promise<void>) | undefined;
  try {
    database = await createTestDatabase("postgres", "bench_orders");
    const url = database.url;
    process.env.DATABASE_URL = url;
    const { createDb, db: moduleDb, postgresPoolOf } = await import("../app/db.server");
    const { dispatchWebhook } = await import("../app/webhooks/dispatch.server");
    const { createDeliveryBatch } = await import("../app/webhooks/batch.server");
    const { parseWebhookBody } = await import("../app/webhooks/json-body");
    const { installShop, paidOrderPayload, customerFixture } = await import("../tests/support/factories");
    const db = createDb(url);
    disconnect = async () => {
      await db.$disconnect();
      await moduleDb.$disconnect();
    };
    const shop = await installShop(db);
    const tieredShop = await installShop(db);
    const { applyTierProgramEdit } = await import("../app/tiers/program-edit.server");
    await applyTierProgramEdit(db, tieredShop.id, {
      settings: { metric: "points", period: "lifetime", graceDays: 30 },
      tiers: [
        { name: "Bronze", threshold: 0 },
        { name: "Silver", threshold: 1_000_000 },
        { name: "Gold", threshold: 2_000_000, multiplierHundredths: 150 },
      ],
    });

    let sequence = 0;
    const nextBody = () => {
      const n = ++sequence;
      const customer = customerFixture({ id: String(7_000_000_000 + n) });
      return {
        eventId: `bench-event-${n}`,
        body: JSON.stringify(paidOrderPayload({ id: String(8_000_000_000 + n), customer, subtotal: SUBTOTAL })),
      };
    };
    const runPath = async (orderPath: Path, count: number, latencies?: number[], shopDomain = shop.domain) => {
      // The payloads are made before the clock starts: building them from the documented
      // examples is the test fixtures' work (about a third of a millisecond each), not processing.
      const bodies = Array.from({ length: count }, nextBody);
      let left = count;
      const worker = async () => {
        while (left > 0) {
          const size = Math.min(params.batchSize, left);
          left -= size;
          const deliveries = bodies.splice(0, size);
          const batch = createDeliveryBatch(db, { orderTransactions: orderPath });
          if (batch.orderTransactions !== orderPath) throw new Error(`No ${orderPath} path on this database.`);
          for (const delivery of deliveries) {
            const began = performance.now();
            const outcome = await dispatchWebhook(
              db,
              {
                shopDomain,
                topic: "orders/paid",
                deliveryId: delivery.eventId,
                triggeredAt: new Date().toISOString(),
                payload: parseWebhookBody(delivery.body),
              },
              batch,
            );
            const status = outcome.status === "handled" ? (outcome.result as { status?: string }).status : null;
            if (status !== "awarded") throw new Error(`Delivery ${delivery.eventId}: ${JSON.stringify(outcome)}`);
            latencies?.push(performance.now() - began);
          }
        }
      };
      await Promise.all(Array.from({ length: params.concurrency }, worker));
    };
    const measure = async (orderPath: Path, shopDomain = shop.domain) => {
      await runPath(orderPath, params.warmupOrders, undefined, shopDomain);
      const loadBefore = os.loadavg()[0]!;
      const latencies: number[] = [];
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await runPath(orderPath, params.orders, latencies, shopDomain);
      const wallSeconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      latencies.sort((x, y) => x - y);
      return {
        orders: params.orders,
        wallSeconds: round(wallSeconds, 3),
        ordersPerSecond: round(params.orders / wallSeconds, 1),
        latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
        processCpuPercent: round((100 * cpuSeconds) / wallSeconds, 1),
        cpuMsPerOrder: round((1000 * cpuSeconds) / params.orders, 3),
        loadAverage1mBefore: round(loadBefore),
      };
    };

    const app = {} as Record<Path, Awaited<ReturnType<typeof measure>>>;
    for (const orderPath of PATHS) app[orderPath] = await measure(orderPath);
    const tiered = await measure("direct", tieredShop.domain);
    // pgbench pipelines what the app's client pipelines (LOYALTY_PG_PIPELINE, app/db.server.ts).
    const pipelined = postgresPoolOf(db)?.options.pipeline === true;
    const script = await paidOrderPgbenchScript(POINTS, POINTS * 100, pipelined);
    const pgbench = await runPgbench({
      url,
      script,
      clients: params.concurrency,
      seconds: params.pgbenchSeconds,
      defines: { shop: shop.id },
    });

    // Every app order awarded once, and pgbench's transactions wrote what they say.
    const appOrders = PATHS.length * (params.warmupOrders + params.orders);
    const counted = await db.$queryRawUnsafe<{ app: bigint; pgbench: bigint; accounts: bigint }[]>(
      `SELECT COUNT(*) FILTER (WHERE "idempotencyKey" NOT LIKE 'order:pgb-%') AS "app",
              COUNT(*) FILTER (WHERE "idempotencyKey" LIKE 'order:pgb-%') AS "pgbench",
              (SELECT COUNT(*) FROM "OrderAccount" WHERE "shopId" = $1 AND "pointsState" = 'released') AS "accounts"
         FROM "LedgerEntry" WHERE "shopId" = $1 AND "kind" = 'earn'`,
      shop.id,
    );
    const row = counted[0]!;
    const problems = [
      ...(Number(row.app) === appOrders ? [] : [`app earn entries ${row.app}, expected ${appOrders}`]),
      ...(Number(row.pgbench) === pgbench.transactions
        ? []
        : [`pgbench earn entries ${row.pgbench}, pgbench reports ${pgbench.transactions}`]),
      ...(Number(row.accounts) === appOrders + pgbench.transactions ? [] : [`released accounts ${row.accounts}`]),
    ];
    // The tiered shop: every order awarded once, every member in Bronze, reached once.
    const tieredOrders = params.warmupOrders + params.orders;
    const [earned, inBronze, changes] = await Promise.all([
      db.ledgerEntry.count({ where: { shopId: tieredShop.id, kind: "earn", causeType: "order" } }),
      db.member.count({ where: { shopId: tieredShop.id, tier: { name: "Bronze" } } }),
      db.tierChange.count({ where: { shopId: tieredShop.id } }),
    ]);
    if (earned !== tieredOrders) problems.push(`tiered shop earn entries ${earned}, expected ${tieredOrders}`);
    if (inBronze !== tieredOrders) problems.push(`tiered shop members in Bronze ${inBronze}, expected ${tieredOrders}`);
    if (changes !== tieredOrders) problems.push(`tiered shop tier changes ${changes}, expected ${tieredOrders}`);
    if (problems.length > 0) throw new Error(`Broken after the run:\n  ${problems.join("\n  ")}`);

    const ratio = (orderPath: Path) => round(app[orderPath].ordersPerSecond / pgbench.tps, 3);
    const report = {
      date: startedAt.toISOString(),
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        pgbench: pgbench.version,
        loadAverage1mAfter: round(os.loadavg()[0]!),
      },
      parameters: params,
      pipeline: pipelined,
      app,
      pgbench: { tps: round(pgbench.tps, 1), transactions: pgbench.transactions, command: pgbench.command },
      ratios: { prisma: ratio("prisma"), direct: ratio("direct") },
      tiers: {
        description: "direct path on a shop with tiers (each order also settles its member's tier)",
        app: tiered,
        ratio: round(tiered.ordersPerSecond / app.direct.ordersPerSecond, 3),
      },
      target: {
        description: `direct orders/paid processing ≥ ${TARGET_RATIO} × pgbench running the same transaction`,
        met: ratio("direct") >= TARGET_RATIO,
      },
      pgbenchScript: script,
    };
    await mkdir(path.dirname(outputFile), { recursive: true });
    await writeFile(outputFile, `${JSON.stringify(report, null, 2)}\n`);
    const line = (orderPath: Path | "tiered") => {
      const run = orderPath === "tiered" ? tiered : app[orderPath];
      const compared = orderPath === "tiered" ? `× untiered direct ${report.tiers.ratio}` : `ratio ${ratio(orderPath)}`;
      return (
        `  ${orderPath.padEnd(7)} ${String(run.ordersPerSecond).padStart(8)} orders/s  ` +
        `${String(run.cpuMsPerOrder).padStart(6)} CPU ms/order  p50 ${run.latencyMs.p50} ms  ` +
        `p99 ${run.latencyMs.p99} ms  ${compared}`
      );
    };
    console.log(
      [
        `orders/paid on PostgreSQL, ${params.concurrency} workers, batches of ${params.batchSize}${pipelined ? ", pipelined" : ""}:`,
        line("prisma"),
        line("direct"),
        line("tiered"),
        `  pgbench ${String(round(pgbench.tps, 1)).padStart(8)} tps (same transaction, ${params.concurrency} clients)`,
        `  target (direct ≥ ${TARGET_RATIO} × pgbench): ${report.target.met ? "met" : "NOT met"}`,
        `  written to ${path.relative(root, outputFile)}`,
      ].join("\n"),
    );
    return 0;
  } catch (error) {
    console.error(error);
    return 1;
  } finally {
    await cleanUp([
      { what: "disconnecting", run: disconnect },
      { what: "dropping the database", run: database?.drop },
    ]);
  }
}

process.exitCode = await main();
