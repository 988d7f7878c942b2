/**
 * An in-memory Shopify Admin API for the demo and tests: creates discount codes without
 * the network, and can be told to fail in the ways the real one does so the error paths
 * can be seen.
 */
import type {
  CodeDiscountInput,
  CustomerAddress,
  FreeShippingCodeInput,
  MetafieldDefinitionInput,
  SegmentDiscountInput,
  ShopifyGateway,
  StoreCreditInput,
} from "../app/shopify/gateway.server";
import { currencyExponent, toMinorUnits } from "../app/domain/money";
import {
  METAFIELDS_SET_BATCH,
  ShopifyAccessDeniedError,
  ShopifyGatewayError,
  ShopifyRefusedError,
  ShopifyThrottledError,
} from "../app/shopify/gateway.server";

/** A customer as the fake Shopify holds it: tags and metafields ("namespace.key" → type and value). */
export interface FakeCustomer {
  tags: Set<string>;
  metafields: Map<string, { type: string; value: string }>;
}

/** One call that writes a customer's facts, as the app sent it. */
export type FactCall =
  | { method: "tagsAdd" | "tagsRemove"; shop: string; customerId: string; tags: string[] }
  | { method: "metafieldsSet"; shop: string; metafields: { customerId: string; key: string; value: string }[] }
  | { method: "metafieldsDelete"; shop: string; metafields: { customerId: string; key: string }[] };

/** A code the app created, as it asked for it: a basic code (amount or percentage) or free shipping. */
export type FakeDiscountCode = { shop: string; discountId: string } & (
  ({ type: "basic" } & CodeDiscountInput) | ({ type: "free_shipping" } & FreeShippingCodeInput)
);

/** One store credit transaction, as the app asked for it. */
export type FakeStoreCredit = StoreCreditInput & { shop: string; transactionId: string };

export interface FakeShopify extends ShopifyGateway {
  readonly discounts: FakeDiscountCode[];
  readonly storeCredits: FakeStoreCredit[];
  /** What a customer's store credit account holds in a currency, in minor units (from the credits). */
  storeCreditBalance(shop: string, customerId: string, currencyCode: string): number;
  /**
   * The next `count` creations (codes and store credit) fail: "refused" creates nothing (an
   * outage, a user error); "answer_lost" creates it but the answer never arrives (a timeout).
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
  /** The shop's customers by id, created as the app first writes to them (or as a test sets them up). */
  customer(shop: string, customerId: string): FakeCustomer;
  /** Every call that wrote customer tags or metafields, in order. */
  readonly factCalls: FactCall[];
  /**
   * The next `count` tag or metafield writes fail as Shopify does: "throttled" (THROTTLED,
   * nothing written, retry after a few milliseconds) or "refused" (a user error).
   */
  failFactWrites(count?: number, how?: "throttled" | "refused"): void;
  /** Metafield definitions per shop ("namespace.key"), and how many creations were asked. */
  readonly metafieldDefinitions: Map<string, Map<string, MetafieldDefinitionInput>>;
  readonly segments: { shop: string; segmentId: string; name: string; query: string }[];
  readonly automaticDiscounts: (SegmentDiscountInput & { shop: string; discountId: string })[];
  /** The app's installation on a shop, as currentAppInstallation answers it (made on first ask). */
  appInstallationId(shop: string): string;
  /** The app-data metafields of the app's installation on a shop ("namespace.key" → type and value). */
  appMetafields(shop: string): Map<string, { type: string; value: string }>;
  /** Every app-data metafield write, in order. */
  readonly appMetafieldCalls: { shop: string; ownerId: string; keys: string[] }[];
  /** The next `count` app-data metafield writes fail as Shopify does when it cannot be reached. */
  failAppMetafieldWrites(count?: number): void;
}

