/**
 * The member's tier as earning sees it (app/domain/earning-context.ts): read by the rules'
 * awards, the widget's "what purchases earn" and, through the delivery batch, order pricing.
 * A tier row that no longer reads (app/domain/tiers/definition.ts) multiplies nothing.
 */
import type { Db, Tx } from "../db.server";
import { NO_EARNING_CONTEXT, type EarningContext, type EarningTier } from "../domain/earning-context";
import { readTierRow, type Tier } from "../domain/tiers/definition";
import { readTiers } from "./tiers.server";

type Client = Db | Tx;

function earningTierOf(tier: Tier): EarningTier {
  return {
    id: tier.id,
    name: tier.name,
    multiplierHundredths: tier.multiplierHundredths,
    multiplyEngagement: tier.multiplyEngagement,
  };
}

/** The shop's tiers by id, as earning sees them. */
export async function earningTiersOf(client: Client, shopId: string): Promise<ReadonlyMap<string, EarningTier>> {
  return earningTiersFrom(await readTiers(client, shopId));
}

/** Tiers already read (a delivery batch reads them once per shop), as earning sees them. */
export function earningTiersFrom(tiers: readonly Tier[]): ReadonlyMap<string, EarningTier> {
  return new Map(tiers.map((tier) => [tier.id, earningTierOf(tier)] as const));
}

/**
 * The earning context of a member whose tier id is known (the order's member upsert returns
 * it), with what else the caller knows: the campaigns running at the event's time, the shop's
 * stacking policy and the customer's tags (none by default).
 */
export function earningContextFor(
  tiers: ReadonlyMap<string, EarningTier>,
  tierId: string | null | undefined,
  besides: Partial<Omit<EarningContext, "tier">> = {},
): EarningContext {
  const tier = tierId ? tiers.get(tierId) : undefined;
  return { ...NO_EARNING_CONTEXT, ...besides, tier: tier ?? null };
}

/** The member's earning context now: their tier (Member.tierId), or none (a guest: null). */
export async function earningContextOf(
  client: Client,
  shopId: string,
  memberId: string | null,
): Promise<EarningContext> {
  if (!memberId) return NO_EARNING_CONTEXT;
  const member = await client.member.findFirst({
    where: { id: memberId, shopId },
    select: { tier: true },
  });
  const row = member?.tier;
  if (!row || row.shopId !== shopId) return NO_EARNING_CONTEXT;
  const { tier } = readTierRow(row);
  return tier ? { ...NO_EARNING_CONTEXT, tier: earningTierOf(tier) } : NO_EARNING_CONTEXT;
}
