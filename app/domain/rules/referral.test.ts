import { describe, it, expect } from "vitest";
import { evaluate } from "./evaluate";
import type { Party } from "./event";
import { isSelfReferral, mailbox } from "./referral";
import { context, event, past, rule } from "./test-fixtures";

const referrer: Party = {
  customerId: "cust-1",
  email: "ana@example.com",
  address: { line1: "12 Main St.", postalCode: "94110", countryCode: "US" },
};

describe("isSelfReferral", () => {
  it.each<[string, Party, boolean]>([
    [
      "a different person",
      {
        customerId: "cust-2",
        email: "ben@example.com",
        address: { line1: "5 Oak Ave", postalCode: "94110", countryCode: "US" },
      },
      false,
    ],
    ["the same customer id", { customerId: "cust-1" }, true],
    ["the same e-mail, other case", { customerId: "cust-2", email: " ANA@Example.com " }, true],
    ["the same mailbox with plus-addressing", { customerId: "cust-2", email: "ana+friend@example.com" }, true],
    ["same local part, other domain", { customerId: "cust-2", email: "ana@example.org" }, false],
    [
      "the same address written differently",
      { customerId: "cust-2", address: { line1: "12 main st", postalCode: "94 110", countryCode: "us" } },
      true,
    ],
    [
      "same street, other postcode",
      { customerId: "cust-2", address: { line1: "12 Main St.", postalCode: "10001", countryCode: "US" } },
      false,
    ],
    ["no e-mail or address to compare", { customerId: "cust-2" }, false],
    ["blank address lines are not a match", { customerId: "cust-2", address: { line1: " " } }, false],
  ])("%s → %s", (_label, friend, expected) => {
    expect(isSelfReferral(referrer, friend)).toBe(expected);
  });

  it("mailbox keeps the domain's last @", () => {
    expect(mailbox("A+b@C.com")).toBe("a@c.com");
  });
});

describe("referral rule", () => {
  const r = rule({ id: "ref", kind: "referral", name: "Refer a friend", referrerPoints: 500, friendPoints: 250 });
  const completed = (friend: Party) => event({ type: "referral_completed", orderId: "2001", referrer, friend });
  const friend: Party = { customerId: "cust-2", email: "ben@example.com" };

  it("pays the referrer and the friend, keyed by the friend", () => {
    const result = evaluate([r], completed(friend), [], context());
    expect(result.awards).toEqual([
      {
        ruleId: "ref",
        customerId: "cust-1",
        points: 500,
        basePoints: 500,
        bonusPoints: 0,
        addedBonuses: [],
        reason: "500 points for referring a friend",
        idempotencyKey: "rule:ref:referral:cust-2:referrer",
      },
      {
        ruleId: "ref",
        customerId: "cust-2",
        points: 250,
        basePoints: 250,
        bonusPoints: 0,
        addedBonuses: [],
        reason: "250 points for joining through a friend's referral",
        idempotencyKey: "rule:ref:referral:cust-2:friend",
      },
    ]);
  });

  it.each<[string, Party, string]>([
    ["same customer", { customerId: "cust-1" }, "self_referral"],
    ["same mailbox", { customerId: "cust-9", email: "ana+2@example.com" }, "self_referral"],
  ])("refuses a self-referral: %s", (_label, self, code) => {
    const result = evaluate([r], completed(self), [], context());
    expect(result.awards).toEqual([]);
    expect(result.refusals.map((x) => x.code)).toEqual([code]);
  });

  it("the referrer's monthly limit counts referrals, not the friend's award", () => {
    const limited = rule({
      id: "ref",
      kind: "referral",
      name: "Refer",
      referrerPoints: 500,
      friendPoints: 250,
      limits: { perMonth: 1 },
    });
    const history = [past("ref", "2026-06-01T10:00:00Z", "rule:ref:referral:cust-7:referrer")];
    expect(evaluate([limited], completed(friend), history, context()).refusals.map((x) => x.code)).toEqual([
      "limit_reached",
    ]);
    expect(evaluate([limited], completed(friend), [], context()).awards).toHaveLength(2);
  });

  it("refuses to run in anyone's context but the referrer's", () => {
    const inFriendsContext = context({
      member: { id: "cust-2", createdAt: new Date("2025-01-01T00:00:00Z"), verified: true },
    });
    expect(() => evaluate([r], completed(friend), [], inFriendsContext)).toThrow(/referrer/);
  });

  it("is not paused by the engagement kill switch", () => {
    expect(evaluate([r], completed(friend), [], context({ engagementPaused: true })).awards).toHaveLength(2);
  });

  it("a multiplier that rounds the referrer's award to 0 gives the friend nothing either", () => {
    // Otherwise the friend's award would leave no trace in the referrer's history and repeat.
    const small = rule({ id: "ref", kind: "referral", name: "Refer", referrerPoints: 1, friendPoints: 10 });
    const result = evaluate([small], completed(friend), [], context({ multiplier: () => 0.5 }));
    expect(result.awards).toEqual([]);
    expect(result.refusals.map((x) => x.code)).toEqual(["no_points"]);
  });

  it("a friend worth 0 points still rewards the referrer", () => {
    const referrerOnly = rule({ id: "ref", kind: "referral", name: "Refer", referrerPoints: 500, friendPoints: 0 });
    expect(evaluate([referrerOnly], completed(friend), [], context()).awards.map((a) => a.customerId)).toEqual([
      "cust-1",
    ]);
  });
});
