/**
 * The real Admin API gateway's calls for members' facts and tier perks, through Shopify's own
 * client with only the network replaced: the requests it sends, Shopify's documented answers
 * (userErrors, THROTTLED with its cost extension, TAKEN definitions) and what they become.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
// Loaded first: its Node adapter sets the real fetch when imported (see shopify-gateway.test.ts).
import "../../app/shopify.server";
import {
  METAFIELDS_SET_BATCH,
  shopifyGateway,
  ShopifyGatewayError,
  ShopifyThrottledError,
} from "../../app/shopify/gateway.server";
import { installShop } from "../support/factories";
import { jsonAnswer, useStubbedAdminApi } from "../support/stubbed-admin-api";

const { captured, answers } = useStubbedAdminApi();
const json = jsonAnswer;

const throttled = () =>
  json({
    errors: [
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ],
    extensions: {
      cost: {
        requestedQueryCost: 752,
        actualQueryCost: null,
        throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 652, restoreRate: 50 },
      },
    },
  });

describe("Admin API gateway: facts", () => {
  it("adds and removes only the given tags of the customer", async () => {
    const shop = await installShop(db);
    answers.push(() => json({ data: { tagsAdd: { node: { id: "gid://shopify/Customer/7" }, userErrors: [] } } }));
    answers.push(() => json({ data: { tagsRemove: { node: { id: "gid://shopify/Customer/7" }, userErrors: [] } } }));
    await shopifyGateway().addCustomerTags(shop.domain, "7", ["loyalty:tier:Gold"]);
    await shopifyGateway().removeCustomerTags(shop.domain, "7", ["loyalty:tier:Silver"]);
    expect(captured.map((c) => [c.body.query.includes("tagsAdd") ? "add" : "remove", c.body.variables])).toEqual([
      ["add", { id: "gid://shopify/Customer/7", tags: ["loyalty:tier:Gold"] }],
      ["remove", { id: "gid://shopify/Customer/7", tags: ["loyalty:tier:Silver"] }],
    ]);
  });

  it("THROTTLED becomes a throttled error saying how long the bucket takes to refill", async () => {
    const shop = await installShop(db);
    answers.push(throttled);
    const error = await shopifyGateway()
      .addCustomerTags(shop.domain, "7", ["loyalty:member"])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyThrottledError);
    // 100 points missing at 50 a second.
    expect((error as ShopifyThrottledError).retryAfterMs).toBe(2_000);
  });

  it("sets metafields in calls of at most 25, and names the refused value with its code", async () => {
    const shop = await installShop(db);
    const metafields = Array.from({ length: METAFIELDS_SET_BATCH + 5 }, (_, i) => ({
      customerId: String(i + 1),
      namespace: "loyalty_bazaar",
      key: "balance",
      type: "number_integer",
      value: String(i),
    }));
    const ok = () => json({ data: { metafieldsSet: { metafields: [], userErrors: [] } } });
    answers.push(ok, ok);
    await shopifyGateway().setCustomerMetafields(shop.domain, metafields);
    expect(captured.map((c) => (c.body.variables!.metafields as unknown[]).length)).toEqual([25, 5]);
    expect((captured[0]!.body.variables!.metafields as unknown[])[0]).toEqual({
      ownerId: "gid://shopify/Customer/1",
      namespace: "loyalty_bazaar",
      key: "balance",
      type: "number_integer",
      value: "0",
    });

    answers.push(() =>
      json({
        data: {
          metafieldsSet: {
            metafields: null,
            userErrors: [
              {
                field: ["metafields", "0", "value"],
                message: "Value must be an integer.",
                code: "INVALID_VALUE",
                elementIndex: 0,
              },
            ],
          },
        },
      }),
    );
    await expect(shopifyGateway().setCustomerMetafields(shop.domain, metafields.slice(0, 1))).rejects.toThrow(
      /Value must be an integer\. \(INVALID_VALUE\)/,
    );
  });

  it("creates customer definitions readable on the storefront, and one that exists is no error", async () => {
    const shop = await installShop(db);
    answers.push(() =>
      json({
        data: {
          metafieldDefinitionCreate: {
            createdDefinition: { id: "gid://shopify/MetafieldDefinition/1" },
            userErrors: [],
          },
        },
      }),
    );
    answers.push(() =>
      json({
        data: {
          metafieldDefinitionCreate: {
            createdDefinition: null,
            userErrors: [
              {
                field: ["definition", "key"],
                message: "Key is in use for Customer metafields on the 'loyalty_bazaar' namespace.",
                code: "TAKEN",
              },
            ],
          },
        },
      }),
    );
    const definition = { namespace: "loyalty_bazaar", type: "number_integer", name: "n", description: "d" };
    const result = await shopifyGateway().createCustomerMetafieldDefinitions(shop.domain, [
      { ...definition, key: "balance" },
      { ...definition, key: "points_expiring" },
    ]);
    expect(result).toEqual({ created: 1 });
    expect(captured[0]!.body.variables!.definition).toMatchObject({
      ownerType: "CUSTOMER",
      access: { storefront: "PUBLIC_READ" },
      key: "balance",
    });

    answers.push(() =>
      json({
        data: {
          metafieldDefinitionCreate: {
            createdDefinition: null,
            userErrors: [{ message: "Type is invalid", code: "INVALID" }],
          },
        },
      }),
    );
    await expect(
      shopifyGateway().createCustomerMetafieldDefinitions(shop.domain, [{ ...definition, key: "x" }]),
    ).rejects.toBeInstanceOf(ShopifyGatewayError);
  });
});

describe("Admin API gateway: the app's installation metafields", () => {
  it("asks for the installation's id, then sets app-data metafields owned by it", async () => {
    const shop = await installShop(db);
    const installation = "gid://shopify/AppInstallation/1002334195";
    answers.push(() => json({ data: { currentAppInstallation: { id: installation } } }));
    answers.push(() =>
      json({
        data: {
          metafieldsSet: {
            metafields: [
              {
                id: "gid://shopify/Metafield/1069229411",
                namespace: "loyalty_bazaar",
                key: "pages",
                value: '[{"pattern":"/pages/lookbook","label":"Lookbook"}]',
                type: "json",
              },
            ],
            userErrors: [],
          },
        },
      }),
    );
    const gateway = shopifyGateway();
    expect(await gateway.currentAppInstallationId(shop.domain)).toBe(installation);
    await gateway.setAppInstallationMetafields(shop.domain, installation, [
      {
        namespace: "loyalty_bazaar",
        key: "pages",
        type: "json",
        value: '[{"pattern":"/pages/lookbook","label":"Lookbook"}]',
      },
    ]);
    expect(captured[0]!.body.query).toMatch(/currentAppInstallation\s*{\s*id\s*}/);
    expect(captured[1]!.body.query).toContain("metafieldsSet(metafields: $metafields)");
    expect(captured[1]!.body.variables).toEqual({
      metafields: [
        {
          ownerId: installation,
          namespace: "loyalty_bazaar",
          key: "pages",
          type: "json",
          value: '[{"pattern":"/pages/lookbook","label":"Lookbook"}]',
        },
      ],
    });
  });

  it("a missing installation and a refused value are errors, naming Shopify's reason", async () => {
    const shop = await installShop(db);
    answers.push(() => json({ data: { currentAppInstallation: null } }));
    await expect(shopifyGateway().currentAppInstallationId(shop.domain)).rejects.toThrow(ShopifyGatewayError);

    answers.push(() =>
      json({
        data: {
          metafieldsSet: {
            metafields: [],
            userErrors: [
              {
                field: ["metafields", "0", "value"],
                message: "Value is invalid JSON: unexpected token at 'x'.",
                code: "INVALID_VALUE",
                elementIndex: 0,
              },
            ],
          },
        },
      }),
    );
    await expect(
      shopifyGateway().setAppInstallationMetafields(shop.domain, "gid://shopify/AppInstallation/1", [
        { namespace: "loyalty_bazaar", key: "pages", type: "json", value: "x" },
      ]),
    ).rejects.toThrow(/invalid JSON.*\(INVALID_VALUE\)/);
  });
});

describe("Admin API gateway: tier perks", () => {
  it("creates a segment and an automatic free-shipping discount limited to it", async () => {
    const shop = await installShop(db);
    answers.push(() =>
      json({ data: { segmentCreate: { segment: { id: "gid://shopify/Segment/5" }, userErrors: [] } } }),
    );
    answers.push(() =>
      json({
        data: {
          discountAutomaticFreeShippingCreate: {
            automaticDiscountNode: { id: "gid://shopify/DiscountAutomaticNode/9" },
            userErrors: [],
          },
        },
      }),
    );
    const { segmentId } = await shopifyGateway().createSegment(shop.domain, {
      name: "Loyalty tier: Gold",
      query: "customer_tags CONTAINS 'loyalty:tier:Gold'",
    });
    const { discountId } = await shopifyGateway().createSegmentDiscount(shop.domain, {
      title: "Gold members: free shipping",
      segmentId,
      perk: { type: "free_shipping" },
    });
    expect(discountId).toBe("gid://shopify/DiscountAutomaticNode/9");
    expect(captured[1]!.body.variables!.discount).toMatchObject({
      title: "Gold members: free shipping",
      context: { customerSegments: { add: ["gid://shopify/Segment/5"] } },
      destination: { all: true },
    });
  });

  it("a percentage off is a basic automatic discount on every item; refusals and deletions of what is gone", async () => {
    const shop = await installShop(db);
    answers.push(() =>
      json({
        data: {
          discountAutomaticBasicCreate: {
            automaticDiscountNode: null,
            userErrors: [
              {
                field: ["automaticBasicDiscount", "context"],
                message: "Customer segments are invalid",
                code: "INVALID",
              },
            ],
          },
        },
      }),
    );
    await expect(
      shopifyGateway().createSegmentDiscount(shop.domain, {
        title: "Gold members: 10% off",
        segmentId: "gid://shopify/Segment/404",
        perk: { type: "percent_off", percent: 10 },
      }),
    ).rejects.toThrow(/Customer segments are invalid \(INVALID\)/);
    expect(captured[0]!.body.variables!.discount).toMatchObject({
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    });

    answers.push(() =>
      json({
        data: {
          discountAutomaticDelete: {
            deletedAutomaticDiscountId: null,
            userErrors: [{ message: "Discount does not exist", code: "INVALID" }],
          },
        },
      }),
    );
    await shopifyGateway().deleteAutomaticDiscount(shop.domain, "gid://shopify/DiscountAutomaticNode/1");
  });
});
