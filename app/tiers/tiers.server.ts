/**
 * A shop's tier programme as stored: the Shop's tier settings and its Tier rows, read through
 * the definition's schema (app/domain/tiers/definition.ts).
 */
import type { Db, Tx } from "../db.server";
import { metricOf, periodOf, readTierRow, type Tier, type TierProgram } from "../domain/tiers/definition";

type Client = Db | Tx;

export interface StoredTiers {
  program: TierProgram;
  /** Rows that no longer read, by id: left out of the programme until fixed. */
  problems: { id: string; name: string; problem: string }[];
}

/** The shop's programme, tiers in position order. */
export async function readTierProgram(client: Client, shopId: string): Promise<StoredTiers> {
  const [shop, { tiers, problems }] = await Promise.all([
    client.shop.findUniqueOrThrow({
      where: { id: shopId },
      select: { tierMetric: true, tierPeriod: true, tierGraceDays: true, timeZone: true },
    }),
    readTierRows(client, shopId),
  ]);
  return {
    program: {
      metric: metricOf(shop.tierMetric),
      period: periodOf(shop.tierPeriod),
      graceDays: shop.tierGraceDays,
      timeZone: shop.timeZone,
      tiers,
    },
    problems,
  };
}

/** The programme from a shop row already read and its tiers (the storefront view caches them). */
export function tierProgramOf(
  shop: { tierMetric: string; tierPeriod: string; tierGraceDays: number; timeZone: string },
  tiers: readonly Tier[],
): TierProgram {
  return {
    metric: metricOf(shop.tierMetric),
    period: periodOf(shop.tierPeriod),
    graceDays: shop.tierGraceDays,
    timeZone: shop.timeZone,
    tiers: [...tiers],
  };
}

/** The shop's readable tiers (position order) without its settings: one read. */
export async function readTiers(client: Client, shopId: string): Promise<readonly Tier[]> {
  return (await readTierRows(client, shopId)).tiers;
}

/** The shop's Tier rows in position order, read through the definition's schema. */
async function readTierRows(
  client: Client,
  shopId: string,
): Promise<{ tiers: Tier[]; problems: StoredTiers["problems"] }> {
  const rows = await client.tier.findMany({ where: { shopId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  const tiers: Tier[] = [];
  const problems: StoredTiers["problems"] = [];
  for (const row of rows) {
    const read = readTierRow(row);
    if (read.tier) tiers.push(read.tier);
    else problems.push({ id: row.id, name: row.name, problem: read.problem });
  }
  return { tiers, problems };
}

/** The shop's tiers only (position order), for lists and pickers. */
export async function listTiers(client: Client, shopId: string): Promise<readonly Tier[]> {
  return (await readTierProgram(client, shopId)).program.tiers;
}
