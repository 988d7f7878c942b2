/**
 * Each kind's issuer (app/rewards/issuers.server.ts) through the real Admin API gateway and
 * Shopify's own client, with only the network replaced: the mutation and variables each one
 * sends, Shopify's documented payloads (codeDiscountNode, storeCreditAccountTransaction,
 * userErrors) and what its refusals, THROTTLED and HTTP failures become.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
// Loaded first: its Node adapter sets the real fetch when imported (see shopify-gateway.test.ts).
import "../../app/shopify.server";
import { readRewardRow, type RewardKind, type RewardRow } from "../../app/domain/rewards/catalogue";
import { RedemptionNotCancellableError } from "../../app/rewards/errors";
import { issuerFor } from "../../app/rewards/issuers.server";
import type { IssueRequest } from "../../app/rewards/issuing";
import {
  ShopifyAccessDeniedError,
  ShopifyGatewayError,
  ShopifyRefusedError,
  ShopifyThrottledError,
} from "../../app/shopify/gateway.server";
import { installShop, rewardFixture } from "../support/factories";
import { jsonAnswer, useStubbedAdminApi } from "../support/stubbed-admin-api";

const { captured, answers } = useStubbedAdminApi();
const json = jsonAnswer;

const codeCreated =
  (field: string, id = "gid://shopify/DiscountCodeNode/1057371") =>
  () =>
    json({
      data: { [field]: { codeDiscountNode: { id }, userErrors: [] } },
      extensions: {
        cost: {
          requestedQueryCost: 10,
          actualQueryCost: 10,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 },
        },
      },
    });

const codeRefused = (field: string, error: { field: string[]; message: string; code: string }) => () =>
  json({ data: { [field]: { codeDiscountNode: null, userErrors: [error] } } });

const storeCreditCredited = () =>
  json({
    data: {
      storeCreditAccountCredit: {
        storeCreditAccountTransaction: {
          id: "gid://shopify/StoreCreditAccountCreditTransaction/987",
          amount: { amount: "10.0", currencyCode: "USD" },
        },
        userErrors: [],
      },
    },
  });

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
        requestedQueryCost: 10,
        actualQueryCost: null,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 },
      },
    },
  });

const CUSTOMER = "4242";
const CODE = "LOYAL-ABCD-EFGH";
const EXPIRES = new Date("2031-05-01T00:00:00.000Z");

function request(
  shopDomain: string,
  kind: RewardKind,
  overrides: Partial<Omit<RewardRow, "id" | "kind">> = {},
  redemption: Partial<IssueRequest["redemption"]> = {},
): IssueRequest {
  const reward = readRewardRow({ id: `reward-${kind}`, ...rewardFixture(kind, overrides) });
  const valueMinor = "valueMinor" in reward ? reward.valueMinor : 0;
  return {
    shopDomain,
    currencyCode: "USD",
    customerId: CUSTOMER,
    reward,
    redemption: {
      id: `redemption-${kind}`,
      code: kind === "store_credit" || kind === "custom" ? null : CODE,
      valueMinor,
      expiresAt: null,
      ...redemption,
    },
  };
}

/** What every loyalty code sends: single use, this customer only. */
const singleUseForTheCustomer = {
  code: CODE,
  usageLimit: 1,
  appliesOncePerCustomer: true,
  context: { customers: { add: [`gid://shopify/Customer/${CUSTOMER}`] } },
};

const lastVariables = () => captured.at(-1)!.body.variables!;

