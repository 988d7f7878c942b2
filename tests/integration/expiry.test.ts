/**
 * Points expiry through the database: lots follow every entry, the job expires exactly what
 * is due at an explicit `now` (no sleeping), the oldest points are spent first, and running
 * the job twice or from two app instances at once expires each point once.
 */
import { describe, expect, it } from "vitest";
import { createDb, db, type Db } from "../../app/db.server";
import { addCalendarMonths } from "../../app/domain/expiry";
import { expireDuePoints } from "../../app/ledger/expire.server";
import { upcomingExpiry } from "../../app/ledger/expiry-view.server";
import { inLedgerTransaction, postEntry, type PostEntryInput } from "../../app/ledger/ledger.server";
import { customerView } from "../../app/storefront/customer-view.server";
import { customerFixture, installShop, memberWithBalance } from "../support/factories";

let counter = 0;
const post = (input: PostEntryInput, client: Db = db) => inLedgerTransaction(client, (tx) => postEntry(tx, input));

async function shopWith(mode: string, months: number) {
  const shop = await installShop(db);
  // The row as it is now: the storefront view reads the policy from the shop row it is given.
  return db.shop.update({ where: { id: shop.id }, data: { expiryMode: mode, expiryMonths: months } });
}

const setMonths = (shopId: string, expiryMonths: number) =>
  db.shop.update({ where: { id: shopId }, data: { expiryMonths } });

async function earn(shopId: string, memberId: string, points: number) {
  const orderId = `o-${counter++}`;
  return (
    await post({
      shopId,
      memberId,
      points,
      kind: "earn",
      causeType: "order",
      causeId: orderId,
      idempotencyKey: `order:${orderId}:earn`,
    })
  ).entry;
}

async function redeem(shopId: string, memberId: string, points: number) {
  const id = `r-${counter++}`;
  return (
    await post({
      shopId,
      memberId,
      points: -points,
      kind: "redeem",
      causeType: "redemption",
      causeId: id,
      idempotencyKey: `redemption:${id}`,
    })
  ).entry;
}

const lotOf = (entryId: string) => db.pointLot.findUniqueOrThrow({ where: { entryId } });

/** The cached balance is the sum of the entries, and the lots hold its positive part. */
async function expectConsistent(memberId: string) {
  const member = await db.member.findUniqueOrThrow({ where: { id: memberId } });
  const entries = await db.ledgerEntry.aggregate({ where: { memberId }, _sum: { points: true } });
  const lots = await db.pointLot.aggregate({ where: { memberId }, _sum: { remaining: true } });
  expect(member.balance).toBe(entries._sum.points ?? 0);
  expect(lots._sum.remaining ?? 0).toBe(Math.max(0, member.balance));
  return member.balance;
}

const inMonths = (months: number) => addCalendarMonths(new Date(), months);

