import { describe, expect, it } from "vitest";
import { decideTier, type MemberTierFacts, type TierDecision } from "./movement";
import { facts, points, program } from "./test-program";

/** The facts after the server applied a decision. */
function applied(before: MemberTierFacts, decision: TierDecision, now: Date): MemberTierFacts {
  return {
    ...before,
    currentTierId: decision.tierId,
    currentSource: decision.source,
    since: decision.move ? now : before.since,
    rewardedTierIds: [...before.rewardedTierIds, ...decision.entryRewards.map((r) => r.tierId)],
  };
}

describe("decideTier: lifetime", () => {
  const now = new Date("2026-06-01T12:00:00Z");

  it("gives a new member the entry tier and its reward", () => {
    const decision = decideTier(program(), facts(), now);
    expect(decision).toMatchObject({
      tierId: "bronze",
      source: "earned",
      endsAt: null,
      move: { fromTierId: null, toTierId: "bronze", cause: "qualified" },
      entryRewards: [{ tierId: "bronze", points: 10 }],
      nextReviewAt: null,
    });
  });

  it("promotes at once, posting each skipped tier's reward once", () => {
    const before = facts({
      currentTierId: "bronze",
      currentSource: "earned",
      rewardedTierIds: ["bronze"],
      contributions: [points("2026-05-01T10:00:00Z", 1200)],
    });
    const decision = decideTier(program(), before, now);
    expect(decision.tierId).toBe("gold");
    expect(decision.move).toEqual({ fromTierId: "bronze", toTierId: "gold", cause: "qualified" });
    expect(decision.entryRewards).toEqual([
      { tierId: "silver", points: 50 },
      { tierId: "gold", points: 100 },
    ]);
    const again = decideTier(program(), applied(before, decision, now), now);
    expect(again.move).toBeNull();
    expect(again.entryRewards).toEqual([]);
  });

  it("demotes at once on a refund, and does not pay a reward twice on the way back up", () => {
    const gold = facts({
      currentTierId: "gold",
      currentSource: "earned",
      rewardedTierIds: ["bronze", "silver", "gold"],
      contributions: [points("2026-05-01T10:00:00Z", 1200), points("2026-05-02T10:00:00Z", -300)],
    });
    const decision = decideTier(program(), gold, now, "refund");
    expect(decision.move).toEqual({ fromTierId: "gold", toTierId: "silver", cause: "refund" });
    expect(decision.entryRewards).toEqual([]);
    const back = decideTier(
      program(),
      { ...applied(gold, decision, now), contributions: [...gold.contributions, points("2026-05-03T10:00:00Z", 200)] },
      now,
    );
    expect(back.move?.toTierId).toBe("gold");
    expect(back.entryRewards).toEqual([]);
  });
});

describe("decideTier: calendar year", () => {
  const p = program({ period: "calendar_year", graceDays: 31, timeZone: "America/Los_Angeles" });
  // 1000 points in 2025 (Los Angeles time): Gold for 2025 and, at the review, for 2026.
  const gold2025 = [points("2025-03-01T20:00:00Z", 1000)];

  it("keeps the tier through the grace period, then keeps what last year's Q supports", () => {
    const during = decideTier(p, facts({ contributions: gold2025 }), new Date("2026-01-20T12:00:00Z"));
    expect(during.tierId).toBe("gold");
    // 2025's Q keeps Gold at the review of 1 February 2026: the next change is the one after.
    expect(during.nextReviewAt).toEqual(new Date("2027-02-01T08:00:00Z"));
    const after = decideTier(p, facts({ contributions: gold2025 }), new Date("2026-06-01T12:00:00Z"));
    expect(after.tierId).toBe("gold");
    expect(after.nextReviewAt).toEqual(new Date("2027-02-01T08:00:00Z"));
  });

  it("demotes at the review when the year (and its grace period) fell short", () => {
    const silverYear = [points("2025-03-01T20:00:00Z", 1000), points("2026-02-15T20:00:00Z", 600)];
    const held = facts({ currentTierId: "gold", currentSource: "earned", contributions: silverYear });
    // 2026 reaches Silver (600); 2025 kept Gold until the review of 2026, on 1 February 2027.
    const before = decideTier(p, held, new Date("2027-01-31T12:00:00Z"));
    expect(before.tierId).toBe("gold");
    expect(before.nextReviewAt).toEqual(new Date("2027-02-01T08:00:00Z"));
    const at = decideTier(p, held, new Date("2027-02-01T08:00:00Z"));
    expect(at.move).toEqual({ fromTierId: "gold", toTierId: "silver", cause: "period_end" });
  });

  it("counts a contribution on New Year's Eve in Los Angeles to that year, though it is already January in UTC", () => {
    const lastMinute = [points("2026-01-01T07:30:00Z", 1000)]; // 23:30 on 31 December 2025 in LA
    const review = decideTier(p, facts({ contributions: lastMinute }), new Date("2027-02-01T08:00:00Z"));
    expect(review.tierId).toBe("bronze"); // 2025's Gold carried through 2026, reviewed on 1 Feb 2027
  });
});

