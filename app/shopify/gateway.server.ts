/**
 * Every call the app makes to Shopify's Admin API goes through this gateway, so tests and
 * the offline demo replace Shopify in one place (`setShopifyGateway`).
 */
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import type { Combines } from "../domain/rewards/catalogue";

/** What a code takes off: an amount in the shop currency ("5.00") or a fraction (0.1 = 10%). */
export type CodeDiscountValue = { kind: "amount"; amount: string } | { kind: "percentage"; percentage: number };

/** What a code applies to; ids are Shopify's numeric ids (as stored on a Reward). */
export type CodeDiscountItems =
  | { kind: "all" }
  | { kind: "variants"; variantIds: readonly string[] }
  | { kind: "products"; productIds: readonly string[] };

/** What every loyalty code shares: single use, for one customer, within an optional end. */
interface LoyaltyCodeInput {
  /** Shopify customer id (numeric, as in webhooks and the app proxy). */
  customerId: string;
  code: string;
  title: string;
  /** A minimum order subtotal in the shop currency ("50.00"); null: none. */
  minimumSubtotal: string | null;
  /** When the code stops working; null: never. */
  endsAt: Date | null;
  combinesWith: Combines;
}

/** An amount-off or percentage-off code (discountCodeBasicCreate). */
export interface CodeDiscountInput extends LoyaltyCodeInput {
  value: CodeDiscountValue;
  items: CodeDiscountItems;
}

/** A free-shipping code (discountCodeFreeShippingCreate). */
export interface FreeShippingCodeInput extends LoyaltyCodeInput {
  /** The most a shipping rate may cost to be free ("15.00"); null: any rate. */
  maxShippingPrice: string | null;
}

/** Store credit added to a customer's account in one currency (storeCreditAccountCredit). */
export interface StoreCreditInput {
  customerId: string;
  /** A decimal string in `currencyCode`, e.g. "10.00". */
  amount: string;
  currencyCode: string;
}

