import { describe, expect, it } from "vitest";
import { webhookPayloads } from "./payloads";

describe("webhook payload schemas", () => {
  it("read refund line amounts sent as JSON numbers as their decimal text", () => {
    const refund = webhookPayloads.refund.parse({
      id: 1,
      order_id: 2,
      refund_line_items: [{ subtotal: 89.99, total_tax: 0 }, { subtotal: "19.99" }],
    });
    expect(refund.refund_line_items?.map((line) => line.subtotal)).toEqual(["89.99", "19.99"]);
  });

  it.each([[1e300], [Number.MAX_SAFE_INTEGER], ["90071992547409930.25"], [Number.POSITIVE_INFINITY]])(
    "refuse an amount that cannot be counted exactly: %s",
    (subtotal) => {
      expect(webhookPayloads.refund.safeParse({ id: 1, order_id: 2, refund_line_items: [{ subtotal }] }).success).toBe(
        false,
      );
    },
  );

  it("accept 64-bit ids as digits and refuse what is not an id", () => {
    expect(webhookPayloads.orderReference.safeParse({ id: "9223372036854775807" }).success).toBe(true);
    expect(webhookPayloads.orderReference.safeParse({ id: "9223372036854775808" }).success).toBe(false);
    expect(webhookPayloads.orderReference.safeParse({ id: 2 ** 60 }).success).toBe(false);
    expect(webhookPayloads.orderReference.safeParse({ id: "not-a-number" }).success).toBe(false);
  });
});
