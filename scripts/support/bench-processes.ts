/**
 * The benchmarks' child processes (the app server, workers, a bare baseline server) and the
 * CPU they and PostgreSQL's backends use, read from Linux's /proc.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds a process used so far (Linux /proc; null elsewhere). */
export function cpuSecondsOf(pid: number | undefined): number | null {
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
 * CPU seconds of the PostgreSQL backends serving the benchmark's database (the machine may be
 * shared: other databases' backends are not counted; a backend that exits meanwhile is missed).
 */
export async function postgresCpuSeconds(pool: pg.Pool): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
  );
  return new Map(rows.map((row) => [row.pid, cpuSecondsOf(row.pid) ?? 0]));
}

export interface Child {
  name: string;
  child: ChildProcess;
  output: () => string;
}

/** Every child still running, to stop (or print) on the way out. */
export const children = new Set<Child>();

/** Starts a child process and resolves once it prints `ready`; its output is kept for errors. */
export async function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<Child> {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const started = { name, child, output: () => output };
  children.add(started);
  child.once("exit", () => children.delete(started));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (ready.test(output)) {
        clearTimeout(timer);
        child.off("exit", exited);
        resolve();
      }
    };
    const exited = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${output}`));
    };
    child.stdout!.on("data", check);
    child.once("exit", exited);
  });
  return started;
}

/** SIGTERM, then SIGKILL after 15 s. */
export async function stopChild(started: Child | undefined): Promise<void> {
  const child = started?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await exited;
  }
}
