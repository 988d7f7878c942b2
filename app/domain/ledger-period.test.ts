import { describe, expect, it } from "vitest";
import { ledgerPeriodSchema, periodInstants } from "./ledger-period";

const parse = (from: string, to: string) => ledgerPeriodSchema.safeParse({ from, to });

describe("ledger export period", () => {
  it("covers a single day, from its first moment to the next day's, in the shop's time zone", () => {
    const days = ledgerPeriodSchema.parse({ from: "2026-11-27", to: "2026-11-27" });
    expect(periodInstants(days, "UTC")).toEqual({
      from: new Date("2026-11-27T00:00:00Z"),
      to: new Date("2026-11-28T00:00:00Z"),
    });
    expect(periodInstants(days, "America/New_York")).toEqual({
      from: new Date("2026-11-27T05:00:00Z"),
      to: new Date("2026-11-28T05:00:00Z"),
    });
    expect(periodInstants(days, "Asia/Tokyo")).toEqual({
      from: new Date("2026-11-26T15:00:00Z"),
      to: new Date("2026-11-27T15:00:00Z"),
    });
  });

  it("includes the last day, across a change of clocks", () => {
    const days = ledgerPeriodSchema.parse({ from: "2026-03-01", to: "2026-03-31" });
    expect(periodInstants(days, "Europe/Paris")).toEqual({
      from: new Date("2026-02-28T23:00:00Z"),
      to: new Date("2026-03-31T22:00:00Z"),
    });
  });

  it("refuses a period that ends before it starts, and text that is not a day", () => {
    expect(parse("2026-11-28", "2026-11-27").error?.issues[0]?.message).toMatch(/must not be after/);
    for (const bad of ["2026-13-01", "2026-02-30", "yesterday", ""])
      expect(parse(bad, "2026-11-27").success, bad).toBe(false);
    expect(ledgerPeriodSchema.safeParse({ from: "2026-11-27" }).success).toBe(false);
  });
});