export interface ShopifyGateway {
  /** A single-use amount-off or percentage-off code that only this customer can use. */
  createCodeDiscount(shop: string, input: CodeDiscountInput): Promise<{ discountId: string }>;
  /** A single-use free-shipping code that only this customer can use. */
  createFreeShippingCode(shop: string, input: FreeShippingCodeInput): Promise<{ discountId: string }>;
  /** Credits the customer's store credit account (Shopify opens one in that currency if needed). */
  creditStoreCredit(shop: string, input: StoreCreditInput): Promise<{ transactionId: string }>;
  /** The shop's currency, to price points and rewards in it. */
  shopCurrency(shop: string): Promise<string>;
  /** The discount holding `code`, if Shopify has one: did an interrupted redemption get its code? */
  findDiscountCode(shop: string, code: string): Promise<{ discountId: string } | null>;
  /**
   * Deletes a code the app created (a cancelled redemption, or one released meanwhile). A code
   * Shopify no longer has counts as deleted.
   */
  deleteDiscount(shop: string, discountId: string): Promise<void>;
  /**
   * The tags of each product (numeric ids, as in order webhooks, which carry no tags). A
   * product Shopify no longer has is left out of the map.
   */
  productTags(shop: string, productIds: readonly string[]): Promise<Map<string, string[]>>;
  /** The customer's default address, for the self-referral check; null when there is none. */
  customerDefaultAddress(shop: string, customerId: string): Promise<CustomerAddress | null>;
  /** Adds tags to a customer (tagsAdd): the customer's other tags stay as they are. */
  addCustomerTags(shop: string, customerId: string, tags: readonly string[]): Promise<void>;
  /** Removes these tags from a customer (tagsRemove), and only these. */
  removeCustomerTags(shop: string, customerId: string, tags: readonly string[]): Promise<void>;
  /** Each customer's tags (a customer Shopify no longer has is left out), for a resync. */
  customerTags(shop: string, customerIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Sets customer metafields (metafieldsSet), in calls of at most METAFIELDS_SET_BATCH. */
  setCustomerMetafields(shop: string, metafields: readonly CustomerMetafieldInput[]): Promise<void>;
  /** Deletes customer metafields (metafieldsDelete); one that does not exist is no error. */
  deleteCustomerMetafields(shop: string, metafields: readonly CustomerMetafieldKey[]): Promise<void>;
  /**
   * Creates customer metafield definitions; one that exists already ("taken") is no error.
   * Returns how many were created now.
   */
  createCustomerMetafieldDefinitions(
    shop: string,
    definitions: readonly MetafieldDefinitionInput[],
  ): Promise<{ created: number }>;
  /** A customer segment (segmentCreate); names are unique in a shop. */
  createSegment(shop: string, segment: SegmentInput): Promise<{ segmentId: string }>;
  updateSegment(shop: string, segmentId: string, segment: SegmentInput): Promise<void>;
  /** Deletes a segment; one Shopify no longer has is no error. */
  deleteSegment(shop: string, segmentId: string): Promise<void>;
  /** An automatic discount (no code) for the customers of one segment: free shipping or a percentage off. */
  createSegmentDiscount(shop: string, discount: SegmentDiscountInput): Promise<{ discountId: string }>;
  updateSegmentDiscount(shop: string, discountId: string, discount: SegmentDiscountInput): Promise<void>;
  /** Deletes an automatic discount; one Shopify no longer has is no error. */
  deleteAutomaticDiscount(shop: string, discountId: string): Promise<void>;
  /** The id of the app's installation on the shop (currentAppInstallation): the owner of app-data metafields. */
  currentAppInstallationId(shop: string): Promise<string>;
  /**
   * Sets app-data metafields (metafieldsSet with the installation as owner): readable only by
   * this app, and by its theme app extension in Liquid as `app.metafields.<namespace>.<key>`.
   */
  setAppInstallationMetafields(
    shop: string,
    installationId: string,
    metafields: readonly AppMetafieldInput[],
  ): Promise<void>;
  /**
   * Starts a bulk query (bulkOperationRunQuery) of the orders created since `since`: one JSONL
   * line per order (ORDERS_BULK_FIELDS). Shopify runs one bulk query per app and shop at a time.
   */
  startOrdersBulkQuery(shop: string, since: Date): Promise<{ bulkOperationId: string }>;
  /** A bulk operation's state, to poll until it is no longer running. */
  bulkOperation(shop: string, bulkOperationId: string): Promise<BulkOperationState>;
  /** The lines of a finished bulk operation's JSONL file (its `url`), read as they arrive. */
  bulkOperationLines(url: string): AsyncGenerator<string>;
}

/** BulkOperation as Shopify describes it (status, errorCode, url; url is null when there is no data). */
export interface BulkOperationState {
  status: "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";
  errorCode: string | null;
  objectCount: number;
  url: string | null;
}

/** An app-data metafield to set on the app's installation. */
export interface AppMetafieldInput {
  namespace: string;
  key: string;
  /** Shopify's type name, e.g. "json". */
  type: string;
  value: string;
}

export interface CustomerMetafieldKey {
  customerId: string;
  namespace: string;
  key: string;
}

export interface CustomerMetafieldInput extends CustomerMetafieldKey {
  /** Shopify's type name, e.g. "number_integer". */
  type: string;
  value: string;
}

export interface MetafieldDefinitionInput {
  namespace: string;
  key: string;
  type: string;
  name: string;
  description: string;
}

export interface SegmentInput {
  name: string;
  /** Shopify's segment query language, e.g. `customer_tags CONTAINS 'x'`. */
  query: string;
}

export interface SegmentDiscountInput {
  title: string;
  segmentId: string;
  perk: { type: "free_shipping" } | { type: "percent_off"; percent: number };
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
 * Shopify ran the mutation and refused it with user errors (an invalid amount, a code taken):
 * a definite answer, nothing was written.
 */
export class ShopifyRefusedError extends ShopifyGatewayError {
  override name = "ShopifyRefusedError";
}

/**
 * Shopify refused for want of an access scope (the merchant has not yet approved a scope a
 * newer version of the app asks for). Asking again will not help until they do.
 */
export class ShopifyAccessDeniedError extends ShopifyGatewayError {
  override name = "ShopifyAccessDeniedError";
}

/**
 * Shopify's rate limit: the request was not run (GraphQL THROTTLED, HTTP 429). Asking again
 * after `retryAfterMs` will succeed; nothing was written.
 */
export class ShopifyThrottledError extends ShopifyGatewayError {
  override name = "ShopifyThrottledError";
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** Shopify's limit of metafields in one metafieldsSet (and metafieldsDelete) call. */
export const METAFIELDS_SET_BATCH = 25;

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

const CODE_BASIC_CREATE = `#graphql
  mutation LoyaltyCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`;

const CODE_FREE_SHIPPING_CREATE = `#graphql
  mutation LoyaltyCodeFreeShippingCreate($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`;

const STORE_CREDIT_CREDIT = `#graphql
  mutation LoyaltyStoreCreditCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
    storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
      storeCreditAccountTransaction { id amount { amount currencyCode } }
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

const TAGS_ADD = `#graphql
  mutation LoyaltyTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } }
  }`;

const TAGS_REMOVE = `#graphql
  mutation LoyaltyTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) { node { id } userErrors { field message } }
  }`;

const CUSTOMER_TAGS = `#graphql
  query LoyaltyCustomerTags($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { id tags } } }`;

const METAFIELDS_SET = `#graphql
  mutation LoyaltyMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) { metafields { key } userErrors { field message code elementIndex } }
  }`;

const METAFIELDS_DELETE = `#graphql
  mutation LoyaltyMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) { deletedMetafields { key } userErrors { field message } }
  }`;

const CURRENT_APP_INSTALLATION = `#graphql
  query LoyaltyCurrentAppInstallation { currentAppInstallation { id } }`;

const METAFIELD_DEFINITION_CREATE = `#graphql
  mutation LoyaltyMetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) { createdDefinition { id } userErrors { field message code } }
  }`;

const SEGMENT_CREATE = `#graphql
  mutation LoyaltySegmentCreate($name: String!, $query: String!) {
    segmentCreate(name: $name, query: $query) { segment { id } userErrors { field message } }
  }`;

const SEGMENT_UPDATE = `#graphql
  mutation LoyaltySegmentUpdate($id: ID!, $name: String, $query: String) {
    segmentUpdate(id: $id, name: $name, query: $query) { segment { id } userErrors { field message } }
  }`;

const SEGMENT_DELETE = `#graphql
  mutation LoyaltySegmentDelete($id: ID!) { segmentDelete(id: $id) { deletedSegmentId userErrors { field message } } }`;

const AUTOMATIC_BASIC_CREATE = `#graphql
  mutation LoyaltyAutomaticBasicCreate($discount: DiscountAutomaticBasicInput!) {
    discountAutomaticBasicCreate(automaticBasicDiscount: $discount) {
      automaticDiscountNode { id } userErrors { field message code }
    }
  }`;

const AUTOMATIC_BASIC_UPDATE = `#graphql
  mutation LoyaltyAutomaticBasicUpdate($id: ID!, $discount: DiscountAutomaticBasicInput!) {
    discountAutomaticBasicUpdate(id: $id, automaticBasicDiscount: $discount) {
      automaticDiscountNode { id } userErrors { field message code }
    }
  }`;

const AUTOMATIC_FREE_SHIPPING_CREATE = `#graphql
  mutation LoyaltyAutomaticFreeShippingCreate($discount: DiscountAutomaticFreeShippingInput!) {
    discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $discount) {
      automaticDiscountNode { id } userErrors { field message code }
    }
  }`;

const AUTOMATIC_FREE_SHIPPING_UPDATE = `#graphql
  mutation LoyaltyAutomaticFreeShippingUpdate($id: ID!, $discount: DiscountAutomaticFreeShippingInput!) {
    discountAutomaticFreeShippingUpdate(id: $id, freeShippingAutomaticDiscount: $discount) {
      automaticDiscountNode { id } userErrors { field message code }
    }
  }`;

const AUTOMATIC_DELETE = `#graphql
  mutation LoyaltyAutomaticDelete($id: ID!) {
    discountAutomaticDelete(id: $id) { deletedAutomaticDiscountId userErrors { field message code } }
  }`;

/** What the backfill reads of each order (app/domain/backfill/bulk-order.ts parses a line). */
export const ORDERS_BULK_FIELDS = `id createdAt processedAt cancelledAt email displayFinancialStatus
  totalPriceSet { shopMoney { amount currencyCode } }
  subtotalPriceSet { shopMoney { amount currencyCode } }
  currentSubtotalPriceSet { shopMoney { amount currencyCode } }
  customer { id email firstName lastName }`;

const BULK_RUN_QUERY = `#graphql
  mutation LoyaltyBulkRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message code } }
  }`;

const BULK_OPERATION = `#graphql
  query LoyaltyBulkOperation($id: ID!) {
    node(id: $id) { ... on BulkOperation { id status errorCode objectCount url } }
  }`;

/** The bulk query of orders created on or after the day of `since` (Shopify's search syntax, a date as its docs show). */
export const ordersBulkQuery = (since: Date) =>
  `{ orders(query: "created_at:>=${since.toISOString().slice(0, 10)}") { edges { node { ${ORDERS_BULK_FIELDS} } } } }`;

const BULK_STATUSES = new Set<BulkOperationState["status"]>([
  "CREATED",
  "RUNNING",
  "COMPLETED",
  "CANCELING",
  "CANCELED",
  "FAILED",
  "EXPIRED",
]);

/** The lines of a streamed body, without their line ends; blank lines are left out. */
async function* linesOf(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    rest += decoder.decode(chunk, { stream: true });
    const lines = rest.split("\n");
    rest = lines.pop()!;
    for (const line of lines) if (line.trim()) yield line;
  }
  rest += decoder.decode();
  if (rest.trim()) yield rest;
}

interface UserError {
  message: string;
  code?: string | null;
  field?: string[] | null;
}

type Payload = { userErrors?: UserError[] } & Record<string, unknown>;

/** The mutation's payload, or a gateway error naming what Shopify refused and why. */
function accepted(data: Record<string, unknown>, field: string, what: string): Payload {
  const payload = data[field] as Payload | null | undefined;
  if (!payload) throw new ShopifyGatewayError(`Shopify did not ${what}: no answer.`);
  const errors = payload.userErrors ?? [];
  if (errors.length > 0) {
    const reasons = errors.map((e) => (e.code ? `${e.message} (${e.code})` : e.message)).join("; ");
    const Failure = mentionsAccessDenied(reasons) ? ShopifyAccessDeniedError : ShopifyRefusedError;
    throw new Failure(`Shopify did not ${what}: ${reasons}`);
  }
  return payload;
}

/** A refused deletion of something Shopify no longer has: it is gone, as asked. */
const isGone = (error: unknown) =>
  error instanceof ShopifyGatewayError && /does not exist|doesn't exist|not found|NOT_FOUND/i.test(error.message);

const customerGid = (customerId: string) => `gid://shopify/Customer/${customerId}`;
/** A numeric id as Shopify's global id; one that is a global id already stays as it is. */
const gidOf = (type: string, id: string) => (id.startsWith("gid://") ? id : `gid://shopify/${type}/${id}`);

