import { describe, expect, it } from "vitest";
import { ENTRY_EFFECTS } from "../domain/ledger";
import { historyReasonOf } from "./history-reason";
import { HISTORY_REASONS } from "./storefront-api";

describe("historyReasonOf", () => {
  it.each([
    [{ kind: "earn", causeType: "order", reason: null }, null, "order"],
    [{ kind: "release", causeType: "order", reason: "Return window over" }, null, "order"],
    [{ kind: "reverse", causeType: "order", reason: "Refund 77 of order 5001" }, null, "refund"],
    [{ kind: "reverse", causeType: "order", reason: "Order 5001 cancelled" }, null, "cancellation"],
    [{ kind: "redeem", causeType: "redemption", reason: null }, null, "redemption"],
    [{ kind: "reverse", causeType: "redemption", reason: null }, null, "redemption_returned"],
    [{ kind: "earn", causeType: "rule", reason: null }, "visit", "engagement"],
    [{ kind: "earn", causeType: "rule", reason: null }, "referral", "referral"],
    [{ kind: "earn", causeType: "rule", reason: null }, "birthday", "birthday"],
    [{ kind: "earn", causeType: "rule", reason: null }, null, "engagement"],
    [{ kind: "earn", causeType: "tier", reason: null }, null, "tier"],
    [{ kind: "earn", causeType: "tier_birthday", reason: null }, null, "birthday"],
    [{ kind: "earn", causeType: "challenge", reason: "Challenge completed: Visit 5 times" }, null, "challenge"],
    [{ kind: "reverse", causeType: "challenge", reason: null }, null, "challenge_reversed"],
    [{ kind: "earn", causeType: "import", reason: "Imported from Smile.io (smile.csv)" }, null, "import"],
    [{ kind: "reverse", causeType: "import", reason: "Import reverted (smile.csv)" }, null, "import_reversed"],
    [{ kind: "expire", causeType: "expiry", reason: null }, null, "expiry"],
    [{ kind: "adjust", causeType: "staff", reason: "Goodwill" }, null, "adjustment"],
  ] as const)("%o (rule %s) → %s", (entry, ruleKind, reason) => {
    expect(historyReasonOf(entry, ruleKind)).toBe(reason);
  });

  it("leaves out exactly the entries that do not move the spendable balance", () => {
    for (const [kind, byCause] of Object.entries(ENTRY_EFFECTS)) {
      for (const [causeType, effect] of Object.entries(byCause)) {
        const reason = historyReasonOf({ kind, causeType, reason: null }, null);
        if (effect!.moves.balance === 0) expect(reason, `${kind}/${causeType}`).toBeNull();
        else expect(HISTORY_REASONS, `${kind}/${causeType}`).toContain(reason);
      }
    }
  });
});
