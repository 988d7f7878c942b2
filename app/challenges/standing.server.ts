// TEMPORARY (storefront helper): replaced by engineer B's module
/**
 * A stand-in for engineer B's memberChallengeStandings with the brief's signature: the
 * member's contributions and completions of the given challenges in two queries.
 */
import type { Db } from "../db.server";
import type { Challenge } from "../domain/challenges/definition";
import { challengeStanding, type ChallengeStanding } from "../domain/challenges/standing";

export async function memberChallengeStandings(
  db: Db,
  shop: { id: string; timeZone: string },
  member: { id: string; createdAt: Date; customerCreatedAt: Date | null; lifetimeEarned: number },
  challenges: readonly Challenge[],
  now: Date,
): Promise<ChallengeStanding[]> {
  if (challenges.length === 0) return [];
  const challengeIds = challenges.map((c) => c.id);
  const [contributions, completions] = await Promise.all([
    db.challengeContribution.findMany({
      where: { shopId: shop.id, memberId: member.id, challengeId: { in: challengeIds } },
      select: { challengeId: true, sourceKey: true, window: true, amount: true, occurredAt: true },
    }),
    db.challengeCompletion.findMany({
      where: { shopId: shop.id, memberId: member.id, challengeId: { in: challengeIds } },
      select: {
        id: true,
        challengeId: true,
        window: true,
        step: true,
        attempt: true,
        completedAt: true,
        reversedAt: true,
      },
    }),
  ]);
  const memberFacts = {
    lifetimeEarned: member.lifetimeEarned,
    memberSince: member.customerCreatedAt ?? member.createdAt,
  };
  return challenges.flatMap((challenge) => {
    const standing = challengeStanding(
      challenge,
      {
        contributions: contributions
          .filter((c) => c.challengeId === challenge.id)
          .map((c) => ({ ...c, amount: Number(c.amount) })),
        completions: completions.filter((c) => c.challengeId === challenge.id),
        member: memberFacts,
      },
      now,
      shop.timeZone,
    );
    return standing ? [standing] : [];
  });
}
