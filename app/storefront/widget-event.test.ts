import { describe, expect, it } from "vitest";
import { namesAnotherCustomer, parseWidgetEvent } from "./widget-event";

const noQuery = new URLSearchParams();

describe("parseWidgetEvent", () => {
  it("accepts each widget event and drops fields it does not know", () => {
    expect(parseWidgetEvent({ type: "visit", points: 1000 })).toEqual({ ok: true, event: { type: "visit" } });
    expect(parseWidgetEvent({ type: "page_visit", url: "/pages/lookbook?utm=x" })).toEqual({
      ok: true,
      event: { type: "page_visit", url: "/pages/lookbook?utm=x" },
    });
    expect(parseWidgetEvent({ type: "share", subject: "product", productId: "7", network: "x" })).toMatchObject({
      ok: true,
    });
    expect(parseWidgetEvent({ type: "share", subject: "programme", network: "email" })).toMatchObject({ ok: true });
    expect(parseWidgetEvent({ type: "store_search" })).toMatchObject({ ok: true });
    expect(parseWidgetEvent({ type: "offer_viewed", offerId: "spring" })).toMatchObject({ ok: true });
  });

  it.each([
    ["no body", undefined],
    ["an unknown type", { type: "order_paid", orderId: "1" }],
    ["a custom event (server-to-server only)", { type: "custom", key: "app_launched", eventId: "1" }],
    ["a page visit without a URL", { type: "page_visit" }],
    ["a product share without the product", { type: "share", subject: "product", network: "x" }],
    ["a share without a network", { type: "share", subject: "programme" }],
    ["an offer without its id", { type: "offer_viewed" }],
  ])("refuses %s with a message", (_label, body) => {
    const parsed = parseWidgetEvent(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/^This event is not valid \(.+\)\.$/);
  });
});

describe("namesAnotherCustomer", () => {
  it.each([
    { customerId: "99" },
    { customer_id: 99 },
    { CustomerID: "99" },
    { customer: "99" },
    { loggedInCustomerId: "99" },
    { logged_in_customer_id: "99" },
    { memberId: "m1" },
    { customerId: "gid://shopify/Customer/99" },
    { customer: { id: "42" } },
  ])("refuses a body naming someone else: %j", (body) => {
    expect(namesAnotherCustomer({ type: "visit", ...body }, noQuery, "42")).toBe(true);
  });

  it("ignores a body naming the signed customer, or nobody", () => {
    expect(namesAnotherCustomer({ type: "visit", customerId: "42" }, noQuery, "42")).toBe(false);
    expect(namesAnotherCustomer({ type: "visit", customer_id: 42 }, noQuery, "42")).toBe(false);
    expect(namesAnotherCustomer({ type: "visit", customerId: "gid://shopify/Customer/42" }, noQuery, "42")).toBe(false);
    expect(namesAnotherCustomer({ type: "visit", customerId: null }, noQuery, "42")).toBe(false);
    expect(namesAnotherCustomer({ type: "visit", productId: "99" }, noQuery, "42")).toBe(false);
    expect(namesAnotherCustomer(null, noQuery, "42")).toBe(false);
  });

  it("refuses a shopper query naming someone else, but not Shopify's own signed parameter", () => {
    const signed = new URLSearchParams({ logged_in_customer_id: "42", shop: "a.myshopify.com" });
    expect(namesAnotherCustomer({ type: "visit" }, signed, "42")).toBe(false);
    expect(namesAnotherCustomer({ type: "visit" }, new URLSearchParams({ customer_id: "99" }), "42")).toBe(true);
  });
});
