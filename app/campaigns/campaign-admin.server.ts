/**
 * The Campaigns pages' reads and writes: the shop's campaigns with where each stands (A's
 * campaignPhase) and its current or next occurrence, one campaign, create, update, pause and
 * resume, archive, reorder, and the shop's stacking policy. Every write is one transaction
 * with bumpProgramVersion (the storefront caches campaigns by it); every query is by shopId;
 * another shop's or an archived campaign is ProgrammeRowNotFoundError.
 */
import type { Db } from "../db.server";
import {
  definitionJson,
  readCampaignRow,
  type Campaign,
  type CampaignDefinition,
  type StackingPolicy,
} from "../domain/campaigns/definition";
import {
  campaignPhase,
  nextOccurrence,
  occurrenceAt,
  type CampaignPhase,
  type Occurrence,
} from "../domain/campaigns/schedule";
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
import { bumpProgramVersion } from "../shops/shops.server";

export type CampaignRecord = ProgrammeRecord<"campaign">;

export interface CampaignWrite {
  title: string;
  definition: CampaignDefinition;
}

export interface ListedCampaign {
  record: CampaignRecord;
  /** Null when the stored definition no longer reads (it then changes nothing): `error` says why. */
  campaign: Campaign | null;
  error: string | null;
  /** A row that does not read is listed as ended: it can only be edited or archived. */
  phase: CampaignPhase;
  /** The occurrence running now, else the next one (none for an ended campaign). */
  occurrence: Occurrence | null;
}

const columns = (write: CampaignWrite) => ({
  title: write.title,
  effect: write.definition.effect.type,
  definition: definitionJson(write.definition),
});

/** Where a campaign stands at `now`, and the occurrence the list names ("until Sunday", "from 1 Dec"). */
export function campaignStatus(campaign: Campaign, now: Date, timeZone: string) {
  const phase = campaignPhase(campaign, now, timeZone);
  const occurrence = occurrenceAt(campaign.schedule, now, timeZone) ?? nextOccurrence(campaign.schedule, now, timeZone);
  return { phase, occurrence };
}

/** The shop's campaigns that are not archived, paused ones included, in the merchant's order. */
export async function listCampaigns(
  db: Db,
  shop: { id: string; timeZone: string },
  now: Date,
): Promise<ListedCampaign[]> {
  const records = await db.campaign.findMany({ where: { shopId: shop.id, archivedAt: null }, orderBy: ORDER });
  return records.map((record) => {
    const read = readCampaignRow(record);
    if (!read.campaign) return { record, campaign: null, error: read.error, phase: "ended", occurrence: null };
    return { record, campaign: read.campaign, error: null, ...campaignStatus(read.campaign, now, shop.timeZone) };
  });
}

/** One campaign of the shop (not archived), or null: another shop's id reads as none. */
export async function readCampaign(
  db: Db,
  shopId: string,
  campaignId: string,
): Promise<{ record: CampaignRecord; campaign: Campaign | null; error: string | null } | null> {
  const record = await findLiveRow(db, "campaign", shopId, campaignId);
  if (!record) return null;
  const read = readCampaignRow(record);
  return { record, campaign: read.campaign, error: read.error };
}

/** A new campaign, last in the merchant's order, switched on. */
export const createCampaign = (db: Db, shopId: string, write: CampaignWrite): Promise<CampaignRecord> =>
  createRow(db, "campaign", shopId, columns(write));

/** What the merchant wrote, changed; its translations, switch and place stay. */
export const updateCampaign = (db: Db, shopId: string, campaignId: string, write: CampaignWrite) =>
  updateRow(db, "campaign", shopId, campaignId, columns(write));

/** Paused or resumed, moved up or down the merchant's order, or archived (see applyRowIntent). */
export const applyCampaignIntent = (db: Db, shopId: string, campaignId: string, intent: RowIntent) =>
  applyRowIntent(db, "campaign", shopId, campaignId, intent);

/** How multipliers on one award combine, for every campaign and tier of the shop. */
export async function setCampaignStacking(db: Db, shopId: string, policy: StackingPolicy): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.shop.update({ where: { id: shopId }, data: { campaignStacking: policy } });
    await bumpProgramVersion(tx, shopId);
  });
}

export { ProgrammeRowNotFoundError };
