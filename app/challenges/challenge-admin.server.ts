/**
 * The Challenges pages' reads and writes: the shop's challenges, milestones and streaks with
 * where each stands (B's challengePhase), one of them, create, update, pause and resume,
 * archive (never delete: completions and ledger entries name it) and reorder. Every write is
 * one transaction with bumpProgramVersion; every query is by shopId; another shop's or an
 * archived challenge is ProgrammeRowNotFoundError.
 */
import type { Db } from "../db.server";
import { readChallengeRow, type Challenge } from "../domain/challenges/definition";
import type { ChallengeDraft } from "../domain/challenges/form";
import { challengePhase, type ChallengePhase } from "../domain/challenges/phase";
import {
  applyRowIntent,
  createRow,
  findLiveRow,
  ORDER,
  ProgrammeRowNotFoundError,
  updateRow,
  type ProgrammeRecord,
  type RowIntent,
} from "../admin/programme-rows.server";

export type ChallengeRecord = ProgrammeRecord<"challenge">;

export type ChallengeWrite = ChallengeDraft & { title: string; description: string };

export interface ListedChallenge {
  record: ChallengeRecord;
  challenge: Challenge | null;
  error: string | null;
  phase: ChallengePhase;
}

const columns = (write: ChallengeWrite) => ({
  kind: write.kind,
  title: write.title,
  description: write.description,
  definition: JSON.stringify(write.definition),
});

/** Not archived, paused ones included, in the merchant's order; a row that does not read is listed as ended. */
export async function listChallenges(
  db: Db,
  shop: { id: string; timeZone: string },
  now: Date,
): Promise<ListedChallenge[]> {
  const records = await db.challenge.findMany({ where: { shopId: shop.id, archivedAt: null }, orderBy: ORDER });
  return records.map((record) => {
    const read = readChallengeRow(record);
    if (!read.challenge) return { record, challenge: null, error: read.error, phase: "ended" };
    return {
      record,
      challenge: read.challenge,
      error: null,
      phase: challengePhase(read.challenge, now, shop.timeZone),
    };
  });
}

/** One challenge of the shop (not archived), or null: another shop's id reads as none. */
export async function readChallenge(
  db: Db,
  shopId: string,
  challengeId: string,
): Promise<{ record: ChallengeRecord; challenge: Challenge | null; error: string | null } | null> {
  const record = await findLiveRow(db, "challenge", shopId, challengeId);
  if (!record) return null;
  const read = readChallengeRow(record);
  return { record, challenge: read.challenge, error: read.error };
}

/** A new challenge, last in the merchant's order, switched on. */
export const createChallenge = (db: Db, shopId: string, write: ChallengeWrite): Promise<ChallengeRecord> =>
  createRow(db, "challenge", shopId, columns(write));

/** What the merchant wrote, changed (the kind stays the stored one: the route enforces it). */
export const updateChallenge = (db: Db, shopId: string, challengeId: string, write: ChallengeWrite) =>
  updateRow(db, "challenge", shopId, challengeId, columns(write));

/** Paused or resumed, moved up or down the merchant's order, or archived (see applyRowIntent). */
export const applyChallengeIntent = (db: Db, shopId: string, challengeId: string, intent: RowIntent) =>
  applyRowIntent(db, "challenge", shopId, challengeId, intent);

export { ProgrammeRowNotFoundError };
