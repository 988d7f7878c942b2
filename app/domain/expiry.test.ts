import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addCalendarMonths,
  consumeOldestFirst,
  dueForExpiry,
  expiryModeOf,
  lotExpiry,
  lotMovement,
  nextExpiry,
  type Lot,
} from "./expiry";
import { entryEffects, InvalidEntryError, isActivity, ledgerKeys, validateEntry } from "./ledger";

const d = (iso: string) => new Date(iso);

describe("lotExpiry", () => {
  it.each([
    ["a year later", "2026-03-15T10:30:00.000Z", 12, "2027-03-15T10:30:00.000Z"],
    ["across a year end", "2026-11-30T00:00:00.000Z", 3, "2027-02-28T00:00:00.000Z"],
    ["31 January + 1 month is the last day of February", "2027-01-31T12:00:00.000Z", 1, "2027-02-28T12:00:00.000Z"],
    ["in a leap year, 29 February", "2028-01-31T12:00:00.000Z", 1, "2028-02-29T12:00:00.000Z"],
    ["29 February + 12 months is 28 February", "2028-02-29T08:00:00.000Z", 12, "2029-02-28T08:00:00.000Z"],
    ["31 March + 1 month is 30 April", "2026-03-31T23:59:59.999Z", 1, "2026-04-30T23:59:59.999Z"],
    ["zero months is the same moment", "2026-05-05T05:05:05.005Z", 0, "2026-05-05T05:05:05.005Z"],
  ])("fixed: %s", (_label, earned, months, expected) => {
    expect(lotExpiry(d(earned), "fixed", months)?.toISOString()).toBe(expected);
  });

  it("is null when points do not expire by date", () => {
    expect(lotExpiry(d("2026-01-01T00:00:00Z"), "never", 12)).toBeNull();
    expect(lotExpiry(d("2026-01-01T00:00:00Z"), "inactivity", 12)).toBeNull();
  });

  it("reads an unknown stored mode as never", () => {
    expect(expiryModeOf("fixed")).toBe("fixed");
    expect(expiryModeOf("sometimes")).toBe("never");
    expect(expiryModeOf(null)).toBe("never");
  });

  it("is never earlier than the earn date and never later than the same day number allows", () => {
    fc.assert(
      fc.property(
        fc.date({ min: d("2000-01-01T00:00:00Z"), max: d("2100-01-01T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 120 }),
        (earned, months) => {
          const at = addCalendarMonths(earned, months);
          expect(at.getTime()).toBeGreaterThanOrEqual(earned.getTime());
          const monthsApart =
            (at.getUTCFullYear() - earned.getUTCFullYear()) * 12 + at.getUTCMonth() - earned.getUTCMonth();
          expect(monthsApart).toBe(months);
          expect(at.getUTCDate()).toBeLessThanOrEqual(earned.getUTCDate());
          expect(at.getUTCHours()).toBe(earned.getUTCHours());
        },
      ),
    );
  });
});

const lot = (id: string, remaining: number, earnedAt: string, expiresAt: string | null = null): Lot => ({
  id,
  remaining,
  earnedAt: d(earnedAt),
  expiresAt: expiresAt === null ? null : d(expiresAt),
});

describe("consumeOldestFirst", () => {
  const lots = [
    lot("b", 30, "2026-02-01T00:00:00Z"),
    lot("a", 50, "2026-01-01T00:00:00Z"),
    lot("c", 20, "2026-03-01T00:00:00Z"),
  ];

  it.each([
    ["within the oldest lot", 40, [{ lotId: "a", points: 40 }], 0],
    ["exactly the oldest lot", 50, [{ lotId: "a", points: 50 }], 0],
    [
      "across lots, oldest first",
      90,
      [
        { lotId: "a", points: 50 },
        { lotId: "b", points: 30 },
        { lotId: "c", points: 10 },
      ],
      0,
    ],
    [
      "more than all lots: the rest is uncovered",
      130,
      [
        { lotId: "a", points: 50 },
        { lotId: "b", points: 30 },
        { lotId: "c", points: 20 },
      ],
      30,
    ],
    ["nothing", 0, [], 0],
  ])("%s", (_label, amount, takes, uncovered) => {
    expect(consumeOldestFirst(lots, amount)).toEqual({ takes, uncovered });
  });

  it("breaks a tie of dates by id and skips empty lots", () => {
    const tied = [
      lot("z", 10, "2026-01-01T00:00:00Z"),
      lot("y", 0, "2026-01-01T00:00:00Z"),
      lot("x", 10, "2026-01-01T00:00:00Z"),
    ];
    expect(consumeOldestFirst(tied, 15).takes).toEqual([
      { lotId: "x", points: 10 },
      { lotId: "z", points: 5 },
    ]);
  });

  it("takes exactly the amount it can, never below zero, older lots emptied before newer ones", () => {
    const lotsArb = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 4 }),
        remaining: fc.integer({ min: 0, max: 1_000 }),
        earnedAt: fc.date({ min: d("2020-01-01T00:00:00Z"), max: d("2030-01-01T00:00:00Z"), noInvalidDate: true }),
      }),
      { selector: (l) => l.id, maxLength: 12 },
    );
    fc.assert(
      fc.property(lotsArb, fc.integer({ min: 0, max: 15_000 }), (lots, amount) => {
        const { takes, uncovered } = consumeOldestFirst(lots, amount);
        const total = lots.reduce((sum, l) => sum + l.remaining, 0);
        const taken = takes.reduce((sum, t) => sum + t.points, 0);
        expect(taken + uncovered).toBe(amount);
        expect(uncovered).toBe(Math.max(0, amount - total));
        const byId = new Map(lots.map((l) => [l.id, l]));
        for (const take of takes) {
          expect(take.points).toBeGreaterThan(0);
          expect(take.points).toBeLessThanOrEqual(byId.get(take.lotId)!.remaining);
        }
        // Every lot before the last one touched is emptied.
        for (const take of takes.slice(0, -1)) expect(take.points).toBe(byId.get(take.lotId)!.remaining);
        // No untouched non-empty lot is older than a touched one.
        const last = takes.at(-1);
        if (last) {
          const lastLot = byId.get(last.lotId)!;
          const touched = new Set(takes.map((t) => t.lotId));
          for (const l of lots) {
            if (touched.has(l.id) || l.remaining === 0) continue;
            const older =
              l.earnedAt < lastLot.earnedAt ||
              (l.earnedAt.getTime() === lastLot.earnedAt.getTime() && l.id < lastLot.id);
            expect(older).toBe(false);
          }
        }
      }),
    );
  });
});

