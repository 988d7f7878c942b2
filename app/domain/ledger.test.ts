import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  InvalidEntryError,
  balanceEffects,
  fingerprint,
  ledgerKeys,
  validateEntry,
  type CauseType,
  type EntryDraft,
  type EntryKind,
} from "./ledger";

const draft = (over: Partial<EntryDraft> = {}): EntryDraft => ({
  memberId: "member-1",
  points: 100,
  kind: "earn",
  causeType: "order",
  causeId: "order-1",
  idempotencyKey: "order:order-1:earn",
  ...over,
});

describe("validateEntry", () => {
  it.each<[string, Partial<EntryDraft>]>([
    ["an earn", { kind: "earn", points: 10 }],
    ["a redeem", { kind: "redeem", causeType: "redemption", points: -500 }],
    ["a reverse of an order (takes points back)", { kind: "reverse", causeType: "order", points: -10 }],
    ["a reverse of a redemption (gives points back)", { kind: "reverse", causeType: "redemption", points: 500 }],
    ["a positive adjustment with a reason", { kind: "adjust", causeType: "staff", points: 50, reason: "Goodwill" }],
    ["a negative adjustment with a reason", { kind: "adjust", causeType: "staff", points: -50, reason: "Fraud" }],
    ["the largest safe integer", { points: Number.MAX_SAFE_INTEGER }],
  ])("accepts %s", (_label, over) => {
    expect(() => validateEntry(draft(over))).not.toThrow();
  });

  it.each<[string, Partial<EntryDraft>]>([
    ["zero points", { points: 0 }],
    ["negative zero points", { points: -0 }],
    ["fractional points", { points: 1.5 }],
    ["NaN points", { points: Number.NaN }],
    ["infinite points", { points: Number.POSITIVE_INFINITY }],
    ["unsafe integers", { points: 2 ** 53 }],
    ["an earn with negative points", { kind: "earn", points: -10 }],
    ["a redeem with positive points", { kind: "redeem", causeType: "redemption", points: 10 }],
    ["an adjustment without a reason", { kind: "adjust", causeType: "staff", points: 10 }],
    ["an adjustment with a null reason", { kind: "adjust", causeType: "staff", points: 10, reason: null }],
    ["an adjustment with an empty reason", { kind: "adjust", causeType: "staff", points: 10, reason: "" }],
    ["an adjustment with a blank reason", { kind: "adjust", causeType: "staff", points: -10, reason: "  \n" }],
    ["an entry without an idempotency key", { idempotencyKey: "" }],
  ])("refuses %s", (_label, over) => {
    expect(() => validateEntry(draft(over))).toThrow(InvalidEntryError);
  });

  it("throws errors named InvalidEntryError", () => {
    try {
      validateEntry(draft({ points: 0 }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe("InvalidEntryError");
    }
  });

  it("accepts an earn exactly when points are a positive safe integer", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double()), (points) => {
        const ok = Number.isSafeInteger(points) && points > 0;
        if (ok) expect(() => validateEntry(draft({ points }))).not.toThrow();
        else expect(() => validateEntry(draft({ points }))).toThrow(InvalidEntryError);
      }),
    );
  });
});

describe("fingerprint", () => {
  it("ignores the idempotency key, and the reason we write ourselves", () => {
    const restore = draft({ kind: "reverse", causeType: "redemption", reason: "Shopify answered 503" });
    expect(fingerprint({ ...restore, idempotencyKey: "other", reason: "Shopify timed out" })).toBe(fingerprint(restore));
  });

  it("keeps a staff member's reason: the same key with another reason is another adjustment", () => {
    const a = draft({ kind: "adjust", causeType: "staff", reason: "Goodwill" });
    expect(fingerprint({ ...a, reason: "Other words" })).not.toBe(fingerprint(a));
  });

  it.each<[string, Partial<EntryDraft>]>([
    ["member", { memberId: "member-2" }],
    ["points", { points: 101 }],
    ["points sign", { kind: "reverse", points: -100 }],
    ["kind", { kind: "reverse" }],
    ["cause type", { causeType: "redemption" }],
    ["cause id", { causeId: "order-2" }],
  ])("changes with the %s", (_label, over) => {
    expect(fingerprint(draft(over))).not.toBe(fingerprint(draft()));
  });

  const id = fc.stringMatching(/^[a-zA-Z0-9:_-]{1,12}$/); // cuid, Shopify gid digits, UUIDs
  const drafts = fc.record({
    memberId: id,
    points: fc.integer({ min: -1000, max: 1000 }),
    kind: fc.constantFrom<EntryKind>("earn", "redeem", "reverse", "adjust"),
    causeType: fc.constantFrom<CauseType>("order", "redemption", "staff"),
    causeId: id,
    idempotencyKey: id,
  });

  it("tells apart any two drafts whose data differ (ids as the app makes them)", () => {
    fc.assert(
      fc.property(drafts, drafts, (a, b) => {
        const same =
          a.memberId === b.memberId &&
          a.points === b.points &&
          a.kind === b.kind &&
          a.causeType === b.causeType &&
          a.causeId === b.causeId;
        expect(fingerprint(a) === fingerprint(b)).toBe(same);
      }),
    );
  });

  // Regression: ids containing the old "|" separator once made different data share a fingerprint.
  it("does not let a '|' inside an id make two different entries look the same", () => {
    const a = draft({ memberId: "m", points: 1, causeId: "x|2|earn|order|y" });
    const b = draft({ memberId: "m|1|earn|order|x", points: 2, causeId: "y" });
    expect(fingerprint(a)).not.toBe(fingerprint(b));
  });
});

