import { describe, expect, it } from "vitest";
import { secondsFromEnv } from "./pg-boss-queue.server";

describe("the queue's bench knobs (WEBHOOK_RETRY_DELAY_SECONDS, WEBHOOK_LEASE_SECONDS)", () => {
  it("keep the production value when unset or blank", () => {
    expect(secondsFromEnv("WEBHOOK_LEASE_SECONDS", 60, {})).toBe(60);
    expect(secondsFromEnv("WEBHOOK_LEASE_SECONDS", 60, { WEBHOOK_LEASE_SECONDS: " " })).toBe(60);
  });

  it("take whole seconds from 1 to 3600", () => {
    expect(secondsFromEnv("WEBHOOK_RETRY_DELAY_SECONDS", 30, { WEBHOOK_RETRY_DELAY_SECONDS: "1" })).toBe(1);
    expect(secondsFromEnv("WEBHOOK_RETRY_DELAY_SECONDS", 30, { WEBHOOK_RETRY_DELAY_SECONDS: "3600" })).toBe(3600);
  });

  it.each(["0", "3601", "1.5", "soon", "-5"])("refuse %j rather than run with a surprising delay", (raw) => {
    expect(() => secondsFromEnv("WEBHOOK_LEASE_SECONDS", 60, { WEBHOOK_LEASE_SECONDS: raw })).toThrow(
      /WEBHOOK_LEASE_SECONDS must be a whole number of seconds from 1 to 3600/,
    );
  });
});
