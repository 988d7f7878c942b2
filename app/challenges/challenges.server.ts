/**
 * Reading the shop's challenges, milestones and streaks (app/domain/challenges/definition.ts
 * reads each row). Writers (the admin's) move Shop.programVersion in their transaction
 * (bumpProgramVersion in app/shops): the storefront caches them by that version.
 */
import type { Db, Tx } from "../db.server";
import { readChallengeRow, type Challenge } from "../domain/challenges/definition";

type Client = Db | Tx;

/**
 * The shop's challenges that are switched on and not archived, in the merchant's order, read
 * through the schema (a row that does not read counts nothing). Whether each is on now (its
 * startsAt/endsAt, its window) is the evaluator's question.
 */
export async function readLiveChallenges(client: Client, shopId: string): Promise<Challenge[]> {
  const rows = await client.challenge.findMany({
    where: { shopId, active: true, archivedAt: null },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  return rows.flatMap((row) => {
    const read = readChallengeRow(row);
    return read.challenge ? [read.challenge] : [];
  });
}
