/** Whether build/ (what `npm start`, the demo and the benchmarks serve) is older than app/. */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** The newest modification time under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when the server build is missing or older than app/ or vite.config.ts. */
export function appBuildIsStale(root: string): boolean {
  let builtAt = 0;
  try {
    builtAt = statSync(path.join(root, "build/server/index.js")).mtimeMs;
  } catch {
    return true; // no build yet
  }
  return builtAt < Math.max(newestMtime(path.join(root, "app")), statSync(path.join(root, "vite.config.ts")).mtimeMs);
}
