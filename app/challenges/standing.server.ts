/**
 * A member's standing on the shop's challenges and their completions, for the member page
 * and the storefront: read in a fixed number of queries whatever the number of challenges
 * (no query per challenge), decided by the pure standing (app/domain/challenges/standing.ts).
 */
import type { Db } from "../db.server";
import type { Challenge, ChallengeKind } from "../domain/challenges/definition";
import { isChallengeKind } from "../domain/challenges/definition";
import { challengePhase } from "../domain/challenges/phase";
import { challengeStanding, type ChallengeStanding } from "../domain/challenges/standing";
import { readChallengeStates } from "./progress-store.server";
import { countsContributions } from "./settle.server";

export async function memberChallengeStandings(
  db: Db,
  shop: { id: string; timeZone: string },
  member: { id: string; createdAt: Date; customerCreatedAt: Date | null; lifetimeEarned: number },
  challenges: readonly Challenge[],
  now: Date,
): Promise<ChallengeStanding[]> {
  const on = challenges.filter((c) => challengePhase(c, now, shop.timeZone) === "active");
  if (on.length === 0) return [];
  const facts = { lifetimeEarned: member.lifetimeEarned, memberSince: member.customerCreatedAt ?? member.createdAt };
  const states = await readChallengeStates(
    db,
    shop.id,
    member.id,
    { counted: on.filter(countsContributions).map((c) => c.id), all: on.map((c) => c.id) },
    facts,
  );
  return on.flatMap((c) => {
    const standing = challengeStanding(c, states.get(c.id)!, now, shop.timeZone);
    return standing ? [standing] : [];
  });
}

export interface MemberCompletion {
  id: string;
  challengeId: string;
  title: string;
  kind: ChallengeKind;
  window: string;
  step: number;
  points: number;
  rewardId: string | null;
  completedAt: Date;
  reversedAt: Date | null;
  reversalReason: string | null;
}

/** A member's completions, newest first, with their challenge's title and kind (one query). */
export async function listMemberCompletions(db: Db, shopId: string, memberId: string): Promise<MemberCompletion[]> {
  const rows = await db.challengeCompletion.findMany({
    where: { shopId, memberId },
    orderBy: [{ completedAt: "desc" }, { id: "asc" }],
    include: { challenge: { select: { title: true, kind: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    challengeId: row.challengeId,
    title: row.challenge.title,
    kind: isChallengeKind(row.challenge.kind) ? row.challenge.kind : "challenge",
    window: row.window,
    step: row.step,
    points: row.points,
    rewardId: row.rewardId,
    completedAt: row.completedAt,
    reversedAt: row.reversedAt,
    reversalReason: row.reversalReason,
  }));
}
