// TEMPORARY (admin helper): replaced by engineer B's module. A rough reading of the stored
// contributions (every window summed) so the member page has something to show until B's
// evaluator-backed standings land.
import type { Db } from "../db.server";
import type { Challenge, ChallengeKind } from "../domain/challenges/definition";
import { challengePhase } from "../domain/challenges/phase";
import type { ChallengeStanding } from "../domain/challenges/standing";

function goalOf(challenge: Challenge): { measure: string; goal: number } {
  if (challenge.kind === "streak") return { measure: challenge.action.type, goal: challenge.steps[0]!.length };
  const m = challenge.measure;
  const goal = "count" in m ? m.count : "amountMinor" in m ? m.amountMinor : "points" in m ? m.points : m.days;
  return { measure: m.type, goal };
}

export async function memberChallengeStandings(
  db: Db,
  shop: { id: string; timeZone: string },
  member: { id: string; createdAt: Date; customerCreatedAt: Date | null; lifetimeEarned: number },
  challenges: readonly Challenge[],
  now: Date,
): Promise<ChallengeStanding[]> {
  const on = challenges.filter((c) => challengePhase(c, now, shop.timeZone) === "active");
  const sums = await db.challengeContribution.groupBy({
    by: ["challengeId"],
    where: { shopId: shop.id, memberId: member.id, challengeId: { in: on.map((c) => c.id) } },
    _sum: { amount: true },
  });
  const progressOf = new Map(sums.map((s) => [s.challengeId, Number(s._sum.amount ?? 0)]));
  return on.map((challenge) => {
    const { measure, goal } = goalOf(challenge);
    return {
      challengeId: challenge.id,
      kind: challenge.kind,
      measure,
      progress: Math.min(goal, progressOf.get(challenge.id) ?? 0),
      goal,
      windowKey: "",
      endsAt: challenge.endsAt ?? null,
      reward: challenge.kind === "streak" ? challenge.steps[0]!.reward : challenge.reward,
      completedAt: null,
      streak: null,
    };
  });
}

export async function listMemberCompletions(
  db: Db,
  shopId: string,
  memberId: string,
): Promise<
  Array<{
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
  }>
> {
  const rows = await db.challengeCompletion.findMany({
    where: { shopId, memberId },
    orderBy: { completedAt: "desc" },
    include: { challenge: { select: { title: true, kind: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    challengeId: row.challengeId,
    title: row.challenge.title,
    kind: row.challenge.kind as ChallengeKind,
    window: row.window,
    step: row.step,
    points: row.points,
    rewardId: row.rewardId,
    completedAt: row.completedAt,
    reversedAt: row.reversedAt,
    reversalReason: row.reversalReason,
  }));
}
