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
  postStandaloneEntry,
  type PostEntryInput,
} from "../../app/ledger/ledger.server";
import { customerFixture, installShop, memberWithBalance } from "../support/factories";

async function setup(balance: number) {
  const shop = await installShop(db);
  const member = await memberWithBalance(db, shop.id, customerFixture(), balance);
  return { shop, member };
}

type Post = (input: PostEntryInput, client?: typeof db) => ReturnType<typeof postStandaloneEntry>;

/** The two ways to post: inside a ledger transaction, and alone (one statement on PostgreSQL). */
const ways: [string, Post][] = [
  ["in a ledger transaction", (input, client = db) => inLedgerTransaction(client, (tx) => postEntry(tx, input))],
  ["standalone", (input, client = db) => postStandaloneEntry(client, input)],
];

async function expectBalanceMatchesEntries(memberId: string) {
  const member = await db.member.findUniqueOrThrow({ where: { id: memberId } });
  const { _sum } = await db.ledgerEntry.aggregate({ where: { memberId }, _sum: { points: true } });
  expect(member.balance).toBe(_sum.points ?? 0);
  return member.balance;
}

describe.each(ways)("ledger, posting %s", (_way, post) => {
  it("treats a retry with the same key and data as a no-op", async () => {
    const { shop, member } = await setup(0);
    const earn: PostEntryInput = {
      shopId: shop.id,
      memberId: member.id,
      points: 40,
      kind: "earn",
      causeType: "order",
      causeId: "o-1",
      idempotencyKey: "order:o-1:earn",
    };
    expect((await post(earn)).status).toBe("posted");
    expect((await post(earn)).status).toBe("duplicate");
    expect(await expectBalanceMatchesEntries(member.id)).toBe(40);
  });

  it("refuses the same key with different data and changes nothing", async () => {
    const { shop, member } = await setup(0);
    const earn: PostEntryInput = {
      shopId: shop.id,
      memberId: member.id,
      points: 40,
      kind: "earn",
      causeType: "order",
      causeId: "o-2",
      idempotencyKey: "order:o-2:earn",
    };
    await post(earn);
    await expect(post({ ...earn, points: 400 })).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(await expectBalanceMatchesEntries(member.id)).toBe(40);
  });

  it("refuses invalid entries before touching the database", async () => {
    const { shop, member } = await setup(10);
    const base = {
      shopId: shop.id,
      memberId: member.id,
      causeType: "staff" as const,
      causeId: "s",
      idempotencyKey: "k",
    };
    await expect(post({ ...base, points: 1.5, kind: "adjust", reason: "x" })).rejects.toBeInstanceOf(InvalidEntryError);
    await expect(post({ ...base, points: -5, kind: "adjust" })).rejects.toBeInstanceOf(InvalidEntryError);
    expect(await expectBalanceMatchesEntries(member.id)).toBe(10);
  });

  it("never takes a balance below zero and records nothing for a refused debit", async () => {
    const { shop, member } = await setup(30);
    const debit = (key: string): PostEntryInput => ({
      shopId: shop.id,
      memberId: member.id,
      points: -31,
      kind: "redeem",
      causeType: "redemption",
      causeId: key,
      idempotencyKey: key,
    });
    await expect(post(debit("r-1"))).rejects.toBeInstanceOf(InsufficientPointsError);
    expect(await db.ledgerEntry.count({ where: { memberId: member.id, kind: "redeem" } })).toBe(0);
    expect(await expectBalanceMatchesEntries(member.id)).toBe(30);
  });

  it("cannot post to a member of another shop", async () => {
    const { member } = await setup(50);
    const other = await installShop(db);
    await expect(
      post({
        shopId: other.id,
        memberId: member.id,
        points: -50,
        kind: "redeem",
        causeType: "redemption",
        causeId: "x",
        idempotencyKey: "x",
      }),
    ).rejects.toThrow(/No member/);
    expect(await expectBalanceMatchesEntries(member.id)).toBe(50);
  });

  it("two app instances debiting one balance at once spend it exactly once per covered debit", async () => {
    const { shop, member } = await setup(1000);
    const second = createDb(process.env.DATABASE_URL!);
    try {
      const debits = Array.from({ length: 24 }, (_, i) =>
        post(
          {
            shopId: shop.id,
            memberId: member.id,
            points: -300,
            kind: "redeem",
            causeType: "redemption",
            causeId: `c-${i}`,
            idempotencyKey: `c-${i}`,
          },
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
      const earn: PostEntryInput = {
        shopId: shop.id,
        memberId: member.id,
        points: 25,
        kind: "earn",
        causeType: "order",
        causeId: "o-race",
        idempotencyKey: "order:o-race:earn",
      };
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => post(earn, i % 2 ? db : second)));
      expect(results.filter((r) => r.status === "posted")).toHaveLength(1);
      expect(await expectBalanceMatchesEntries(member.id)).toBe(25);
    } finally {
      await second.$disconnect();
    }
  });
});

