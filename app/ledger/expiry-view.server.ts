/**
 * What a member will lose next if nothing changes, for the storefront widget and the admin:
 * the date and the points. In "fixed" mode, the earliest lot date with points left (every
 * lot expiring then); in "inactivity" mode, the whole balance, the shop's months after the
 * member's last earn or redeem. Null when the shop's points never expire or nothing will.
 */
import type { Db } from "../db.server";
import { expiryModeOf, inactivityDeadline, nextExpiry } from "../domain/expiry";
import { dayOf } from "../domain/rules/shop-dates";

export async function upcomingExpiry(
  db: Db,
  shopId: string,
  memberId: string,
): Promise<{ points: number; on: Date } | null> {
  const [shop, member] = await Promise.all([
    db.shop.findUnique({ where: { id: shopId }, select: { expiryMode: true, expiryMonths: true } }),
    db.member.findFirst({
      where: { id: memberId, shopId },
      select: { balance: true, lastActivityAt: true, createdAt: true },
    }),
  ]);
  if (!shop || !member) return null;
  return expiryOfMember(db, shopId, memberId, shop, member);
}

/**
 * The same from a shop row and member row already read (the storefront view has both): the
 * lots only when the shop's policy dates them (at most two queries, none for "never").
 */
export async function expiryOfMember(
  db: Db,
  shopId: string,
  memberId: string,
  shop: { expiryMode: string; expiryMonths: number },
  member: { balance: number; lastActivityAt: Date | null; createdAt: Date },
): Promise<{ points: number; on: Date } | null> {
  const mode = expiryModeOf(shop.expiryMode);
  if (mode === "never") return null;
  let lots: { id: string; remaining: number; earnedAt: Date; expiresAt: Date | null }[] = [];
  if (mode === "fixed") {
    const select = { id: true, remaining: true, earnedAt: true, expiresAt: true } as const;
    const first = await db.pointLot.findFirst({
      where: { shopId, memberId, remaining: { gt: 0 }, expiresAt: { not: null } },
      orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
      select,
    });
    // Every lot that expires at that same moment (points earned together expire together).
    if (first)
      lots = await db.pointLot.findMany({
        where: { shopId, memberId, remaining: { gt: 0 }, expiresAt: first.expiresAt },
        select,
      });
  }
  return nextExpiry(
    { mode, months: shop.expiryMonths },
    { balance: member.balance, lastActivityAt: member.lastActivityAt ?? member.createdAt, lots },
  );
}

/**
 * The shop's points that will expire, by the month they do ("YYYY-MM" where the shop is), from
 * `from` to before `until`, if nobody spends them: in "fixed" mode the lots' remaining points
 * by their dates; in "inactivity" mode every member's balance at the end of their inactivity
 * (as if nobody earned or spent again); nothing when points never expire. For the dashboard.
 */
export async function expiringByMonth(
  db: Db,
  shop: { id: string; expiryMode: string; expiryMonths: number; timeZone: string },
  from: Date,
  until: Date,
): Promise<{ month: string; points: number }[]> {
  const mode = expiryModeOf(shop.expiryMode);
  const months = new Map<string, number>();
  const add = (at: Date, points: number) => {
    const month = dayOf(at, shop.timeZone).slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + points);
  };
  if (mode === "fixed") {
    const lots = await db.pointLot.groupBy({
      by: ["expiresAt"],
      where: { shopId: shop.id, remaining: { gt: 0 }, expiresAt: { gte: from, lt: until } },
      _sum: { remaining: true },
    });
    for (const lot of lots) if (lot.expiresAt) add(lot.expiresAt, lot._sum.remaining ?? 0);
  } else if (mode === "inactivity") {
    const members = await db.member.findMany({
      where: { shopId: shop.id, balance: { gt: 0 } },
      select: { balance: true, lastActivityAt: true, createdAt: true },
    });
    for (const member of members) {
      const on = inactivityDeadline(member.lastActivityAt ?? member.createdAt, shop.expiryMonths);
      if (on >= from && on < until) add(on, member.balance);
    }
  }
  return [...months].map(([month, points]) => ({ month, points }));
}
