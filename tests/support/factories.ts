/**
 * Builders for shops, sessions, members and Shopify payloads, shared by the tests and the
 * demo seed, so both exercise the app with the same realistic data.
 */
import { randomUUID } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import type { Db } from "../../app/db.server";
import { ensureMember } from "../../app/members/members.server";
import { recordInstall } from "../../app/shops/shops.server";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export function uniqueShopDomain(prefix = "shop"): string {
  return `${prefix}-${unique()}.myshopify.com`;
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

/** An orders/paid payload with the fields Shopify sends that the app reads. */
export function paidOrderPayload(options: {
  id?: string;
  customer?: CustomerFixture | null;
  subtotal: string;
  currency?: string;
  totalTax?: string;
  taxesIncluded?: boolean;
  sourceName?: string;
}) {
  return {
    id: Number(options.id ?? uniqueId()),
    admin_graphql_api_id: `gid://shopify/Order/${options.id}`,
    name: `#${1000 + counter++}`,
    currency: options.currency ?? "USD",
    financial_status: "paid",
    source_name: options.sourceName ?? "web",
    subtotal_price: options.subtotal,
    total_price: options.subtotal,
    total_tax: options.totalTax ?? "0.00",
    taxes_included: options.taxesIncluded ?? false,
    shipping_lines: [],
    customer: options.customer ?? null,
  };
}

/** A refunds/create payload: the refund's line subtotals are what the app reads. */
export function refundPayload(options: { orderId: number | string; id?: string; subtotals: string[] }) {
  return {
    id: Number(options.id ?? uniqueId()),
    order_id: Number(options.orderId),
    created_at: new Date().toISOString(),
    refund_line_items: options.subtotals.map((subtotal, i) => ({ id: i + 1, quantity: 1, subtotal, total_tax: "0.00" })),
    transactions: [],
  };
}

/** An orders/create or orders/paid payload for an order that is not paid yet. */
export function createdOrderPayload(options: Parameters<typeof paidOrderPayload>[0]) {
  return { ...paidOrderPayload(options), financial_status: "pending" };
}
