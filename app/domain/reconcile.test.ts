import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";
import { ENTRY_EFFECTS, entryEffects, FIGURES, type BalanceEffects, type CauseType, type EntryKind } from "./ledger";
import { balancesFromTotals, driftBetween, type EntryTotal } from "./reconcile";

describe("balancesFromTotals", () => {
  it("adds earned, redeemed, restored, reversed and adjusted points into the three balances", () => {
    expect(
      balancesFromTotals([
        { kind: "earn", causeType: "order", points: 500 },
        { kind: "redeem", causeType: "redemption", points: -300 },
        { kind: "reverse", causeType: "redemption", points: 100 },
        { kind: "reverse", causeType: "order", points: -50 },
        { kind: "adjust", causeType: "staff", points: 7 },
      ]),
    ).toEqual({ balance: 257, pending: 0, lifetimeEarned: 457, lifetimeRedeemed: 200 });
  });

  it("counts staff additions in earned all time, and staff removals off it", () => {
    expect(
      balancesFromTotals([
        { kind: "earn", causeType: "order", points: 100 },
        { kind: "adjust", causeType: "staff", points: 50 },
        { kind: "adjust", causeType: "staff", points: -20 },
      ]),
    ).toEqual({ balance: 130, pending: 0, lifetimeEarned: 130, lifetimeRedeemed: 0 });
  });

  it("refuses a total of a pair the ledger does not declare instead of guessing", () => {
    expect(() => balancesFromTotals([{ kind: "reverse", causeType: "staff", points: -5 }])).toThrow(/reverse/);
  });

  it("rebuilds from entries exactly the figures posting cached, for random entries of every declared pair", () => {
    const pairs = (Object.keys(ENTRY_EFFECTS) as EntryKind[]).flatMap((kind) =>
      (Object.keys(ENTRY_EFFECTS[kind]) as CauseType[]).map((causeType) => ({
        kind,
        causeType,
        ...ENTRY_EFFECTS[kind][causeType]!,
      })),
    );
    const entry = fc
      .tuple(fc.constantFrom(...pairs), fc.integer({ min: 1, max: 1_000_000 }), fc.boolean())
      .map(([pair, size, negative]) => ({
        kind: pair.kind,
        causeType: pair.causeType,
        points: pair.direction === "debit" || (pair.direction === "either" && negative) ? -size : size,
      }));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), (entries) => {
        // What posting caches: each entry's effects added as it is posted.
        const cached: BalanceEffects = { balance: 0, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 };
        for (const e of entries) {
          const effects = entryEffects(e);
          for (const figure of FIGURES) cached[figure] += effects[figure];
        }
        // What reconciliation rebuilds: the database's sums per (kind, cause type).
        const sums = new Map<string, EntryTotal>();
        for (const e of entries) {
          const key = JSON.stringify([e.kind, e.causeType]);
          const total = sums.get(key) ?? { kind: e.kind, causeType: e.causeType, points: 0 };
          total.points += e.points;
          sums.set(key, total);
        }
        const rebuilt = balancesFromTotals([...sums.values()]);
        expect(driftBetween(cached, rebuilt)).toEqual([]);
      }),
    );
  });

  it("gives the same result from per-entry effects and from totals (the effects are linear)", () => {
    const kinds: [EntryKind, CauseType][] = [
      ["earn", "order"],
      ["redeem", "redemption"],
      ["reverse", "order"],
      ["reverse", "redemption"],
      ["adjust", "staff"],
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...kinds), fc.integer({ min: -1000, max: 1000 }))), (entries) => {
        const perEntry = entries.reduce(
          (acc, [[kind, causeType], points]) => {
            const e = entryEffects({ kind, causeType, points });
            return {
              balance: acc.balance + e.balance,
              pending: acc.pending + e.pending,
              lifetimeEarned: acc.lifetimeEarned + e.lifetimeEarned,
              lifetimeRedeemed: acc.lifetimeRedeemed + e.lifetimeRedeemed,
            };
          },
          { balance: 0, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 },
        );
        const totals = new Map<string, number>();
        for (const [[kind, causeType], points] of entries)
          totals.set(`${kind}|${causeType}`, (totals.get(`${kind}|${causeType}`) ?? 0) + points);
        const fromTotals = balancesFromTotals(
          [...totals].map(([key, points]) => {
            const [kind, causeType] = key.split("|") as [string, string];
            return { kind, causeType, points };
          }),
        );
        expect(fromTotals).toEqual(perEntry);
      }),
    );
  });
});

describe("driftBetween", () => {
  it("names each field that differs", () => {
    expect(
      driftBetween(
        { balance: 10, pending: 0, lifetimeEarned: 20, lifetimeRedeemed: 10 },
        { balance: 12, pending: 0, lifetimeEarned: 20, lifetimeRedeemed: 8 },
      ),
    ).toEqual([
      { field: "balance", cached: 10, fromEntries: 12 },
      { field: "lifetimeRedeemed", cached: 10, fromEntries: 8 },
    ]);
  });
});

describe("csv", () => {
  it.each([
    ["plain", "plain"],
    ["has,comma", '"has,comma"'],
    ['has "quotes"', '"has ""quotes"""'],
    ["line\nbreak", '"line\nbreak"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ["+1", "'+1"],
    ["@cmd", "'@cmd"],
  ])("escapes %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("writes numbers (negative ones too) as numbers and rows with CRLF", () => {
    expect(csvRow(["a", -5, null, 3])).toBe("a,-5,,3\r\n");
  });
});