describe("issuing each kind of reward at Shopify", () => {
  it("amount_off: the amount off the whole order, with its minimum, end date and combinations", async () => {
    const shop = await installShop(db);
    answers.push(codeCreated("discountCodeBasicCreate"));
    const issued = await issuerFor("amount_off").issue(
      request(
        shop.domain,
        "amount_off",
        { title: "$5 off", valueMinor: 500, minimumOrderMinor: 2500, combinesWithOrder: true },
        { expiresAt: EXPIRES },
      ),
    );

    expect(issued).toEqual({ kind: "discount", discountId: "gid://shopify/DiscountCodeNode/1057371" });
    expect(captured).toHaveLength(1);
    expect(captured[0]!.body.query).toContain("discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount)");
    const input = lastVariables().basicCodeDiscount as Record<string, unknown>;
    expect(input).toMatchObject({
      ...singleUseForTheCustomer,
      title: "Loyalty reward: $5 off",
      endsAt: "2031-05-01T00:00:00.000Z",
      customerGets: { value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } }, items: { all: true } },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "25.00" } },
      combinesWith: { orderDiscounts: true, productDiscounts: true, shippingDiscounts: true },
    });
    expect(Date.parse(input.startsAt as string)).not.toBeNaN();
    expect(input).not.toHaveProperty("customerSelection");
  });

  it("points_to_discount: the value of the steps bought, not of one step; no minimum or end when there is none", async () => {
    const shop = await installShop(db);
    answers.push(codeCreated("discountCodeBasicCreate"));
    await issuerFor("points_to_discount").issue(request(shop.domain, "points_to_discount", {}, { valueMinor: 1200 }));

    const input = lastVariables().basicCodeDiscount as Record<string, unknown>;
    expect(input).toMatchObject({
      ...singleUseForTheCustomer,
      customerGets: { value: { discountAmount: { amount: "12.00", appliesOnEachItem: false } }, items: { all: true } },
    });
    expect(input).not.toHaveProperty("minimumRequirement");
    expect(input).not.toHaveProperty("endsAt");
  });

  it("percent_off: a percentage as Shopify's fraction, above the reward's minimum subtotal", async () => {
    const shop = await installShop(db);
    answers.push(codeCreated("discountCodeBasicCreate"));
    await issuerFor("percent_off").issue(
      request(shop.domain, "percent_off", { percentOff: 10, minimumOrderMinor: 5000 }),
    );

    expect(lastVariables().basicCodeDiscount).toMatchObject({
      ...singleUseForTheCustomer,
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "50.00" } },
    });
  });

  it("free_product: the product's price off once, on that variant only (or any variant of the product)", async () => {
    const shop = await installShop(db);
    answers.push(codeCreated("discountCodeBasicCreate"), codeCreated("discountCodeBasicCreate"));
    await issuerFor("free_product").issue(
      request(shop.domain, "free_product", { productId: "7201", variantId: "42001", valueMinor: 350 }),
    );
    expect(lastVariables().basicCodeDiscount).toMatchObject({
      ...singleUseForTheCustomer,
      customerGets: {
        value: { discountAmount: { amount: "3.50", appliesOnEachItem: false } },
        items: { products: { productVariantsToAdd: ["gid://shopify/ProductVariant/42001"] } },
      },
    });

    await issuerFor("free_product").issue(
      request(shop.domain, "free_product", { productId: "7201", variantId: null, valueMinor: 350 }),
    );
    expect(lastVariables().basicCodeDiscount).toMatchObject({
      customerGets: { items: { products: { productsToAdd: ["gid://shopify/Product/7201"] } } },
    });
  });

  it("free_shipping: to every destination, up to the maximum shipping price, never with another shipping discount", async () => {
    const shop = await installShop(db);
    answers.push(codeCreated("discountCodeFreeShippingCreate"), codeCreated("discountCodeFreeShippingCreate"));
    const issued = await issuerFor("free_shipping").issue(
      request(shop.domain, "free_shipping", { maxShippingMinor: 1500, combinesWithShipping: true }),
    );

    expect(issued).toEqual({ kind: "discount", discountId: "gid://shopify/DiscountCodeNode/1057371" });
    expect(captured[0]!.body.query).toContain(
      "discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount)",
    );
    expect(lastVariables().freeShippingCodeDiscount).toMatchObject({
      ...singleUseForTheCustomer,
      destination: { all: true },
      maximumShippingPrice: "15.00",
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: false },
    });

    await issuerFor("free_shipping").issue(request(shop.domain, "free_shipping", { maxShippingMinor: null }));
    expect(lastVariables().freeShippingCodeDiscount).not.toHaveProperty("maximumShippingPrice");
  });

  it("store_credit: credits the customer's account in the shop currency and keeps the transaction id", async () => {
    const shop = await installShop(db);
    answers.push(storeCreditCredited);
    const issued = await issuerFor("store_credit").issue(request(shop.domain, "store_credit", { valueMinor: 1000 }));

    expect(issued).toEqual({
      kind: "store_credit",
      transactionId: "gid://shopify/StoreCreditAccountCreditTransaction/987",
    });
    expect(captured[0]!.body.query).toContain("storeCreditAccountCredit(id: $id, creditInput: $creditInput)");
    expect(lastVariables()).toEqual({
      id: `gid://shopify/Customer/${CUSTOMER}`,
      creditInput: { creditAmount: { amount: "10.00", currencyCode: "USD" }, notify: true },
    });
  });

  it("custom: nothing is asked of Shopify", async () => {
    const shop = await installShop(db);
    const custom = request(shop.domain, "custom");
    expect(await issuerFor("custom").issue(custom)).toEqual({ kind: "none" });
    expect(await issuerFor("custom").confirm(custom)).toEqual({ kind: "none" });
    await issuerFor("custom").revoke(shop.domain, { kind: "none" });
    expect(captured).toHaveLength(0);
  });
});

