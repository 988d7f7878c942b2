/**
 * The challenge progress store: contributions (one row per challenge, member and source) and
 * completions. Only reads and writes: what to write is the pure evaluator's decision
 * (app/domain/challenges). Every write happens under the member's row lock, so a member's rows
 * change one transaction at a time.
 */
import type { Db, Tx } from "../db.server";
import type { ChallengeState, MemberFacts, RecordedCompletion } from "../domain/challenges/completions";
import type { ContributionDraft } from "../domain/challenges/contributions";
import type { Contribution } from "../domain/challenges/progress";
import { minorFromStored } from "../domain/money";

/**
 * Records contributions. An upsert on the unique (shop, challenge, member, source): a source
 * seen again never aborts the transaction (a failed INSERT would on PostgreSQL), an order's
 * row follows the order's state (its amount), any other row stays as first written.
 */
export async function recordContributions(
  tx: Tx,
  shopId: string,
  memberId: string,
  byChallenge: ReadonlyArray<{ challengeId: string; drafts: readonly ContributionDraft[] }>,
): Promise<void> {
  for (const { challengeId, drafts } of byChallenge) {
    for (const draft of drafts) {
      await tx.challengeContribution.upsert({
        where: { shopId_challengeId_memberId_sourceKey: { shopId, challengeId, memberId, sourceKey: draft.sourceKey } },
        create: {
          shopId,
          challengeId,
          memberId,
          sourceKey: draft.sourceKey,
          window: draft.window,
          amount: BigInt(draft.amount),
          orderId: draft.orderId,
          occurredAt: draft.occurredAt,
        },
        update: draft.orderId ? { amount: BigInt(draft.amount) } : {},
      });
    }
  }
}

export interface StoredCompletion extends RecordedCompletion {
  challengeId: string;
  points: number;
  rewardId: string | null;
}

/** A ChallengeState as stored (its completions with what they gave). */
export interface StoredState extends ChallengeState {
  contributions: Contribution[];
  completions: StoredCompletion[];
}

/**
 * A member's state on some challenges, in two queries: their contributions (only for the
 * challenges that count them) and their completions.
 */
export async function readChallengeStates(
  tx: Db | Tx,
  shopId: string,
  memberId: string,
  challenges: { counted: readonly string[]; all: readonly string[] },
  member: MemberFacts,
): Promise<Map<string, StoredState>> {
  const [contributions, completions] = await Promise.all([
    challenges.counted.length === 0
      ? []
      : tx.challengeContribution.findMany({
          where: { shopId, memberId, challengeId: { in: [...challenges.counted] } },
          select: { challengeId: true, sourceKey: true, window: true, amount: true, occurredAt: true },
        }),
    tx.challengeCompletion.findMany({
      where: { shopId, memberId, challengeId: { in: [...challenges.all] } },
      select: {
        id: true,
        challengeId: true,
        window: true,
        step: true,
        attempt: true,
        completedAt: true,
        reversedAt: true,
        points: true,
        rewardId: true,
      },
    }),
  ]);
  const states = new Map<string, StoredState>();
  for (const id of challenges.all) states.set(id, { contributions: [], completions: [], member });
  for (const row of contributions) {
    states.get(row.challengeId)?.contributions.push({
      sourceKey: row.sourceKey,
      window: row.window,
      amount: minorFromStored(`Challenge contribution ${row.sourceKey}`, row.amount),
      occurredAt: row.occurredAt,
    });
  }
  for (const row of completions) states.get(row.challengeId)?.completions.push(row);
  return states;
}