describe("lotMovement", () => {
  it.each([
    ["a credit to a positive balance", 10, 60, { credit: 50, debit: 0 }],
    ["a credit that pays off a debt first", -20, 30, { credit: 30, debit: 0 }],
    ["a credit that stays in debt", -50, -10, { credit: 0, debit: 0 }],
    ["a debit within the balance", 60, 10, { credit: 0, debit: 50 }],
    ["a debit into debt consumes only what was there", 30, -20, { credit: 0, debit: 30 }],
  ])("%s", (_label, before, after, expected) => {
    expect(lotMovement(before, after)).toEqual(expected);
  });

  it("keeps the lots equal to the positive part of the balance", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: -500, max: 500 }).filter((p) => p !== 0),
          { maxLength: 30 },
        ),
        (moves) => {
          let balance = 0;
          let held = 0;
          for (const points of moves) {
            const { credit, debit } = lotMovement(balance, balance + points);
            balance += points;
            held += credit - debit;
            expect(held).toBe(Math.max(0, balance));
          }
        },
      ),
    );
  });
});

describe("dueForExpiry", () => {
  const now = d("2027-06-15T12:00:00Z");
  const lots = [
    lot("old", 40, "2026-05-01T00:00:00Z", "2027-05-01T00:00:00Z"),
    lot("exact", 10, "2026-06-15T12:00:00Z", "2027-06-15T12:00:00Z"),
    lot("spent", 0, "2026-04-01T00:00:00Z", "2027-04-01T00:00:00Z"),
    lot("young", 25, "2026-07-01T00:00:00Z", "2027-07-01T00:00:00Z"),
    lot("legacy", 100, "2025-01-01T00:00:00Z", null),
  ];
  const member = { balance: 175, lastActivityAt: d("2026-07-01T00:00:00Z"), lots };

  it("never: nothing", () => {
    expect(dueForExpiry({ mode: "never", months: 1 }, member, now)).toEqual({ kind: "none" });
  });

  it("fixed: the lots with remaining points whose date has come, oldest first", () => {
    expect(dueForExpiry({ mode: "fixed", months: 12 }, member, now)).toEqual({
      kind: "lots",
      lots: [
        { lotId: "old", points: 40 },
        { lotId: "exact", points: 10 },
      ],
    });
    expect(dueForExpiry({ mode: "fixed", months: 12 }, member, d("2027-04-30T00:00:00Z"))).toEqual({ kind: "none" });
  });

  it.each([
    ["idle for exactly the months", "2026-06-15T12:00:00Z", 12, true],
    ["idle a little less", "2026-06-15T12:00:01Z", 12, false],
    ["idle longer", "2025-01-01T00:00:00Z", 12, true],
    ["recently active", "2027-06-01T00:00:00Z", 1, false],
  ])("inactivity: %s", (_label, last, months, due) => {
    const result = dueForExpiry({ mode: "inactivity", months }, { ...member, lastActivityAt: d(last) }, now);
    expect(result).toEqual(due ? { kind: "inactivity", points: 175, lastActivityAt: d(last) } : { kind: "none" });
  });

  it("inactivity: nothing to expire from an empty or negative balance", () => {
    const idle = { lastActivityAt: d("2020-01-01T00:00:00Z"), lots: [] };
    expect(dueForExpiry({ mode: "inactivity", months: 12 }, { ...idle, balance: 0 }, now)).toEqual({ kind: "none" });
    expect(dueForExpiry({ mode: "inactivity", months: 12 }, { ...idle, balance: -5 }, now)).toEqual({ kind: "none" });
  });
});

