import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";
import { balanceEffects, type CauseType, type EntryKind } from "./ledger";
import { balancesFromTotals, driftBetween } from "./reconcile";

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
    ).toEqual({ balance: 257, pending: 0, lifetimeEarned: 450, lifetimeRedeemed: 200 });
  });

  it("gives the same result from per-entry effects and from totals (the effects are linear)", () => {
    const kinds: [EntryKind, CauseType][] = [["earn", "order"], ["redeem", "redemption"], ["reverse", "order"], ["reverse", "redemption"], ["adjust", "staff"]];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...kinds), fc.integer({ min: -1000, max: 1000 }))), (entries) => {
        const perEntry = entries.reduce(
          (acc, [[kind, causeType], points]) => {
            const e = balanceEffects({ kind, causeType, points });
            return { balance: acc.balance + e.balance, pending: acc.pending + e.pending, lifetimeEarned: acc.lifetimeEarned + e.lifetimeEarned, lifetimeRedeemed: acc.lifetimeRedeemed + e.lifetimeRedeemed };
          },
          { balance: 0, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 },
        );
        const totals = new Map<string, number>();
        for (const [[kind, causeType], points] of entries) totals.set(`${kind}|${causeType}`, (totals.get(`${kind}|${causeType}`) ?? 0) + points);
        const fromTotals = balancesFromTotals([...totals].map(([key, points]) => {
          const [kind, causeType] = key.split("|") as [string, string];
          return { kind, causeType, points };
        }));
        expect(fromTotals).toEqual(perEntry);
      }),
    );
  });
});

describe("driftBetween", () => {
  it("names each field that differs", () => {
    expect(driftBetween({ balance: 10, pending: 0, lifetimeEarned: 20, lifetimeRedeemed: 10 }, { balance: 12, pending: 0, lifetimeEarned: 20, lifetimeRedeemed: 8 })).toEqual([
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
    ["=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""],
    ["+1", "'+1"],
    ["@cmd", "'@cmd"],
  ])("escapes %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("writes numbers (negative ones too) as numbers and rows with CRLF", () => {
    expect(csvRow(["a", -5, null, 3])).toBe("a,-5,,3\r\n");
  });
});