describe("after a lost answer, and when a redemption is cancelled", () => {
  const CODE_KINDS = ["amount_off", "percent_off", "free_shipping", "free_product", "points_to_discount"] as const;

  it.each(CODE_KINDS)("%s: asks Shopify for the code itself, found or not", async (kind) => {
    const shop = await installShop(db);
    answers.push(
      () => json({ data: { codeDiscountNodeByCode: { id: "gid://shopify/DiscountCodeNode/5" } } }),
      () => json({ data: { codeDiscountNodeByCode: null } }),
    );
    const issuer = issuerFor(kind);
    expect(await issuer.confirm(request(shop.domain, kind))).toEqual({
      kind: "discount",
      discountId: "gid://shopify/DiscountCodeNode/5",
    });
    expect(captured[0]!.body.query).toContain("codeDiscountNodeByCode(code: $code)");
    expect(captured[0]!.body.variables).toEqual({ code: CODE });
    expect(await issuer.confirm(request(shop.domain, kind))).toBeNull();
  });

  it.each(CODE_KINDS)("%s: revocable; deleting a code Shopify no longer has is done", async (kind) => {
    const shop = await installShop(db);
    answers.push(
      () =>
        json({
          data: { discountCodeDelete: { deletedCodeDiscountId: "gid://shopify/DiscountCodeNode/5", userErrors: [] } },
        }),
      () =>
        json({
          data: {
            discountCodeDelete: {
              deletedCodeDiscountId: null,
              userErrors: [{ field: ["id"], message: "Discount does not exist", code: null }],
            },
          },
        }),
    );
    const issuer = issuerFor(kind);
    expect(issuer.revocable).toBe(true);
    await issuer.revoke(shop.domain, { kind: "discount", discountId: "gid://shopify/DiscountCodeNode/5" });
    expect(captured[0]!.body.query).toContain("discountCodeDelete(id: $id)");
    expect(captured[0]!.body.variables).toEqual({ id: "gid://shopify/DiscountCodeNode/5" });
    await issuer.revoke(shop.domain, { kind: "discount", discountId: "gid://shopify/DiscountCodeNode/5" });
  });

  it.each(CODE_KINDS)(
    "%s: a failed delete whose message happens to say 'not found' is not a deleted code",
    async (kind) => {
      // Only Shopify's own answer (a userError) that the discount does not exist means it is
      // gone; an HTTP 404 or a top-level error must not let a cancellation refund a live code.
      const shop = await installShop(db);
      answers.push(
        () => new Response("Not Found", { status: 404, statusText: "Not Found" }),
        () => json({ errors: [{ message: "Resource not found" }] }),
      );
      const issuer = issuerFor(kind);
      const issued = { kind: "discount", discountId: "gid://shopify/DiscountCodeNode/5" } as const;
      await expect(issuer.revoke(shop.domain, issued)).rejects.toBeInstanceOf(ShopifyGatewayError);
      await expect(issuer.revoke(shop.domain, issued)).rejects.toBeInstanceOf(ShopifyGatewayError);
    },
  );

  it("store credit: Shopify cannot say whether a credit went through, and it cannot be taken back", async () => {
    const shop = await installShop(db);
    const issuer = issuerFor("store_credit");
    expect(await issuer.confirm(request(shop.domain, "store_credit"))).toBe("unknown");
    expect(issuer.revocable).toBe(false);
    await expect(
      issuer.revoke(shop.domain, {
        kind: "store_credit",
        transactionId: "gid://shopify/StoreCreditAccountCreditTransaction/1",
      }),
    ).rejects.toBeInstanceOf(RedemptionNotCancellableError);
    expect(captured).toHaveLength(0);
  });

  it("custom rewards are not revocable at Shopify (the merchant cancels a request)", () => {
    expect(issuerFor("custom").revocable).toBe(false);
  });
});

