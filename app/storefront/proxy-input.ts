/**
 * What the app proxy accepts from a storefront, before anything is read (docs/security.md).
 * Pure, so the security page's test can hold the page to it.
 *
 * The caller parameters say who is calling and prove it. Shopify adds each once; a query that
 * repeats one is someone hoping the app reads another copy than the signature check did.
 */
export const CALLER_PARAMETERS = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"] as const;

/** The caller parameters the query repeats (none in any request Shopify forwards untouched). */
export function repeatedCallerParameters(params: URLSearchParams): string[] {
  return CALLER_PARAMETERS.filter((name) => params.getAll(name).length > 1);
}

/** A widget call is a few hundred bytes (an event, a birthday, a reward id). */
export const WIDGET_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * The shopper's language for reward texts (`?locale=fr-CA`, the theme's request.locale): a
 * language tag, or null (the merchant's default words) for anything else.
 */
export function viewLocaleOf(params: URLSearchParams): string | null {
  const locale = params.get("locale");
  return locale && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(locale) && locale.length <= 35 ? locale : null;
}
