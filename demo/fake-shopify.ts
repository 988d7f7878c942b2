/**
 * An in-memory Shopify Admin API for the demo and tests: creates discount codes without
 * the network, and can be told to fail so the error paths can be seen.
 */
import type { CustomerDiscountInput, ShopifyGateway } from "../app/shopify/gateway.server";
import { ShopifyGatewayError } from "../app/shopify/gateway.server";

export interface FakeShopify extends ShopifyGateway {
  readonly discounts: (CustomerDiscountInput & { shop: string; discountId: string })[];
  /** Makes the next `count` discount creations fail like an Admin API outage. */
  failNext(count?: number): void;
}

export function createFakeShopify(currency = "USD"): FakeShopify {
  const discounts: FakeShopify["discounts"] = [];
  let failures = 0;
  return {
    discounts,
    failNext(count = 1) {
      failures = count;
    },
    async createCustomerDiscountCode(shop, input) {
      if (failures > 0) {
        failures--;
        throw new ShopifyGatewayError("Shopify Admin API answered HTTP 503.");
      }
      const discountId = `gid://shopify/DiscountCodeNode/${discounts.length + 1}`;
      discounts.push({ ...input, shop, discountId });
      return { discountId };
    },
    async shopCurrency() {
      return currency;
    },
  };
}
