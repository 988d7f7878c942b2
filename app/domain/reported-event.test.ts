import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEventRequestBody } from "./events-api";
import { toRuleEvent, widgetEventSchema } from "./reported-event";
import { ruleEventSchema } from "./rules";

describe("one vocabulary for reported events", () => {
  const shared = ["visit", "store_search", "offer_viewed", "share"] as const;
  const field = fc.oneof(
    fc.constant(undefined),
    fc.constant(""),
    fc.constant("  "),
    fc.string({ maxLength: 3 }),
    fc.integer(),
  );
  const report = fc.record(
    {
      type: fc.constantFrom(...shared),
      subject: fc.oneof(fc.constantFrom("product", "programme", "store"), field),
      productId: field,
      network: field,
      offerId: field,
    },
    { requiredKeys: ["type"] },
  );
  const fromApi = (event: object) =>
    parseEventRequestBody(new TextEncoder().encode(JSON.stringify({ customerId: "1", ...event }))).ok;

  it("makes the widget and the events API accept and refuse the same events", () => {
    fc.assert(
      fc.property(report, (event) => {
        expect(widgetEventSchema.safeParse(event).success).toBe(fromApi(event));
      }),
    );
  });

  it("refuses a product share without its product from the widget, the API and the engine alike", () => {
    const share = { type: "share", subject: "product", network: "x" };
    expect(widgetEventSchema.safeParse(share).success).toBe(false);
    expect(fromApi(share)).toBe(false);
    expect(ruleEventSchema.safeParse(share).success).toBe(false);
    expect(ruleEventSchema.safeParse({ ...share, productId: "7" }).success).toBe(true);
  });
});

describe("toRuleEvent", () => {
  it("uses the report's id as a custom event's id, so the award's ledger key carries it", () => {
    expect(toRuleEvent({ type: "custom", action: "app_launched" }, "key-1")).toEqual({
      type: "custom",
      key: "app_launched",
      eventId: "key-1",
    });
    expect(() => toRuleEvent({ type: "custom", action: "app_launched" })).toThrow();
  });

  it("keeps only the engine's fields: no customer, and the product only for product shares", () => {
    const api = { type: "follow", customerId: "1", network: "instagram" } as const;
    expect(toRuleEvent(api, "key-2")).toEqual({ type: "follow", network: "instagram" });
    expect(toRuleEvent({ type: "share", subject: "programme", productId: "7", network: "x" })).toEqual({
      type: "share",
      subject: "programme",
      network: "x",
    });
  });

  it("gives every report an event the engine's own schema accepts", () => {
    const reports = [
      { type: "visit" },
      { type: "page_visit", url: "/pages/lookbook" },
      { type: "store_search" },
      { type: "offer_viewed", offerId: "spring" },
      { type: "share", subject: "product", productId: "7", network: "x" },
      { type: "follow", network: "tiktok" },
      { type: "custom", action: "app_launched" },
    ] as const;
    for (const report of reports)
      expect(ruleEventSchema.safeParse(toRuleEvent(report, "k")).success, report.type).toBe(true);
  });
});
