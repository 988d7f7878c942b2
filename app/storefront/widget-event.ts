/**
 * What the storefront widget may say happened, and how that becomes a rules-engine event.
 * The body comes from a browser we do not control: it may name the action and its details,
 * never the shopper. Who acted is the app proxy's signed `logged_in_customer_id`; a body or
 * query that names another customer is an attempt to earn for someone else and is refused,
 * and every other field the schema does not know is dropped.
 */
import { z } from "zod";
import type { RuleEvent } from "../domain/rules";

const id = z.string().trim().min(1).max(200);
const network = z.string().trim().min(1).max(40);

export const widgetEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("visit") }),
  /** A path ("/pages/lookbook") or a whole URL; only its path is compared with the rule's pages. */
  z.object({ type: z.literal("page_visit"), url: z.string().trim().min(1).max(2000) }),
  z.object({
    type: z.literal("share"),
    subject: z.enum(["product", "programme"]),
    productId: id.optional(),
    network,
  }),
  z.object({ type: z.literal("store_search") }),
  z.object({ type: z.literal("offer_viewed"), offerId: id }),
]);
// A product share must say which product: otherwise every product would share one award key.
const checkedWidgetEventSchema = widgetEventSchema.superRefine((event, ctx) => {
  if (event.type === "share" && event.subject === "product" && !event.productId) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["productId"], message: "Say which product was shared." });
  }
});

export type WidgetEvent = z.output<typeof widgetEventSchema>;
export type WidgetEventType = WidgetEvent["type"];

export type ParsedWidgetEvent = { ok: true; event: WidgetEvent } | { ok: false; message: string };

export function parseWidgetEvent(body: unknown): ParsedWidgetEvent {
  const parsed = checkedWidgetEventSchema.safeParse(body);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return { ok: false, message: `This event is not valid (${where}${issue?.message ?? "unknown problem"}).` };
}

export function toRuleEvent(event: WidgetEvent): RuleEvent {
  switch (event.type) {
    case "share":
      return event.subject === "product"
        ? { type: "share", subject: "product", productId: event.productId, network: event.network }
        : { type: "share", subject: "programme", network: event.network };
    default:
      return event;
  }
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
