/**
 * Builders for shops, sessions, members and Shopify payloads, shared by the tests and the
 * demo seed, so both exercise the app with the same realistic data.
 */
import { randomUUID } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import type { Db } from "../../app/db.server";
import type { RewardKind, RewardRow } from "../../app/domain/rewards/catalogue";
import { rewardRowOfKind } from "./reward-rows";
import { ensureMember } from "../../app/members/members.server";
import { recordInstall } from "../../app/shops/shops.server";
import { parseWebhookBody } from "../../app/webhooks/json-body";
import { webhookPayloads } from "../../app/webhooks/payloads";
import { documentedExample, webhookPayload, type JsonObject } from "./webhook-fixtures";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export function uniqueShopDomain(prefix = "shop"): string {
  return `${prefix}-${unique()}.myshopify.com`;
}

/** A unique host name label, for domains that are not a shop's. */
export function uniqueDomainless(prefix = "host"): string {
  return `${prefix}-${unique()}`;
}

export function uniqueId(): string {
  return String(Math.floor(Math.random() * 9e12) + 1e12);
}

/** An offline session as token exchange stores it: authenticate.* then needs no network. */
export function offlineSession(shop: string): Session {
  return new Session({
    id: `offline_${shop}`,
    shop,
    state: "installed",
    isOnline: false,
    scope: "read_customers,write_customers,read_orders,write_discounts",
    accessToken: `shpat_${randomUUID().replace(/-/g, "")}`,
  });
}

export async function storeOfflineSession(db: Db, shop: string): Promise<void> {
  const session = offlineSession(shop);
  const data = {
    shop: session.shop,
    state: session.state,
    isOnline: false,
    scope: session.scope ?? null,
    accessToken: session.accessToken ?? "",
  };
  await db.session.upsert({ where: { id: session.id }, create: { id: session.id, ...data }, update: data });
}

/** An installed shop: its programme with default settings and a stored offline session. */
export async function installShop(db: Db, domain = uniqueShopDomain(), currencyCode = "USD") {
  await storeOfflineSession(db, domain);
  return recordInstall(db, domain, currencyCode);
}

export interface CustomerFixture {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
}

export function customerFixture(overrides: Partial<CustomerFixture> = {}): CustomerFixture {
  const id = overrides.id ?? uniqueId();
  return { id, email: `customer${id}@example.com`, first_name: "Test", last_name: `Customer ${id}`, ...overrides };
}

export async function memberWithBalance(db: Db, shopId: string, customer: CustomerFixture, balance: number) {
  const member = await ensureMember(db, shopId, {
    id: customer.id,
    email: customer.email,
    firstName: customer.first_name,
    lastName: customer.last_name,
  });
  if (balance > 0) {
    const { inLedgerTransaction, postEntry } = await import("../../app/ledger/ledger.server");
    await inLedgerTransaction(db, (tx) =>
      postEntry(tx, {
        shopId,
        memberId: member.id,
        points: balance,
        kind: "adjust",
        causeType: "staff",
        causeId: "fixture",
        reason: "Opening balance for a test or the demo",
        idempotencyKey: `fixture:${member.id}:${randomUUID()}`,
      }),
    );
  }
  return member;
}

/**
 * A line of the documented order example, with what the app reads overridden: by default
 * one unit at `price`, no discounts or taxes.
 */
export function orderLineItem(overrides: JsonObject & { price: string }): JsonObject {
  const [example] = documentedExample("orders/paid").line_items as JsonObject[];
  return {
    ...example,
    quantity: 1,
    current_quantity: 1,
    total_discount: "0.00",
    discount_allocations: [],
    tax_lines: [],
    ...overrides,
  };
}

/** The documented example's customer as `customer`: their id, contact details and address. */
function orderCustomer(customer: CustomerFixture & { default_address?: object | null }): JsonObject {
  const example = documentedExample("orders/paid").customer as JsonObject;
  return {
    ...example,
    ...customer,
    id: Number(customer.id),
    admin_graphql_api_id: `gid://shopify/Customer/${customer.id}`,
    default_address: customer.default_address ?? null,
  };
}

/**
 * Shopify's documented orders/paid example, as the order `options` describe: its id, its
 * customer (or a guest checkout), one line at the subtotal, currency, tax and channel.
 */