describe("points expiry", () => {
  it("keeps a lot per credit, dated by the shop's policy, and spends the oldest first", async () => {
    const shop = await shopWith("fixed", 12);
    const member = await memberWithBalance(db, shop.id, customerFixture(), 0);
    const first = await earn(shop.id, member.id, 100);
    const second = await earn(shop.id, member.id, 50);
    const firstLot = await lotOf(first.id);
    const { createdAt } = await db.ledgerEntry.findUniqueOrThrow({ where: { id: first.id } });
    expect([firstLot.earnedAt, firstLot.expiresAt]).toEqual([createdAt, addCalendarMonths(createdAt, 12)]);
    await redeem(shop.id, member.id, 120);
    expect((await lotOf(first.id)).remaining).toBe(0);
    expect((await lotOf(second.id)).remaining).toBe(30);
    expect(await expectConsistent(member.id)).toBe(30);
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).lastActivityAt).not.toBeNull();
  });

  it("a credit into a negative balance pays the debt first; only the rest becomes a lot", async () => {
    const shop = await shopWith("never", 12);
    const member = await memberWithBalance(db, shop.id, customerFixture(), 30);
    await post({
      shopId: shop.id,
      memberId: member.id,
      points: -50,
      kind: "reverse",
      causeType: "order",
      causeId: "x",
      reason: "refund",
      idempotencyKey: `rev-${counter++}`,
      allowNegative: true,
    });
    expect(await expectConsistent(member.id)).toBe(-20);
    const credit = await earn(shop.id, member.id, 50);
    const lot = await lotOf(credit.id);
    expect([lot.amount, lot.remaining, lot.expiresAt]).toEqual([30, 30, null]);
    expect(await expectConsistent(member.id)).toBe(30);
  });

  it("fixed: expires exactly the lots past their date, what spending left of them, and nothing else", async () => {
    const shop = await shopWith("fixed", 1);
    const member = await memberWithBalance(db, shop.id, customerFixture(), 0);
    const short = await earn(shop.id, member.id, 100); // expires in 1 month
    await setMonths(shop.id, 12);
    const long = await earn(shop.id, member.id, 100); // expires in 12 months
    await redeem(shop.id, member.id, 60); // from the oldest: 40 left of the short lot

    const shortLot = await lotOf(short.id);
    expect(await upcomingExpiry(db, shop.id, member.id)).toEqual({ points: 40, on: shortLot.expiresAt });

    // Not yet due: nothing happens.
    expect(await expireDuePoints(db, { now: inMonths(0), shopId: shop.id })).toMatchObject({ entries: 0, points: 0 });

    const result = await expireDuePoints(db, { now: inMonths(2), shopId: shop.id });
    expect(result).toMatchObject({ shops: 1, members: 1, entries: 1, points: 40 });
    expect((await lotOf(short.id)).remaining).toBe(0);
    expect((await lotOf(long.id)).remaining).toBe(100);
    const expired = await db.ledgerEntry.findMany({ where: { memberId: member.id, kind: "expire" } });
    expect(expired.map((e) => [e.points, e.idempotencyKey])).toEqual([[-40, `expiry:lot:${shortLot.id}`]]);

    const after = await db.member.findUniqueOrThrow({ where: { id: member.id } });
    expect([after.balance, after.lifetimeEarned, after.lifetimeRedeemed]).toEqual([100, 200, 60]);
    expect(await expectConsistent(member.id)).toBe(100);
    expect(await upcomingExpiry(db, shop.id, member.id)).toEqual({ points: 100, on: (await lotOf(long.id)).expiresAt });

    // A year on, the rest goes too.
    expect(await expireDuePoints(db, { now: inMonths(13), shopId: shop.id })).toMatchObject({
      entries: 1,
      points: 100,
    });
    expect(await expectConsistent(member.id)).toBe(0);
    expect(await upcomingExpiry(db, shop.id, member.id)).toBeNull();
  });

  it("the storefront JSON shows the shopper what expires next, and guests nothing", async () => {
    const shop = await shopWith("fixed", 6);
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, 0);
    const credit = await earn(shop.id, member.id, 75);
    const on = (await lotOf(credit.id)).expiresAt!.toISOString();
    expect((await customerView(db, shop, customer.id)).expiring).toEqual({ points: 75, on });
    expect((await customerView(db, shop, null)).expiring).toBeNull();
  });

  it("never: nothing expires and nothing is shown", async () => {
    const shop = await shopWith("never", 1);
    const member = await memberWithBalance(db, shop.id, customerFixture(), 0);
    await earn(shop.id, member.id, 100);
    expect(await expireDuePoints(db, { now: inMonths(24), shopId: shop.id })).toMatchObject({ shops: 0, entries: 0 });
    expect(await upcomingExpiry(db, shop.id, member.id)).toBeNull();
    expect(await expectConsistent(member.id)).toBe(100);
  });

  it("inactivity: everything expires after the months idle, nothing for an active member", async () => {
    const shop = await shopWith("inactivity", 12);
    const idle = await memberWithBalance(db, shop.id, customerFixture(), 0);
    const active = await memberWithBalance(db, shop.id, customerFixture(), 0);
    await earn(shop.id, idle.id, 80);
    await earn(shop.id, idle.id, 20);
    await earn(shop.id, active.id, 80);
    const now = new Date();
    // The idle member's last earn was thirteen months before `now`.
    const longAgo = addCalendarMonths(now, -13);
    await db.member.update({ where: { id: idle.id }, data: { lastActivityAt: longAgo } });
    expect(await upcomingExpiry(db, shop.id, idle.id)).toEqual({ points: 100, on: addCalendarMonths(longAgo, 12) });

    const result = await expireDuePoints(db, { now, shopId: shop.id });
    expect(result).toMatchObject({ members: 1, entries: 1, points: 100 });
    const [entry] = await db.ledgerEntry.findMany({ where: { memberId: idle.id, kind: "expire" } });
    expect(entry?.idempotencyKey).toBe(`expiry:inactive:${idle.id}:${longAgo.toISOString()}`);
    expect(await expectConsistent(idle.id)).toBe(0);
    expect(await expectConsistent(active.id)).toBe(80);

    // Eleven months on the active member is still within the period; at twelve they are not.
    expect(await expireDuePoints(db, { now: inMonths(11), shopId: shop.id })).toMatchObject({ entries: 0 });
    expect(await expireDuePoints(db, { now: inMonths(12), shopId: shop.id })).toMatchObject({ entries: 1, points: 80 });
    expect(await expectConsistent(active.id)).toBe(0);
  });

  it("running the job twice, and from two instances at once, expires each point once", async () => {
    const fixed = await shopWith("fixed", 1);
    const inactive = await shopWith("inactivity", 1);
    const members = [];
    for (let i = 0; i < 6; i++) {
      const shop = i % 2 === 0 ? fixed : inactive;
      const member = await memberWithBalance(db, shop.id, customerFixture(), 0);
      await earn(shop.id, member.id, 40);
      await earn(shop.id, member.id, 60);
      await redeem(shop.id, member.id, 10);
      members.push(member);
    }
    const now = inMonths(2);
    const second = createDb(process.env.DATABASE_URL!);
    try {
      const runs = await Promise.all(
        [db, second, db, second].flatMap((client) =>
          [fixed.id, inactive.id].map((shopId) => expireDuePoints(client, { now, shopId })),
        ),
      );
      const total = runs.reduce((sum, r) => ({ entries: sum.entries + r.entries, points: sum.points + r.points }), {
        entries: 0,
        points: 0,
      });
      // Fixed: two lots per member (30 and 60 left); inactivity: one entry of 90 per member.
      expect(total).toEqual({ entries: 3 * 2 + 3, points: 6 * 90 });
      expect(await expireDuePoints(second, { now, shopId: fixed.id })).toMatchObject({ entries: 0, points: 0 });
      expect(await expireDuePoints(db, { now, shopId: inactive.id })).toMatchObject({ entries: 0, points: 0 });
    } finally {
      await second.$disconnect();
    }
    for (const member of members) expect(await expectConsistent(member.id)).toBe(0);
  });

  it("a redeem racing the job spends or expires each point, never both", async () => {
    const shop = await shopWith("fixed", 1);
    const member = await memberWithBalance(db, shop.id, customerFixture(), 0);
    await earn(shop.id, member.id, 100);
    const second = createDb(process.env.DATABASE_URL!);
    try {
      const [job, spend] = await Promise.allSettled([
        expireDuePoints(second, { now: inMonths(2), shopId: shop.id }),
        redeem(shop.id, member.id, 70),
      ]);
      expect(job.status).toBe("fulfilled");
      const expired = job.status === "fulfilled" ? job.value.points : 0;
      // Either the redeem came first (70 spent, 30 expired) or the job (100 expired, redeem refused).
      if (spend.status === "fulfilled") expect(expired).toBe(30);
      else expect(expired).toBe(100);
    } finally {
      await second.$disconnect();
    }
    expect(await expectConsistent(member.id)).toBe(0);
  });
});
