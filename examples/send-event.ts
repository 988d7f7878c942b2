/**
 * Sends one event from the command line with examples/events-client.ts:
 *
 *   LOYALTY_ENDPOINT=https://loyalty.example.com/api/v1/events \
 *   LOYALTY_SHOP=your-shop.myshopify.com LOYALTY_EVENTS_SECRET=lbes_... \
 *   npm run events:example -- 7362538471 app_launched
 */
import { postEvent } from "./events-client";

const [customerId, action] = process.argv.slice(2);
const { LOYALTY_ENDPOINT, LOYALTY_SHOP, LOYALTY_EVENTS_SECRET } = process.env;
if (!customerId || !action || !LOYALTY_ENDPOINT || !LOYALTY_SHOP || !LOYALTY_EVENTS_SECRET) {
  console.error(
    "Usage: LOYALTY_ENDPOINT=… LOYALTY_SHOP=… LOYALTY_EVENTS_SECRET=… npm run events:example -- <customerId> <action>",
  );
  process.exit(2);
}

try {
  const config = { endpoint: LOYALTY_ENDPOINT, shopDomain: LOYALTY_SHOP, secret: LOYALTY_EVENTS_SECRET };
  const result = await postEvent(config, { customerId, action });
  console.log(`${result.status}${result.replayed ? " (replayed)" : ""}`, JSON.stringify(result.body, null, 2));
  process.exitCode = result.status === 200 ? 0 : 1;
} catch (error) {
  // Still failing after the client's retries: the network, not the API, said no.
  const { message, cause } = error as Error & { cause?: { message?: string } };
  console.error(`Could not reach ${LOYALTY_ENDPOINT}: ${cause?.message ?? message}`);
  process.exitCode = 1;
}
