/**
 * The offline demo's public credentials, and the mark by which the app knows it runs inside
 * the demo process (`npm run demo` and the browser tests, through demo/start.ts).
 *
 * The mark is a flag on the process's global object, set by demo/start.ts before the app is
 * loaded. Environment variables were not enough: a deployment inherits them, copies them from
 * a tutorial or sets NODE_ENV to anything, and no variable can be kept out of a deployment by
 * accident. Only code running in the process can set this flag; a deployment never runs
 * demo/start.ts. The flag lives in the global symbol registry, so the app's bundled build
 * sees what demo/start.ts set.
 */

/** Public on purpose (README): the demo signs and verifies with these when none are set. */
export const DEMO_API_SECRET = "demo-secret-not-for-production";
export const DEMO_API_KEY = "demo-api-key";

const DEMO_PROCESS = Symbol.for("loyalty-bazaar.demo-process");
type Marked = { [DEMO_PROCESS]?: true };

/** Called by demo/start.ts only, before it loads the app. */
export function markDemoProcess(): void {
  (globalThis as Marked)[DEMO_PROCESS] = true;
}

export function isDemoProcess(): boolean {
  return (globalThis as Marked)[DEMO_PROCESS] === true;
}