/**
 * The fields every loyalty code sends: usable once, by this customer only (context.customers
 * replaces the deprecated customerSelection), from now until its end, above its minimum.
 */
function loyaltyCodeFields(input: LoyaltyCodeInput) {
  return {
    title: input.title,
    code: input.code,
    startsAt: new Date().toISOString(),
    ...(input.endsAt ? { endsAt: input.endsAt.toISOString() } : {}),
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { customers: { add: [customerGid(input.customerId)] } },
    ...(input.minimumSubtotal
      ? { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: input.minimumSubtotal } } }
      : {}),
    combinesWith: {
      orderDiscounts: input.combinesWith.order,
      productDiscounts: input.combinesWith.product,
      shippingDiscounts: input.combinesWith.shipping,
    },
  };
}

/** DiscountCodeBasicInput.customerGets: an amount is taken off once, not on each item. */
function customerGetsOf(input: CodeDiscountInput) {
  const value =
    input.value.kind === "amount"
      ? { discountAmount: { amount: input.value.amount, appliesOnEachItem: false } }
      : { percentage: input.value.percentage };
  const items =
    input.items.kind === "all"
      ? { all: true }
      : input.items.kind === "variants"
        ? { products: { productVariantsToAdd: input.items.variantIds.map((id) => gidOf("ProductVariant", id)) } }
        : { products: { productsToAdd: input.items.productIds.map((id) => gidOf("Product", id)) } };
  return { value, items };
}