export function paidOrderPayload(options: {
  id?: string;
  customer?: (CustomerFixture & { default_address?: object | null }) | null;
  subtotal: string;
  currency?: string;
  totalTax?: string;
  taxesIncluded?: boolean;
  sourceName?: string;
}): JsonObject & { id: number } {
  const id = options.id ?? uniqueId();
  return webhookPayload("orders/paid", {
    id: Number(id),
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${1000 + counter++}`,
    currency: options.currency ?? "USD",
    presentment_currency: options.currency ?? "USD",
    financial_status: "paid",
    cancelled_at: null,
    cancel_reason: null,
    source_name: options.sourceName ?? "web",
    subtotal_price: options.subtotal,
    total_price: options.subtotal,
    total_discounts: "0.00",
    total_tax: options.totalTax ?? "0.00",
    taxes_included: options.taxesIncluded ?? false,
    line_items: [orderLineItem({ price: options.subtotal })],
    customer: options.customer ? orderCustomer(options.customer) : null,
  }) as JsonObject & { id: number };
}

/**
 * Shopify's documented refunds/create example for `orderId`: one refund line per subtotal,
 * each a JSON number as Shopify sends it ("25.00" is sent as 25).
 */
export function refundPayload(options: {
  orderId: number | string;
  id?: string;
  subtotals: (string | number)[];
  /** The order's currency, which the lines' money sets carry (as paidOrderPayload's default). */
  currency?: string;
}): JsonObject & { id: number; order_id: number } {
  const id = options.id ?? uniqueId();
  const currency = options.currency ?? "USD";
  const [exampleLine] = documentedExample("refunds/create").refund_line_items as JsonObject[];
  // Shopify sends each amount twice: a number and a money set in shop and presentment currency.
  const moneySet = (amount: number) => {
    const money = { amount: String(amount), currency_code: currency };
    return { shop_money: money, presentment_money: money };
  };
  return webhookPayload("refunds/create", {
    id: Number(id),
    admin_graphql_api_id: `gid://shopify/Refund/${id}`,
    order_id: Number(options.orderId),
    created_at: new Date().toISOString(),
    refund_line_items: options.subtotals.map((subtotal, i) => ({
      ...exampleLine,
      id: i + 1,
      quantity: 1,
      subtotal: Number(subtotal),
      subtotal_set: moneySet(Number(subtotal)),
      total_tax: 0,
      total_tax_set: moneySet(0),
    })),
    transactions: [],
  }) as JsonObject & { id: number; order_id: number };
}

/** The documented order (orders/create documents the same one as orders/paid), not paid yet. */
export function createdOrderPayload(options: Parameters<typeof paidOrderPayload>[0]): JsonObject & { id: number } {
  return { ...paidOrderPayload(options), financial_status: "pending" };
}

/** Shopify's documented customers/create (or customers/update) example as `customer`. */
export function customerWebhookPayload(
  customer: CustomerFixture,
  overrides: JsonObject = {},
  topic = "customers/create",
): JsonObject & { id: number } {
  return webhookPayload(topic, {
    ...customer,
    id: Number(customer.id),
    admin_graphql_api_id: `gid://shopify/Customer/${customer.id}`,
    default_address: null,
    addresses: [],
    ...overrides,
  }) as JsonObject & { id: number };
}

/** What the webhook route hands the order handlers: the payload sent as JSON, read by its schema. */
export function parsedOrderPayload(options: Parameters<typeof paidOrderPayload>[0]) {
  return webhookPayloads.order.parse(parseWebhookBody(JSON.stringify(paidOrderPayload(options))));
}

/** What the webhook route hands the refund handler. */
export function parsedRefundPayload(options: Parameters<typeof refundPayload>[0]) {
  return webhookPayloads.refund.parse(parseWebhookBody(JSON.stringify(refundPayload(options))));
}

/** Shopify's documented orders/cancelled example for order `id` (the app reads only the id). */
export function cancelledOrderPayload(id: number | string): JsonObject {
  return webhookPayload("orders/cancelled", { id: Number(id), admin_graphql_api_id: `gid://shopify/Order/${id}` });
}

/** Shopify's documented orders/fulfilled example for order `id`. */
export function fulfilledOrderPayload(id: number | string): JsonObject {
  return webhookPayload("orders/fulfilled", {
    id: Number(id),
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    fulfillment_status: "fulfilled",
  });
}

/** Shopify's documented customers/data_request or customers/redact example for a customer of `shopDomain`. */
export function complianceCustomerPayload(
  topic: "customers/data_request" | "customers/redact",
  shopDomain: string,
  customer: { id: string; email?: string | null },
  overrides: JsonObject = {},
): JsonObject {
  return webhookPayload(topic, {
    shop_domain: shopDomain,
    customer: { id: Number(customer.id), email: customer.email ?? null },
    ...overrides,
  });
}

/** Shopify's documented shop/redact example for `shopDomain`. */
export function shopRedactPayload(shopDomain: string): JsonObject {
  return webhookPayload("shop/redact", { shop_domain: shopDomain });
}

/** Shopify's documented app/uninstalled example (the shop's own record) for `shopDomain`. */
export function appUninstalledPayload(shopDomain: string): JsonObject {
  return webhookPayload("app/uninstalled", { domain: shopDomain, myshopify_domain: shopDomain });
}

/**
 * A Reward row's columns for one kind, with that kind's fields filled (the rest as the schema's
 * defaults): `db.reward.create({ data: { shopId, ...rewardFixture(kind) } })`, or
 * `readRewardRow({ id, ...rewardFixture(kind) })` for a Reward without a database.
 */
export function rewardFixture(kind: RewardKind, overrides: Partial<Omit<RewardRow, "id" | "kind">> = {}) {
  const { id: _id, ...row } = rewardRowOfKind(kind, { title: `A ${kind} reward`, ...overrides });
  return row;
}
