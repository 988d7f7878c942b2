/** A shop's ledger for a period as CSV, for the merchant's accountant. Streamed in pages. */
import type { Db } from "../db.server";
import { csvRow } from "../domain/csv";

export const LEDGER_CSV_HEADER = [
  "date",
  "entry_id",
  "customer_id",
  "customer_name",
  "customer_email",
  "kind",
  "points",
  "balance_after",
  "cause_type",
  "cause_id",
  "reward_code",
  "reason",
] as const;

const PAGE = 1000;

/** The discount codes of the redemptions a page of entries refers to, in this shop only. */
async function rewardCodes(db: Db, shopId: string, entries: { causeType: string; causeId: string }[]) {
  const ids = [...new Set(entries.filter((e) => e.causeType === "redemption").map((e) => e.causeId))];
  if (ids.length === 0) return new Map<string, string>();
  const redemptions = await db.redemption.findMany({
    where: { shopId, id: { in: ids } },
    select: { id: true, code: true },
  });
  return new Map(redemptions.map((r) => [r.id, r.code]));
}

/** Rows from `from` (inclusive) to `to` (exclusive), oldest first, header first. */
export async function* ledgerCsv(db: Db, shopId: string, period: { from: Date; to: Date }): AsyncGenerator<string> {
  yield csvRow(LEDGER_CSV_HEADER);
  let cursor: string | undefined;
  for (;;) {
    const entries = await db.ledgerEntry.findMany({
      where: { shopId, createdAt: { gte: period.from, lt: period.to } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: PAGE,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      include: { member: { select: { customerId: true, email: true, firstName: true, lastName: true } } },
    });
    const codes = await rewardCodes(db, shopId, entries);
    for (const e of entries) {
      yield csvRow([
        e.createdAt.toISOString(),
        e.id,
        e.member.customerId,
        [e.member.firstName, e.member.lastName].filter(Boolean).join(" "),
        e.member.email,
        e.kind,
        e.points,
        e.balanceAfter,
        e.causeType,
        e.causeId,
        e.causeType === "redemption" ? codes.get(e.causeId) : null,
        e.reason,
      ]);
    }
    if (entries.length < PAGE) return;
    cursor = entries.at(-1)!.id;
  }
}
