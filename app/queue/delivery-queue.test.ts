import { describe, expect, it } from "vitest";
import { DELIVERY_RETRIES, retryDelaySeconds } from "./delivery-queue";

describe("retryDelaySeconds", () => {
  it("waits 30 s after the first failure and doubles after each one after", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 480, 960, 1920]);
  });

  it("never waits more than an hour", () => {
    expect(retryDelaySeconds(8)).toBe(DELIVERY_RETRIES.maxDelaySeconds);
    expect(retryDelaySeconds(1_000)).toBe(DELIVERY_RETRIES.maxDelaySeconds);
  });

  it("reads an attempt below the first as the first", () => {
    expect(retryDelaySeconds(0)).toBe(DELIVERY_RETRIES.firstDelaySeconds);
    expect(retryDelaySeconds(-3)).toBe(DELIVERY_RETRIES.firstDelaySeconds);
  });

  it("spreads all retries over about two hours, as DELIVERY_RETRIES says", () => {
    const waits = Array.from({ length: DELIVERY_RETRIES.limit }, (_, i) => retryDelaySeconds(i + 1));
    const total = waits.reduce((sum, seconds) => sum + seconds, 0);
    expect(total).toBe(7_410);
    expect(total / 3600).toBeCloseTo(2, 0);
  });
});