/** The created code's id from a code-discount mutation's payload. */
function createdCodeId(data: Record<string, unknown>, field: string, title: string): string {
  const payload = accepted(data, field, `create the discount code "${title}"`);
  const id = (payload.codeDiscountNode as { id?: string } | null | undefined)?.id;
  if (!id) throw new ShopifyGatewayError(`Shopify did not create the discount code "${title}": no discount returned.`);
  return id;
}

/** One automatic discount for a segment's customers, on every order (no code, no minimum). */
function segmentDiscountInput(discount: SegmentDiscountInput) {
  const common = {
    title: discount.title,
    startsAt: new Date().toISOString(),
    context: { customerSegments: { add: [discount.segmentId] } },
  };
  if (discount.perk.type === "free_shipping") {
    return {
      ...common,
      destination: { all: true },
      combinesWith: { orderDiscounts: true, productDiscounts: true, shippingDiscounts: false },
    };
  }
  return {
    ...common,
    customerGets: { value: { percentage: discount.perk.percent / 100 }, items: { all: true } },
    combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
  };
}

/** Shopify's limit of ids in one `nodes` query. */
export const PRODUCT_TAGS_BATCH = 250;

type AdminFor = (shop: string) => Promise<Pick<AdminApiContext, "graphql">>;

/** Default wait after a throttle whose answer does not say how long (Shopify restores 50–2000 points a second). */
const THROTTLE_DEFAULT_WAIT_MS = 1_000;

