/**
 * How often shoppers and the merchant's systems may send engagement events before they are
 * refused. Engagement points cost the merchant real money and the events come from browsers
 * and apps we do not control, so each source has a ceiling per customer and per shop.
 * Fixed windows (a minute, a day): simple to count in one database row each, from any
 * number of app instances.
 */
export interface RateLimit {
  /**
   * Whose budget it is. A customer's limits are checked before the shop's, and only an event
   * every customer limit admits takes a slot of the shop's: one shopper over their own limit
   * cannot use up the budget every other shopper of the shop shares.
   */
  scope: RateLimitScope;
  /** What is counted, without the window: "customer:42:widget". */
  bucket: string;
  max: number;
  windowSeconds: number;
}

export type EventSource = "widget" | "api";

export type RateLimitScope = "customer" | "shop";

/** The order limits are taken in: the narrowest budget first. */
export const RATE_LIMIT_SCOPES: readonly RateLimitScope[] = ["customer", "shop"];

const MINUTE = 60;
const DAY = 86_400;

/** Generous for a person clicking around, far below what a script farming points sends. */
export const EVENT_LIMITS = {
  perCustomerPerMinute: 20,
  perCustomerPerDay: 300,
  /** The whole shop, all customers: a flood (a bot farm, a looping app) stops here. */
  perShopPerMinute: 3_000,
} as const;

export function eventRateLimits(source: EventSource, customerId: string): RateLimit[] {
  return [
    {
      scope: "customer",
      bucket: `customer:${customerId}:${source}`,
      max: EVENT_LIMITS.perCustomerPerMinute,
      windowSeconds: MINUTE,
    },
    {
      scope: "customer",
      bucket: `customer:${customerId}:${source}`,
      max: EVENT_LIMITS.perCustomerPerDay,
      windowSeconds: DAY,
    },
    { scope: "shop", bucket: `shop:${source}`, max: EVENT_LIMITS.perShopPerMinute, windowSeconds: MINUTE },
  ];
}

/** The window a moment falls in: its start, its end, and the counter's key for it. */
export function windowOf(limit: RateLimit, now: Date): { key: string; start: Date; end: Date } {
  const size = limit.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / size) * size;
  return {
    key: `${limit.bucket}:${limit.windowSeconds}s:${start}`,
    start: new Date(start),
    end: new Date(start + size),
  };
}

/** Whole seconds until the window ends, at least 1: the Retry-After a refused caller gets. */
export function retryAfterSeconds(limit: RateLimit, now: Date): number {
  return Math.max(1, Math.ceil((windowOf(limit, now).end.getTime() - now.getTime()) / 1000));
}
