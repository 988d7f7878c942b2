/**
 * MAX_POINTS holds for every cached figure, checked by the statement that moves it, on both
 * posting paths (a ledger transaction; standalone, which is raw SQL on the `pg` pool on
 * PostgreSQL) and both databases: the same posts are refused with the same typed error and
 * nothing is written (docs/decisions/0018).
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { MAX_POINTS, PointsOutOfRangeError, UnknownEntryPairError, type EntryKind } from "../../app/domain/ledger";
import { adjustPoints } from "../../app/ledger/adjust.server";
import {
  inLedgerTransaction,
  InsufficientPointsError,
  postEntry,
  postStandaloneEntry,
  type PostEntryInput,
} from "../../app/ledger/ledger.server";
import { reconcileShop } from "../../app/ledger/reconcile.server";
import { customerFixture, installShop, memberWithBalance, uniqueId } from "../support/factories";

type Post = (input: PostEntryInput) => ReturnType<typeof postStandaloneEntry>;

const ways: [string, Post][] = [
  ["in a ledger transaction", (input) => inLedgerTransaction(db, (tx) => postEntry(tx, input))],
  ["standalone", (input) => postStandaloneEntry(db, input)],
];

async function memberWith(balance: number) {
  const shop = await installShop(db);
  const member = await memberWithBalance(db, shop.id, customerFixture(), balance);
  return { shop, member };
}

const figuresOf = async (memberId: string) => {
  const m = await db.member.findUniqueOrThrow({ where: { id: memberId } });
  return {
    balance: m.balance,
    pending: m.pending,
    lifetimeEarned: m.lifetimeEarned,
    lifetimeRedeemed: m.lifetimeRedeemed,
  };
};
const entriesOf = (memberId: string) => db.ledgerEntry.count({ where: { memberId } });

describe.each(ways)("the points bound, posting %s", (_way, post) => {
  it("credits a balance up to MAX_POINTS and refuses one point more, writing nothing", async () => {
    const { shop, member } = await memberWith(MAX_POINTS - 10);
    const earn = (points: number, id: string): PostEntryInput => ({
      shopId: shop.id,
      memberId: member.id,
      points,
      kind: "earn",
      causeType: "order",
      causeId: id,
      idempotencyKey: `order:${id}:earn`,
    });

    await expect(post(earn(11, uniqueId()))).rejects.toBeInstanceOf(PointsOutOfRangeError);
    expect(await figuresOf(member.id)).toMatchObject({ balance: MAX_POINTS - 10 });
    expect(await entriesOf(member.id)).toBe(1);

    expect((await post(earn(10, uniqueId()))).entry.balanceAfter).toBe(MAX_POINTS);
    await expect(post(earn(1, uniqueId()))).rejects.toMatchObject({ code: "points_out_of_range" });
  });

  it("bounds every cached figure, not only the balance: earned all time too", async () => {
    const { shop, member } = await memberWith(MAX_POINTS - 5);
    const base = { shopId: shop.id, memberId: member.id };
    const redemptionId = uniqueId();
    await post({
      ...base,
      points: -(MAX_POINTS - 5),
      kind: "redeem",
      causeType: "redemption",
      causeId: redemptionId,
      idempotencyKey: `redemption:${redemptionId}`,
    });
    const before = await figuresOf(member.id);
    expect(before).toEqual({
      balance: 0,
      pending: 0,
      lifetimeEarned: MAX_POINTS - 5,
      lifetimeRedeemed: MAX_POINTS - 5,
    });

    const id = uniqueId();
    const error = await post({
      ...base,
      points: 6,
      kind: "earn",
      causeType: "rule",
      causeId: id,
      idempotencyKey: `rule:${id}`,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PointsOutOfRangeError);
    expect(error).toMatchObject({ figure: "The member's lifetimeEarned", value: MAX_POINTS + 1 });
    expect(await figuresOf(member.id)).toEqual(before);
  });

  it("still says 'not enough points' for a debit that is merely too large", async () => {
    const { shop, member } = await memberWith(10);
    const id = uniqueId();
    const redeem = {
      shopId: shop.id,
      memberId: member.id,
      kind: "redeem" as const,
      causeType: "redemption" as const,
      causeId: id,
    };
    await expect(post({ ...redeem, points: -11, idempotencyKey: `redemption:${id}` })).rejects.toBeInstanceOf(
      InsufficientPointsError,
    );
    await expect(
      post({ ...redeem, points: -(MAX_POINTS + 1), idempotencyKey: `redemption:${id}` }),
    ).rejects.toBeInstanceOf(PointsOutOfRangeError);
  });

  it("refuses a (kind, cause) pair the ledger does not declare before touching the database", async () => {
    const { shop, member } = await memberWith(10);
    const input = {
      shopId: shop.id,
      memberId: member.id,
      points: -5,
      kind: "reverse" as EntryKind,
      causeType: "staff" as const,
      causeId: "s",
      idempotencyKey: uniqueId(),
    };
    await expect(post(input)).rejects.toBeInstanceOf(UnknownEntryPairError);
    expect(await entriesOf(member.id)).toBe(1);
  });
});

describe("staff adjustments and earned all time", () => {
  it("a staff addition counts in lifetimeEarned, a removal comes off it, and reconciliation rebuilds the same", async () => {
    const { shop, member } = await memberWith(0);
    const adjust = (points: number) =>
      adjustPoints(db, {
        shopId: shop.id,
        memberId: member.id,
        points,
        reason: "Goodwill",
        staffMember: "staff@example.com",
        requestId: uniqueId(),
      });

    await adjust(300);
    await adjust(-120);

    expect(await figuresOf(member.id)).toEqual({ balance: 180, pending: 0, lifetimeEarned: 180, lifetimeRedeemed: 0 });
    expect(await reconcileShop(db, shop.id)).toEqual({ membersChecked: 1, drifted: [] });
  });

  it("an adjustment past the bound is refused on the standalone path of both databases", async () => {
    const { shop, member } = await memberWith(1);
    await expect(
      adjustPoints(db, {
        shopId: shop.id,
        memberId: member.id,
        points: MAX_POINTS,
        reason: "Typo",
        staffMember: "staff",
        requestId: uniqueId(),
      }),
    ).rejects.toBeInstanceOf(PointsOutOfRangeError);
    expect(await figuresOf(member.id)).toMatchObject({ balance: 1, lifetimeEarned: 1 });
  });
});
