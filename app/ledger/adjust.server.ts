/**
 * Staff adjustments: a person adds or removes points with a reason, recorded with who did
 * it. The idempotency key comes from the form submission, so a double-submitted form or a
 * retried request adjusts once.
 */
import type { Db } from "../db.server";
import { postStandaloneEntry } from "./ledger.server";

export interface StaffAdjustment {
  shopId: string;
  memberId: string;
  /** Non-zero whole points: positive adds, negative removes. */
  points: number;
  reason: string;
  /** Who acted, e.g. the staff member's e-mail or Shopify user id from the session. */
  staffMember: string;
  /** One per submitted form (a UUID made when the form was rendered). */
  requestId: string;
}

/**
 * A post that stands alone: the ledger refuses a member of another shop (MemberNotFoundError)
 * and a removal below zero (InsufficientPointsError) inside the statement that posts.
 */
export async function adjustPoints(db: Db, input: StaffAdjustment) {
  return postStandaloneEntry(db, {
    shopId: input.shopId,
    memberId: input.memberId,
    points: input.points,
    kind: "adjust",
    causeType: "staff",
    causeId: input.staffMember,
    reason: input.reason.trim(),
    idempotencyKey: `adjust:${input.requestId}`,
  });
}

/** A member of the shop with their most recent entries, newest first. */
export async function memberWithHistory(db: Db, shopId: string, memberId: string, take = 50) {
  const member = await db.member.findFirst({ where: { id: memberId, shopId, redactedAt: null } });
  if (!member) return null;
  const entries = await db.ledgerEntry.findMany({
    where: { shopId, memberId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
  return { member, entries };
}
