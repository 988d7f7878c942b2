/**
 * Whether a shop domain has the shape Shopify gives shops (`name.myshopify.com`, or one of
 * the app's configured custom domains). authenticate.webhook refuses other shapes for signed
 * deliveries; the replay command checks stored ones again before they can create a shop row.
 * The same domains as @shopify/shopify-api's sanitizeShop.
 */
const SHOPIFY_DOMAINS = ["myshopify.com", "shopify.com", "myshopify.io", "shop.dev"];

export function isShopDomain(domain: string, customDomains: readonly string[] = []): boolean {
  const match = /^[a-zA-Z0-9][a-zA-Z0-9-_]*\.(.+)$/.exec(domain);
  if (!match) return false;
  const suffix = match[1]!.toLowerCase();
  return SHOPIFY_DOMAINS.includes(suffix) || customDomains.some((custom) => custom.toLowerCase() === suffix);
}
