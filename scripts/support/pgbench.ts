/**
 * pgbench, as every benchmark here runs it: a custom script (`-f`), extended protocol,
 * `clients` connections on up to 2 threads for `seconds`, variables by `-D`. Its tps excludes
 * connection time. A failed transaction is an error: the app's side is checked for exactly
 * what pgbench would otherwise leave unchecked.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const pgbenchBin = process.env.PGBENCH ?? "pgbench";

export interface PgbenchResult {
  tps: number;
  transactions: number;
  latencyAvgMs: number | null;
  version: string;
  /** The command line, the database left out. */
  command: string;
}

export async function runPgbench(options: {
  url: string;
  script: string;
  clients: number;
  seconds: number;
  /** pgbench variables (`-D name=value`). */
  defines: Record<string, string | number>;
}): Promise<PgbenchResult> {
  let version: string;
  try {
    version = (await run(pgbenchBin, ["--version"])).stdout.trim();
  } catch (error) {
    throw new Error(`pgbench not found or not runnable (${pgbenchBin}); set PGBENCH to its path. ${String(error)}`);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-pgbench-"));
  try {
    const scriptFile = path.join(dir, "script.sql");
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
      ...Object.entries(options.defines).flatMap(([name, value]) => ["-D", `${name}=${value}`]),
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
    const latency = /latency average = ([\d.]+) ms/.exec(stdout);
    if (!tps || !processed) throw new Error(`Could not read pgbench's output:\n${stdout}`);
    if (failed && Number(failed[1]) > 0) throw new Error(`pgbench reported ${failed[1]} failed transactions.`);
    return {
      tps: Number(tps[1]),
      transactions: Number(processed[1]),
      latencyAvgMs: latency ? Number(latency[1]) : null,
      version,
      command: `pgbench ${args.slice(0, -1).join(" ")} <db>`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