interface GraphqlBody {
  data?: Record<string, unknown>;
  errors?: unknown;
  extensions?: {
    cost?: {
      requestedQueryCost?: number;
      throttleStatus?: { currentlyAvailable?: number; restoreRate?: number };
    };
  };
}

/** THROTTLED in a GraphQL answer: how long until the bucket holds the query's cost again. */
function throttleOf(body: GraphqlBody | null | undefined): ShopifyThrottledError | null {
  // The answer's own errors, or as Shopify's client wraps them when it throws ({ graphQLErrors }).
  const raw = body?.errors as unknown;
  const list = Array.isArray(raw) ? raw : (raw as { graphQLErrors?: unknown } | undefined)?.graphQLErrors;
  const errors = Array.isArray(list) ? (list as { extensions?: { code?: string } }[]) : [];
  if (!errors.some((e) => e?.extensions?.code === "THROTTLED")) return null;
  const cost = body?.extensions?.cost;
  const missing = (cost?.requestedQueryCost ?? 0) - (cost?.throttleStatus?.currentlyAvailable ?? 0);
  const rate = cost?.throttleStatus?.restoreRate ?? 0;
  const waitMs = missing > 0 && rate > 0 ? Math.ceil((missing / rate) * 1000) : THROTTLE_DEFAULT_WAIT_MS;
  return new ShopifyThrottledError("Shopify Admin API throttled the request (THROTTLED).", waitMs);
}

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
    const body = (error as { body?: GraphqlBody }).body;
    const throttled = throttleOf(body);
    if (throttled) throw throttled;
    const detail = `${(error as Error).message} ${JSON.stringify(body ?? null)}`;
    if (/\b429\b|Too Many Requests/i.test((error as Error).message)) {
      throw new ShopifyThrottledError(
        `Shopify Admin API throttled the request: ${(error as Error).message}`,
        THROTTLE_DEFAULT_WAIT_MS,
      );
    }
    const Failure = mentionsAccessDenied(detail) ? ShopifyAccessDeniedError : ShopifyGatewayError;
    throw new Failure(`Shopify Admin API request failed: ${(error as Error).message}`);
  }
  if (response.status === 429) {
    const seconds = Number(response.headers.get("retry-after"));
    const waitMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : THROTTLE_DEFAULT_WAIT_MS;
    throw new ShopifyThrottledError("Shopify Admin API answered HTTP 429.", waitMs);
  }
  if (response.status === 403) throw new ShopifyAccessDeniedError("Shopify Admin API answered HTTP 403.");
  if (!response.ok) throw new ShopifyGatewayError(`Shopify Admin API answered HTTP ${response.status}.`);
  const body = (await response.json()) as GraphqlBody;
  const throttled = throttleOf(body);
  if (throttled) throw throttled;
  if (body.errors) {
    const detail = JSON.stringify(body.errors);
    const Failure = mentionsAccessDenied(detail) ? ShopifyAccessDeniedError : ShopifyGatewayError;
    throw new Failure(`Shopify Admin API errors: ${detail}`);
  }
  return body.data ?? {};
}

