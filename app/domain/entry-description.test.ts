import { describe, expect, it } from "vitest";
import { describeEntry } from "./entry-description";

describe("describeEntry", () => {
  const titles = new Map([["r-1", "$5.00 off your next order"]]);
  it.each([
    [{ kind: "earn", causeType: "order", causeId: "5001" }, "Earned on order 5001"],
    [{ kind: "redeem", causeType: "redemption", causeId: "r-1" }, "Redeemed a reward: $5.00 off your next order"],
    [{ kind: "redeem", causeType: "redemption", causeId: "gone" }, "Redeemed a reward"],
    [{ kind: "reverse", causeType: "redemption", causeId: "r-1" }, "Points restored (the reward could not be issued)"],
    [{ kind: "reverse", causeType: "order", causeId: "5001" }, "Reversed: order 5001 refunded or cancelled"],
    [{ kind: "earn", causeType: "import", causeId: "imp-1" }, "Imported from the previous programme"],
    [{ kind: "reverse", causeType: "import", causeId: "imp-1" }, "Import reverted"],
    [{ kind: "adjust", causeType: "staff", causeId: "42" }, "Adjusted by staff (user 42)"],
    [{ kind: "adjust", causeType: "staff", causeId: "staff" }, "Adjusted by staff"],
    [{ kind: "hold", causeType: "order", causeId: "5002" }, "Pending from order 5002 (not spendable yet)"],
    [{ kind: "release", causeType: "order", causeId: "5002" }, "Pending points of order 5002 released"],
    [
      { kind: "void", causeType: "order", causeId: "5002" },
      "Pending points of order 5002 taken back (refunded or cancelled)",
    ],
    [{ kind: "expire", causeType: "expiry", causeId: "lot" }, "Points expired"],
    [{ kind: "something-new", causeType: "x", causeId: "y" }, "Points changed"],
  ])("%j → %s", (entry, expected) => {
    expect(describeEntry(entry, titles)).toBe(expected);
  });

  it("words a tier's entry reward by the tier's name, or generically once the tier is gone", () => {
    const tierNames = new Map([["tier-gold", "Gold"]]);
    expect(describeEntry({ kind: "earn", causeType: "tier", causeId: "tier-gold" }, titles, tierNames)).toBe(
      "Reached Gold",
    );
    expect(describeEntry({ kind: "earn", causeType: "tier", causeId: "tier-deleted" }, titles, tierNames)).toBe(
      "Reached a tier",
    );
    expect(describeEntry({ kind: "earn", causeType: "tier_birthday", causeId: "tier-gold" }, titles, tierNames)).toBe(
      "Gold birthday bonus",
    );
  });

  it("says a cancelled redemption's points were returned, not that issuing failed", () => {
    const titles = new Map([["r-1", "Tote"]]);
    const reverse = { kind: "reverse", causeType: "redemption", causeId: "r-1" };
    expect(describeEntry(reverse, titles, new Map(), new Set(["r-1"]))).toBe("Points returned: Tote cancelled");
    expect(describeEntry({ ...reverse, causeId: "r-2" }, titles, new Map(), new Set(["r-2"]))).toBe(
      "Points returned: redemption cancelled",
    );
    expect(describeEntry(reverse, titles)).toBe("Points restored (the reward could not be issued)");
  });
});
