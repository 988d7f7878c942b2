/**
 * The production server (`npm start` runs server.ts) in a child process on a fresh SQLite
 * database, for the specs that must meet the app exactly as a deployment runs it: no demo
 * mounted, its own environment, real sockets.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate, migrationsDirFor, readMigrations } from "../../app/db/migrate.server";

const root = path.resolve(import.meta.dirname, "../..");

export interface ProductionProcess {
  child: ChildProcess;
  /** Everything the process has printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Spawns server.ts with `env` on top of this process's environment. */
export function spawnProductionServer(env: Record<string, string | undefined>): ProductionProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output: () => output, exited };
}

/**
 * A production server on a new database, once it listens: its base URL (127.0.0.1 and the
 * port the system gave it), its database and its output. Rejects with what it printed if it exits first.
 */
export async function startProductionServer(
  label: string,
  env: Record<string, string | undefined>,
): Promise<ProductionProcess & { port: number; base: string; databaseUrl: string }> {
  const databaseUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), `loyalty-${label}-`)), "app.sqlite")}`;
  await migrate(databaseUrl, readMigrations(migrationsDirFor(databaseUrl, root)));
  const server = spawnProductionServer({ DATABASE_URL: databaseUrl, ...env });
  const port = await new Promise<number>((resolve, reject) => {
    server.child.stdout!.on("data", () => {
      const listening = /listening on port (\d+)/.exec(server.output());
      if (listening) resolve(Number(listening[1]));
    });
    void server.exited.then((code) => reject(new Error(`the server exited with ${code}:\n${server.output()}`)));
  });
  return { ...server, port, base: `http://127.0.0.1:${port}`, databaseUrl };
}
