/**
 * The names of the shop's rules, tiers and rewards, for saying what a campaign or challenge
 * targets ("for Gold members", "on Free coffee") and for the editors' choosers.
 */
import type { Db } from "../db.server";
import type { ProgrammeNames } from "../domain/campaigns/admin-summary";
import { SETTINGS_RATE_RULE_ID } from "../domain/order-earnings";
import { listRewards } from "../rewards/catalogue.server";
import { listRules } from "../rules/rules.server";
import { listTiers } from "../tiers/tiers.server";

export interface ProgrammeChoices {
  rules: { id: string; name: string }[];
  tiers: { id: string; name: string }[];
  rewards: { id: string; name: string }[];
}

/** The shop's rules (with the Settings rate's own), tiers and rewards (not archived), in their order. */
export async function programmeChoices(db: Db, shopId: string): Promise<ProgrammeChoices> {
  const [rules, tiers, rewards] = await Promise.all([
    listRules(db, shopId),
    listTiers(db, shopId),
    listRewards(db, shopId),
  ]);
  return {
    rules: [
      { id: SETTINGS_RATE_RULE_ID, name: "Points on purchases (the Settings rate)" },
      ...rules.map((r) => ({ id: r.id, name: r.name })),
    ],
    tiers: tiers.map((t) => ({ id: t.id, name: t.name })),
    rewards: rewards.map((r) => ({ id: r.record.id, name: r.record.title })),
  };
}

const mapOf = (items: readonly { id: string; name: string }[]) => new Map(items.map((i) => [i.id, i.name]));

export function namesOf(choices: ProgrammeChoices): ProgrammeNames {
  return { rules: mapOf(choices.rules), tiers: mapOf(choices.tiers), rewards: mapOf(choices.rewards) };
}

export async function programmeNames(db: Db, shopId: string): Promise<ProgrammeNames> {
  return namesOf(await programmeChoices(db, shopId));
}
