/**
 * The real Admin API gateway through Shopify's own client: the offline session from our
 * database, the GraphQL request it sends, and how Shopify's refusals become a gateway error.
 * Only the network is replaced (setAbstractFetchFunc), as Shopify's test helpers intend.
 */
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
// Loaded first: its Node adapter sets the real fetch when imported, which must not run
// after the stub below is in place.
import "../../app/shopify.server";
import { shopifyGateway, ShopifyGatewayError } from "../../app/shopify/gateway.server";
import { installShop } from "../support/factories";

interface Captured {
  url: string;
  headers: Headers;
  body: { query: string; variables?: Record<string, unknown> };
}

let captured: Captured[] = [];
let answer: () => Response | Promise<Response>;

beforeEach(() => {
  captured = [];
  setAbstractFetchFunc(async (input, init) => {
    captured.push({
      url: String(input),
      headers: new Headers(init?.headers as HeadersInit),
      body: JSON.parse(String(init?.body)),
    });
    return answer();
  });
});
afterAll(() => setAbstractFetchFunc(globalThis.fetch));

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });

describe("Admin API gateway", () => {
  it("sends each request to the shop's Admin API with the offline session's token", async () => {
    const shop = await installShop(db);
    const session = await db.session.findFirstOrThrow({ where: { shop: shop.domain } });
    answer = () => json({ data: { shop: { currencyCode: "USD" } } });

    await shopifyGateway().shopCurrency(shop.domain);

    expect(captured).toHaveLength(1);
    const [request] = captured;
    expect(request!.url).toBe(`https://${shop.domain}/admin/api/2026-10/graphql.json`);
    expect(request!.headers.get("x-shopify-access-token")).toBe(session.accessToken);
  });

  it("turns GraphQL errors and network failures into a gateway error", async () => {
    const shop = await installShop(db);
    const failures: (() => Response | Promise<Response>)[] = [
      () => json({ errors: [{ message: "Internal error" }] }),
      () => Promise.reject(new TypeError("fetch failed")),
    ];
    for (const failure of failures) {
      answer = failure;
      await expect(shopifyGateway().findDiscountCode(shop.domain, "LOYAL-AAAA-BBBB")).rejects.toBeInstanceOf(
        ShopifyGatewayError,
      );
    }
  });

  it("finds a discount by its code, or says there is none", async () => {
    const shop = await installShop(db);
    answer = () => json({ data: { codeDiscountNodeByCode: { id: "gid://shopify/DiscountCodeNode/5" } } });
    expect(await shopifyGateway().findDiscountCode(shop.domain, "LOYAL-AAAA-BBBB")).toEqual({
      discountId: "gid://shopify/DiscountCodeNode/5",
    });
    expect(captured.at(-1)!.body.variables).toEqual({ code: "LOYAL-AAAA-BBBB" });
    answer = () => json({ data: { codeDiscountNodeByCode: null } });
    expect(await shopifyGateway().findDiscountCode(shop.domain, "LOYAL-CCCC-DDDD")).toBeNull();
  });

  it("deletes a discount by its id; one Shopify no longer has counts as deleted; other refusals are errors", async () => {
    const shop = await installShop(db);
    answer = () =>
      json({
        data: { discountCodeDelete: { deletedCodeDiscountId: "gid://shopify/DiscountCodeNode/5", userErrors: [] } },
      });
    await shopifyGateway().deleteDiscount(shop.domain, "gid://shopify/DiscountCodeNode/5");
    expect(captured.at(-1)!.body.query).toContain("discountCodeDelete");
    expect(captured.at(-1)!.body.variables).toEqual({ id: "gid://shopify/DiscountCodeNode/5" });
    answer = () =>
      json({
        data: {
          discountCodeDelete: {
            deletedCodeDiscountId: null,
            userErrors: [{ field: ["id"], message: "Discount does not exist" }],
          },
        },
      });
    await shopifyGateway().deleteDiscount(shop.domain, "gid://shopify/DiscountCodeNode/6");
    answer = () =>
      json({
        data: {
          discountCodeDelete: {
            deletedCodeDiscountId: null,
            userErrors: [{ field: ["id"], message: "Discount could not be deleted", code: "INTERNAL_ERROR" }],
          },
        },
      });
    await expect(shopifyGateway().deleteDiscount(shop.domain, "gid://shopify/DiscountCodeNode/7")).rejects.toThrow(
      /could not be deleted/,
    );
  });

  it("reads the shop's currency", async () => {
    const shop = await installShop(db);
    answer = () => json({ data: { shop: { currencyCode: "EUR" } } });
    expect(await shopifyGateway().shopCurrency(shop.domain)).toBe("EUR");
  });
});

describe("installing", () => {
  it("records the shop in its own currency, and still installs when Shopify cannot say", async () => {
    const { recordInstall } = await import("../../app/shops/shops.server");
    const { uniqueShopDomain } = await import("../support/factories");
    const euro = await recordInstall(db, uniqueShopDomain(), "EUR");
    expect(euro.currencyCode).toBe("EUR");
    expect((await db.reward.findFirstOrThrow({ where: { shopId: euro.id } })).title).toBe("€5.00 off your next order");
    const unknown = await recordInstall(db, uniqueShopDomain(), null);
    expect(unknown.currencyCode).toBe("USD");
  });
});
