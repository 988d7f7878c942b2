import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  ENTRY_EFFECTS,
  InvalidEntryError,
  MAX_POINTS,
  PointsOutOfRangeError,
  UnknownEntryPairError,
  allowedRanges,
  assertPointsInRange,
  entryEffects,
  fingerprint,
  refusalOf,
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
    ["the largest recordable entry", { points: MAX_POINTS }],
    ["the largest recordable removal", { kind: "redeem", causeType: "redemption", points: -MAX_POINTS }],
    ["a rule's award", { kind: "earn", causeType: "rule", points: 10 }],
    ["a tier's entry reward", { kind: "earn", causeType: "tier", points: 200 }],
    ["a tier's birthday bonus", { kind: "earn", causeType: "tier_birthday", points: 30 }],
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
    ["points past the 32-bit bound", { points: MAX_POINTS + 1 }],
    ["a removal past the 32-bit bound", { kind: "redeem", causeType: "redemption", points: -MAX_POINTS - 1 }],
    ["a pair the ledger does not declare", { kind: "reverse", causeType: "staff", points: -30 }],
    ["an earn caused by a redemption", { kind: "earn", causeType: "redemption", points: 30 }],
    ["a tier's entry reward taken back", { kind: "earn", causeType: "tier", points: -200 }],
    ["a reversal of a tier's entry reward (no such pair)", { kind: "reverse", causeType: "tier", points: -200 }],
    ["a kind the ledger does not know", { kind: "gift" as EntryKind, points: 30 }],
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
    expect(fingerprint({ ...restore, idempotencyKey: "other", reason: "Shopify timed out" })).toBe(
      fingerprint(restore),
    );
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

type Effects = { balance: number; pending: number; lifetimeEarned: number; lifetimeRedeemed: number };
const KINDS: EntryKind[] = ["earn", "redeem", "reverse", "adjust", "expire", "hold", "release", "void"];
const CAUSES: CauseType[] = ["order", "redemption", "staff", "expiry", "rule", "tier", "tier_birthday"];
const declaredPairs = KINDS.flatMap((kind) =>
  CAUSES.filter((cause) => ENTRY_EFFECTS[kind][cause]).map((cause) => [kind, cause] as const),
);

describe("ENTRY_EFFECTS: what every (kind, cause) pair does to the cached figures", () => {
  // Every declared pair, with the figures written out by hand: a change to the table shows here.
  const expected: [EntryKind, CauseType, number, Effects][] = [
    ["earn", "order", 120, { balance: 120, pending: 0, lifetimeEarned: 120, lifetimeRedeemed: 0 }],
    ["earn", "rule", 25, { balance: 25, pending: 0, lifetimeEarned: 25, lifetimeRedeemed: 0 }],
    ["earn", "tier", 200, { balance: 200, pending: 0, lifetimeEarned: 200, lifetimeRedeemed: 0 }],
    ["earn", "tier_birthday", 30, { balance: 30, pending: 0, lifetimeEarned: 30, lifetimeRedeemed: 0 }],
    ["hold", "order", 40, { balance: 0, pending: 40, lifetimeEarned: 0, lifetimeRedeemed: 0 }],
    ["release", "order", 40, { balance: 40, pending: -40, lifetimeEarned: 40, lifetimeRedeemed: 0 }],
    ["void", "order", -15, { balance: 0, pending: -15, lifetimeEarned: 0, lifetimeRedeemed: 0 }],
    ["reverse", "order", -120, { balance: -120, pending: 0, lifetimeEarned: -120, lifetimeRedeemed: 0 }],
    ["reverse", "redemption", 500, { balance: 500, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: -500 }],
    ["redeem", "redemption", -500, { balance: -500, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 500 }],
    ["expire", "expiry", -40, { balance: -40, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 }],
    // "Earned all time" is everything credited: a staff addition counts, a removal comes off it.
    ["adjust", "staff", 75, { balance: 75, pending: 0, lifetimeEarned: 75, lifetimeRedeemed: 0 }],
    ["adjust", "staff", -75, { balance: -75, pending: 0, lifetimeEarned: -75, lifetimeRedeemed: 0 }],
  ];

  it.each(expected)("%s of a %s for %i points", (kind, causeType, points, effects) => {
    expect(entryEffects({ kind, causeType, points })).toEqual(effects);
    expect(() => validateEntry(draft({ kind, causeType, points, reason: "Because" }))).not.toThrow();
  });

  it("lists every declared pair above, and no other", () => {
    const listed = new Set(expected.map(([kind, cause]) => `${kind}/${cause}`));
    expect(declaredPairs.map(([kind, cause]) => `${kind}/${cause}`).sort()).toEqual([...listed].sort());
  });

  it.each(
    KINDS.flatMap((kind) =>
      CAUSES.filter((cause) => !ENTRY_EFFECTS[kind][cause]).map((cause) => [kind, cause] as const),
    ),
  )("refuses %s of a %s: the pair is not declared", (kind, causeType) => {
    expect(() => entryEffects({ kind, causeType, points: 10 })).toThrow(UnknownEntryPairError);
    expect(() => validateEntry(draft({ kind, causeType, points: 10, reason: "Because" }))).toThrow(
      UnknownEntryPairError,
    );
    expect(() => validateEntry(draft({ kind, causeType, points: -10, reason: "Because" }))).toThrow(
      UnknownEntryPairError,
    );
  });

  it.each([
    ["toString", "order"],
    ["earn", "constructor"],
    ["__proto__", "order"],
    ["EARN", "order"],
  ])("refuses %s of a %s read from a database row", (kind, causeType) => {
    expect(() => entryEffects({ kind, causeType, points: 1 })).toThrow(UnknownEntryPairError);
  });

  it("refuses the wrong sign for every one-way pair", () => {
    for (const [kind, cause] of declaredPairs) {
      const { direction } = ENTRY_EFFECTS[kind][cause]!;
      const wrong = direction === "credit" ? -10 : direction === "debit" ? 10 : null;
      if (wrong !== null)
        expect(() => validateEntry(draft({ kind, causeType: cause, points: wrong }))).toThrow(InvalidEntryError);
    }
  });

  it("moves the balance by the points (pending points aside) and by as much as earned − redeemed", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...declaredPairs),
        fc.integer({ min: 1, max: MAX_POINTS }),
        ([kind, causeType], size) => {
          const { direction } = ENTRY_EFFECTS[kind][causeType]!;
          const points = direction === "debit" ? -size : size;
          const e = entryEffects({ kind, causeType, points });
          const movesPending = kind === "hold" || kind === "void";
          expect(e.balance).toBe(movesPending ? 0 : points);
          // Expired points stay earned and were never redeemed: the one pair where they part.
          if (kind !== "expire") expect(e.balance).toBe(e.lifetimeEarned - e.lifetimeRedeemed);
          expect(e.lifetimeEarned === 0 || e.lifetimeRedeemed === 0).toBe(true);
        },
      ),
    );
  });
});

