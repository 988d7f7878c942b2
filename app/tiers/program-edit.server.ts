/**
 * Live edits of a shop's tier programme: the preview (how many members would move up or
 * down, what it costs) from this shop's own ledger, and the save, which applies exactly that.
 * The programme is never switched off: the rows are written in one transaction, then every
 * member is settled against the new programme (./movement.server.ts, cause "tier_edit").
 *
 * Why the outcome equals the preview: both read each member's facts the same way
 * (./tier-facts.server.ts, against the programme after the edit) and decide with the same
 * engine (app/domain/tiers). Grants of a deleted tier end with it (its rows go), so the
 * preview leaves them out too. What can still differ is what happens between the two: an
 * order landing after the preview and before the save counts in the save.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db.server";
import { untieredPoints } from "../domain/order-earnings";
import { tierColumns, type TierProgram } from "../domain/tiers/definition";
import { previewProgramEdit, type PreviewMember, type ProgramEditPreview } from "../domain/tiers/preview";
import {
  planTierEdit,
  programAfterEdit,
  programEditSchema,
  unknownTierIds,
  type ProgramEdit,
  type ProgramEditInput,
  type TierEditPlan,
} from "../domain/tiers/program-edit";
import { settleMemberTier } from "./movement.server";
import { memberTierColumns, readMemberTierFacts } from "./tier-facts.server";
import { readTierProgram } from "./tiers.server";
import { bumpProgramVersion } from "../shops/shops.server";

export { programEditSchema, type ProgramEdit, type ProgramEditInput };

/** Tiers created by a preview are named by their place in the list until they are saved. */
export const previewTierId = (index: number) => `new:${index}`;

interface PlannedEdit {
  before: TierProgram;
  after: TierProgram;
  plan: TierEditPlan;
}

/** The edit read and planned against the shop's stored tiers; ZodError for bad input or another shop's tier. */
async function planEdit(
  db: Db,
  shopId: string,
  input: ProgramEditInput,
  newIdAt: (index: number) => string,
): Promise<PlannedEdit & { edit: ProgramEdit }> {
  const edit = programEditSchema.parse(input);
  const stored = await readTierProgram(db, shopId);
  // Rows that no longer read are stored tiers too: the edit may keep (rewrite) or delete them.
  const storedIds = [...stored.program.tiers.map((t) => t.id), ...stored.problems.map((p) => p.id)];
  const unknown = unknownTierIds(storedIds, edit);
  if (unknown.length > 0) {
    throw new z.ZodError(
      unknown.map((index) => ({
        code: "custom" as const,
        path: ["tiers", index, "id"],
        message: "This shop has no such tier.",
      })),
    );
  }
  const plan = planTierEdit(storedIds, edit, newIdAt);
  return { edit, before: stored.program, after: programAfterEdit(stored.program, edit, plan), plan };
}

const YEAR_MS = 365 * 86_400_000;

/**
 * What the members' purchases earned in the last 12 months before any tier multiplier (the
 * preview prices a multiplier change on it), net of reversals, by member: from each paid
 * order's stored components, so points a tier already multiplied are not multiplied again.
 */
async function purchasePointsLast12Months(db: Db, shopId: string, now: Date): Promise<Map<string, number>> {
  const orders = await db.orderAccount.findMany({
    where: {
      shopId,
      memberId: { not: null },
      pointsState: "released",
      paidAt: { gt: new Date(now.getTime() - YEAR_MS), lte: now },
    },
    select: { memberId: true, earnedPoints: true, reversedPoints: true, earnComponents: true },
  });
  const points = new Map<string, number>();
  for (const order of orders) {
    points.set(order.memberId!, (points.get(order.memberId!) ?? 0) + untieredPoints(order));
  }
  return points;
}

async function previewPlanned(db: Db, shopId: string, planned: PlannedEdit, now: Date): Promise<ProgramEditPreview> {
  return previewProgramEdit(planned.before, planned.after, await previewMembers(db, shopId, planned, now), now);
}

