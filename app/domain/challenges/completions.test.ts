import { describe, expect, it } from "vitest";
import type { RuleEvent } from "../rules/event";
import { decideCompletions, NO_LONGER_MET, type RecordedCompletion } from "./completions";
import { eventContributions, orderContributions, type OrderFacts } from "./contributions";
import { challengeStanding } from "./standing";
import { challenge, contribution, milestone, state, streak } from "./test-fixtures";

const points = (n: number) => ({ type: "points" as const, points: n });
const NOW = new Date("2026-06-15T12:00:00Z");

const completion = (over: Partial<RecordedCompletion> & { window: string }): RecordedCompletion => ({
  id: "done-1",
  step: 0,
  attempt: 0,
  completedAt: new Date("2026-06-10T00:00:00Z"),
  reversedAt: null,
  ...over,
});

const order = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  orderId: "1001",
  paidAt: new Date("2026-06-12T10:00:00Z"),
  spendMinor: 5000,
  refundedMinor: 0,
  cancelled: false,
  ...over,
});

describe("eventContributions", () => {
  const at = new Date("2026-06-15T23:30:00Z");
  it.each<[string, Parameters<typeof challenge>[0]["measure"], RuleEvent, string[]]>([
    ["a visit, once per shop day", { type: "visits", count: 5 }, { type: "visit" }, ["visit:day:2026-06-15"]],
    [
      "a listed page",
      { type: "pages", count: 2, pages: [{ pattern: "/pages/lookbook" }, { pattern: "/blogs/news/*" }] },
      { type: "page_visit", url: "https://shop.example/blogs/news/summer?utm=x" },
      ["month:2026-06/page:%2Fblogs%2Fnews%2F*"],
    ],
    [
      "a page not listed",
      { type: "pages", count: 1, pages: [{ pattern: "/pages/lookbook" }] },
      { type: "page_visit", url: "/cart" },
      [],
    ],
    [
      "a share, per subject, product, network and day",
      { type: "shares", count: 2 },
      { type: "share", subject: "product", productId: "p:1", network: "Facebook" },
      ["share:product:p%3A1:facebook:day:2026-06-15"],
    ],
    [
      "a custom action of its key, by the merchant's event id",
      { type: "custom_actions", count: 3, key: "review" },
      { type: "custom", key: "Review", eventId: "evt-9" },
      ["custom:evt-9"],
    ],
    [
      "a custom action of another key",
      { type: "custom_actions", count: 3, key: "review" },
      { type: "custom", key: "quiz", eventId: "e" },
      [],
    ],
    [
      "each listed profile field filled",
      { type: "profile_fields", count: 2, fields: ["birthday", "phone", "address"] },
      { type: "profile_updated", filledFields: ["name", "birthday", "phone"] },
      ["month:2026-06/field:birthday", "month:2026-06/field:phone"],
    ],
    [
      "nothing for an order event (orders settle from their account)",
      { type: "orders", count: 1 },
      { type: "visit" },
      [],
    ],
  ])("%s", (_name, measure, event, sources) => {
    const c = challenge({ measure, window: { type: "month" }, reward: points(10) });
    expect(eventContributions(c, event, at, "UTC").map((x) => x.sourceKey)).toEqual(sources);
  });

  it("counts nothing outside the challenge's dates", () => {
    const c = challenge({
      endsAt: "2026-06-01T00:00:00Z",
      measure: { type: "visits", count: 1 },
      window: { type: "month" },
      reward: points(1),
    });
    expect(eventContributions(c, { type: "visit" }, at, "UTC")).toEqual([]);
  });
});

describe("orderContributions", () => {
  const orders = challenge({ measure: { type: "orders", count: 2 }, window: { type: "month" }, reward: points(10) });
  const spend = challenge({
    measure: { type: "spend", amountMinor: 10_000 },
    window: { type: "month" },
    reward: points(10),
  });
  it.each([
    ["paid", order(), 1, 5000],
    ["partly refunded", order({ refundedMinor: 2000 }), 1, 3000],
    ["wholly refunded", order({ refundedMinor: 5000 }), 0, 0],
    ["cancelled", order({ cancelled: true }), 0, 0],
  ])("an order %s counts %s order and %s spend", (_name, facts, count, minor) => {
    expect(orderContributions(orders, facts, "UTC")[0]).toMatchObject({
      sourceKey: "order:1001",
      window: "month:2026-06",
      amount: count,
    });
    expect(orderContributions(spend, facts, "UTC")[0]!.amount).toBe(minor);
  });
  it("counts nothing for an order not paid", () => {
    expect(orderContributions(orders, order({ paidAt: null }), "UTC")).toEqual([]);
  });
});

