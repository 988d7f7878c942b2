/**
 * A first-come, first-served limit on webhooks handled at once by one process.
 *
 * Why: when deliveries arrive faster than the process handles them, the backlog grows until
 * answers take longer than Shopify waits (5 s); Shopify then closes the connection and
 * delivers again later. Without a limit the process would still do the work of every
 * abandoned delivery, falling further behind exactly when it is overloaded. Here deliveries
 * wait in arrival order for one of `limit` places; one whose sender left while it waited is
 * dropped before any work is done (it will come again), and no more than `limit` webhooks
 * compete for the database pool at once. In the benchmark's closed loop of 200 connections
 * it changes neither throughput nor latency (bench/README.md): it is there for overload.
 * Nothing is refused: waiting requests and their sockets are held until a place frees.
 * Only deliveries whose whole body has arrived and whose signature holds get this far
 * (app/webhooks/intake.ts runs first): a slow or forged sender never holds a place.
 */
export const DEFAULT_WEBHOOK_CONCURRENCY = 16;

/**
 * WEBHOOK_CONCURRENCY, read: webhooks handled at once by one process. The default leaves a
 * few past the database pool's 10 connections busy with their CPU work meanwhile.
 */
export function webhookConcurrency(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_WEBHOOK_CONCURRENCY;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new Error(`WEBHOOK_CONCURRENCY must be a whole number from 1 to 1000, got ${JSON.stringify(value)}.`);
  }
  return limit;
}

export interface AdmissionGate {
  /** Resolves when the caller may start; call the returned function once when done. */
  enter(): Promise<() => void>;
  readonly running: number;
  readonly waiting: number;
}

export function createAdmissionGate(limit: number): AdmissionGate {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`The admission limit must be a whole number ≥ 1, got ${limit}.`);
  let running = 0;
  const queue: (() => void)[] = [];

  const leave = () => {
    const next = queue.shift();
    // The place passes straight to the next in line: `running` does not change.
    if (next) next();
    else running--;
  };
  const ticket = () => {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      leave();
    };
  };

  return {
    enter() {
      if (running < limit) {
        running++;
        return Promise.resolve(ticket());
      }
      return new Promise((resolve) => queue.push(() => resolve(ticket())));
    },
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
  };
}

/** The Express side: what a middleware needs of a response. */
interface ClosableResponse {
  once(event: "finish" | "close", listener: () => void): unknown;
}

/**
 * Middleware admitting requests through `gate`. The place is held until the response is sent
 * or the connection closes; a request whose sender gave up while it waited (Shopify stops
 * waiting after 5 s and delivers again later) frees its place without being handled.
 */
export function admissionMiddleware(gate: AdmissionGate) {
  return (_request: unknown, response: ClosableResponse, next: () => void) => {
    let gone = false;
    response.once("close", () => (gone = true));
    void gate.enter().then((leave) => {
      if (gone) return leave();
      response.once("finish", leave);
      response.once("close", leave);
      next();
    });
  };
}
