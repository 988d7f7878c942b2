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
import { createHash } from "node:crypto";
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

/**
 * A GET's JSON (the view): personal, so never kept by a shared cache, and kept by the browser
 * only to be revalidated each time (`private, no-cache`). Its ETag is a hash of the body; a
 * request whose If-None-Match names it gets 304 without a body (the same read, none of the
 * bytes). Errors stay proxyJson's `no-store`.
 */
export function proxyGetJson(request: Request, body: unknown): Response {
  const text = JSON.stringify(body);
  const etag = `"${createHash("sha256").update(text).digest("base64url").slice(0, 27)}"`;
  const headers = { ETag: etag, "Cache-Control": GET_CACHE_CONTROL };
  if (matchesEtag(request.headers.get("If-None-Match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(text, {
    status: 200,
    headers: { ...headers, "Content-Type": "application/json; charset=utf-8" },
  });
}

export const GET_CACHE_CONTROL = "private, no-cache";

/** If-None-Match's weak comparison (RFC 9110 13.1.2): any listed tag, W/ or not, or `*`. */
function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const value = tag.trim();
    return value === "*" || value.replace(/^W\//, "") === etag;
  });
}

export function proxyError(status: number, error: string, message: string): Response {
  return proxyJson({ error, message }, status);
}
