/**
 * A shop's earning rules in the database. A row keeps id, kind, name and active as columns
 * (the admin lists and filters them) and the rest of the rule as JSON; reading parses it
 * back through ruleSchema, so the engine only ever sees valid rules. A row that no longer
 * parses (a definition written by an older version) is reported, never evaluated.
 */
import type { Db, Tx } from "../db.server";
import { ruleSchema, type Rule, type RuleInput } from "../domain/rules";
import { bumpProgramVersion, inTransaction } from "../shops/shops.server";

type Client = Db | Tx;

/** A rule as the admin form or a seed sends it: any kind, without an id (the database gives one). */
export type NewRuleInput = RuleInput extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

export class RuleNotFoundError extends Error {
  override name = "RuleNotFoundError";
}

export interface StoredRule {
  rule: Rule | null;
  /** Set when the stored definition does not parse: the rule is skipped until fixed. */
  problem: string | null;
  id: string;
  kind: string;
  name: string;
  active: boolean;
  position: number;
  updatedAt: Date;
}

type RuleRow = {
  id: string;
  kind: string;
  name: string;
  active: boolean;
  definition: string;
  position: number;
  updatedAt: Date;
};

function definitionOf(rule: Rule): string {
  // id, name and active live in columns; everything else is the kind's own.
  const { id: _id, name: _name, active: _active, ...rest } = rule;
  return JSON.stringify(rest);
}

export function readRule(row: RuleRow): StoredRule {
  let raw: unknown;
  try {
    raw = JSON.parse(row.definition);
  } catch {
    raw = null;
  }
  const parsed = ruleSchema.safeParse({ ...(raw as object), id: row.id, name: row.name, active: row.active });
  const { definition: _definition, ...columns } = row;
  return parsed.success
    ? { ...columns, rule: parsed.data, problem: null }
    : {
        ...columns,
        rule: null,
        problem: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      };
}

/** Every rule of the shop, in the merchant's order, valid or not (the admin shows both). */
export async function listRules(client: Client, shopId: string): Promise<StoredRule[]> {
  const rows = await client.rule.findMany({ where: { shopId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  return rows.map(readRule);
}

/** The rules the engine evaluates: valid ones (paused ones too: the engine explains them). */
export async function rulesForEvaluation(client: Client, shopId: string): Promise<Rule[]> {
  return (await listRules(client, shopId)).flatMap((stored) => (stored.rule ? [stored.rule] : []));
}

export async function findRule(client: Client, shopId: string, ruleId: string): Promise<StoredRule> {
  const row = await client.rule.findFirst({ where: { id: ruleId, shopId } });
  if (!row) throw new RuleNotFoundError(`No rule ${ruleId} in this shop.`);
  return readRule(row);
}

/**
 * Validates and stores a new rule. `input` is what the admin form (or a seed) sends, without
 * an id: the database gives one. Throws zod's error for a bad rule; nothing is written then.
 */
export async function createRule(client: Client, shopId: string, input: NewRuleInput): Promise<Rule> {
  const draft = ruleSchema.parse({ ...input, id: "new" });
  return inTransaction(client, async (tx) => {
    const last = await tx.rule.aggregate({ where: { shopId }, _max: { position: true } });
    const row = await tx.rule.create({
      data: {
        shopId,
        kind: draft.kind,
        name: draft.name,
        active: draft.active,
        definition: definitionOf(draft),
        position: (last._max.position ?? -1) + 1,
      },
    });
    await bumpProgramVersion(tx, shopId);
    return { ...draft, id: row.id };
  });
}

/** Replaces a rule's settings; its kind cannot change (awards in history refer to it). */
export async function updateRule(client: Client, shopId: string, ruleId: string, input: NewRuleInput): Promise<Rule> {
  const current = await findRule(client, shopId, ruleId);
  const rule = ruleSchema.parse({ ...input, id: ruleId });
  if (rule.kind !== current.kind)
    throw new RuleKindChangeError(`A ${current.kind} rule cannot become a ${rule.kind} rule.`);
  await inTransaction(client, async (tx) => {
    await tx.rule.updateMany({
      where: { id: ruleId, shopId },
      data: { name: rule.name, active: rule.active, definition: definitionOf(rule) },
    });
    await bumpProgramVersion(tx, shopId);
  });
  return rule;
}

export class RuleKindChangeError extends Error {
  override name = "RuleKindChangeError";
}

export async function setRuleActive(client: Client, shopId: string, ruleId: string, active: boolean): Promise<void> {
  await inTransaction(client, async (tx) => {
    const { count } = await tx.rule.updateMany({ where: { id: ruleId, shopId }, data: { active } });
    if (count === 0) throw new RuleNotFoundError(`No rule ${ruleId} in this shop.`);
    await bumpProgramVersion(tx, shopId);
  });
}

/** Deletes the rule; the points it gave stay in the ledger with the rule's id and reason. */
export async function deleteRule(client: Client, shopId: string, ruleId: string): Promise<void> {
  await inTransaction(client, async (tx) => {
    const { count } = await tx.rule.deleteMany({ where: { id: ruleId, shopId } });
    if (count === 0) throw new RuleNotFoundError(`No rule ${ruleId} in this shop.`);
    await bumpProgramVersion(tx, shopId);
  });
}
