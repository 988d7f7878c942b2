/**
 * The whole programme of a shop as JSON Lines (docs/api/programme-export.md): a header, the
 * tiers, rewards, rules, campaigns and challenges, then every member and every ledger entry.
 * Each table is read in pages by id, so memory holds one page whatever the shop's size.
 */
import type { Db } from "../db.server";
import {
  campaignRecordOf,
  challengeRecordOf,
  jsonLine,
  ledgerEntryRecordOf,
  memberRecordOf,
  rewardRecordOf,
  ruleRecordOf,
  tierRecordOf,
  type ProgrammeExportRecord,
} from "../domain/data-export/records";

export const PROGRAMME_PAGE = 500;

/** Reads a table page by page (by id, scoped by shop), yielding each page's lines as one chunk. */
async function* pages<Row extends { id: string }>(
  read: (page: { take: number; skip?: number; cursor?: { id: string } }) => Promise<Row[]>,
  toRecord: (row: Row) => ProgrammeExportRecord,
  pageSize: number,
): AsyncGenerator<string> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await read({ take: pageSize, ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}) });
    if (rows.length > 0) yield rows.map((row) => jsonLine(toRecord(row))).join("");
    if (rows.length < pageSize) return;
    cursor = rows.at(-1)!.id;
  }
}

export async function* programmeJsonl(
  db: Db,
  shop: { id: string; domain: string },
  { now = new Date(), pageSize = PROGRAMME_PAGE }: { now?: Date; pageSize?: number } = {},
): AsyncGenerator<string> {
  const shopId = shop.id;
  const byId = { orderBy: { id: "asc" as const } };
  yield jsonLine({
    type: "export",
    format: "loyalty-programme/1",
    shopDomain: shop.domain,
    exportedAt: now.toISOString(),
  });
  yield* pages((p) => db.tier.findMany({ where: { shopId }, ...byId, ...p }), tierRecordOf, pageSize);
  yield* pages((p) => db.reward.findMany({ where: { shopId }, ...byId, ...p }), rewardRecordOf, pageSize);
  yield* pages((p) => db.rule.findMany({ where: { shopId }, ...byId, ...p }), ruleRecordOf, pageSize);
  yield* pages((p) => db.campaign.findMany({ where: { shopId }, ...byId, ...p }), campaignRecordOf, pageSize);
  yield* pages((p) => db.challenge.findMany({ where: { shopId }, ...byId, ...p }), challengeRecordOf, pageSize);
  yield* pages((p) => db.member.findMany({ where: { shopId }, ...byId, ...p }), memberRecordOf, pageSize);
  yield* pages(
    (p) =>
      db.ledgerEntry.findMany({
        where: { shopId },
        ...byId,
        ...p,
        select: {
          id: true,
          memberId: true,
          points: true,
          balanceAfter: true,
          kind: true,
          causeType: true,
          causeId: true,
          reason: true,
          createdAt: true,
        },
      }),
    ledgerEntryRecordOf,
    pageSize,
  );
}
