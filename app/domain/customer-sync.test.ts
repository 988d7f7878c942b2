import { describe, expect, it } from "vitest";
import { isStalePayload, payloadProducedAt, readInstant } from "./customer-sync";

describe("payloadProducedAt", () => {
  it("prefers X-Shopify-Triggered-At, then the payload's updated_at", () => {
    expect(payloadProducedAt("2026-03-01T10:00:00.000Z", "2026-02-01T10:00:00-05:00")).toEqual(new Date("2026-03-01T10:00:00Z"));
    expect(payloadProducedAt(null, "2026-02-01T10:00:00-05:00")).toEqual(new Date("2026-02-01T15:00:00Z"));
    expect(payloadProducedAt("not a time", "2026-02-01T10:00:00Z")).toEqual(new Date("2026-02-01T10:00:00Z"));
    expect(payloadProducedAt(undefined, undefined)).toBeNull();
  });

  it("reads only ISO date-times", () => {
    expect(readInstant("5")).toBeNull();
    expect(readInstant("May 5, 2026")).toBeNull();
    expect(readInstant("2026-13-45T99:99:00Z")).toBeNull();
    expect(readInstant("2026-05-05T08:30:00+02:00")).toEqual(new Date("2026-05-05T06:30:00Z"));
  });
});

describe("isStalePayload", () => {
  const synced = new Date("2026-03-01T10:00:00Z");

  it("is stale only when strictly older than what was applied", () => {
    expect(isStalePayload(new Date("2026-03-01T09:59:59Z"), synced)).toBe(true);
    expect(isStalePayload(new Date("2026-03-01T10:00:00Z"), synced)).toBe(false);
    expect(isStalePayload(new Date("2026-03-01T10:00:01Z"), synced)).toBe(false);
  });

  it("applies what cannot be compared", () => {
    expect(isStalePayload(null, synced)).toBe(false);
    expect(isStalePayload(new Date("2020-01-01T00:00:00Z"), null)).toBe(false);
  });
});
