/**
 * A live edit of a shop's tier programme, as the admin's Tiers page sends it: the settings
 * and the whole list of tiers in their new order (an existing tier keeps its id; a tier
 * without one is new; a stored tier missing from the list is deleted). Validated here, so
 * the preview and the save read the same programme (app/tiers/program-edit.server.ts). Pure.
 */
import { z } from "zod";
import { programSettingsSchema, tierSchema, type Tier, type TierProgram } from "./definition";

/** More tiers than any programme of the product brief has; a bound on the preview's work. */
export const MAX_TIERS = 20;

/** A tier as edited: the definition's fields, its position taken from its place in the list. */
const editedTierSchema = tierSchema
  .innerType()
  .omit({ id: true, position: true })
  .extend({ id: z.string().trim().min(1).max(100).optional() });

export const programEditSchema = z
  .object({
    settings: programSettingsSchema,
    tiers: z.array(editedTierSchema).max(MAX_TIERS, `At most ${MAX_TIERS} tiers.`),
  })
  .superRefine((edit, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path: ["tiers", ...path], message });

    edit.tiers.forEach((tier, index) => {
      // The definition's own cross-field checks (perks, a duration without a product), once.
      const checked = tierSchema.safeParse({ ...tier, id: tier.id ?? "new", position: index });
      if (!checked.success)
        for (const problem of checked.error.issues) issue([index, ...problem.path], problem.message);
      if (tier.hidden && (tier.paidProductId !== null || tier.paidProductTag !== null)) {
        issue([index, "hidden"], "A hidden tier is only assigned by hand: it cannot also be sold.");
      }
    });

    const names = new Map<string, number>();
    const ids = new Set<string>();
    edit.tiers.forEach((tier, index) => {
      const key = tier.name.toLowerCase();
      if (names.has(key)) issue([index, "name"], `Another tier is already called "${tier.name}".`);
      else names.set(key, index);
      if (tier.id !== undefined) {
        if (ids.has(tier.id)) issue([index, "id"], "The same tier appears twice.");
        ids.add(tier.id);
      }
    });

    // Qualifying climbs the visible tiers in list order: each needs more than the one below.
    let below: { threshold: number; name: string } | null = null;
    edit.tiers.forEach((tier, index) => {
      if (tier.hidden) return;
      if (below && tier.threshold <= below.threshold) {
        issue([index, "threshold"], `Must be more than ${below.name}'s threshold (${below.threshold}).`);
      }
      below = { threshold: tier.threshold, name: tier.name };
    });
  });

export type ProgramEdit = z.infer<typeof programEditSchema>;
export type ProgramEditInput = z.input<typeof programEditSchema>;
export type EditedTier = ProgramEdit["tiers"][number];

/** What saving the edit does to the stored tiers. */
export interface TierEditPlan {
  /** Edited tiers in their new order, each with the id it is (or will be) stored under. */
  tiers: Tier[];
  created: string[];
  updated: string[];
  deleted: string[];
}

/**
 * The edit as rows: `storedIds` are the shop's tiers now; `newIdAt(index)` names the tier
 * created at that place in the list. An id that is not among the stored ones is the caller's
 * to refuse (see unknownTierIds) before planning.
 */
export function planTierEdit(storedIds: readonly string[], edit: ProgramEdit, newIdAt: (index: number) => string) {
  const kept = new Set<string>();
  const created: string[] = [];
  const updated: string[] = [];
  const tiers = edit.tiers.map((edited, position): Tier => {
    const { id: givenId, ...fields } = edited;
    const id = givenId ?? newIdAt(position);
    if (givenId === undefined) created.push(id);
    else {
      kept.add(id);
      updated.push(id);
    }
    return { ...fields, id, position };
  });
  const deleted = storedIds.filter((id) => !kept.has(id));
  return { tiers, created, updated, deleted } satisfies TierEditPlan;
}

/** Indexes (in the edit's list) of tiers whose id is not one of the shop's stored tiers. */
export function unknownTierIds(storedIds: readonly string[], edit: ProgramEdit): number[] {
  const stored = new Set(storedIds);
  return edit.tiers.flatMap((tier, index) => (tier.id !== undefined && !stored.has(tier.id) ? [index] : []));
}

/** The programme as it will be once the edit is saved (the shop's time zone is not edited here). */
export function programAfterEdit(current: TierProgram, edit: ProgramEdit, plan: TierEditPlan): TierProgram {
  return { ...edit.settings, timeZone: current.timeZone, tiers: plan.tiers };
}
