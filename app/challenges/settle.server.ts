/**
 * Settling a member's challenges in the caller's ledger transaction, under the member's row
 * lock: read their state, let the pure evaluator decide (app/domain/challenges/completions.ts),
 * write what it asks for. A completion is a ChallengeCompletion row and what it gives: an
 * `earn` entry (causeType "challenge") or a reward granted (./grants.server.ts, issued at
 * Shopify after the commit). A completion no longer supported is reversed: a `reverse` entry,
 * the row marked with why, a granted reward not used taken back after the commit.
 * Settling twice writes nothing the second time: the state then holds what the first wrote.
 */
import { randomUUID } from "node:crypto";
import type { Tx } from "../db.server";
import { decideCompletions, type MemberFacts } from "../domain/challenges/completions";
import { countsOrders } from "../domain/challenges/contributions";
import type { Challenge } from "../domain/challenges/definition";
import { ledgerKeys, PointsOutOfRangeError } from "../domain/ledger";
import { reversalStep, type ReversalPolicy } from "../domain/reversal";
import { postEntry } from "../ledger/ledger.server";
import { grantRewardInTransaction, takeBackInTransaction, type ChallengeFollowUps } from "./grants.server";
import { readChallengeStates } from "./progress-store.server";

export interface SettleShop {
  id: string;
  timeZone: string;
  /** How a reversal meets a balance already spent (the shop's policy for orders too). */
  reversalPolicy?: string;
}

export interface SettleOutcome extends ChallengeFollowUps {
  /** Completions recorded / reversed by this settle. */
  completed: number;
  reversed: number;
  /** The member's balance after the last entry posted, if any. */
  balance: number | null;
}

/** What the completion's entry and history say: the challenge by its title. */
function completionReason(challenge: Challenge, step: number): string {
  switch (challenge.kind) {
    case "challenge":
      return `Challenge completed: ${challenge.title}`;
    case "milestone":
      return `Milestone reached: ${challenge.title}`;
    case "streak":
      return `Streak of ${step} ${challenge.period === "day" ? "days" : "weeks"}: ${challenge.title}`;
  }
}

/** Whether a challenge is counted from contributions (else from the member's facts alone). */
export function countsContributions(challenge: Challenge): boolean {
  return !(
    challenge.kind === "milestone" &&
    (challenge.measure.type === "points_earned" || challenge.measure.type === "membership_days")
  );
}

export async function settleChallengesInTransaction(
  tx: Tx,
  input: { shop: SettleShop; memberId: string; member: MemberFacts; challenges: readonly Challenge[]; now: Date },
): Promise<SettleOutcome> {
  const { shop, memberId, now } = input;
  const outcome: SettleOutcome = { completed: 0, reversed: 0, balance: null, grants: [], takeBacks: [] };
  if (input.challenges.length === 0) return outcome;
  const states = await readChallengeStates(
    tx,
    shop.id,
    memberId,
    {
      counted: input.challenges.filter(countsContributions).map((c) => c.id),
      all: input.challenges.map((c) => c.id),
    },
    input.member,
  );
  for (const challenge of input.challenges) {
    const state = states.get(challenge.id)!;
    const decisions = decideCompletions(challenge, state, now, shop.timeZone);
    for (const goal of decisions.complete) {
      const id = randomUUID();
      const base = {
        id,
        shopId: shop.id,
        challengeId: challenge.id,
        memberId,
        window: goal.window,
        step: goal.step,
        attempt: goal.attempt,
        causeKey: goal.causeKey,
        completedAt: now,
      };
      if (goal.reward.type === "points") {
        const posted = await postEntry(tx, {
          shopId: shop.id,
          memberId,
          points: goal.reward.points,
          kind: "earn",
          causeType: "challenge",
          causeId: id,
          reason: completionReason(challenge, goal.step),
          idempotencyKey: ledgerKeys.challengeCompletion(challenge.id, memberId, goal.window, goal.step, goal.attempt),
        }).catch((error: unknown) => {
          // At the ledger's bound nothing more can be earned (nothing was written): not completed.
          if (error instanceof PointsOutOfRangeError) return null;
          throw error;
        });
        if (!posted) continue;
        outcome.balance = posted.entry.balanceAfter;
        await tx.challengeCompletion.create({ data: { ...base, points: goal.reward.points } });
      } else {
        await tx.challengeCompletion.create({ data: { ...base, rewardId: goal.reward.rewardId } });
        const grant = await grantRewardInTransaction(tx, {
          shopId: shop.id,
          memberId,
          completionId: id,
          rewardId: goal.reward.rewardId,
          now,
        });
        if (grant) outcome.grants.push(grant);
      }
      outcome.completed++;
    }
    for (const reversal of decisions.reverse) {
      const completion = state.completions.find((c) => c.id === reversal.completionId)!;
      let reason = reversal.reason;
      if (completion.points > 0) {
        const balance = await lockedBalance(tx, shop.id, memberId);
        const { debit, shortfall } = reversalStep({
          target: completion.points,
          alreadyReversed: 0,
          balance,
          policy: (shop.reversalPolicy ?? "cap_at_zero") as ReversalPolicy,
        });
        if (debit > 0) {
          const posted = await postEntry(tx, {
            shopId: shop.id,
            memberId,
            points: -debit,
            kind: "reverse",
            causeType: "challenge",
            causeId: completion.id,
            reason: `${completionReason(challenge, completion.step)}, reversed: ${reason}`,
            idempotencyKey: ledgerKeys.challengeReversal(completion.id),
            allowNegative: shop.reversalPolicy === "allow_negative",
          });
          outcome.balance = posted.entry.balanceAfter;
        }
        if (shortfall > 0) reason += ` ${shortfall} points were already spent and not taken back.`;
      }
      if (completion.rewardId) {
        const takeBack = await takeBackInTransaction(tx, shop.id, completion.id);
        reason += takeBack.note;
        if (takeBack.redemptionId) outcome.takeBacks.push({ shopId: shop.id, redemptionId: takeBack.redemptionId });
      }
      await tx.challengeCompletion.updateMany({
        where: { id: completion.id, shopId: shop.id, reversedAt: null },
        data: { reversedAt: now, reversalReason: reason.slice(0, 500) },
      });
      outcome.reversed++;
    }
  }
  return outcome;
}

/** The member's balance; their row is already locked by the caller. */
async function lockedBalance(tx: Tx, shopId: string, memberId: string): Promise<number> {
  const member = await tx.member.findFirstOrThrow({ where: { id: memberId, shopId }, select: { balance: true } });
  return member.balance;
}

/** The challenges an order's state may move: those counting orders, and milestones on the member's facts. */
export function orderMovedChallenges(challenges: readonly Challenge[]): Challenge[] {
  return challenges.filter((c) => countsOrders(c) || !countsContributions(c));
}
