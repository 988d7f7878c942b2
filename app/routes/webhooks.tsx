/**
 * Every webhook topic of shopify.app.toml lands here when the app runs under Remix alone
 * (`shopify app dev`, tests). In production server.ts answers POST /webhooks before Remix,
 * with the same check held equal to this library's (app/webhooks/intake.ts) and the same
 * acknowledgement. authenticate.webhook verifies the HMAC and the required headers (401/400,
 * before anything is written); the delivery is then committed to the queue and answered 200.
 * What it contains is the workers' business, including a body that is not JSON or a shop
 * domain that is not Shopify's: they keep those as dead letters.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { InvalidShopError } from "@shopify/shopify-api";
import { db } from "../db.server";
import { authenticate } from "../shopify.server";
import { acknowledgeWebhook, queuedDelivery } from "../webhooks/acknowledge.server";
import { readWebhookHeaders } from "../webhooks/signature";

export const action = async ({ request }: ActionFunctionArgs) => {
  // authenticate.webhook reads the body to check it; the copy is what the queue keeps.
  const copy = request.clone();
  try {
    await authenticate.webhook(request);
  } catch (error) {
    if (error instanceof Response) throw error;
    // Thrown only once the HMAC and headers have been verified: a shop domain Shopify does
    // not give (InvalidShopError) or a body that is not JSON (SyntaxError). Queued all the same.
    if (!(error instanceof InvalidShopError || error instanceof SyntaxError)) throw error;
  }
  const headers = readWebhookHeaders(request.headers);
  if (!headers.valid) throw new Response(null, { status: 400 });
  const { status } = await acknowledgeWebhook(db, queuedDelivery(await copy.text(), headers.fields));
  return new Response(null, { status });
};
