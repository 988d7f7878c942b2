/**
 * Topic → payload schema and handler, for every topic of shopify.app.toml (the contract test
 * fails when one is subscribed without an entry). The webhook route and the replay command
 * both deliver through `dispatchWebhook`; neither knows a topic's details.
 */
import type { Db } from "../db.server";
import { PointsOutOfRangeError } from "../domain/ledger";
import { AmountOutOfRangeError } from "../domain/money";
import { createDeliveryBatch, type DeliveryBatch } from "./batch.server";
import { appUninstalled } from "./handlers/app-uninstalled.server";
import { customersCreate } from "./handlers/customers-create.server";
import { customersDataRequest } from "./handlers/customers-data-request.server";
import { customersRedact } from "./handlers/customers-redact.server";
import { customersUpdate } from "./handlers/customers-update.server";
import { ordersCancelled } from "./handlers/orders-cancelled.server";
import { ordersCreate } from "./handlers/orders-create.server";
import { ordersFulfilled } from "./handlers/orders-fulfilled.server";
import { ordersPaid } from "./handlers/orders-paid.server";
import { refundsCreate } from "./handlers/refunds-create.server";
import { shopRedact } from "./handlers/shop-redact.server";
import { UnusableWebhookError, type TopicHandler, type WebhookDelivery } from "./handler";
import { isShopDomain } from "./shop-domain";

export const webhookTopics: Readonly<Record<string, TopicHandler>> = {
  "app/uninstalled": appUninstalled,
  "customers/create": customersCreate,
  "customers/update": customersUpdate,
  "customers/data_request": customersDataRequest,
  "customers/redact": customersRedact,
  "shop/redact": shopRedact,
  "orders/create": ordersCreate,
  "orders/paid": ordersPaid,
  "orders/fulfilled": ordersFulfilled,
  "orders/cancelled": ordersCancelled,
  "refunds/create": refundsCreate,
};

/**
 * "orders/paid" for the library's "ORDERS_PAID" (or the header's own "orders/paid"); null
 * for a topic the app has no handler for.
 */
export function topicOf(name: string): string | null {
  const normalized = name.toLowerCase();
  return (
    Object.keys(webhookTopics).find((topic) => topic === normalized || topic.replace("/", "_") === normalized) ?? null
  );
}

export type DispatchOutcome = { status: "handled"; result: unknown } | { status: "unusable"; reason: string };

export interface DispatchInput extends WebhookDelivery {
  /** As X-Shopify-Topic names it ("orders/paid" or "ORDERS_PAID"). */
  topic: string;
  payload: unknown;
  customShopDomains?: readonly string[];
}

/**
 * Validates and handles one signed delivery. Resolves "unusable" (with the reason) for what
 * no retry can fix; rejects for what one can (ShopifyGatewayError: Shopify did not answer)
 * and for the app's own faults, so that those are answered with a status Shopify retries.
 * `batch`: the batch the delivery was fetched with (./batch.server.ts); without one, the
 * delivery is a batch of its own.
 */
export async function dispatchWebhook(db: Db, input: DispatchInput, batch?: DeliveryBatch): Promise<DispatchOutcome> {
  if (batch && batch.db !== db) throw new Error("A delivery batch is used with the client it was made for.");
  if (!isShopDomain(input.shopDomain, input.customShopDomains)) {
    return { status: "unusable", reason: `not a Shopify shop domain: ${JSON.stringify(input.shopDomain)}` };
  }
  const topic = topicOf(input.topic);
  if (!topic) return { status: "unusable", reason: `no handler for topic ${JSON.stringify(input.topic)}` };
  const handler = webhookTopics[topic]!;
  const parsed = handler.schema.safeParse(input.payload);
  if (!parsed.success)
    return { status: "unusable", reason: `${topic} payload: ${describeIssues(parsed.error.issues)}` };
  const delivery: WebhookDelivery = {
    shopDomain: input.shopDomain,
    deliveryId: input.deliveryId,
    triggeredAt: input.triggeredAt,
  };
  try {
    return {
      status: "handled",
      result: await handler.handle(db, delivery, parsed.data, batch ?? createDeliveryBatch(db)),
    };
  } catch (error) {
    if (isUnusable(error)) return { status: "unusable", reason: `${topic}: ${error.message}` };
    throw error;
  }
}

/**
 * What no retry can fix: a handler's own refusal, or amounts past what the ledger can record
 * exactly (docs/decisions/0018), found before anything was written.
 */
function isUnusable(error: unknown): error is Error {
  return (
    error instanceof UnusableWebhookError ||
    error instanceof AmountOutOfRangeError ||
    error instanceof PointsOutOfRangeError
  );
}

function describeIssues(issues: readonly { path: (string | number)[]; message: string }[]): string {
  const shown = issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`);
  return shown.join("; ") + (issues.length > shown.length ? `; and ${issues.length - shown.length} more` : "");
}
