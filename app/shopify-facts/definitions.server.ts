/**
 * The customer metafield definitions of the facts (app/domain/customer-facts.ts), created on
 * install so that the merchant's admin, segments, themes and other apps see typed fields.
 * Safe to run again: a definition that exists already is left as it is.
 */
import { FACT_DEFINITIONS, FACTS_NAMESPACE } from "../domain/customer-facts";
import { shopifyGateway } from "../shopify/gateway.server";
import { withThrottleRetry } from "./throttle-retry.server";

export async function ensureFactDefinitions(shopDomain: string): Promise<{ created: number }> {
  const definitions = FACT_DEFINITIONS.map((d) => ({ namespace: FACTS_NAMESPACE, ...d }));
  return withThrottleRetry(() => shopifyGateway().createCustomerMetafieldDefinitions(shopDomain, definitions));
}