describe("balanceEffects", () => {
  it.each<[EntryKind, CauseType, number, { balance: number; pending: number; lifetimeEarned: number; lifetimeRedeemed: number }]>([
    ["earn", "order", 120, { balance: 120, pending: 0, lifetimeEarned: 120, lifetimeRedeemed: 0 }],
    ["redeem", "redemption", -500, { balance: -500, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 500 }],
    ["reverse", "order", -120, { balance: -120, pending: 0, lifetimeEarned: -120, lifetimeRedeemed: 0 }],
    ["reverse", "redemption", 500, { balance: 500, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: -500 }],
    ["reverse", "staff", -30, { balance: -30, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 }],
    ["adjust", "staff", 75, { balance: 75, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 }],
    ["adjust", "staff", -75, { balance: -75, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 }],
    ["hold", "order", 40, { balance: 0, pending: 40, lifetimeEarned: 0, lifetimeRedeemed: 0 }],
    ["release", "order", 40, { balance: 40, pending: -40, lifetimeEarned: 40, lifetimeRedeemed: 0 }],
    ["void", "order", -15, { balance: 0, pending: -15, lifetimeEarned: 0, lifetimeRedeemed: 0 }],
  ])("%s of a %s for %i points", (kind, causeType, points, expected) => {
    expect(balanceEffects({ kind, causeType, points })).toEqual(expected);
  });

  it("always moves the balance by the entry's points, and lifetimes only for earning and redeeming", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<EntryKind>("earn", "redeem", "reverse", "adjust"),
        fc.constantFrom<CauseType>("order", "redemption", "staff"),
        fc.integer({ min: -1_000_000, max: 1_000_000 }).filter((n) => n !== 0),
        (kind, causeType, points) => {
          const e = balanceEffects({ kind, causeType, points });
          expect(e.balance).toBe(points);
          // Balance moves = earned − redeemed for earn/redeem and their reversals; adjust touches neither.
          const countsForLifetimes =
            kind === "earn" || kind === "redeem" || (kind === "reverse" && causeType !== "staff");
          expect(e.lifetimeEarned - e.lifetimeRedeemed).toBe(countsForLifetimes ? points : 0);
          expect(e.lifetimeEarned === 0 || e.lifetimeRedeemed === 0).toBe(true);
        },
      ),
    );
  });
});

describe("ledgerKeys", () => {
  it("derives keys from the cause", () => {
    expect(ledgerKeys.orderEarn("450789469")).toBe("order:450789469:earn");
    expect(ledgerKeys.redemption("r1")).toBe("redemption:r1");
    expect(ledgerKeys.redemptionRestore("r1")).toBe("redemption:r1:restore");
  });

  it("never gives two different causes the same key", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.stringMatching(/^[a-z0-9]{1,10}$/), (a, b) => {
        const keys = [ledgerKeys.orderEarn(a), ledgerKeys.redemption(a), ledgerKeys.redemptionRestore(a)];
        expect(new Set(keys).size).toBe(3);
        if (a !== b) {
          const others = [ledgerKeys.orderEarn(b), ledgerKeys.redemption(b), ledgerKeys.redemptionRestore(b)];
          for (const k of keys) expect(others).not.toContain(k);
        }
      }),
    );
  });
});
