/**
 * Who is asking, for storefront calls through the app proxy. Shopify signs the query it
 * adds (`shop`, `logged_in_customer_id`, `path_prefix`, `timestamp`); authenticate.public.appProxy
 * refuses a bad or stale signature before we read any of it. The customer id is never taken from
 * anything the browser sends on its own.
 *
 * A shopper can add their own parameters to the proxy URL, and Shopify signs them too, joining
 * a repeated name's values with a comma. So `?logged_in_customer_id=<someone else>` typed into the
 * URL arrives signed, *before* Shopify's own value: `URLSearchParams.get` would read the forged
 * one. A request naming any of the caller's parameters more than once is therefore refused.
 */
import { authenticate } from "../shopify.server";
import { repeatedCallerParameters } from "./proxy-input";

export interface ProxyCaller {
  shopDomain: string;
  /** Shopify's numeric customer id, or null for a guest. */
  customerId: string | null;
}

export async function authenticateProxyCaller(request: Request): Promise<ProxyCaller> {
  // Before the signature: Shopify's library reads a repeated `shop` or `timestamp` its own way.
  const params = new URL(request.url).searchParams;
  const repeated = repeatedCallerParameters(params);
  if (repeated.length > 0) {
    throw proxyError(
      400,
      "duplicate_parameter",
      `The request names ${repeated.join(", ")} more than once; Shopify's app proxy sends each once.`,
    );
  }
  await authenticate.public.appProxy(request);
  const shopDomain = params.get("shop");
  if (!shopDomain) throw new Response(undefined, { status: 400 });
  const customerId = params.get("logged_in_customer_id");
  return { shopDomain, customerId: customerId && /^\d+$/.test(customerId) ? customerId : null };
}

/** JSON for the widget; never cached by the CDN or the browser (it is per customer). */
export function proxyJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}

export function proxyError(status: number, error: string, message: string): Response {
  return proxyJson({ error, message }, status);
}
