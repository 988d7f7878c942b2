import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contactUpdate,
  customerTagsOf,
  isStalePayload,
  payloadProducedAt,
  readCustomerTags,
  readInstant,
  type GivenContact,
} from "./customer-sync";

describe("payloadProducedAt", () => {
  it("prefers X-Shopify-Triggered-At, then the payload's updated_at", () => {
    expect(payloadProducedAt("2026-03-01T10:00:00.000Z", "2026-02-01T10:00:00-05:00")).toEqual(
      new Date("2026-03-01T10:00:00Z"),
    );
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

describe("contactUpdate", () => {
  const synced = new Date("2026-03-01T10:00:00Z");
  const later = new Date("2026-03-01T11:00:00Z");

  it("applies only the details the payload carries: an order's customer of only {id} changes nothing", () => {
    expect(contactUpdate({}, later, synced)).toEqual({ stale: false, details: {}, syncedAt: null });
    expect(contactUpdate({ email: "ada@example.com", firstName: undefined }, later, synced)).toEqual({
      stale: false,
      details: { email: "ada@example.com" },
      syncedAt: later,
    });
  });

  it("applies a null the payload carries: the customer has no such detail any more", () => {
    expect(contactUpdate({ lastName: null }, later, synced)).toEqual({
      stale: false,
      details: { lastName: null },
      syncedAt: later,
    });
  });

  it("applies nothing from a payload older than the member's details", () => {
    expect(contactUpdate({ email: "old@example.com" }, new Date("2026-03-01T09:00:00Z"), synced)).toEqual({
      stale: true,
    });
  });

  it("never writes a detail the payload does not carry, and is stale exactly when older", () => {
    const detail = fc.option(fc.option(fc.string(), { nil: null }), { nil: undefined });
    const instant = fc.option(
      fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }),
      { nil: null },
    );
    fc.assert(
      fc.property(
        fc.record({ email: detail, firstName: detail, lastName: detail }),
        instant,
        instant,
        (given, producedAt, syncedAt) => {
          const update = contactUpdate(given as GivenContact, producedAt, syncedAt);
          expect(update.stale).toBe(isStalePayload(producedAt, syncedAt));
          if (update.stale) return;
          for (const [field, value] of Object.entries(update.details))
            expect(value).toBe(given[field as keyof typeof given]);
          const carried = Object.entries(given)
            .filter(([, value]) => value !== undefined)
            .map(([field]) => field);
          expect(Object.keys(update.details).sort()).toEqual(carried.sort());
          expect(update.syncedAt).toBe(carried.length > 0 ? producedAt : null);
        },
      ),
    );
  });
});

describe("customer tags", () => {
  it.each([
    ["VIP, Wholesale ,vip,, ", ["vip", "wholesale"]],
    ["", []],
    [
      ["Gold", " b "],
      ["gold", "b"],
    ],
    [null, undefined],
    [undefined, undefined],
    [42, undefined],
  ] as const)("%j reads as %j", (tags, expected) => {
    expect(customerTagsOf(tags)).toEqual(expected);
  });

  it("reads back what it stores, and nothing from what does not read", () => {
    expect(readCustomerTags(JSON.stringify(customerTagsOf("A, b")))).toEqual(["a", "b"]);
    expect(readCustomerTags("not json")).toEqual([]);
    expect(readCustomerTags("{}")).toEqual([]);
  });
});