describe("decideCompletions for a window challenge", () => {
  const visits = challenge({ measure: { type: "visits", count: 3 }, window: { type: "month" }, reward: points(50) });
  const three = [1, 2, 3].map((d) =>
    contribution("month:2026-06", `visit:day:2026-06-0${d}`, `2026-06-0${d}T10:00:00Z`),
  );

  it("completes a window once its goal is met, naming the source that met it", () => {
    expect(decideCompletions(visits, state(three), NOW, "UTC")).toEqual({
      complete: [
        { window: "month:2026-06", step: 0, attempt: 0, causeKey: "visit:day:2026-06-03", reward: points(50) },
      ],
      reverse: [],
    });
  });
  it("does not complete a window short of its goal, nor one already completed", () => {
    expect(decideCompletions(visits, state(three.slice(0, 2)), NOW, "UTC").complete).toEqual([]);
    expect(
      decideCompletions(visits, state(three, [completion({ window: "month:2026-06" })]), NOW, "UTC").complete,
    ).toEqual([]);
  });
  it("completes each window of a repeating challenge", () => {
    const july = [1, 2, 3].map((d) =>
      contribution("month:2026-07", `visit:day:2026-07-0${d}`, `2026-07-0${d}T10:00:00Z`),
    );
    const windows = decideCompletions(visits, state([...three, ...july]), NOW, "UTC").complete.map((c) => c.window);
    expect(windows).toEqual(["month:2026-06", "month:2026-07"]);
  });
  it("never reverses what does not count orders", () => {
    expect(decideCompletions(visits, state([], [completion({ window: "month:2026-06" })]), NOW, "UTC").reverse).toEqual(
      [],
    );
  });
});

describe("decideCompletions for orders, after refunds", () => {
  const spend = challenge({
    measure: { type: "spend", amountMinor: 8000 },
    window: { type: "month" },
    reward: points(100),
  });
  const done = completion({ window: "month:2026-06" });
  const paid = [
    contribution("month:2026-06", "order:1", "2026-06-01T10:00:00Z", 5000),
    contribution("month:2026-06", "order:2", "2026-06-02T10:00:00Z", 4000),
  ];
  it("reverses a completion a refund took below the goal", () => {
    const refunded = [paid[0]!, { ...paid[1]!, amount: 2000 }];
    expect(decideCompletions(spend, state(refunded, [done]), NOW, "UTC")).toEqual({
      complete: [],
      reverse: [{ completionId: "done-1", reason: NO_LONGER_MET }],
    });
  });
  it("keeps a completion a refund left at the goal", () => {
    const refunded = [paid[0]!, { ...paid[1]!, amount: 3000 }];
    expect(decideCompletions(spend, state(refunded, [done]), NOW, "UTC")).toEqual({ complete: [], reverse: [] });
  });
  it("keeps it under keepOnRefund", () => {
    const kept = { ...spend, keepOnRefund: true };
    expect(decideCompletions(kept, state([paid[0]!], [done]), NOW, "UTC").reverse).toEqual([]);
  });
  it("completes anew, as the next attempt, when the goal is met again after a reversal", () => {
    const reversed = { ...done, reversedAt: new Date("2026-06-05T00:00:00Z") };
    const again = [...paid, contribution("month:2026-06", "order:3", "2026-06-06T00:00:00Z", 100)];
    expect(decideCompletions(spend, state(again, [reversed]), NOW, "UTC").complete).toMatchObject([
      { attempt: 1, causeKey: "order:2" },
    ]);
  });
});

describe("milestones", () => {
  const member = (lifetimeEarned: number, since = "2025-06-15T08:00:00Z") => ({
    lifetimeEarned,
    memberSince: new Date(since),
  });
  it("reaches the 10th order with the order that made ten", () => {
    const tenth = milestone({ measure: { type: "orders", count: 10 }, reward: points(500) });
    const orders = Array.from({ length: 10 }, (_, i) =>
      contribution("lifetime", `order:${i}`, `2026-0${(i % 5) + 1}-1${i}T00:00:00Z`),
    );
    expect(decideCompletions(tenth, state(orders.slice(0, 9)), NOW, "UTC").complete).toEqual([]);
    expect(decideCompletions(tenth, state(orders), NOW, "UTC").complete).toMatchObject([
      { window: "lifetime", causeKey: "order:9" },
    ]);
  });
  it("reaches points earned from lifetimeEarned, and a year as a member by the shop's calendar", () => {
    const thousand = milestone({ measure: { type: "points_earned", points: 1000 }, reward: points(50) });
    const year = milestone({ measure: { type: "membership_days", days: 365 }, reward: points(50) });
    expect(decideCompletions(thousand, state([], [], member(999)), NOW, "UTC").complete).toEqual([]);
    expect(decideCompletions(thousand, state([], [], member(1000)), NOW, "UTC").complete).toHaveLength(1);
    expect(decideCompletions(year, state([], [], member(0)), NOW, "UTC").complete).toHaveLength(1);
    expect(decideCompletions(year, state([], [], member(0, "2025-06-16T08:00:00Z")), NOW, "UTC").complete).toEqual([]);
  });
});

