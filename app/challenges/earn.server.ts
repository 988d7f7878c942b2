/**
 * Challenges on the one earn path (app/rules/award.server.ts): every event the rules engine
 * sees also advances the shop's live challenges, in the same transaction and under the
 * member's row lock that awardInTransaction took. The event's contributions are recorded, then
 * the challenges it touched are settled, with the milestones counted from the member's facts
 * (points earned, days as a member), which any event may have moved.
 */
import type { Tx } from "../db.server";
import { eventContributions } from "../domain/challenges/contributions";
import type { Challenge } from "../domain/challenges/definition";
import type { RuleEvent } from "../domain/rules/event";
import { readLiveChallenges } from "./challenges.server";
import { recordContributions } from "./progress-store.server";
import {
  countsContributions,
  settleChallengesInTransaction,
  type SettleOutcome,
  type SettleShop,
} from "./settle.server";

export async function advanceChallengesForEvent(
  tx: Tx,
  input: {
    shop: SettleShop;
    memberId: string;
    event: RuleEvent;
    now: Date;
    /** The shop's live challenges when the caller has them (else read here: one query). */
    challenges?: readonly Challenge[];
  },
): Promise<SettleOutcome | null> {
  const { shop, memberId, event, now } = input;
  const live = input.challenges ?? (await readLiveChallenges(tx, shop.id));
  if (live.length === 0) return null;
  const touched = live
    .map((challenge) => ({ challenge, drafts: eventContributions(challenge, event, now, shop.timeZone) }))
    .filter((t) => t.drafts.length > 0);
  const byFacts = live.filter((c) => !countsContributions(c));
  if (touched.length === 0 && byFacts.length === 0) return null;
  await recordContributions(
    tx,
    shop.id,
    memberId,
    touched.map((t) => ({ challengeId: t.challenge.id, drafts: t.drafts })),
  );
  // After the event's own awards: lifetimeEarned as they left it.
  const member = await tx.member.findFirstOrThrow({
    where: { id: memberId, shopId: shop.id },
    select: { lifetimeEarned: true, createdAt: true, customerCreatedAt: true },
  });
  return settleChallengesInTransaction(tx, {
    shop,
    memberId,
    member: { lifetimeEarned: member.lifetimeEarned, memberSince: member.customerCreatedAt ?? member.createdAt },
    challenges: [...touched.map((t) => t.challenge), ...byFacts],
    now,
  });
}