describe("standalone posts", () => {
  it("leave the same rows as a post in a transaction: entry, balances and lots (oldest spent first)", async () => {
    const shopA = await setup(0);
    const shopB = await setup(0);
    await db.shop.updateMany({
      where: { id: { in: [shopA.shop.id, shopB.shop.id] } },
      data: { expiryMode: "fixed", expiryMonths: 6 },
    });
    const script = (shopId: string, memberId: string): PostEntryInput[] => [
      {
        shopId,
        memberId,
        points: 30,
        kind: "earn",
        causeType: "order",
        causeId: "o1",
        idempotencyKey: "order:o1:earn",
      },
      {
        shopId,
        memberId,
        points: 20,
        kind: "earn",
        causeType: "order",
        causeId: "o2",
        idempotencyKey: "order:o2:earn",
      },
      {
        shopId,
        memberId,
        points: -35,
        kind: "redeem",
        causeType: "redemption",
        causeId: "r1",
        idempotencyKey: "redemption:r1",
      },
      {
        shopId,
        memberId,
        points: -5,
        kind: "adjust",
        causeType: "staff",
        causeId: "ada",
        reason: "Goodwill undone",
        idempotencyKey: "adjust:1",
      },
    ];
    // Lots are spent oldest first by earnedAt (milliseconds); two credits posted in the same
    // millisecond are equally old and may be spent in either order. Each post here gets its own
    // millisecond, so "oldest first" has one answer and the two ways can be compared row by row.
    const nextMillisecond = async () => {
      const now = Date.now();
      while (Date.now() === now) await new Promise((resolve) => setImmediate(resolve));
    };
    for (const input of script(shopA.shop.id, shopA.member.id)) {
      await nextMillisecond();
      await inLedgerTransaction(db, (tx) => postEntry(tx, input));
    }
    for (const input of script(shopB.shop.id, shopB.member.id)) {
      await nextMillisecond();
      await postStandaloneEntry(db, input);
    }

    const snapshot = async (memberId: string) => {
      const member = await db.member.findUniqueOrThrow({ where: { id: memberId } });
      const entries = await db.ledgerEntry.findMany({ where: { memberId }, orderBy: { createdAt: "asc" } });
      const lots = await db.pointLot.findMany({ where: { memberId }, orderBy: { earnedAt: "asc" } });
      return {
        balances: [
          member.balance,
          member.pending,
          member.lifetimeEarned,
          member.lifetimeRedeemed,
          member.lastActivityAt !== null,
        ],
        entries: entries.map((e) => [
          e.points,
          e.kind,
          e.causeType,
          e.reason,
          e.balanceAfter,
          e.fingerprint.replace(memberId, "M"),
        ]),
        lots: lots.map((l) => [l.amount, l.remaining, l.expiresAt !== null && l.expiresAt > l.earnedAt]),
      };
    };
    const a = await snapshot(shopA.member.id);
    expect(await snapshot(shopB.member.id)).toEqual(a);
    expect(a.lots).toEqual([
      [30, 0, true],
      [20, 10, true],
    ]);
  });

  it("from many connections at once: credits and debits race, nothing overspends, every retry is a no-op", async () => {
    const { shop, member } = await setup(50);
    const second = createDb(process.env.DATABASE_URL!);
    try {
      const inputs: PostEntryInput[] = Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? {
              shopId: shop.id,
              memberId: member.id,
              points: 10,
              kind: "earn",
              causeType: "order",
              causeId: `o${i}`,
              idempotencyKey: `order:o${i}:earn`,
            }
          : {
              shopId: shop.id,
              memberId: member.id,
              points: -15,
              kind: "redeem",
              causeType: "redemption",
              causeId: `r${i}`,
              idempotencyKey: `redemption:r${i}`,
            },
      );
      const outcomes = await Promise.all(
        [...inputs, ...inputs].map((input, i) =>
          postStandaloneEntry(i % 2 ? db : second, input).then(
            (r) => r.status,
            (error) => (error instanceof InsufficientPointsError ? "refused" : Promise.reject(error)),
          ),
        ),
      );
      const balance = await expectBalanceMatchesEntries(member.id);
      expect(balance).toBeGreaterThanOrEqual(0);
      const entries = await db.ledgerEntry.count({ where: { memberId: member.id } });
      expect(outcomes.filter((o) => o === "posted")).toHaveLength(entries - 1); // the opening balance
      const lots = await db.pointLot.aggregate({ where: { memberId: member.id }, _sum: { remaining: true } });
      expect(lots._sum.remaining ?? 0).toBe(balance);
    } finally {
      await second.$disconnect();
    }
  });
});
