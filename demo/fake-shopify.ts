/**
 * An in-memory Shopify Admin API for the demo and tests: creates discount codes without
 * the network, and can be told to fail in the ways the real one does so the error paths
 * can be seen.
 */
import type { CustomerAddress, CustomerDiscountInput, ShopifyGateway } from "../app/shopify/gateway.server";
import { ShopifyAccessDeniedError, ShopifyGatewayError } from "../app/shopify/gateway.server";

export interface FakeShopify extends ShopifyGateway {
  readonly discounts: (CustomerDiscountInput & { shop: string; discountId: string })[];
  /**
   * The next `count` discount creations fail: "refused" creates nothing (an outage, a user
   * error); "answer_lost" creates the code but the answer never arrives (a timeout).
   */
  failNext(count?: number, how?: "refused" | "answer_lost"): void;
  /** The next `count` code lookups fail, as when Shopify cannot be reached at all. */
  failLookups(count?: number): void;
  /** Product id → tags, as the merchant tagged them in Shopify; set what a test needs. */
  readonly productTagsById: Map<string, string[]>;
  /** Every product-tags request, to prove when the app asks and when it does not. */
  readonly productTagRequests: { shop: string; productIds: string[] }[];
  /**
   * The next `count` product-tags requests fail: "unavailable" as in an outage,
   * "access_denied" as when the merchant has not approved read_products yet.
   */
  failProductTags(count?: number, how?: "unavailable" | "access_denied"): void;
  /** Customer id → default address; a customer not listed has none. */
  readonly customerAddresses: Map<string, CustomerAddress>;
}

export function createFakeShopify(currency = "USD"): FakeShopify {
  const discounts: FakeShopify["discounts"] = [];
  let failures = 0;
  let failureMode: "refused" | "answer_lost" = "refused";
  let lookupFailures = 0;
  let productTagFailures = 0;
  let productTagFailure: "unavailable" | "access_denied" = "unavailable";
  const productTagsById = new Map<string, string[]>();
  const productTagRequests: FakeShopify["productTagRequests"] = [];
  const customerAddresses = new Map<string, CustomerAddress>();
  return {
    discounts,
    productTagsById,
    productTagRequests,
    customerAddresses,
    failProductTags(count = 1, how = "unavailable") {
      productTagFailures = count;
      productTagFailure = how;
    },
    failNext(count = 1, how = "refused") {
      failures = count;
      failureMode = how;
    },
    failLookups(count = 1) {
      lookupFailures = count;
    },
    async createCustomerDiscountCode(shop, input) {
      const discountId = `gid://shopify/DiscountCodeNode/${discounts.length + 1}`;
      if (failures > 0) {
        failures--;
        if (failureMode === "answer_lost") {
          discounts.push({ ...input, shop, discountId });
          throw new ShopifyGatewayError("Shopify Admin API request failed: the operation timed out.");
        }
        throw new ShopifyGatewayError("Shopify Admin API answered HTTP 503.");
      }
      discounts.push({ ...input, shop, discountId });
      return { discountId };
    },
    async findDiscountCode(shop, code) {
      if (lookupFailures > 0) {
        lookupFailures--;
        throw new ShopifyGatewayError("Shopify Admin API request failed: fetch failed.");
      }
      const found = discounts.find((d) => d.shop === shop && d.code === code);
      return found ? { discountId: found.discountId } : null;
    },
    async deleteDiscount(shop, discountId) {
      const index = discounts.findIndex((d) => d.shop === shop && d.discountId === discountId);
      if (index >= 0) discounts.splice(index, 1);
    },
    async productTags(shop, productIds) {
      productTagRequests.push({ shop, productIds: [...productIds] });
      if (productTagFailures > 0) {
        productTagFailures--;
        if (productTagFailure === "access_denied") {
          throw new ShopifyAccessDeniedError(
            "Shopify Admin API errors: Access denied for nodes field. Required access: `read_products`.",
          );
        }
        throw new ShopifyGatewayError("Shopify Admin API answered HTTP 503.");
      }
      return new Map(
        productIds.flatMap((id) => (productTagsById.has(id) ? [[id, [...productTagsById.get(id)!]] as const] : [])),
      );
    },
    async customerDefaultAddress(_shop, customerId) {
      return customerAddresses.get(customerId) ?? null;
    },
    async shopCurrency() {
      return currency;
    },
  };
}