describe("Shopify's refusals", () => {
  it("a code's userErrors become a refusal (nothing written) naming Shopify's reason", async () => {
    const shop = await installShop(db);
    answers.push(
      codeRefused("discountCodeBasicCreate", {
        field: ["basicCodeDiscount", "code"],
        message: "Code must be unique. Please try a different code.",
        code: "TAKEN",
      }),
      codeRefused("discountCodeFreeShippingCreate", {
        field: ["freeShippingCodeDiscount", "maximumShippingPrice"],
        message: "Maximum shipping price must be greater than 0",
        code: "GREATER_THAN",
      }),
    );
    const taken = issuerFor("amount_off").issue(request(shop.domain, "amount_off"));
    await expect(taken).rejects.toBeInstanceOf(ShopifyRefusedError);
    await expect(taken).rejects.toThrow(
      new ShopifyRefusedError(
        'Shopify did not create the discount code "Loyalty reward: A amount_off reward": Code must be unique. Please try a different code. (TAKEN)',
      ),
    );
    await expect(issuerFor("free_shipping").issue(request(shop.domain, "free_shipping"))).rejects.toThrow(
      /Maximum shipping price must be greater than 0 \(GREATER_THAN\)/,
    );
  });

  it("store credit's userErrors become a refusal; a missing scope an access-denied error", async () => {
    const shop = await installShop(db);
    answers.push(
      () =>
        json({
          data: {
            storeCreditAccountCredit: {
              storeCreditAccountTransaction: null,
              userErrors: [{ field: ["id"], message: "Owner does not exist", code: "OWNER_NOT_FOUND" }],
            },
          },
        }),
      () =>
        json({
          errors: [
            {
              message:
                "Access denied for storeCreditAccountCredit field. Required access: `write_store_credit_account_transactions` access scope.",
              extensions: { code: "ACCESS_DENIED" },
              path: ["storeCreditAccountCredit"],
            },
          ],
          data: { storeCreditAccountCredit: null },
        }),
    );
    const credit = issuerFor("store_credit");
    const refused = credit.issue(request(shop.domain, "store_credit"));
    await expect(refused).rejects.toBeInstanceOf(ShopifyRefusedError);
    await expect(refused).rejects.toThrow(/Owner does not exist \(OWNER_NOT_FOUND\)/);
    await expect(credit.issue(request(shop.domain, "store_credit"))).rejects.toBeInstanceOf(ShopifyAccessDeniedError);
  });

  it("an answer without the created code or transaction is a gateway error, never an issued reward", async () => {
    const shop = await installShop(db);
    answers.push(
      () => json({ data: { discountCodeBasicCreate: { codeDiscountNode: null, userErrors: [] } } }),
      () => json({ data: { storeCreditAccountCredit: { storeCreditAccountTransaction: null, userErrors: [] } } }),
    );
    await expect(issuerFor("percent_off").issue(request(shop.domain, "percent_off"))).rejects.toThrow(
      /no discount returned/,
    );
    await expect(issuerFor("store_credit").issue(request(shop.domain, "store_credit"))).rejects.toThrow(
      /no transaction returned/,
    );
  });

  it.each(["amount_off", "free_shipping", "store_credit"] as const)(
    "%s: THROTTLED becomes a throttled error with the wait the cost extension gives",
    async (kind) => {
      const shop = await installShop(db);
      answers.push(throttled);
      const error = await issuerFor(kind)
        .issue(request(shop.domain, kind))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ShopifyThrottledError);
      // 10 points missing at 100 a second.
      expect((error as ShopifyThrottledError).retryAfterMs).toBe(100);
    },
  );

  it("HTTP failures: 429 is throttled, 503 and a dropped connection are gateway errors", async () => {
    const shop = await installShop(db);
    answers.push(
      () => new Response("", { status: 429, headers: { "retry-after": "2" } }),
      () => new Response("Service Unavailable", { status: 503 }),
      () => Promise.reject(new TypeError("fetch failed")),
      () => new Response("Service Unavailable", { status: 503 }),
    );
    const throttledError = await issuerFor("amount_off")
      .issue(request(shop.domain, "amount_off"))
      .catch((e: unknown) => e);
    expect(throttledError).toBeInstanceOf(ShopifyThrottledError);
    // Shopify's client throws on 429 before its headers reach the gateway: the default wait.
    expect((throttledError as ShopifyThrottledError).retryAfterMs).toBe(1_000);
    await expect(issuerFor("free_product").issue(request(shop.domain, "free_product"))).rejects.toBeInstanceOf(
      ShopifyGatewayError,
    );
    await expect(issuerFor("store_credit").issue(request(shop.domain, "store_credit"))).rejects.toBeInstanceOf(
      ShopifyGatewayError,
    );
    // A lookup that cannot be made throws: the caller keeps the redemption pending.
    await expect(issuerFor("amount_off").confirm(request(shop.domain, "amount_off"))).rejects.toBeInstanceOf(
      ShopifyGatewayError,
    );
  });
});
