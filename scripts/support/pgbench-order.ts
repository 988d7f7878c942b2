/**
 * pgbench running the app's paid-order transaction on PostgreSQL: the statements of
 * `paidOrderTransaction()` (app/orders/order-store-postgres.server.ts), with pgbench
 * expressions for what is per order (a new order of a new customer each time). The same
 * construction as scripts/bench-orders.ts, for bench:webhooks' processing comparison.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const pgbenchBin = process.env.PGBENCH ?? "pgbench";

/** A SQL literal of a sample value, for the parameters that are the same for every order. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** The transaction as a pgbench script; the shop is `-D shop=…`, the clock the server's (UTC). */
export async function paidOrderPgbenchScript(points: number, spendMinor: number): Promise<string> {
  const { paidOrderTransaction } = await import("../../app/orders/order-store-postgres.server");
  const id = (prefix: string) => `('${prefix}-' || :client_id::text || '-' || :r::text)`;
  const now = `(now() AT TIME ZONE 'UTC')`;
  const perOrder: Record<string, string> = {
    shopId: ":shop",
    eventId: id("pgb-event"),
    orderId: id("pgb-order"),
    causeId: id("pgb-order"),
    customerId: id("pgb-customer"),
    customerHash: id("redacted-pgb"),
    memberId: id("pgb-member"),
    entryId: id("pgb-entry"),
    lotId: id("pgb-lot"),
    // chr(58) is ':', which pgbench would read as a variable inside a literal.
    idempotencyKey: `('order' || chr(58) || 'pgb-order-' || :client_id::text || '-' || :r::text || chr(58) || 'earn')`,
    fingerprint: `('["pgb-member-' || :client_id::text || '-' || :r::text || '",${points},"earn","order","pgb-order-' || :client_id::text || '-' || :r::text || '",null]')`,
    now,
    paidAt: now,
    profileSyncedAt: now,
  };
  const lines = paidOrderTransaction({ points, spendMinor }).map((statement) =>
    statement.text.replace(/\$(\d+)(::\w+)?/g, (_match, n: string, cast: string | undefined) => {
      const name = statement.parameters[Number(n) - 1];
      if (name === undefined) throw new Error(`paidOrderPgbenchScript: no parameter $${n} in ${statement.step}.`);
      const value = perOrder[name] ?? literal(statement.values[Number(n) - 1]);
      return cast ? `(${value})${cast}` : value;
    }),
  );
  return `\\set r random(1, 9000000000000000000)\n${lines.map((line) => `${line};`).join("\n")}\n`;
}

export interface PgbenchResult {
  tps: number;
  transactions: number;
  version: string;
  command: string;
}

export async function runPgbench(options: {
  url: string;
  shopId: string;
  script: string;
  clients: number;
  seconds: number;
}): Promise<PgbenchResult> {
  const version = (await run(pgbenchBin, ["--version"])).stdout.trim();
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-webhooks-"));
  try {
    const scriptFile = path.join(dir, "paid-order.sql");
    await writeFile(scriptFile, options.script);
    const args = [
      "-n",
      "-M",
      "extended",
      "-c",
      String(options.clients),
      "-j",
      String(Math.min(2, options.clients)),
      "-T",
      String(options.seconds),
      "-f",
      scriptFile,
      "-D",
      `shop=${options.shopId}`,
      options.url,
    ];
    let stdout: string;
    try {
      ({ stdout } = await run(pgbenchBin, args, { timeout: (options.seconds + 60) * 1000, maxBuffer: 16 << 20 }));
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`pgbench failed: ${String(error)}\n${e.stderr ?? ""}${e.stdout ?? ""}`);
    }
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    const processed = /number of transactions actually processed: (\d+)/.exec(stdout);
    const failed = /number of failed transactions: (\d+)/.exec(stdout);
    if (!tps || !processed) throw new Error(`Could not read pgbench's output:\n${stdout}`);
    if (failed && Number(failed[1]) > 0) throw new Error(`pgbench reported ${failed[1]} failed transactions.`);
    return {
      tps: Number(tps[1]),
      transactions: Number(processed[1]),
      version,
      command: `pgbench ${args.slice(0, -1).join(" ")} <db>`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
