/** Widget POSTs through the app proxy (events, profile), signed the way Shopify signs them. */
import { signedAppProxyQuery } from "../../demo/shopify-signing";
import { APP_URL, TEST_SECRET } from "./signed-requests";

export function widgetPost(options: {
  shop: string;
  path: "events" | "profile";
  customerId: string | null;
  body: unknown;
  secret?: string;
  /** Parameters the shopper added to the proxy URL (Shopify signs them too). */
  shopperQuery?: Record<string, string>;
  /** Changes after signing: a tampered request. */
  mutate?: (params: URLSearchParams) => void;
  contentType?: string;
  method?: "POST" | "GET";
}): Request {
  const params = signedAppProxyQuery({
    shop: options.shop,
    secret: options.secret ?? TEST_SECRET,
    customerId: options.customerId,
    extra: options.shopperQuery,
  });
  options.mutate?.(params);
  const method = options.method ?? "POST";
  return new Request(`${APP_URL}/proxy/${options.path}?${params}`, {
    method,
    headers: { "content-type": options.contentType ?? "application/json" },
    body: method === "POST" ? (typeof options.body === "string" ? options.body : JSON.stringify(options.body)) : undefined,
  });
}
