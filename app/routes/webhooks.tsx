/**
 * Every webhook topic of shopify.app.toml lands here. authenticate.webhook verifies the
 * HMAC (401 when it is wrong, before anything is read or written); the dispatch table
 * (app/webhooks/dispatch.server.ts) does the rest. A signed delivery is answered 200 once
 * handled, known to be a repeat, or kept as a dead letter; 503 when Shopify should retry.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { InvalidShopError } from "@shopify/shopify-api";
import { db } from "../db.server";
import { env } from "../env.server";
import { authenticate } from "../shopify.server";
import { storeDeadLetter } from "../webhooks/dead-letters.server";
import { receiveWebhook, type Receipt } from "../webhooks/receive.server";

const customShopDomains = env.SHOP_CUSTOM_DOMAIN ? [env.SHOP_CUSTOM_DOMAIN] : [];

export const action = async ({ request }: ActionFunctionArgs) => {
  // authenticate.webhook reads the body to check it; the copy is what the app parses and keeps.
  const copy = request.clone();
  let context: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    context = await authenticate.webhook(request);
  } catch (error) {
    if (error instanceof Response) throw error;
    // Thrown only once the HMAC has been verified: a signed delivery from a shop domain
    // Shopify does not give (InvalidShopError) or whose body is not JSON (SyntaxError).
    if (!(error instanceof InvalidShopError || error instanceof SyntaxError)) throw error;
    await storeDeadLetter(db, { ...deliveryHeaders(request), reason: error.message, body: await copy.text() });
    return answer("dead_letter");
  }
  const { shop, topic, eventId, webhookId, triggeredAt } = context;
  const receipt = await receiveWebhook(db, {
    shopDomain: shop,
    topic,
    deliveryId: eventId ?? webhookId,
    webhookId,
    triggeredAt,
    body: await copy.text(),
    customShopDomains,
  });
  return answer(receipt);
};

function deliveryHeaders(request: Request) {
  const header = (name: string) => request.headers.get(name) ?? "";
  const webhookId = header("x-shopify-webhook-id");
  return {
    shopDomain: header("x-shopify-shop-domain"),
    topic: header("x-shopify-topic"),
    deliveryId: header("x-shopify-event-id") || webhookId,
    webhookId,
    triggeredAt: request.headers.get("x-shopify-triggered-at"),
  };
}

function answer(receipt: Receipt) {
  return new Response(null, { status: receipt === "retry" ? 503 : 200 });
}
