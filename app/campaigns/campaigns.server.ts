/**
 * Reading the shop's campaigns (app/domain/campaigns/definition.ts reads each row). Writers
 * (the admin's create, update, pause and archive) live beside this and move
 * Shop.programVersion in their transaction (bumpProgramVersion in app/shops): the storefront
 * caches campaigns by that version (app/storefront/program-cache.server.ts).
 */
import type { Db, Tx } from "../db.server";
import { readCampaignRow, type Campaign } from "../domain/campaigns/definition";

type Client = Db | Tx;

/**
 * The shop's campaigns that are switched on and not archived, in the merchant's order, read
 * through the schema (a row that does not read changes nothing). Whether each runs now is the
 * schedule's question (app/domain/campaigns/schedule.ts), asked per event.
 */
export async function readLiveCampaigns(client: Client, shopId: string): Promise<Campaign[]> {
  const rows = await client.campaign.findMany({
    where: { shopId, active: true, archivedAt: null },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  return rows.flatMap((row) => {
    const read = readCampaignRow(row);
    return read.campaign ? [read.campaign] : [];
  });
}
