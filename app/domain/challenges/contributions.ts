/**
 * What an event or an order contributes to a challenge: one contribution per counted source
 * (the measure comments in ./definition.ts say what counts), with the window it falls in and
 * its amount. The store keeps one row per (challenge, member, source), so the same event twice,
 * or an order seen again in another state, lands on the same row. Pure.
 */
import { sameActionKey } from "../events-api";
import type { RuleEvent } from "../rules/event";
import { matchesGlob } from "../rules/glob";
import { periodKey } from "../rules/period";
import type { Challenge } from "./definition";
import { windowKeyAt } from "./windows";

export interface ContributionDraft {
  sourceKey: string;
  window: string;
  /** 1 for a counted action; minor units for spend; 0 for an order that no longer counts. */
  amount: number;
  occurredAt: Date;
  orderId: string | null;
}

/** What is known of an order, from its OrderAccount. */
export interface OrderFacts {
  orderId: string;
  /** When its payment was recorded; null: not paid (it counts nothing yet). */
  paidAt: Date | null;
  /** Eligible spend, minor units. */
  spendMinor: number;
  refundedMinor: number;
  cancelled: boolean;
}

/** The source of an order's contribution: what a refund or cancellation finds it by. */
export const orderSourceKey = (orderId: string) => `order:${orderId}`;

/** Free text in a source key cannot forge the separators. */
const part = (text: string) => encodeURIComponent(text);

/** What the challenge counts: its measure's type, or its streak action's. */
export function countedType(challenge: Challenge): string {
  return challenge.kind === "streak" ? challenge.action.type : challenge.measure.type;
}

/** The custom action key a challenge or streak counts, if it counts one. */
export function customActionKeyOf(challenge: Challenge): string | null {
  const counted =
    challenge.kind === "streak" ? challenge.action : challenge.kind === "challenge" ? challenge.measure : null;
  return counted?.type === "custom_actions" ? counted.key : null;
}

/** Whether an order still counts as one: paid, not cancelled, not wholly refunded. */
export function orderCounts(order: OrderFacts): boolean {
  if (!order.paidAt || order.cancelled) return false;
  return !(order.spendMinor > 0 && order.refundedMinor >= order.spendMinor);
}

/** Whether the challenge counts orders (and so follows their refunds and cancellations). */
export function countsOrders(challenge: Challenge): boolean {
  const type = countedType(challenge);
  return type === "orders" || type === "spend";
}

export function orderContributions(challenge: Challenge, order: OrderFacts, timeZone: string): ContributionDraft[] {
  if (!order.paidAt || !countsOrders(challenge)) return [];
  const window = windowKeyAt(challenge, order.paidAt, timeZone);
  if (window === null) return [];
  const amount =
    countedType(challenge) === "spend"
      ? order.cancelled
        ? 0
        : Math.max(0, order.spendMinor - order.refundedMinor)
      : orderCounts(order)
        ? 1
        : 0;
  return [
    { sourceKey: orderSourceKey(order.orderId), window, amount, occurredAt: order.paidAt, orderId: order.orderId },
  ];
}

/** The contributions of an engagement event (orders count through orderContributions). */
export function eventContributions(
  challenge: Challenge,
  event: RuleEvent,
  at: Date,
  timeZone: string,
): ContributionDraft[] {
  const window = windowKeyAt(challenge, at, timeZone);
  if (window === null) return [];
  const one = (sourceKey: string): ContributionDraft => ({
    sourceKey,
    window,
    amount: 1,
    occurredAt: at,
    orderId: null,
  });
  const day = periodKey(at, timeZone, "day");
  const action =
    challenge.kind === "streak" ? challenge.action : challenge.kind === "challenge" ? challenge.measure : null;
  if (!action) return [];
  switch (action.type) {
    case "visits":
      return event.type === "visit" ? [one(`visit:${day}`)] : [];
    case "custom_actions":
      return event.type === "custom" && sameActionKey(event.key, action.key)
        ? [one(`custom:${part(event.eventId)}`)]
        : [];
    case "pages": {
      if (event.type !== "page_visit") return [];
      const page = action.pages.find((p) => matchesGlob(p.pattern, event.url));
      // Once per listed page within a window: the window is part of the source.
      return page ? [one(`${window}/page:${part(page.pattern.toLowerCase())}`)] : [];
    }
    case "shares":
      return event.type === "share"
        ? [one(`share:${event.subject}:${part(event.productId ?? "")}:${part(event.network.toLowerCase())}:${day}`)]
        : [];
    case "profile_fields":
      return event.type === "profile_updated"
        ? event.filledFields
            .filter((field) => action.fields.includes(field))
            .map((field) => one(`${window}/field:${field}`))
        : [];
    case "orders":
    case "spend":
      return [];
  }
}