export function createFakeShopify(currency = "USD"): FakeShopify {
  const discounts: FakeShopify["discounts"] = [];
  const storeCredits: FakeShopify["storeCredits"] = [];
  let failures = 0;
  let failureMode: "refused" | "answer_lost" = "refused";
  let lookupFailures = 0;
  let productTagFailures = 0;
  let productTagFailure: "unavailable" | "access_denied" = "unavailable";
  const productTagsById = new Map<string, string[]>();
  const productTagRequests: FakeShopify["productTagRequests"] = [];
  const customerAddresses = new Map<string, CustomerAddress>();
  const customers = new Map<string, FakeCustomer>();
  const factCalls: FactCall[] = [];
  let factFailures = 0;
  let factFailure: "throttled" | "refused" = "throttled";
  const metafieldDefinitions: FakeShopify["metafieldDefinitions"] = new Map();
  const segments: FakeShopify["segments"] = [];
  const automaticDiscounts: FakeShopify["automaticDiscounts"] = [];
  let nextId = 1;
  const installations = new Map<string, { id: string; metafields: Map<string, { type: string; value: string }> }>();
  const appMetafieldCalls: FakeShopify["appMetafieldCalls"] = [];
  let appMetafieldFailures = 0;
  const installation = (shop: string) => {
    if (!installations.has(shop))
      installations.set(shop, { id: `gid://shopify/AppInstallation/${nextId++}`, metafields: new Map() });
    return installations.get(shop)!;
  };
  const customer = (shop: string, customerId: string) => {
    const id = `${shop}|${customerId}`;
    if (!customers.has(id)) customers.set(id, { tags: new Set(), metafields: new Map() });
    return customers.get(id)!;
  };
  /** A creation as Shopify answers it while told to fail: refused (nothing made), or made with the answer lost. */
  const createOrFail = (create: () => void) => {
    if (failures > 0) {
      failures--;
      if (failureMode === "answer_lost") {
        create();
        throw new ShopifyGatewayError("Shopify Admin API request failed: the operation timed out.");
      }
      throw new ShopifyGatewayError("Shopify Admin API answered HTTP 503.");
    }
    create();
  };
  /** Shopify's answers to a write it does not run: THROTTLED, or a user error. */
  const failFactWrite = (what: string) => {
    if (factFailures <= 0) return;
    factFailures--;
    if (factFailure === "throttled")
      throw new ShopifyThrottledError("Shopify Admin API throttled the request (THROTTLED).", 5);
    throw new ShopifyRefusedError(
      `Shopify did not ${what}: Owner subtype does not match the metafield definition's constraints. (INVALID_VALUE)`,
    );
  };
  return {
    appInstallationId: (shop) => installation(shop).id,
    appMetafields: (shop) => installation(shop).metafields,
    appMetafieldCalls,
    failAppMetafieldWrites(count = 1) {
      appMetafieldFailures = count;
    },
    async currentAppInstallationId(shop) {
      return installation(shop).id;
    },
    async setAppInstallationMetafields(shop, installationId, metafields) {
      if (appMetafieldFailures > 0) {
        appMetafieldFailures--;
        throw new ShopifyGatewayError("Shopify Admin API answered HTTP 503.");
      }
      const own = installation(shop);
      // Another shop's installation (or a made-up id) is not this app's to write on.
      if (installationId !== own.id) {
        throw new ShopifyRefusedError("Shopify did not set the app's metafields: Owner does not exist. (INVALID)");
      }
      for (const m of metafields) {
        if (m.type !== "json") continue;
        try {
          JSON.parse(m.value);
        } catch {
          throw new ShopifyRefusedError(
            "Shopify did not set the app's metafields: Value is invalid JSON: unexpected token. (INVALID_VALUE)",
          );
        }
      }
      appMetafieldCalls.push({ shop, ownerId: installationId, keys: metafields.map((m) => `${m.namespace}.${m.key}`) });
      for (const m of metafields) own.metafields.set(`${m.namespace}.${m.key}`, { type: m.type, value: m.value });
    },
    discounts,
    factCalls,
    metafieldDefinitions,
    segments,
    automaticDiscounts,
    customer,
    failFactWrites(count = 1, how = "throttled") {
      factFailures = count;
      factFailure = how;
    },
    async addCustomerTags(shop, customerId, tags) {
      failFactWrite("add the customer's tags");
      factCalls.push({ method: "tagsAdd", shop, customerId, tags: [...tags] });
      for (const tag of tags) customer(shop, customerId).tags.add(tag);
    },
    async removeCustomerTags(shop, customerId, tags) {
      failFactWrite("remove the customer's tags");
      factCalls.push({ method: "tagsRemove", shop, customerId, tags: [...tags] });
      for (const tag of tags) customer(shop, customerId).tags.delete(tag);
    },
    async customerTags(shop, customerIds) {
      return new Map(customerIds.map((id) => [id, [...customer(shop, id).tags]]));
    },
    async setCustomerMetafields(shop, metafields) {
      for (let start = 0; start < metafields.length; start += METAFIELDS_SET_BATCH) {
        const batch = metafields.slice(start, start + METAFIELDS_SET_BATCH);
        failFactWrite("set the customer metafields");
        for (const m of batch) {
          const defined = metafieldDefinitions.get(shop)?.get(`${m.namespace}.${m.key}`);
          if (defined && defined.type !== m.type) {
            throw new ShopifyRefusedError(
              `Shopify did not set the customer metafields: Type must be ${defined.type} for this definition. (INVALID_TYPE)`,
            );
          }
        }
        factCalls.push({
          method: "metafieldsSet",
          shop,
          metafields: batch.map((m) => ({ customerId: m.customerId, key: m.key, value: m.value })),
        });
        for (const m of batch) {
          customer(shop, m.customerId).metafields.set(`${m.namespace}.${m.key}`, { type: m.type, value: m.value });
        }
      }
    },
    async deleteCustomerMetafields(shop, metafields) {
      for (let start = 0; start < metafields.length; start += METAFIELDS_SET_BATCH) {
        const batch = metafields.slice(start, start + METAFIELDS_SET_BATCH);
        failFactWrite("delete the customer metafields");
        factCalls.push({
          method: "metafieldsDelete",
          shop,
          metafields: batch.map((m) => ({ customerId: m.customerId, key: m.key })),
        });
        for (const m of batch) customer(shop, m.customerId).metafields.delete(`${m.namespace}.${m.key}`);
      }
    },
    async createCustomerMetafieldDefinitions(shop, definitions) {
      if (!metafieldDefinitions.has(shop)) metafieldDefinitions.set(shop, new Map());
      const defined = metafieldDefinitions.get(shop)!;
      let created = 0;
      for (const definition of definitions) {
        const id = `${definition.namespace}.${definition.key}`;
        if (defined.has(id)) continue; // Shopify answers TAKEN, which the gateway treats as done
        defined.set(id, { ...definition });
        created++;
      }
      return { created };
    },
    async createSegment(shop, segment) {
      if (segments.some((s) => s.shop === shop && s.name === segment.name)) {
        throw new ShopifyRefusedError(
          `Shopify did not create the segment "${segment.name}": Name has already been taken`,
        );
      }
      const segmentId = `gid://shopify/Segment/${nextId++}`;
      segments.push({ shop, segmentId, ...segment });
      return { segmentId };
    },
    async updateSegment(shop, segmentId, segment) {
      const found = segments.find((s) => s.shop === shop && s.segmentId === segmentId);
      if (!found)
        throw new ShopifyRefusedError(`Shopify did not update the segment "${segment.name}": Segment does not exist`);
      Object.assign(found, segment);
    },
    async deleteSegment(shop, segmentId) {
      if (automaticDiscounts.some((d) => d.shop === shop && d.segmentId === segmentId)) {
        throw new ShopifyRefusedError("Shopify did not delete the segment: Segment is used by a discount");
      }
      const index = segments.findIndex((s) => s.shop === shop && s.segmentId === segmentId);
      if (index >= 0) segments.splice(index, 1);
    },
    async createSegmentDiscount(shop, discount) {
      if (!segments.some((s) => s.shop === shop && s.segmentId === discount.segmentId)) {
        throw new ShopifyRefusedError(
          `Shopify did not create the discount "${discount.title}": Customer segments are invalid`,
        );
      }
      const discountId = `gid://shopify/DiscountAutomaticNode/${nextId++}`;
      automaticDiscounts.push({ ...discount, shop, discountId });
      return { discountId };
    },
    async updateSegmentDiscount(shop, discountId, discount) {
      const found = automaticDiscounts.find((d) => d.shop === shop && d.discountId === discountId);
      if (!found)
        throw new ShopifyRefusedError(
          `Shopify did not update the discount "${discount.title}": Discount does not exist`,
        );
      Object.assign(found, discount);
    },
    async deleteAutomaticDiscount(shop, discountId) {
      const index = automaticDiscounts.findIndex((d) => d.shop === shop && d.discountId === discountId);
      if (index >= 0) automaticDiscounts.splice(index, 1);
    },
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
    async createCodeDiscount(shop, input) {
      const discountId = `gid://shopify/DiscountCodeNode/${nextId++}`;
      createOrFail(() => discounts.push({ ...input, type: "basic", shop, discountId }));
      return { discountId };
    },
    async createFreeShippingCode(shop, input) {
      const discountId = `gid://shopify/DiscountCodeNode/${nextId++}`;
      createOrFail(() => discounts.push({ ...input, type: "free_shipping", shop, discountId }));
      return { discountId };
    },
    async creditStoreCredit(shop, input) {
      if (toMinorUnits(input.amount, currencyExponent(input.currencyCode)) === null) {
        throw new ShopifyRefusedError(
          `Shopify did not credit ${input.amount} ${input.currencyCode} of store credit: Amount is invalid (INVALID_AMOUNT)`,
        );
      }
      const transactionId = `gid://shopify/StoreCreditAccountCreditTransaction/${nextId++}`;
      createOrFail(() => storeCredits.push({ ...input, shop, transactionId }));
      return { transactionId };
    },
    storeCredits,
    storeCreditBalance(shop, customerId, currencyCode) {
      const exponent = currencyExponent(currencyCode);
      return storeCredits
        .filter((c) => c.shop === shop && c.customerId === customerId && c.currencyCode === currencyCode)
        .reduce((sum, c) => sum + (toMinorUnits(c.amount, exponent) ?? 0), 0);
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
    // The demo has no orders at Shopify to bring in: a bulk query finishes at once, empty
    // (Shopify's url is null when a query found nothing).
    async startOrdersBulkQuery() {
      return { bulkOperationId: `gid://shopify/BulkOperation/${nextId++}` };
    },
    async bulkOperation() {
      return { status: "COMPLETED", errorCode: null, objectCount: 0, url: null };
    },
    // eslint-disable-next-line require-yield
    async *bulkOperationLines() {
      return;
    },
  };
}
