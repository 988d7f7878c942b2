/**
 * Every call the app makes to Shopify's Admin API goes through this gateway, so tests and
 * the offline demo replace Shopify in one place (`setShopifyGateway`).
 */
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";

export interface CustomerDiscountInput {
  /** Shopify customer id (numeric, as in webhooks and the app proxy). */
  customerId: string;
  code: string;
  title: string;
  /** Amount off as a decimal string in the shop currency, e.g. "5.00". */
  amount: string;
}

export interface ShopifyGateway {
  /** A single-use amount-off code that only this customer can use. */
  createCustomerDiscountCode(shop: string, input: CustomerDiscountInput): Promise<{ discountId: string }>;
  /** The shop's currency, to price points and rewards in it. */
  shopCurrency(shop: string): Promise<string>;
  /** The discount holding `code`, if Shopify has one: did an interrupted redemption get its code? */
  findDiscountCode(shop: string, code: string): Promise<{ discountId: string } | null>;
  /** Deletes a discount the app created (a code whose redemption was released meanwhile). */
  deleteDiscount(shop: string, discountId: string): Promise<void>;
  /**
   * The tags of each product (numeric ids, as in order webhooks, which carry no tags). A
   * product Shopify no longer has is left out of the map.
   */
  productTags(shop: string, productIds: readonly string[]): Promise<Map<string, string[]>>;
  /** The customer's default address, for the self-referral check; null when there is none. */
  customerDefaultAddress(shop: string, customerId: string): Promise<CustomerAddress | null>;
}

export interface CustomerAddress {
  line1: string;
  postalCode?: string;
  countryCode?: string;
}

/** Shopify answered, but not with what we asked for (user errors, HTTP failure, timeout). */
export class ShopifyGatewayError extends Error {
  override name = "ShopifyGatewayError";
}

/**
 * Shopify refused for want of an access scope (the merchant has not yet approved a scope a
 * newer version of the app asks for). Asking again will not help until they do.
 */
export class ShopifyAccessDeniedError extends ShopifyGatewayError {
  override name = "ShopifyAccessDeniedError";
}

const mentionsAccessDenied = (detail: string) => /ACCESS_DENIED|required access/i.test(detail);

const OVERRIDE = Symbol.for("loyalty.shopifyGateway");
type GlobalWithGateway = typeof globalThis & { [OVERRIDE]?: ShopifyGateway };

let adminGateway: ShopifyGateway | undefined;

/**
 * The gateway in force. The override lives on globalThis because the demo and the tests
 * load the server build and this module as separate module instances.
 */
export function shopifyGateway(): ShopifyGateway {
  const override = (globalThis as GlobalWithGateway)[OVERRIDE];
  if (override) return override;
  adminGateway ??= createAdminApiGateway(async (shop) => {
    const { unauthenticated } = await import("../shopify.server");
    return (await unauthenticated.admin(shop)).admin;
  });
  return adminGateway;
}

/** Replaces Shopify for tests and the demo; returns a function that puts it back. */
export function setShopifyGateway(gateway: ShopifyGateway | undefined): () => void {
  const g = globalThis as GlobalWithGateway;
  const previous = g[OVERRIDE];
  g[OVERRIDE] = gateway;
  return () => {
    g[OVERRIDE] = previous;
  };
}

const CREATE_DISCOUNT = `#graphql
  mutation CreateLoyaltyDiscount($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`;

const FIND_DISCOUNT = `#graphql
  query LoyaltyFindDiscount($code: String!) { codeDiscountNodeByCode(code: $code) { id } }`;

const DELETE_DISCOUNT = `#graphql
  mutation LoyaltyDeleteDiscount($id: ID!) {
    discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { field message code } }
  }`;

const SHOP_CURRENCY = `#graphql
  query LoyaltyShopCurrency { shop { currencyCode } }`;

const PRODUCT_TAGS = `#graphql
  query LoyaltyProductTags($ids: [ID!]!) { nodes(ids: $ids) { ... on Product { id tags } } }`;

const CUSTOMER_ADDRESS = `#graphql
  query LoyaltyCustomerAddress($id: ID!) { customer(id: $id) { defaultAddress { address1 zip countryCodeV2 } } }`;

/** Shopify's limit of ids in one `nodes` query. */
export const PRODUCT_TAGS_BATCH = 250;

type AdminFor = (shop: string) => Promise<Pick<AdminApiContext, "graphql">>;

