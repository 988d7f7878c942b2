/**
 * Tier perks Shopify delivers (docs/decisions/0025): for each tier with Shopify perks, a
 * customer segment of its tagged members and an automatic discount per perk. `syncTierPerks`
 * makes Shopify match the shop's tiers; call it after the tiers are saved. The Shopify ids are
 * kept in TierSegment and TierPerkDiscount, so a second call with nothing changed sends nothing.
 *
 * Each creation first claims its row (a placeholder id under the row's primary key), so two
 * calls at once cannot both create; a claim left by a process that died is taken over after
 * CLAIM_EXPIRES_MS.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../db.server";
import {
  planTierPerks,
  type PerkDiscountSpec,
  type PerkType,
  type StoredPerkDiscount,
  type StoredSegment,
} from "../domain/tier-perks";
import { logEvent } from "../observability/log.server";
import { shopifyGateway, type SegmentDiscountInput } from "../shopify/gateway.server";
import { readTierProgram } from "../tiers/tiers.server";
import { withThrottleRetry, type RetryOptions } from "./throttle-retry.server";

const CLAIM_PREFIX = "claim:";
const CLAIM_EXPIRES_MS = 10 * 60_000;

export interface TierPerksResult {
  segments: { created: number; updated: number; deleted: number };
  discounts: { created: number; updated: number; deleted: number };
}

function readSpec(text: string): PerkDiscountSpec {
  try {
    const spec = JSON.parse(text) as Partial<PerkDiscountSpec>;
    return { title: String(spec.title ?? ""), percent: typeof spec.percent === "number" ? spec.percent : null };
  } catch {
    return { title: "", percent: null };
  }
}

const discountInput = (spec: PerkDiscountSpec, perk: PerkType, segmentId: string): SegmentDiscountInput => ({
  title: spec.title,
  segmentId,
  perk: perk === "free_shipping" ? { type: "free_shipping" } : { type: "percent_off", percent: spec.percent ?? 0 },
});

/** Drops claims left by a process that died, so their creation is tried again. */
async function releaseDeadClaims(db: Db, shopId: string, now: Date) {
  const before = new Date(now.getTime() - CLAIM_EXPIRES_MS);
  await db.tierSegment.deleteMany({
    where: { shopId, segmentId: { startsWith: CLAIM_PREFIX }, updatedAt: { lt: before } },
  });
  await db.tierPerkDiscount.deleteMany({
    where: { shopId, discountId: { startsWith: CLAIM_PREFIX }, updatedAt: { lt: before } },
  });
}

/** Inserts the row with a placeholder id; false when another call holds it already. */
async function claim(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}

