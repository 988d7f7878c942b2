/**
 * What the storefront widget may say happened (in the one vocabulary the events API shares:
 * app/domain/reported-event.ts), read from a body that comes from a browser we do not control: it may name the action and its details,
 * never the shopper. Who acted is the app proxy's signed `logged_in_customer_id`; a body or
 * query that names another customer is an attempt to earn for someone else and is refused,
 * and every other field the schema does not know is dropped.
 */
import { widgetEventSchema, type WidgetEvent } from "../domain/reported-event";

export type ParsedWidgetEvent = { ok: true; event: WidgetEvent } | { ok: false; message: string };

export function parseWidgetEvent(body: unknown): ParsedWidgetEvent {
  const parsed = widgetEventSchema.safeParse(body);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return { ok: false, message: `This event is not valid (${where}${issue?.message ?? "unknown problem"}).` };
}

/**
 * Names a browser might use for "the customer" (any case, with or without separators).
 * `logged_in_customer_id` is Shopify's own signed parameter in the query, so it is only
 * looked for in the body.
 */
const CUSTOMER_KEY = /^(logged_?in_?)?customer(_?id)?$|^member_?id$/i;

/** A customer id as Shopify writes it, numeric or as a GraphQL id. */
const normalisedCustomerId = (value: unknown) =>
  String(value)
    .trim()
    .replace(/^gid:\/\/shopify\/Customer\//i, "");

/**
 * True when the body or the query names a customer other than the signed one. Naming the
 * signed customer is harmless (and ignored); naming anyone else is never a mistake worth
 * guessing about.
 */
export function namesAnotherCustomer(body: unknown, query: URLSearchParams, signedCustomerId: string): boolean {
  const claims: unknown[] = [];
  if (body && typeof body === "object" && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body)) if (CUSTOMER_KEY.test(key)) claims.push(value);
  }
  for (const [key, value] of query) {
    if (key !== "logged_in_customer_id" && CUSTOMER_KEY.test(key)) claims.push(value);
  }
  return claims.some(
    // An object or a list might carry an id anywhere inside: refused rather than searched.
    (claim) => claim != null && (typeof claim === "object" || normalisedCustomerId(claim) !== signedCustomerId),
  );
}
