/**
 * What the outside world may say happened: the one vocabulary of engagement events that the
 * storefront widget (through the app proxy) and the merchant's systems (the events API)
 * report, with one conversion to the engine's event. Each field is the engine's own
 * definition (rules/event.ts), so a report the engine could not key properly (a product share
 * without its product) is refused the same way wherever it comes from.
 *
 * Who may report what differs, on purpose: page visits are the storefront's (only it sees
 * pages); custom actions and follows come from the merchant's systems; account, profile,
 * birthday, order and referral facts come from Shopify's signed webhooks only. Who the
 * customer is never comes from here (the app proxy's signature, or the API's signed body).
 */
import { z } from "zod";
import { engagementEventShapes, requireSharedProduct, type RuleEvent } from "./rules";

/** The same characters a custom rule's key allows (rules/rule.ts). */
const ACTION_KEY = /^[a-z0-9_.-]{1,64}$/i;

export const reportedEventShapes = {
  ...engagementEventShapes,
  /** A custom action the merchant names ("app_launched"): the key of one of their custom rules. */
  custom: z.object({
    type: z.literal("custom"),
    action: z
      .string({ required_error: "action is required: the key of one of your custom earning rules." })
      .trim()
      .regex(ACTION_KEY, "action is a custom rule's key: letters, digits, _ . or -, at most 64."),
  }),
} as const;

/** What the storefront widget may report (the body never names the shopper: the signature does). */
export const widgetEventSchema = z
  .discriminatedUnion("type", [
    reportedEventShapes.visit,
    reportedEventShapes.page_visit,
    reportedEventShapes.share,
    reportedEventShapes.store_search,
    reportedEventShapes.offer_viewed,
  ])
  .superRefine(requireSharedProduct);
export type WidgetEvent = z.output<typeof widgetEventSchema>;

/** Any event some source may report (each source's schema takes its own subset). */
export type ReportedEvent = {
  [Type in keyof typeof reportedEventShapes]: z.output<(typeof reportedEventShapes)[Type]>;
}[keyof typeof reportedEventShapes];

/**
 * The engine's event for a report. `eventId` identifies the report for a custom event (the
 * events API's idempotency key), so the award's ledger key carries it and a retry the receipts
 * somehow miss still awards once; the built-in events have their own once-only keys.
 */
export function toRuleEvent(event: ReportedEvent, eventId?: string): RuleEvent {
  switch (event.type) {
    case "custom":
      if (!eventId) throw new Error("A custom event needs the id of the request that reported it.");
      return { type: "custom", key: event.action, eventId };
    case "visit":
      return { type: "visit" };
    case "page_visit":
      return { type: "page_visit", url: event.url };
    case "store_search":
      return { type: "store_search" };
    case "offer_viewed":
      return { type: "offer_viewed", offerId: event.offerId };
    case "share":
      return event.subject === "product"
        ? { type: "share", subject: "product", productId: event.productId, network: event.network }
        : { type: "share", subject: "programme", network: event.network };
    case "follow":
      return { type: "follow", network: event.network };
  }
}