export async function syncTierPerks(
  db: Db,
  shopId: string,
  options: RetryOptions & { now?: Date } = {},
): Promise<TierPerksResult> {
  const result: TierPerksResult = {
    segments: { created: 0, updated: 0, deleted: 0 },
    discounts: { created: 0, updated: 0, deleted: 0 },
  };
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { domain: true } });
  if (!shop) return result;
  const now = options.now ?? new Date();
  const gateway = shopifyGateway();
  const retry = <T>(call: () => Promise<T>) => withThrottleRetry(call, options);
  await releaseDeadClaims(db, shopId, now);

  const { program, problems } = await readTierProgram(db, shopId);
  // A tier row that no longer reads keeps what Shopify has until it is fixed.
  const unreadable = new Set(problems.map((p) => p.id));
  const segmentRows = await db.tierSegment.findMany({ where: { shopId } });
  const discountRows = await db.tierPerkDiscount.findMany({ where: { shopId } });
  const claimed = (id: string) => id.startsWith(CLAIM_PREFIX);
  const segments: StoredSegment[] = segmentRows.filter((r) => !unreadable.has(r.tierId));
  const discounts: StoredPerkDiscount[] = discountRows
    .filter((r) => !unreadable.has(r.tierId))
    .map((r) => ({ tierId: r.tierId, perk: r.perk as PerkType, discountId: r.discountId, spec: readSpec(r.spec) }));
  const plan = planTierPerks(program.tiers, { segments, discounts });
  const segmentOf = new Map(segments.map((s) => [s.tierId, s.segmentId]));

  for (const segment of plan.createSegments) {
    const held = await claim(() =>
      db.tierSegment.create({
        data: {
          shopId,
          tierId: segment.tierId,
          segmentId: `${CLAIM_PREFIX}${randomUUID()}`,
          name: segment.name,
          query: segment.query,
        },
      }),
    );
    if (!held) continue;
    try {
      const { segmentId } = await retry(() =>
        gateway.createSegment(shop.domain, { name: segment.name, query: segment.query }),
      );
      await db.tierSegment.update({
        where: { shopId_tierId: { shopId, tierId: segment.tierId } },
        data: { segmentId },
      });
      segmentOf.set(segment.tierId, segmentId);
      result.segments.created++;
    } catch (error) {
      await db.tierSegment.delete({ where: { shopId_tierId: { shopId, tierId: segment.tierId } } });
      throw error;
    }
  }
  for (const segment of plan.updateSegments) {
    if (claimed(segment.segmentId)) continue;
    await retry(() =>
      gateway.updateSegment(shop.domain, segment.segmentId, { name: segment.name, query: segment.query }),
    );
    await db.tierSegment.update({
      where: { shopId_tierId: { shopId, tierId: segment.tierId } },
      data: { name: segment.name, query: segment.query },
    });
    result.segments.updated++;
  }
  for (const discount of plan.createDiscounts) {
    const segmentId = segmentOf.get(discount.tierId);
    if (!segmentId || claimed(segmentId)) continue; // another call is creating the segment, and the discount after it
    const where = { shopId_tierId_perk: { shopId, tierId: discount.tierId, perk: discount.perk } };
    const held = await claim(() =>
      db.tierPerkDiscount.create({
        data: {
          shopId,
          tierId: discount.tierId,
          perk: discount.perk,
          discountId: `${CLAIM_PREFIX}${randomUUID()}`,
          spec: JSON.stringify(discount.spec),
        },
      }),
    );
    if (!held) continue;
    try {
      const { discountId } = await retry(() =>
        gateway.createSegmentDiscount(shop.domain, discountInput(discount.spec, discount.perk, segmentId)),
      );
      await db.tierPerkDiscount.update({ where, data: { discountId } });
      result.discounts.created++;
    } catch (error) {
      await db.tierPerkDiscount.delete({ where });
      throw error;
    }
  }
  for (const discount of plan.updateDiscounts) {
    const segmentId = segmentOf.get(discount.tierId);
    if (!segmentId || claimed(discount.discountId)) continue;
    await retry(() =>
      gateway.updateSegmentDiscount(
        shop.domain,
        discount.discountId,
        discountInput(discount.spec, discount.perk, segmentId),
      ),
    );
    await db.tierPerkDiscount.update({
      where: { shopId_tierId_perk: { shopId, tierId: discount.tierId, perk: discount.perk } },
      data: { spec: JSON.stringify(discount.spec) },
    });
    result.discounts.updated++;
  }
  // Discounts before the segments they are limited to.
  for (const discount of plan.deleteDiscounts) {
    if (claimed(discount.discountId)) continue;
    await retry(() => gateway.deleteAutomaticDiscount(shop.domain, discount.discountId));
    await db.tierPerkDiscount.deleteMany({ where: { shopId, tierId: discount.tierId, perk: discount.perk } });
    result.discounts.deleted++;
  }
  for (const segment of plan.deleteSegments) {
    if (claimed(segment.segmentId)) continue;
    await retry(() => gateway.deleteSegment(shop.domain, segment.segmentId));
    await db.tierSegment.deleteMany({ where: { shopId, tierId: segment.tierId } });
    result.segments.deleted++;
  }
  return result;
}

/**
 * Right after the merchant saves tiers: Shopify is asked at once, so perks apply from the next
 * checkout. A failure does not undo the save; the facts job (app/jobs/facts-work.server.ts)
 * makes the perks match within minutes, and the merchant is told so.
 */
export async function syncTierPerksAfterSave(db: Db, shopId: string): Promise<"synced" | "deferred"> {
  try {
    await syncTierPerks(db, shopId, { attempts: 1 });
    return "synced";
  } catch (error) {
    logEvent("tier_perks_deferred", { shopId, error: String(error) }, "warn");
    return "deferred";
  }
}
