import { describe, expect, it } from "vitest";
import { backfillSince, readBulkOrderLine } from "./bulk-order";

const line = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: "gid://shopify/Order/450789469",
    createdAt: "2026-11-01T10:00:00Z",
    processedAt: "2026-11-01T09:59:00-05:00",
    cancelledAt: null,
    email: "bob@example.com",
    displayFinancialStatus: "PAID",
    totalPriceSet: { shopMoney: { amount: "123.45", currencyCode: "USD" } },
    subtotalPriceSet: { shopMoney: { amount: "100.00", currencyCode: "USD" } },
    currentSubtotalPriceSet: { shopMoney: { amount: "100.00", currencyCode: "USD" } },
    customer: { id: "gid://shopify/Customer/207119551", email: "bob@example.com", firstName: "Bob", lastName: null },
    ...overrides,
  });

describe("readBulkOrderLine", () => {
  it("reads an order with its customer, numeric ids and the total in minor units", () => {
    expect(readBulkOrderLine(line())).toEqual({
      kind: "order",
      order: {
        orderId: "450789469",
        placedAt: new Date("2026-11-01T14:59:00Z"),
        totalMinor: 12345,
        currencyCode: "USD",
        cancelledAt: null,
        paidAt: new Date("2026-11-01T14:59:00Z"),
        spendMinor: 10000,
        refundedMinor: 0,
        email: "bob@example.com",
        customer: { id: "207119551", email: "bob@example.com", firstName: "Bob", lastName: null },
      },
    });
  });

  it("reads the refunded part of the subtotal as what the current subtotal no longer holds", () => {
    const read = readBulkOrderLine(
      line({
        displayFinancialStatus: "PARTIALLY_REFUNDED",
        currentSubtotalPriceSet: { shopMoney: { amount: "62.50", currencyCode: "USD" } },
      }),
    );
    expect(read).toMatchObject({ kind: "order", order: { spendMinor: 10000, refundedMinor: 3750 } });
    const refunded = readBulkOrderLine(
      line({
        displayFinancialStatus: "REFUNDED",
        currentSubtotalPriceSet: { shopMoney: { amount: "0.00", currencyCode: "USD" } },
      }),
    );
    expect(refunded).toMatchObject({ kind: "order", order: { refundedMinor: 10000, paidAt: expect.any(Date) } });
  });

  it.each(["PENDING", "AUTHORIZED", "PARTIALLY_PAID", "VOIDED", "EXPIRED", null])(
    "reads an order whose financial status is %s as not paid",
    (status) => {
      expect(readBulkOrderLine(line({ displayFinancialStatus: status }))).toMatchObject({
        kind: "order",
        order: { paidAt: null, spendMinor: 10000 },
      });
    },
  );

  it("reads an order without a subtotal as no spend", () => {
    expect(readBulkOrderLine(line({ subtotalPriceSet: null, currentSubtotalPriceSet: undefined }))).toMatchObject({
      kind: "order",
      order: { spendMinor: 0, refundedMinor: 0 },
    });
  });

  it("reads a guest order, a cancelled one, and a zero-decimal currency", () => {
    const read = readBulkOrderLine(
      line({
        customer: null,
        processedAt: null,
        cancelledAt: "2026-11-02T00:00:00Z",
        totalPriceSet: { shopMoney: { amount: "1500", currencyCode: "JPY" } },
      }),
    );
    expect(read).toMatchObject({
      kind: "order",
      order: {
        customer: null,
        placedAt: new Date("2026-11-01T10:00:00Z"),
        cancelledAt: new Date("2026-11-02T00:00:00Z"),
        totalMinor: 1500,
        currencyCode: "JPY",
      },
    });
  });

  it.each([
    ["not JSON", "{oops"],
    ["a child object", JSON.stringify({ id: "gid://shopify/LineItem/1", __parentId: "gid://shopify/Order/1" })],
    ["an id that is not an order", line({ id: "gid://shopify/Customer/1" })],
    ["an amount that is not a decimal", line({ totalPriceSet: { shopMoney: { amount: "1e3", currencyCode: "USD" } } })],
    [
      "a subtotal that is not a decimal",
      line({ subtotalPriceSet: { shopMoney: { amount: "ten", currencyCode: "USD" } } }),
    ],
  ])("skips %s", (_what, text) => {
    expect(readBulkOrderLine(text).kind).toBe("skip");
  });
});

describe("backfillSince", () => {
  it("goes back whole days", () => {
    expect(backfillSince(new Date("2026-12-02T00:00:00Z"), 60)).toEqual(new Date("2026-10-03T00:00:00Z"));
  });
});
