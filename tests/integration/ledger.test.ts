/**
 * The ledger through the database: retries are no-ops, a reused key with other data is
 * refused, balances equal the sum of entries, and two app instances (two clients with
 * their own connections) cannot overspend one balance.
 */
import { describe, expect, it } from "vitest";
import { createDb, db } from "../../app/db.server";
import { InvalidEntryError } from "../../app/domain/ledger";
import {
  IdempotencyConflictError,
  inLedgerTransaction,
  InsufficientPointsError,
  postEntry,
  type PostEntryInput,
} from "../../app/ledger/ledger.server";
import { customerFixture, installShop, memberWithBalance } from "../support/factories";

async function setup(balance: number) {
  const shop = await installShop(db);
  const member = await memberWithBalance(db, shop.id, customerFixture(), balance);
  return { shop, member };
}

const post = (input: PostEntryInput, client = db) => inLedgerTransaction(client, (tx) => postEntry(tx, input));

async function expectBalanceMatchesEntries(memberId: string) {
  const member = await db.member.findUniqueOrThrow({ where: { id: memberId } });
  const { _sum } = await db.ledgerEntry.aggregate({ where: { memberId }, _sum: { points: true } });
  expect(member.balance).toBe(_sum.points ?? 0);
  return member.balance;
}

describe("ledger", () => {
  it("treats a retry with the same key and data as a no-op", async () => {
    const { shop, member } = await setup(0);
    const earn: PostEntryInput = { shopId: shop.id, memberId: member.id, points: 40, kind: "earn", causeType: "order", causeId: "o-1", idempotencyKey: "order:o-1:earn" };
    expect((await post(earn)).status).toBe("posted");
    expect((await post(earn)).status).toBe("duplicate");
    expect(await expectBalanceMatchesEntries(member.id)).toBe(40);
  });

  it("refuses the same key with different data and changes nothing", async () => {
    const { shop, member } = await setup(0);
    const earn: PostEntryInput = { shopId: shop.id, memberId: member.id, points: 40, kind: "earn", causeType: "order", causeId: "o-2", idempotencyKey: "order:o-2:earn" };
    await post(earn);
    await expect(post({ ...earn, points: 400 })).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(await expectBalanceMatchesEntries(member.id)).toBe(40);
  });

  it("refuses invalid entries before touching the database", async () => {
    const { shop, member } = await setup(10);
    const base = { shopId: shop.id, memberId: member.id, causeType: "staff" as const, causeId: "s", idempotencyKey: "k" };
    await expect(post({ ...base, points: 1.5, kind: "adjust", reason: "x" })).rejects.toBeInstanceOf(InvalidEntryError);
    await expect(post({ ...base, points: -5, kind: "adjust" })).rejects.toBeInstanceOf(InvalidEntryError);
    expect(await expectBalanceMatchesEntries(member.id)).toBe(10);
  });

  it("never takes a balance below zero and records nothing for a refused debit", async () => {
    const { shop, member } = await setup(30);
    const debit = (key: string): PostEntryInput => ({ shopId: shop.id, memberId: member.id, points: -31, kind: "redeem", causeType: "redemption", causeId: key, idempotencyKey: key });
    await expect(post(debit("r-1"))).rejects.toBeInstanceOf(InsufficientPointsError);
    expect(await db.ledgerEntry.count({ where: { memberId: member.id, kind: "redeem" } })).toBe(0);
    expect(await expectBalanceMatchesEntries(member.id)).toBe(30);
  });

  it("cannot post to a member of another shop", async () => {
    const { member } = await setup(50);
    const other = await installShop(db);
    await expect(
      post({ shopId: other.id, memberId: member.id, points: -50, kind: "redeem", causeType: "redemption", causeId: "x", idempotencyKey: "x" }),
    ).rejects.toThrow(/No member/);
    expect(await expectBalanceMatchesEntries(member.id)).toBe(50);
  });

  it("two app instances debiting one balance at once spend it exactly once per covered debit", async () => {
    const { shop, member } = await setup(1000);
    const second = createDb(process.env.DATABASE_URL!);
    try {
      const debits = Array.from({ length: 24 }, (_, i) =>
        post(
          { shopId: shop.id, memberId: member.id, points: -300, kind: "redeem", causeType: "redemption", causeId: `c-${i}`, idempotencyKey: `c-${i}` },
          i % 2 === 0 ? db : second,
        ).then(
          () => "ok",
          (error) => (error instanceof InsufficientPointsError ? "short" : Promise.reject(error)),
        ),
      );
      const outcomes = await Promise.all(debits);
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(3);
      expect(await expectBalanceMatchesEntries(member.id)).toBe(100);
    } finally {
      await second.$disconnect();
    }
  });

  it("the same cause posted concurrently from two instances lands once", async () => {
    const { shop, member } = await setup(0);
    const second = createDb(process.env.DATABASE_URL!);
    try {
      const earn: PostEntryInput = { shopId: shop.id, memberId: member.id, points: 25, kind: "earn", causeType: "order", causeId: "o-race", idempotencyKey: "order:o-race:earn" };
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => post(earn, i % 2 ? db : second)));
      expect(results.filter((r) => r.status === "posted")).toHaveLength(1);
      expect(await expectBalanceMatchesEntries(member.id)).toBe(25);
    } finally {
      await second.$disconnect();
    }
  });
});
