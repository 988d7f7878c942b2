/**
 * Shopify's rate limit is a leaky bucket: a THROTTLED call ran nothing and will run once the
 * bucket refills. Calls are asked again after the wait Shopify's answer implies, doubling,
 * a bounded number of times; past that the throttle reaches the caller, which stops for now
 * and leaves the rest for its next run.
 */
import { ShopifyThrottledError } from "../shopify/gateway.server";

export interface RetryOptions {
  /** Tries in all (the first included). */
  attempts?: number;
  /** Injected by tests; a real timer otherwise. */
  sleep?: (ms: number) => Promise<void>;
}

const MAX_WAIT_MS = 30_000;
export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withThrottleRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ShopifyThrottledError) || attempt >= attempts) throw error;
      await sleep(Math.min(MAX_WAIT_MS, error.retryAfterMs * 2 ** (attempt - 1)));
    }
  }
}