describe("nextExpiry", () => {
  const lots = [
    lot("a", 40, "2026-05-01T00:00:00Z", "2027-05-01T00:00:00Z"),
    lot("b", 15, "2026-05-01T00:00:00Z", "2027-05-01T00:00:00Z"),
    lot("c", 25, "2026-07-01T00:00:00Z", "2027-07-01T00:00:00Z"),
    lot("spent", 0, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
    lot("legacy", 100, "2025-01-01T00:00:00Z", null),
  ];
  const member = { balance: 180, lastActivityAt: d("2026-07-01T00:00:00Z"), lots };

  it("fixed: the earliest date with points left, and every lot expiring then", () => {
    expect(nextExpiry({ mode: "fixed", months: 12 }, member)).toEqual({ points: 55, on: d("2027-05-01T00:00:00Z") });
  });

  it("inactivity: the whole balance, months after the last activity", () => {
    expect(nextExpiry({ mode: "inactivity", months: 6 }, member)).toEqual({
      points: 180,
      on: d("2027-01-01T00:00:00Z"),
    });
    expect(nextExpiry({ mode: "inactivity", months: 6 }, { ...member, balance: 0 })).toBeNull();
  });

  it("never, or no dated lots: null", () => {
    expect(nextExpiry({ mode: "never", months: 6 }, member)).toBeNull();
    expect(nextExpiry({ mode: "fixed", months: 6 }, { ...member, lots: [lots[4]!] })).toBeNull();
  });
});

describe("the expire entry", () => {
  it("takes points off the balance only: they stay earned and were not redeemed", () => {
    expect(entryEffects({ kind: "expire", causeType: "expiry", points: -40 })).toEqual({
      balance: -40,
      pending: 0,
      lifetimeEarned: 0,
      lifetimeRedeemed: 0,
    });
  });

  it("only removes points, and is not the member's activity", () => {
    const draft = {
      memberId: "m",
      kind: "expire" as const,
      causeType: "expiry" as const,
      causeId: "lot",
      idempotencyKey: ledgerKeys.lotExpiry("lot"),
    };
    expect(() => validateEntry({ ...draft, points: 40 })).toThrow(InvalidEntryError);
    expect(() => validateEntry({ ...draft, points: -40 })).not.toThrow();
    expect([
      isActivity("earn"),
      isActivity("redeem"),
      isActivity("expire"),
      isActivity("adjust"),
      isActivity("reverse"),
    ]).toEqual([true, true, false, false, false]);
  });

  it("has one key per lot and one per idle period", () => {
    expect(ledgerKeys.lotExpiry("L1")).toBe("expiry:lot:L1");
    expect(ledgerKeys.inactivityExpiry("M1", "2026-01-01T00:00:00.000Z")).toBe(
      "expiry:inactive:M1:2026-01-01T00:00:00.000Z",
    );
  });
});
