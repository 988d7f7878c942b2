/**
 * The Admin API calls that price orders, through Shopify's own client (only the network is
 * replaced): product tags in batches of 250, a customer's default address, and a missing
 * access scope told apart from an outage.
 */
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
// Loaded first: its Node adapter sets the real fetch when imported, which must not run
// after the stub below is in place.
import "../../app/shopify.server";
import {
  PRODUCT_TAGS_BATCH,
  ShopifyAccessDeniedError,
  shopifyGateway,
  ShopifyGatewayError,
} from "../../app/shopify/gateway.server";
import { installShop } from "../support/factories";

type Body = { query: string; variables?: Record<string, unknown> };

let captured: Body[] = [];
let answer: (body: Body) => Response | Promise<Response>;

beforeEach(() => {
  captured = [];
  setAbstractFetchFunc(async (_input, init) => {
    const body = JSON.parse(String(init?.body)) as Body;
    captured.push(body);
    return answer(body);
  });
});
afterAll(() => setAbstractFetchFunc(globalThis.fetch));

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });

describe("product tags", () => {
  it("asks for each product once, in batches of 250, and maps Shopify's ids back to numeric ones", async () => {
    const shop = await installShop(db);
    const ids = Array.from({ length: PRODUCT_TAGS_BATCH + 3 }, (_, i) => String(1000 + i));
    answer = (body) =>
      json({
        data: {
          nodes: (body.variables!.ids as string[]).map((gid) =>
            gid.endsWith("/1001") ? null : { id: gid, tags: gid.endsWith("/1000") ? ["gift-card"] : [] },
          ),
        },
      });

    const tags = await shopifyGateway().productTags(shop.domain, [...ids, "1000"]);

    expect(captured.map((c) => (c.variables!.ids as string[]).length)).toEqual([PRODUCT_TAGS_BATCH, 3]);
    expect(captured[0]!.query).toContain("nodes(ids: $ids)");
    expect((captured[0]!.variables!.ids as string[])[0]).toBe("gid://shopify/Product/1000");
    expect(tags.get("1000")).toEqual(["gift-card"]);
    expect(tags.has("1001")).toBe(false); // deleted in Shopify
    expect(tags.size).toBe(ids.length - 1);
  });

  it("tells a missing access scope apart from an outage", async () => {
    const shop = await installShop(db);
    answer = () =>
      json({
        errors: [
          {
            message: "Access denied for nodes field. Required access: `read_products` access scope.",
            extensions: { code: "ACCESS_DENIED" },
          },
        ],
      });
    const denied = shopifyGateway().productTags(shop.domain, ["1"]);
    await expect(denied).rejects.toBeInstanceOf(ShopifyAccessDeniedError);

    answer = () => json({ errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] });
    const throttled = await shopifyGateway()
      .productTags(shop.domain, ["1"])
      .catch((error: unknown) => error);
    expect(throttled).toBeInstanceOf(ShopifyGatewayError);
    expect(throttled).not.toBeInstanceOf(ShopifyAccessDeniedError);
  });
});

describe("customer default address", () => {
  it("reads the street line, postcode and country, or null when the customer has none", async () => {
    const shop = await installShop(db);
    answer = () =>
      json({ data: { customer: { defaultAddress: { address1: "12 Main St", zip: "10001", countryCodeV2: "US" } } } });
    expect(await shopifyGateway().customerDefaultAddress(shop.domain, "77")).toEqual({
      line1: "12 Main St",
      postalCode: "10001",
      countryCode: "US",
    });
    expect(captured[0]!.variables).toEqual({ id: "gid://shopify/Customer/77" });

    answer = () => json({ data: { customer: { defaultAddress: null } } });
    expect(await shopifyGateway().customerDefaultAddress(shop.domain, "77")).toBeNull();
    answer = () => json({ data: { customer: null } });
    expect(await shopifyGateway().customerDefaultAddress(shop.domain, "78")).toBeNull();
  });
});