/** Every member's tier facts against the edited programme, as the preview decides on them. */
async function previewMembers(db: Db, shopId: string, planned: PlannedEdit, now: Date): Promise<PreviewMember[]> {
  const deleted = new Set(planned.plan.deleted);
  const [members, purchases] = await Promise.all([
    db.member.findMany({ where: { shopId, redactedAt: null }, select: memberTierColumns, orderBy: { id: "asc" } }),
    purchasePointsLast12Months(db, shopId, now),
  ]);
  const facts = [];
  for (const member of members) {
    const read = await readMemberTierFacts(db, shopId, member, planned.after, now);
    facts.push({
      memberId: member.id,
      facts: { ...read, grants: read.grants.filter((grant) => !deleted.has(grant.tierId)) },
      purchasePointsLast12Months: purchases.get(member.id) ?? 0,
    });
  }
  return facts;
}

/**
 * The programme before and after `input` and the members' facts the preview decides on,
 * nothing written: what the what-if simulator replays a tier edit with
 * (app/economics/simulate.server.ts). New tiers are named `new:<index>` (previewTierId).
 */
export async function tierEditFacts(
  db: Db,
  shopId: string,
  input: ProgramEditInput,
  now = new Date(),
): Promise<{ before: TierProgram; after: TierProgram; members: PreviewMember[] }> {
  const planned = await planEdit(db, shopId, input, previewTierId);
  return { before: planned.before, after: planned.after, members: await previewMembers(db, shopId, planned, now) };
}

/**
 * What saving `input` would do, nothing written. Moves to a tier the edit creates name it
 * `new:<its index in the list>` (previewTierId).
 */
export async function previewTierProgramEdit(
  db: Db,
  shopId: string,
  input: ProgramEditInput,
  now = new Date(),
): Promise<ProgramEditPreview> {
  return previewPlanned(db, shopId, await planEdit(db, shopId, input, previewTierId), now);
}

/**
 * Saves `input`: the tiers created, updated (positions from the list), deleted, and the
 * shop's tier settings, in one transaction; then every member settled at `now`. Returns the
 * preview it applied, new tiers under their stored ids.
 */
export async function applyTierProgramEdit(
  db: Db,
  shopId: string,
  input: ProgramEditInput,
  now = new Date(),
): Promise<{ preview: ProgramEditPreview; settled: number }> {
  const { preview } = await saveTierProgramRows(db, shopId, input, now);
  const members = await db.member.findMany({ where: { shopId, redactedAt: null }, select: { id: true } });
  for (const member of members) await settleMemberTier(db, shopId, member.id, { now, cause: "tier_edit" });
  return { preview, settled: members.length };
}

/**
 * The save's first half, in one transaction: the rows and settings written, and every member
 * marked due for review (Member.tierReviewAt = now). A large shop's members are settled one by
 * one after it; if the request dies on the way (a timeout at the load balancer, a deploy), the
 * scheduled review (reviewDueTiers) settles the rest, so nobody is left in a tier the saved
 * programme no longer gives.
 */
export async function saveTierProgramRows(
  db: Db,
  shopId: string,
  input: ProgramEditInput,
  now = new Date(),
): Promise<{ preview: ProgramEditPreview }> {
  const planned = await planEdit(db, shopId, input, () => `tier_${randomUUID().replaceAll("-", "")}`);
  const preview = await previewPlanned(db, shopId, planned, now);
  const { plan, edit } = planned;
  const created = new Set(plan.created);

  await db.$transaction(async (tx) => {
    // Deleted first: a deleted tier's members lose it (Member.tierId set null) and its grants go.
    if (plan.deleted.length > 0) await tx.tier.deleteMany({ where: { shopId, id: { in: plan.deleted } } });
    for (const { id, ...tier } of plan.tiers) {
      if (created.has(id)) await tx.tier.create({ data: { id, shopId, ...tierColumns(tier) } });
      else await tx.tier.updateMany({ where: { id, shopId }, data: tierColumns(tier) });
    }
    await tx.shop.update({
      where: { id: shopId },
      data: {
        tierMetric: edit.settings.metric,
        tierPeriod: edit.settings.period,
        tierGraceDays: edit.settings.graceDays,
      },
    });
    // The tiers programme is every shopper's (the storefront view's per-shop part).
    await bumpProgramVersion(tx, shopId);
    await tx.member.updateMany({ where: { shopId, redactedAt: null }, data: { tierReviewAt: now } });
  });
  return { preview };
}
