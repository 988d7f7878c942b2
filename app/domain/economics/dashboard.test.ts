import { describe, expect, it } from "vitest";
import { dashboard, monthsFrom, pointFlows, type DashboardInput } from "./dashboard";
import { dashboardCsv } from "./dashboard-csv";

const base: DashboardInput = {
  members: { total: 0, joined: 0, active: 0 },
  ledger: [],
  yearLedger: [],
  orders: [],
  sources: [],
  rewards: [],
  outstandingPoints: 0,
  pendingPoints: 0,
  value: null,
  expiring: [],
  comingMonths: [],
};
const figure = (input: Partial<DashboardInput>, key: string) =>
  dashboard({ ...base, ...input }).figures.find((f) => f.key === key)?.value;

describe("point flows", () => {
  it.each([
    [
      "earned, released and adjusted are issued",
      [
        { kind: "earn", causeType: "order", points: 100 },
        { kind: "release", causeType: "order", points: 40 },
        { kind: "adjust", causeType: "staff", points: -10 },
      ],
      { issued: 130, redeemed: 0, expired: 0 },
    ],
    [
      "a pending hold is not issued yet",
      [{ kind: "hold", causeType: "order", points: 50 }],
      { issued: 0, redeemed: 0, expired: 0 },
    ],
    [
      "a refund's reversal takes back what was issued",
      [
        { kind: "earn", causeType: "order", points: 100 },
        { kind: "reverse", causeType: "order", points: -30 },
      ],
      { issued: 70, redeemed: 0, expired: 0 },
    ],
    [
      "a cancelled redemption gives back what was redeemed",
      [
        { kind: "redeem", causeType: "redemption", points: -500 },
        { kind: "reverse", causeType: "redemption", points: 200 },
      ],
      { issued: 0, redeemed: 300, expired: 0 },
    ],
    ["expiry", [{ kind: "expire", causeType: "expiry", points: -25 }], { issued: 0, redeemed: 0, expired: 25 }],
    [
      "imports and their reverts",
      [
        { kind: "earn", causeType: "import", points: 900 },
        { kind: "reverse", causeType: "import", points: -900 },
      ],
      { issued: 0, redeemed: 0, expired: 0 },
    ],
  ])("%s", (_name, sums, expected) => {
    expect(pointFlows(sums)).toEqual(expected);
  });
});

describe("dashboard figures", () => {
  const ledger = [
    { kind: "earn", causeType: "order", points: 1000 },
    { kind: "redeem", causeType: "redemption", points: -400 },
    { kind: "expire", causeType: "expiry", points: -100 },
  ];
  it.each([
    ["redemption_rate", { ledger }, 0.4],
    ["breakage", { ledger }, 0.1],
    ["redemption_rate", {}, null],
    ["breakage", {}, 0],
    ["points_issued", { ledger }, 1000],
  ] as const)("%s", (key, input, expected) => {
    expect(figure(input, key)).toBe(expected);
  });

  const orders = [
    { member: true, buyer: "m1", orders: 3, netMinor: 9000 },
    { member: true, buyer: "m2", orders: 1, netMinor: 1000 },
    { member: false, buyer: "g1", orders: 2, netMinor: 3000 },
    { member: false, buyer: "g2", orders: 1, netMinor: 1000 },
    { member: false, buyer: "g3", orders: 1, netMinor: 1000 },
    // An order with no buyer at all counts in revenue and orders, not in repeat rates.
    { member: false, buyer: null, orders: 1, netMinor: 1000 },
  ];
  it.each([
    ["revenue", 16000],
    ["aov", Math.round(16000 / 9)],
    ["member_aov", 2500],
    ["non_member_aov", 1200],
    ["member_repeat_rate", 0.5],
    ["non_member_repeat_rate", 1 / 3],
    ["member_revenue_share", 10000 / 16000],
  ] as const)("orders: %s", (key, expected) => {
    expect(figure({ orders }, key)).toBeCloseTo(expected, 10);
  });

  it("values the liability by the one formula, pending apart, breakage from the past year", () => {
    const board = dashboard({
      ...base,
      outstandingPoints: 10_000,
      pendingPoints: 2_000,
      value: { minorPerPoint: 0.5, basis: "redemptions" },
      yearLedger: [
        { kind: "earn", causeType: "order", points: 4000 },
        { kind: "expire", causeType: "expiry", points: -1000 },
      ],
    });
    expect(board.liability).toMatchObject({ outstandingMinor: 3750, pendingMinor: 750, expectedBreakage: 0.25 });
    expect(board.figures.find((f) => f.key === "liability")?.value).toBe(3750);
  });

  it("has no money figures while points have no value", () => {
    const board = dashboard({ ...base, outstandingPoints: 500, ledger });
    expect(board.liability.outstandingMinor).toBeNull();
    expect(board.figures.find((f) => f.key === "programme_cost")?.value).toBeNull();
  });

  it("ranks sources and rewards by cost, most first, and fills every coming month of the waterfall", () => {
    const board = dashboard(
      {
        ...base,
        value: { minorPerPoint: 1, basis: "catalogue" },
        sources: [
          { source: "rule", id: "r1", name: "Visit", points: 10 },
          { source: "order", id: null, name: "Purchases", points: 900 },
          { source: "rule", id: "r2", name: "Birthday", points: 50 },
        ],
        rewards: [
          { rewardId: "a", title: "$5 off", redemptions: 2, pointsSpent: 1000, valueMinor: 1000 },
          { rewardId: "b", title: "$20 off", redemptions: 1, pointsSpent: 2000, valueMinor: 2000 },
        ],
        expiring: [{ month: "2027-02", points: 70 }],
        comingMonths: monthsFrom("2026-12", 3),
      },
      2,
    );
    expect(board.topSources.map((s) => [s.name, s.costMinor])).toEqual([
      ["Purchases", 900],
      ["Birthday", 50],
    ]);
    expect(board.topRewards.map((r) => r.name)).toEqual(["$20 off", "$5 off"]);
    expect(board.waterfall).toEqual([
      { month: "2026-12", points: 0, worthMinor: 0 },
      { month: "2027-01", points: 0, worthMinor: 0 },
      { month: "2027-02", points: 70, worthMinor: 70 },
    ]);
  });

  it("explains every figure in one line", () => {
    for (const f of dashboard(base).figures) expect(f.explanation).toMatch(/^[^\n]{10,}$/);
  });

  it("writes every figure to the CSV, one row each", () => {
    const board = dashboard({ ...base, ledger });
    const lines = dashboardCsv(board, { from: "2026-09-01", to: "2026-11-30" }).trimEnd().split("\r\n");
    expect(lines[0]).toBe("section,name,value,unit,explanation");
    for (const f of board.figures) expect(lines.some((l) => l.startsWith(`figure,${f.label},`))).toBe(true);
    expect(lines).toContain(
      'figure,Points issued,1000,points,"Points credited in the period, less what refunds and cancellations took back."',
    );
  });
});

describe("months", () => {
  it("crosses the year", () => expect(monthsFrom("2026-11", 3)).toEqual(["2026-11", "2026-12", "2027-01"]));
});
