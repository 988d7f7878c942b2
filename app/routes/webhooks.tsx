/**
 * Every webhook topic of shopify.app.toml lands here. authenticate.webhook verifies the
 * HMAC (401 when it is wrong, before anything is read or written); the handlers are the
 * domain's. A delivery is acknowledged with 200 once handled or known to be a repeat.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { compileDataRequest, handleUninstall, redactCustomer, redactShop } from "../compliance/compliance.server";
import { PointsOutOfRangeError } from "../domain/ledger";
import { AmountOutOfRangeError } from "../domain/money";
import { IdempotencyConflictError } from "../ledger/ledger.server";
import { applyCustomerWebhook } from "../members/customer-events.server";
import {
  earnFromPaidOrder,
  holdForCreatedOrder,
  releaseOnFulfilment,
  reverseForCancellation,
  reverseForRefund,
  type OrderPayload,
} from "../orders/order-points.server";
import { authenticate } from "../shopify.server";
import { ShopifyGatewayError } from "../shopify/gateway.server";
import { webhookPayloads } from "../webhooks/payloads";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload, eventId, webhookId, triggeredAt } = await authenticate.webhook(request);
  const deliveryId = eventId ?? webhookId;

  switch (topic) {
    case "ORDERS_PAID": {
      const order = webhookPayloads.order.safeParse(payload);
      if (!order.success) return badPayload(topic, order.error.message);
      try {
        await earnFromPaidOrder(db, {
          shopDomain: shop,
          eventId: deliveryId,
          topic,
          order: order.data as OrderPayload,
          triggeredAt,
        });
      } catch (error) {
        if (error instanceof ShopifyGatewayError) return retryLater(topic, error);
        if (isUnusableAmount(error)) return badPayload(topic, error.message);
        // Same order, different points (the rate changed between two deliveries): the first
        // award stands. Acknowledge, or Shopify retries for two days and drops the subscription.
        if (!(error instanceof IdempotencyConflictError)) throw error;
        console.warn(`[webhooks] ${shop} ${topic}: ${error.message}`);
      }
      break;
    }
    case "CUSTOMERS_CREATE":
    case "CUSTOMERS_UPDATE": {
      const customer = webhookPayloads.customer.safeParse(payload);
      if (!customer.success) return badPayload(topic, customer.error.message);
      await applyCustomerWebhook(db, { shopDomain: shop, deliveryId, topic, customer: customer.data, triggeredAt });
      break;
    }
    case "ORDERS_CREATE": {
      const order = webhookPayloads.order.safeParse(payload);
      if (!order.success) return badPayload(topic, order.error.message);
      try {
        await holdForCreatedOrder(db, {
          shopDomain: shop,
          eventId: deliveryId,
          topic,
          order: order.data as OrderPayload,
          triggeredAt,
        });
      } catch (error) {
        if (error instanceof ShopifyGatewayError) return retryLater(topic, error);
        if (isUnusableAmount(error)) return badPayload(topic, error.message);
        throw error;
      }
      break;
    }
    case "ORDERS_FULFILLED": {
      const order = webhookPayloads.cancelledOrder.safeParse(payload);
      if (!order.success) return badPayload(topic, order.error.message);
      await releaseOnFulfilment(db, { shopDomain: shop, eventId: deliveryId, topic, orderId: String(order.data.id) });
      break;
    }
    case "REFUNDS_CREATE": {
      const refund = webhookPayloads.refund.safeParse(payload);
      if (!refund.success) return badPayload(topic, refund.error.message);
      try {
        await reverseForRefund(db, { shopDomain: shop, eventId: deliveryId, topic, refund: refund.data });
      } catch (error) {
        if (isUnusableAmount(error)) return badPayload(topic, error.message);
        throw error;
      }
      break;
    }
    case "ORDERS_CANCELLED": {
      const order = webhookPayloads.cancelledOrder.safeParse(payload);
      if (!order.success) return badPayload(topic, order.error.message);
      await reverseForCancellation(db, {
        shopDomain: shop,
        eventId: deliveryId,
        topic,
        orderId: String(order.data.id),
      });
      break;
    }
    case "APP_UNINSTALLED":
      await handleUninstall(db, shop);
      break;
    case "CUSTOMERS_DATA_REQUEST": {
      const body = webhookPayloads.customerCompliance.safeParse(payload);
      if (!body.success) return badPayload(topic, body.error.message);
      await compileDataRequest(db, shop, String(body.data.customer.id), body.data.data_request?.id?.toString() ?? null);
      break;
    }
    case "CUSTOMERS_REDACT": {
      const body = webhookPayloads.customerCompliance.safeParse(payload);
      if (!body.success) return badPayload(topic, body.error.message);
      await redactCustomer(db, shop, String(body.data.customer.id));
      break;
    }
    case "SHOP_REDACT":
      await redactShop(db, shop);
      break;
    default:
      console.warn(`[webhooks] ${shop}: unhandled topic ${topic}`);
  }
  return new Response(null, { status: 200 });
};

/**
 * Shopify could not tell us what the order needs to be priced (product tags, a referrer's
 * address). Nothing was written: 503 makes Shopify deliver again later.
 */
function retryLater(topic: string, error: Error) {
  console.warn(`[webhooks] ${topic} deferred, Shopify will retry: ${error.message}`);
  return new Response(null, { status: 503 });
}

/**
 * Amounts the ledger cannot hold (docs/decisions/0015): points past MAX_POINTS, money past
 * exact integers. Refused before anything was written, so the payload is unusable as sent.
 */
function isUnusableAmount(error: unknown): error is PointsOutOfRangeError | AmountOutOfRangeError {
  return error instanceof PointsOutOfRangeError || error instanceof AmountOutOfRangeError;
}

/** A signed payload we cannot read: 422 tells Shopify, and its retries, that it will not work. */
function badPayload(topic: string, reason: string) {
  console.warn(`[webhooks] unreadable ${topic} payload: ${reason}`);
  return new Response(null, { status: 422 });
}