export function createAdminApiGateway(adminFor: AdminFor): ShopifyGateway {
  return {
    async createCodeDiscount(shop, input) {
      const data = await graphqlJson(await adminFor(shop), CODE_BASIC_CREATE, {
        basicCodeDiscount: { ...loyaltyCodeFields(input), customerGets: customerGetsOf(input) },
      });
      return { discountId: createdCodeId(data, "discountCodeBasicCreate", input.title) };
    },
    async createFreeShippingCode(shop, input) {
      const data = await graphqlJson(await adminFor(shop), CODE_FREE_SHIPPING_CREATE, {
        freeShippingCodeDiscount: {
          ...loyaltyCodeFields(input),
          destination: { all: true },
          ...(input.maxShippingPrice ? { maximumShippingPrice: input.maxShippingPrice } : {}),
        },
      });
      return { discountId: createdCodeId(data, "discountCodeFreeShippingCreate", input.title) };
    },
    async creditStoreCredit(shop, input) {
      // The customer's id as the account owner: Shopify credits their account in this
      // currency, opening it on the first credit.
      const data = await graphqlJson(await adminFor(shop), STORE_CREDIT_CREDIT, {
        id: customerGid(input.customerId),
        creditInput: { creditAmount: { amount: input.amount, currencyCode: input.currencyCode }, notify: true },
      });
      const what = `credit ${input.amount} ${input.currencyCode} of store credit`;
      const payload = accepted(data, "storeCreditAccountCredit", what);
      const id = (payload.storeCreditAccountTransaction as { id?: string } | null | undefined)?.id;
      if (!id) throw new ShopifyGatewayError(`Shopify did not ${what}: no transaction returned.`);
      return { transactionId: id };
    },
    async findDiscountCode(shop, code) {
      const data = await graphqlJson(await adminFor(shop), FIND_DISCOUNT, { code });
      const node = data.codeDiscountNodeByCode as { id: string } | null | undefined;
      return node ? { discountId: node.id } : null;
    },
    async deleteDiscount(shop, discountId) {
      try {
        const data = await graphqlJson(await adminFor(shop), DELETE_DISCOUNT, { id: discountId });
        accepted(data, "discountCodeDelete", "delete the discount");
      } catch (error) {
        // Only Shopify's own refusal (a userError: "Discount does not exist") says the code is
        // gone; an HTTP 404 or a top-level error naming "not found" says nothing about it, and a
        // cancellation that took it for deleted would refund a code that still works.
        if (!(error instanceof ShopifyRefusedError && isGone(error))) throw error;
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
    async addCustomerTags(shop, customerId, tags) {
      if (tags.length === 0) return;
      const data = await graphqlJson(await adminFor(shop), TAGS_ADD, { id: customerGid(customerId), tags: [...tags] });
      accepted(data, "tagsAdd", "add the customer's tags");
    },
    async removeCustomerTags(shop, customerId, tags) {
      if (tags.length === 0) return;
      const data = await graphqlJson(await adminFor(shop), TAGS_REMOVE, {
        id: customerGid(customerId),
        tags: [...tags],
      });
      accepted(data, "tagsRemove", "remove the customer's tags");
    },
    async customerTags(shop, customerIds) {
      const tags = new Map<string, string[]>();
      const ids = [...new Set(customerIds)];
      for (let start = 0; start < ids.length; start += PRODUCT_TAGS_BATCH) {
        const batch = ids.slice(start, start + PRODUCT_TAGS_BATCH).map(customerGid);
        const data = await graphqlJson(await adminFor(shop), CUSTOMER_TAGS, { ids: batch });
        const nodes = data.nodes as ({ id?: string; tags?: string[] } | null)[] | undefined;
        if (!Array.isArray(nodes)) throw new ShopifyGatewayError("Shopify did not return the customers.");
        for (const node of nodes) {
          if (node?.id && Array.isArray(node.tags)) tags.set(node.id.split("/").pop()!, node.tags);
        }
      }
      return tags;
    },
    async setCustomerMetafields(shop, metafields) {
      for (let start = 0; start < metafields.length; start += METAFIELDS_SET_BATCH) {
        const batch = metafields.slice(start, start + METAFIELDS_SET_BATCH).map((m) => ({
          ownerId: customerGid(m.customerId),
          namespace: m.namespace,
          key: m.key,
          type: m.type,
          value: m.value,
        }));
        const data = await graphqlJson(await adminFor(shop), METAFIELDS_SET, { metafields: batch });
        accepted(data, "metafieldsSet", "set the customer metafields");
      }
    },
    async deleteCustomerMetafields(shop, metafields) {
      for (let start = 0; start < metafields.length; start += METAFIELDS_SET_BATCH) {
        const batch = metafields.slice(start, start + METAFIELDS_SET_BATCH).map((m) => ({
          ownerId: customerGid(m.customerId),
          namespace: m.namespace,
          key: m.key,
        }));
        const data = await graphqlJson(await adminFor(shop), METAFIELDS_DELETE, { metafields: batch });
        accepted(data, "metafieldsDelete", "delete the customer metafields");
      }
    },
    async currentAppInstallationId(shop) {
      const data = await graphqlJson(await adminFor(shop), CURRENT_APP_INSTALLATION);
      const id = (data.currentAppInstallation as { id?: string } | null | undefined)?.id;
      if (!id) throw new ShopifyGatewayError("Shopify did not return the app's installation.");
      return id;
    },
    async setAppInstallationMetafields(shop, installationId, metafields) {
      for (let start = 0; start < metafields.length; start += METAFIELDS_SET_BATCH) {
        const batch = metafields.slice(start, start + METAFIELDS_SET_BATCH).map((m) => ({
          ownerId: installationId,
          namespace: m.namespace,
          key: m.key,
          type: m.type,
          value: m.value,
        }));
        const data = await graphqlJson(await adminFor(shop), METAFIELDS_SET, { metafields: batch });
        accepted(data, "metafieldsSet", "set the app's metafields");
      }
    },
    async createCustomerMetafieldDefinitions(shop, definitions) {
      let created = 0;
      for (const definition of definitions) {
        const data = await graphqlJson(await adminFor(shop), METAFIELD_DEFINITION_CREATE, {
          definition: {
            ...definition,
            ownerType: "CUSTOMER",
            // A merchant-owned namespace: the admin and every app read it already; themes
            // and the Storefront API only when the definition says so.
            access: { storefront: "PUBLIC_READ" },
          },
        });
        const payload = data.metafieldDefinitionCreate as Payload | null | undefined;
        const errors = payload?.userErrors ?? [];
        // TAKEN: the definition exists (an earlier install). Anything else is a refusal.
        if (errors.length > 0 && errors.every((e) => e.code === "TAKEN")) continue;
        accepted(
          data,
          "metafieldDefinitionCreate",
          `create the metafield definition ${definition.namespace}.${definition.key}`,
        );
        created++;
      }
      return { created };
    },
    async createSegment(shop, segment) {
      const data = await graphqlJson(await adminFor(shop), SEGMENT_CREATE, { ...segment });
      const payload = accepted(data, "segmentCreate", `create the segment "${segment.name}"`);
      const id = (payload.segment as { id?: string } | null | undefined)?.id;
      if (!id)
        throw new ShopifyGatewayError(`Shopify did not create the segment "${segment.name}": no segment returned.`);
      return { segmentId: id };
    },
    async updateSegment(shop, segmentId, segment) {
      const data = await graphqlJson(await adminFor(shop), SEGMENT_UPDATE, { id: segmentId, ...segment });
      accepted(data, "segmentUpdate", `update the segment "${segment.name}"`);
    },
    async deleteSegment(shop, segmentId) {
      try {
        const data = await graphqlJson(await adminFor(shop), SEGMENT_DELETE, { id: segmentId });
        accepted(data, "segmentDelete", "delete the segment");
      } catch (error) {
        if (!isGone(error)) throw error;
      }
    },
    async createSegmentDiscount(shop, discount) {
      const [mutation, field] =
        discount.perk.type === "free_shipping"
          ? [AUTOMATIC_FREE_SHIPPING_CREATE, "discountAutomaticFreeShippingCreate"]
          : [AUTOMATIC_BASIC_CREATE, "discountAutomaticBasicCreate"];
      const data = await graphqlJson(await adminFor(shop), mutation, { discount: segmentDiscountInput(discount) });
      const payload = accepted(data, field, `create the discount "${discount.title}"`);
      const id = (payload.automaticDiscountNode as { id?: string } | null | undefined)?.id;
      if (!id)
        throw new ShopifyGatewayError(`Shopify did not create the discount "${discount.title}": no discount returned.`);
      return { discountId: id };
    },
    async updateSegmentDiscount(shop, discountId, discount) {
      const [mutation, field] =
        discount.perk.type === "free_shipping"
          ? [AUTOMATIC_FREE_SHIPPING_UPDATE, "discountAutomaticFreeShippingUpdate"]
          : [AUTOMATIC_BASIC_UPDATE, "discountAutomaticBasicUpdate"];
      // startsAt stays as created: an update does not restart the discount.
      const { startsAt: _startsAt, ...input } = segmentDiscountInput(discount);
      const data = await graphqlJson(await adminFor(shop), mutation, { id: discountId, discount: input });
      accepted(data, field, `update the discount "${discount.title}"`);
    },
    async deleteAutomaticDiscount(shop, discountId) {
      try {
        const data = await graphqlJson(await adminFor(shop), AUTOMATIC_DELETE, { id: discountId });
        accepted(data, "discountAutomaticDelete", "delete the discount");
      } catch (error) {
        if (!isGone(error)) throw error;
      }
    },
    async startOrdersBulkQuery(shop, since) {
      const data = await graphqlJson(await adminFor(shop), BULK_RUN_QUERY, { query: ordersBulkQuery(since) });
      const payload = accepted(data, "bulkOperationRunQuery", "start the bulk query of orders");
      const id = (payload.bulkOperation as { id?: string } | null | undefined)?.id;
      if (!id) throw new ShopifyGatewayError("Shopify did not start the bulk query of orders: no operation returned.");
      return { bulkOperationId: id };
    },
    async bulkOperation(shop, bulkOperationId) {
      const data = await graphqlJson(await adminFor(shop), BULK_OPERATION, { id: bulkOperationId });
      const node = data.node as
        | { status?: string; errorCode?: string | null; objectCount?: string | number; url?: string | null }
        | null
        | undefined;
      if (!node?.status || !BULK_STATUSES.has(node.status as BulkOperationState["status"]))
        throw new ShopifyGatewayError(`Shopify did not return the bulk operation ${bulkOperationId}.`);
      return {
        status: node.status as BulkOperationState["status"],
        errorCode: node.errorCode ?? null,
        // UnsignedInt64 arrives as a string.
        objectCount: Number(node.objectCount ?? 0),
        url: node.url ?? null,
      };
    },
    async *bulkOperationLines(url) {
      // A signed download link to Shopify's storage, not the Admin API: no token is sent.
      const response = await fetch(url);
      if (!response.ok || !response.body)
        throw new ShopifyGatewayError(`Shopify's bulk operation file answered HTTP ${response.status}.`);
      yield* linesOf(response.body);
    },
    async shopCurrency(shop) {
      const data = await graphqlJson(await adminFor(shop), SHOP_CURRENCY);
      const currency = (data.shop as { currencyCode?: string } | undefined)?.currencyCode;
      if (!currency) throw new ShopifyGatewayError("Shopify did not return the shop currency.");
      return currency;
    },
  };
}
