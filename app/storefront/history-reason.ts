/**
 * What moved a shopper's points, as the storefront's history names it (HISTORY_REASONS in
 * ./storefront-api.ts; the widget words each one). One mapping from a ledger entry's kind and
 * cause, so the widget never guesses from the merchant-facing text. Pure.
 */
import type { RuleKind } from "../domain/rules";
import type { HistoryEntry } from "./storefront-api";

export type HistoryReason = HistoryEntry["reason"];

export interface HistoryLedgerEntry {
  kind: string;
  causeType: string;
  /** The ledger's own explanation: an order reversal says whether it was a refund or a cancellation. */
  reason: string | null;
}

/**
 * The reason an entry shows under, or null for an entry that does not move the spendable
 * balance (an order's pending points held or voided: the view shows those as `pending`).
 * `ruleKind` is the kind of the rule that paid an earn entry (null once the rule is deleted).
 */
export function historyReasonOf(entry: HistoryLedgerEntry, ruleKind: RuleKind | null): HistoryReason | null {
  const { kind, causeType } = entry;
  if (kind === "hold" || kind === "void") return null;
  if (causeType === "order") {
    if (kind !== "reverse") return "order";
    // app/orders/order-points.server.ts words a cancellation "Order <id> cancelled"; refunds and
    // edits before release take points back as a refund does.
    return /\bcancelled$/.test(entry.reason ?? "") ? "cancellation" : "refund";
  }
  if (causeType === "redemption") return kind === "reverse" ? "redemption_returned" : "redemption";
  if (causeType === "rule") {
    if (ruleKind === "referral") return "referral";
    if (ruleKind === "birthday") return "birthday";
    if (ruleKind === "spend") return "order";
    return "engagement";
  }
  if (causeType === "tier") return "tier";
  if (causeType === "tier_birthday") return "birthday";
  if (causeType === "challenge") return kind === "reverse" ? "challenge_reversed" : "challenge";
  if (causeType === "expiry") return "expiry";
  // Points brought from the shop's previous programme (app/imports), and taken back when the
  // merchant reverted that import.
  if (causeType === "import") return kind === "reverse" ? "import_reversed" : "import";
  return "adjustment";
}
