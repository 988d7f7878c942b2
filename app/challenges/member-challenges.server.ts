/**
 * The member page's Challenges card: where the member stands on each challenge that is on
 * (B's memberChallengeStandings) and their completions, reversed ones with why
 * (listMemberCompletions), as plain JSON for the page. Scoped by shop.
 */
import type { Db } from "../db.server";
import { readLiveChallenges } from "./challenges.server";
import { listMemberCompletions, memberChallengeStandings } from "./standing.server";
import { formatMoney } from "../domain/money";

export async function memberChallengesView(
  db: Db,
  shop: { id: string; timeZone: string; currencyCode: string },
  memberId: string,
  now: Date,
) {
  const member = await db.member.findFirstOrThrow({
    where: { id: memberId, shopId: shop.id },
    select: { id: true, createdAt: true, customerCreatedAt: true, lifetimeEarned: true },
  });
  const challenges = await readLiveChallenges(db, shop.id);
  const [standings, completions] = await Promise.all([
    memberChallengeStandings(db, shop, member, challenges, now),
    listMemberCompletions(db, shop.id, member.id),
  ]);
  const titles = new Map(challenges.map((c) => [c.id, c.title]));
  const amount = (measure: string, n: number) => (measure === "spend" ? formatMoney(n, shop.currencyCode) : String(n));
  return {
    standings: standings.map((s) => ({
      challengeId: s.challengeId,
      title: titles.get(s.challengeId) ?? "Challenge",
      kind: s.kind,
      progress: s.progress,
      goal: s.goal,
      progressText: `${amount(s.measure, s.progress)} of ${amount(s.measure, s.goal)}`,
      endsAt: s.endsAt?.toISOString() ?? null,
      completedAt: s.completedAt?.toISOString() ?? null,
    })),
    completions: completions.map((c) => ({
      id: c.id,
      title: c.title,
      kind: c.kind,
      step: c.step,
      points: c.points,
      rewardId: c.rewardId,
      completedAt: c.completedAt.toISOString(),
      reversedAt: c.reversedAt?.toISOString() ?? null,
      reversalReason: c.reversalReason,
    })),
  };
}

export type MemberChallengesView = Awaited<ReturnType<typeof memberChallengesView>>;
