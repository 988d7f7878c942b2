/**
 * The daily pass for milestones counted in days as a member: nobody's event may come on the
 * day a member reaches a year, so the scheduled work settles those due. Bounded (a batch per
 * milestone per run; the rest next run) and safe from several instances: each member is
 * settled under their row lock, and a completion already recorded (by another instance) is
 * read under that lock and not made again.
 */
import type { Db } from "../db.server";
import { readChallengeRow } from "../domain/challenges/definition";
import { inLedgerTransaction } from "../ledger/ledger.server";
import { runChallengeFollowUps } from "./grants.server";
import { settleChallengesInTransaction } from "./settle.server";

const BATCH = 200;
const DAY_MS = 86_400_000;

export async function settleMembershipMilestones(db: Db, now: Date): Promise<{ completed: number }> {
  const rows = await db.challenge.findMany({
    where: { kind: "milestone", active: true, archivedAt: null, shop: { uninstalledAt: null } },
    include: { shop: { select: { id: true, timeZone: true } } },
  });
  let completed = 0;
  for (const row of rows) {
    const { challenge } = readChallengeRow(row);
    if (challenge?.kind !== "milestone" || challenge.measure.type !== "membership_days") continue;
    // Members who may be due (the evaluator counts shop-local days) and have no completion yet.
    const cutoff = new Date(now.getTime() - (challenge.measure.days - 1) * DAY_MS);
    const due = await db.member.findMany({
      where: {
        shopId: row.shopId,
        redactedAt: null,
        OR: [{ customerCreatedAt: { lte: cutoff } }, { customerCreatedAt: null, createdAt: { lte: cutoff } }],
        challengeCompletions: { none: { challengeId: challenge.id, reversedAt: null } },
      },
      select: { id: true },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    for (const { id } of due) {
      const outcome = await inLedgerTransaction(db, async (tx) => {
        const [member] = await tx.member.updateManyAndReturn({
          where: { id, shopId: row.shopId },
          data: { balance: { increment: 0 } },
          select: { lifetimeEarned: true, createdAt: true, customerCreatedAt: true },
        });
        if (!member) return null;
        return settleChallengesInTransaction(tx, {
          shop: row.shop,
          memberId: id,
          member: { lifetimeEarned: member.lifetimeEarned, memberSince: member.customerCreatedAt ?? member.createdAt },
          challenges: [challenge],
          now,
        });
      });
      if (!outcome) continue;
      completed += outcome.completed;
      await runChallengeFollowUps(db, outcome);
    }
  }
  return { completed };
}