describe("the 32-bit bound of every point figure", () => {
  it("is int4's largest value", () => {
    expect(MAX_POINTS).toBe(2 ** 31 - 1);
  });

  it("refuses an order's points past the bound with a typed error", () => {
    expect(() => assertPointsInRange("Order 1", MAX_POINTS)).not.toThrow();
    expect(() => assertPointsInRange("Order 1", 2_500_000_000)).toThrow(PointsOutOfRangeError);
    try {
      assertPointsInRange("Order 1", 2_500_000_000);
    } catch (error) {
      expect(error).toMatchObject({ code: "points_out_of_range", value: 2_500_000_000 });
      expect(error).toBeInstanceOf(InvalidEntryError);
    }
  });

  const zero: Effects = { balance: 0, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 };

  it("allows a figure to move only from where the result stays within ±MAX_POINTS", () => {
    const ranges = allowedRanges({ ...zero, balance: 100, lifetimeEarned: 100 }, true);
    expect(ranges.balance).toEqual({ min: -MAX_POINTS, max: MAX_POINTS - 100 });
    expect(ranges.lifetimeEarned).toEqual({ min: -MAX_POINTS, max: MAX_POINTS - 100 });
    expect(ranges.pending).toEqual({ min: -MAX_POINTS, max: MAX_POINTS });
    expect(allowedRanges({ ...zero, balance: -100 }, true).balance).toEqual({
      min: -MAX_POINTS + 100,
      max: MAX_POINTS,
    });
  });

  it("keeps a debit above zero unless the entry may go negative", () => {
    expect(allowedRanges({ ...zero, balance: -100 }, false).balance).toEqual({ min: 100, max: MAX_POINTS });
  });

  it("agrees with refusalOf: a move is allowed exactly when no figure leaves the bound", () => {
    const figure = fc.integer({ min: -MAX_POINTS, max: MAX_POINTS });
    fc.assert(
      fc.property(
        fc.constantFrom(...declaredPairs),
        fc.integer({ min: 1, max: MAX_POINTS }),
        fc.record({ balance: figure, pending: figure, lifetimeEarned: figure, lifetimeRedeemed: figure }),
        ([kind, causeType], size, cached) => {
          const points = ENTRY_EFFECTS[kind][causeType]!.direction === "debit" ? -size : size;
          const effects = entryEffects({ kind, causeType, points });
          const ranges = allowedRanges(effects, true);
          const allowed = (["balance", "pending", "lifetimeEarned", "lifetimeRedeemed"] as const).every(
            (f) => cached[f] >= ranges[f].min && cached[f] <= ranges[f].max,
          );
          expect(allowed).toBe(refusalOf(cached, effects).kind !== "out_of_range");
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
    expect(ledgerKeys.tierEntry("tier-gold", "member-1")).toBe("tier:tier-gold:entry:member-1");
  });

  it("gives a tier's entry reward one key per member and tier", () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.stringMatching(/^[a-z0-9]{1,10}$/)),
        fc.tuple(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.stringMatching(/^[a-z0-9]{1,10}$/)),
        ([tierA, memberA], [tierB, memberB]) => {
          const same = tierA === tierB && memberA === memberB;
          expect(ledgerKeys.tierEntry(tierA, memberA) === ledgerKeys.tierEntry(tierB, memberB)).toBe(same);
        },
      ),
    );
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
