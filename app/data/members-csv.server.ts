/** A shop's members as CSV (balances, pending, lifetime figures, tier): streamed in pages. */
import type { Db } from "../db.server";
import { csvRow, csvRows } from "../domain/csv";

export const MEMBERS_CSV_HEADER = [
  "customer_id",
  "email",
  "first_name",
  "last_name",
  "balance",
  "pending",
  "lifetime_earned",
  "lifetime_redeemed",
  "tier",
  "tier_source",
  "tier_ends_at",
  "joined_at",
] as const;

export const MEMBERS_PAGE = 500;

/** Header first, then every member of the shop in the order they joined, one page of rows per chunk. */
export async function* membersCsv(db: Db, shopId: string, pageSize = MEMBERS_PAGE): AsyncGenerator<string> {
  yield csvRow(MEMBERS_CSV_HEADER);
  let cursor: string | undefined;
  for (;;) {
    const members = await db.member.findMany({
      where: { shopId },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      select: {
        id: true,
        customerId: true,
        email: true,
        firstName: true,
        lastName: true,
        balance: true,
        pending: true,
        lifetimeEarned: true,
        lifetimeRedeemed: true,
        tierSource: true,
        tierEndsAt: true,
        createdAt: true,
        tier: { select: { name: true } },
      },
    });
    if (members.length > 0) {
      yield csvRows(
        members.map((m) => [
          m.customerId,
          m.email,
          m.firstName,
          m.lastName,
          m.balance,
          m.pending,
          m.lifetimeEarned,
          m.lifetimeRedeemed,
          m.tier?.name,
          m.tier ? m.tierSource : null,
          m.tier ? m.tierEndsAt?.toISOString() : null,
          m.createdAt.toISOString(),
        ]),
      );
    }
    if (members.length < pageSize) return;
    cursor = members.at(-1)!.id;
  }
}