async function graphqlJson(
  admin: Pick<AdminApiContext, "graphql">,
  query: string,
  variables?: Record<string, unknown>,
) {
  let response: Response;
  try {
    response = await admin.graphql(query, variables ? { variables } : undefined);
  } catch (error) {
    // Shopify's client throws GraphQL errors with the response body attached.
    const detail = `${(error as Error).message} ${JSON.stringify((error as { body?: unknown }).body ?? null)}`;
    const Failure = mentionsAccessDenied(detail) ? ShopifyAccessDeniedError : ShopifyGatewayError;
    throw new Failure(`Shopify Admin API request failed: ${(error as Error).message}`);
  }
  if (response.status === 403) throw new ShopifyAccessDeniedError("Shopify Admin API answered HTTP 403.");
  if (!response.ok) throw new ShopifyGatewayError(`Shopify Admin API answered HTTP ${response.status}.`);
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (body.errors) {
    const detail = JSON.stringify(body.errors);
    const Failure = mentionsAccessDenied(detail) ? ShopifyAccessDeniedError : ShopifyGatewayError;
    throw new Failure(`Shopify Admin API errors: ${detail}`);
  }
  return body.data ?? {};
}

export function createAdminApiGateway(adminFor: AdminFor): ShopifyGateway {
  return {
    async createCustomerDiscountCode(shop, input) {
      const data = await graphqlJson(await adminFor(shop), CREATE_DISCOUNT, {
        basicCodeDiscount: {
          title: input.title,
          code: input.code,
          startsAt: new Date().toISOString(),
          usageLimit: 1,
          appliesOncePerCustomer: true,
          context: { customers: { add: [`gid://shopify/Customer/${input.customerId}`] } },
          customerGets: {
            value: { discountAmount: { amount: input.amount, appliesOnEachItem: false } },
            items: { all: true },
          },
          combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
        },
      });
      const result = data.discountCodeBasicCreate as
        { codeDiscountNode: { id: string } | null; userErrors: { message: string }[] } | undefined;
      if (!result || result.userErrors.length > 0 || !result.codeDiscountNode) {
        const reasons = result?.userErrors.map((e) => e.message).join("; ") || "no discount returned";
        throw new ShopifyGatewayError(`Shopify refused the discount code: ${reasons}`);
      }
      return { discountId: result.codeDiscountNode.id };
    },
    async findDiscountCode(shop, code) {
      const data = await graphqlJson(await adminFor(shop), FIND_DISCOUNT, { code });
      const node = data.codeDiscountNodeByCode as { id: string } | null | undefined;
      return node ? { discountId: node.id } : null;
    },
    async deleteDiscount(shop, discountId) {
      const data = await graphqlJson(await adminFor(shop), DELETE_DISCOUNT, { id: discountId });
      const result = data.discountCodeDelete as { userErrors: { message: string }[] } | null | undefined;
      if (!result || result.userErrors.length > 0) {
        const reasons = result?.userErrors.map((e) => e.message).join("; ") || "no answer";
        throw new ShopifyGatewayError(`Shopify did not delete the discount: ${reasons}`);
      }
    },
    async productTags(shop, productIds) {
      const tags = new Map<string, string[]>();
      const ids = [...new Set(productIds)];
      for (let start = 0; start < ids.length; start += PRODUCT_TAGS_BATCH) {
        const batch = ids.slice(start, start + PRODUCT_TAGS_BATCH).map((id) => `gid://shopify/Product/${id}`);
        const data = await graphqlJson(await adminFor(shop), PRODUCT_TAGS, { ids: batch });
        const nodes = data.nodes as ({ id?: string; tags?: string[] } | null)[] | undefined;
        if (!Array.isArray(nodes)) throw new ShopifyGatewayError("Shopify did not return the products.");
        for (const node of nodes) {
          if (node?.id && Array.isArray(node.tags)) tags.set(node.id.split("/").pop()!, node.tags);
        }
      }
      return tags;
    },
    async customerDefaultAddress(shop, customerId) {
      const data = await graphqlJson(await adminFor(shop), CUSTOMER_ADDRESS, {
        id: `gid://shopify/Customer/${customerId}`,
      });
      const address = (
        data.customer as
          | { defaultAddress?: { address1?: string | null; zip?: string | null; countryCodeV2?: string | null } | null }
          | null
          | undefined
      )?.defaultAddress;
      if (!address?.address1) return null;
      return {
        line1: address.address1,
        ...(address.zip ? { postalCode: address.zip } : {}),
        ...(address.countryCodeV2 ? { countryCode: address.countryCodeV2 } : {}),
      };
    },
    async shopCurrency(shop) {
      const data = await graphqlJson(await adminFor(shop), SHOP_CURRENCY);
      const currency = (data.shop as { currencyCode?: string } | undefined)?.currencyCode;
      if (!currency) throw new ShopifyGatewayError("Shopify did not return the shop currency.");
      return currency;
    },
  };
}
