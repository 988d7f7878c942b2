import { describe, expect, it } from "vitest";
import { EVENT_LIMITS, eventRateLimits, retryAfterSeconds, windowOf } from "./anti-farming";

describe("rate limit windows", () => {
  const minute = { scope: "customer", bucket: "customer:1:widget", max: 3, windowSeconds: 60 } as const;

  it("puts two moments of the same minute in one window, and the next minute in another", () => {
    const a = windowOf(minute, new Date("2026-11-23T10:00:05Z"));
    const b = windowOf(minute, new Date("2026-11-23T10:00:59.999Z"));
    const c = windowOf(minute, new Date("2026-11-23T10:01:00Z"));
    expect(a.key).toBe(b.key);
    expect(c.key).not.toBe(a.key);
    expect(a.start.toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(a.end.toISOString()).toBe("2026-11-23T10:01:00.000Z");
  });

  it("keys windows of different sizes apart, so a day counter never reads a minute's count", () => {
    const day = { ...minute, windowSeconds: 86_400 };
    const now = new Date("2026-11-23T00:00:00Z");
    expect(windowOf(day, now).key).not.toBe(windowOf(minute, now).key);
  });

  it("tells a refused caller how long to wait, never less than a second", () => {
    expect(retryAfterSeconds(minute, new Date("2026-11-23T10:00:05Z"))).toBe(55);
    expect(retryAfterSeconds(minute, new Date("2026-11-23T10:00:59.9Z"))).toBe(1);
  });

  it("limits each customer per minute and per day, and the shop as a whole", () => {
    const limits = eventRateLimits("api", "42");
    expect(limits.map((l) => [l.scope, l.bucket, l.max, l.windowSeconds])).toEqual([
      ["customer", "customer:42:api", EVENT_LIMITS.perCustomerPerMinute, 60],
      ["customer", "customer:42:api", EVENT_LIMITS.perCustomerPerDay, 86_400],
      ["shop", "shop:api", EVENT_LIMITS.perShopPerMinute, 60],
    ]);
  });
});
