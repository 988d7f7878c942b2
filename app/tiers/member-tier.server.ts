/**
 * A member's tier as they and the merchant see it: where they stand (the widget, the Shopify
 * metafields) and how they got there (the member page). Read-only; scoped by shop.
 */
import type { Db } from "../db.server";
import { tierStanding, type TierStanding } from "../domain/tiers/progress";
import { MemberNotFoundError } from "../ledger/ledger.server";
import { memberTierColumns, readMemberTierFacts } from "./tier-facts.server";
import { readTierProgram } from "./tiers.server";

/** The member's tier, the next one and what it takes, and what keeps the tier, at `now`. */
export async function memberTierStanding(
  db: Db,
  shopId: string,
  memberId: string,
  now: Date = new Date(),
): Promise<TierStanding> {
  const member = await db.member.findFirst({ where: { id: memberId, shopId }, select: memberTierColumns });
  if (!member) throw new MemberNotFoundError(`No member ${memberId} in this shop.`);
  const { program } = await readTierProgram(db, shopId);
  return tierStanding(program, await readMemberTierFacts(db, shopId, member, program, now), now);
}

export interface TierHistoryLine {
  at: Date;
  /** Tier names as they are now; null for no tier (or a tier since deleted). */
  fromTier: string | null;
  toTier: string | null;
  cause: string;
  reason: string | null;
  staff: string | null;
}

/** Every tier move of the member, newest first. */
export async function tierHistory(db: Db, shopId: string, memberId: string): Promise<TierHistoryLine[]> {
  const changes = await db.tierChange.findMany({
    where: { shopId, memberId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      createdAt: true,
      cause: true,
      reason: true,
      staff: true,
      from: { select: { name: true } },
      to: { select: { name: true } },
      fromTierName: true,
      toTierName: true,
    },
  });
  return changes.map((change) => ({
    at: change.createdAt,
    // The tier's name now; a deleted tier's, as it was when the member moved.
    fromTier: change.from?.name ?? change.fromTierName,
    toTier: change.to?.name ?? change.toTierName,
    cause: change.cause,
    reason: change.reason,
    staff: change.staff,
  }));
}