describe("streaks", () => {
  const weekly = streak({
    action: { type: "orders" },
    period: "week",
    steps: [
      { length: 2, reward: points(20) },
      { length: 4, reward: points(80) },
    ],
    graceMissed: 1,
  });
  const week = (monday: string, id: string) => contribution(`week:${monday}`, `order:${id}`, `${monday}T12:00:00Z`);

  it("rewards each step once per streak, escalating", () => {
    const weeks = [week("2026-05-04", "a"), week("2026-05-11", "b"), week("2026-05-18", "c"), week("2026-05-25", "d")];
    expect(decideCompletions(weekly, state(weeks), NOW, "UTC").complete).toEqual([
      { window: "week:2026-05-04", step: 2, attempt: 0, causeKey: "order:b", reward: points(20) },
      { window: "week:2026-05-04", step: 4, attempt: 0, causeKey: "order:d", reward: points(80) },
    ]);
  });
  it("forgives one missed week, and breaks on a second", () => {
    const forgiven = [week("2026-05-04", "a"), week("2026-05-18", "b")];
    expect(decideCompletions(weekly, state(forgiven), NOW, "UTC").complete).toMatchObject([
      { window: "week:2026-05-04", step: 2 },
    ]);
    const broken = [week("2026-05-04", "a"), week("2026-05-18", "b"), week("2026-06-01", "c")];
    // The grace is spent between the first two: the third starts a new streak of one.
    expect(decideCompletions(weekly, state(broken), NOW, "UTC").complete).toHaveLength(1);
    const noGrace = { ...weekly, graceMissed: 0 };
    expect(decideCompletions(noGrace, state(forgiven), NOW, "UTC").complete).toEqual([]);
  });
  it("reverses a step whose order was refunded, the rest of the streak standing", () => {
    const weeks = [week("2026-05-04", "a"), { ...week("2026-05-11", "b"), amount: 0 }];
    const done = completion({ window: "week:2026-05-04", step: 2 });
    expect(decideCompletions(weekly, state(weeks, [done]), NOW, "UTC").reverse).toEqual([
      { completionId: "done-1", reason: NO_LONGER_MET },
    ]);
  });
  it("stands at its length, grace left and next step, and breaks when the grace runs out", () => {
    const weeks = [week("2026-05-25", "a"), week("2026-06-01", "b")];
    // 15 June: the week of 8 June was missed (the grace), this week may still come.
    expect(challengeStanding(weekly, state(weeks), NOW, "UTC")).toMatchObject({
      progress: 2,
      goal: 4,
      windowKey: "week:2026-05-25",
      streak: { length: 2, nextStep: 4, graceLeft: 0 },
      endsAt: new Date("2026-06-22T00:00:00Z"),
    });
    const later = new Date("2026-06-23T00:00:00Z");
    expect(challengeStanding(weekly, state(weeks), later, "UTC")).toMatchObject({ progress: 0, streak: { length: 0 } });
  });
});

describe("challengeStanding", () => {
  it("shows the current window's progress, end and completion", () => {
    const visits = challenge({ measure: { type: "visits", count: 2 }, window: { type: "week" }, reward: points(5) });
    const standing = challengeStanding(
      visits,
      state(
        [
          contribution("week:2026-06-15", "visit:day:2026-06-15", "2026-06-15T09:00:00Z"),
          contribution("week:2026-06-08", "visit:day:2026-06-08", "2026-06-08T09:00:00Z"),
        ],
        [completion({ window: "week:2026-06-08" })],
      ),
      NOW,
      "Europe/Paris",
    );
    expect(standing).toEqual({
      challengeId: "c1",
      kind: "challenge",
      measure: "visits",
      progress: 1,
      goal: 2,
      windowKey: "week:2026-06-15",
      endsAt: new Date("2026-06-21T22:00:00Z"),
      reward: points(5),
      completedAt: null,
      streak: null,
    });
  });
  it("is null for a challenge that is not on", () => {
    const paused = {
      ...challenge({ measure: { type: "visits", count: 2 }, window: { type: "week" }, reward: points(5) }),
      active: false,
    };
    expect(challengeStanding(paused, state([]), NOW, "UTC")).toBeNull();
  });
});