describe("decideTier: rolling 12 months", () => {
  const p = program({ period: "rolling_12_months", graceDays: 30 });
  const contributions = [points("2025-03-10T12:00:00Z", 1000)];

  it("keeps the tier while the 12 months support it, then runs the grace period, then demotes", () => {
    expect(decideTier(p, facts({ contributions }), new Date("2026-03-09T23:00:00Z")).tierId).toBe("gold");
    const inGrace = decideTier(p, facts({ contributions }), new Date("2026-03-20T00:00:00Z"));
    expect(inGrace.tierId).toBe("gold");
    expect(inGrace.nextReviewAt).toEqual(new Date("2026-04-09T00:00:00Z"));
    const after = decideTier(
      p,
      facts({ currentTierId: "gold", currentSource: "earned", contributions }),
      new Date("2026-04-09T00:00:00Z"),
    );
    expect(after.move).toEqual({ fromTierId: "gold", toTierId: "bronze", cause: "period_end" });
  });
});

describe("decideTier: grants", () => {
  const now = new Date("2026-06-01T12:00:00Z");
  const manual = (tierId: string, over = {}) => ({
    tierId,
    source: "manual" as const,
    startsAt: new Date("2026-05-01T00:00:00Z"),
    endsAt: null,
    revokedAt: null,
    ...over,
  });
  const paid = (tierId: string, over = {}) => ({ ...manual(tierId), source: "paid" as const, ...over });

  it("gives exactly the hand-assigned tier, hidden and lower ones included", () => {
    const rich = [points("2026-01-01T10:00:00Z", 5000)];
    expect(decideTier(program(), facts({ contributions: rich, grants: [manual("bronze")] }), now)).toMatchObject({
      tierId: "bronze",
      source: "manual",
    });
    const vip = decideTier(
      program(),
      facts({
        currentTierId: "gold",
        rewardedTierIds: ["bronze", "silver", "gold"],
        contributions: rich,
        grants: [manual("vip")],
      }),
      now,
    );
    expect(vip).toMatchObject({
      tierId: "vip",
      source: "manual",
      move: { cause: "manual" },
      entryRewards: [{ tierId: "vip", points: 500 }],
    });
  });

  it("lifts a member to a bought tier until it ends, and never keeps them below what they earn", () => {
    const ends = new Date("2026-11-01T00:00:00Z");
    const bought = decideTier(program(), facts({ grants: [paid("gold", { endsAt: ends })] }), now);
    expect(bought).toMatchObject({ tierId: "gold", source: "paid", endsAt: ends, nextReviewAt: ends });
    const ended = decideTier(
      program(),
      facts({ currentTierId: "gold", currentSource: "paid", grants: [paid("gold", { endsAt: ends })] }),
      ends,
    );
    expect(ended.move).toEqual({ fromTierId: "gold", toTierId: "bronze", cause: "paid_ended" });
    const revoked = decideTier(
      program(),
      facts({ currentTierId: "gold", currentSource: "paid", grants: [paid("gold", { revokedAt: now })] }),
      now,
    );
    expect(revoked.move?.cause).toBe("paid_revoked");
    const earnedAbove = decideTier(
      program(),
      facts({ contributions: [points("2026-01-01T10:00:00Z", 1000)], grants: [paid("silver")] }),
      now,
    );
    expect(earnedAbove).toMatchObject({ tierId: "gold", source: "earned" });
  });
});
