/**
 * What the programme tells Shopify about a member (docs/decisions/0025): tags for their tier
 * and membership, and typed customer metafields in a namespace the merchant, themes and other
 * apps read. The sync writes the difference between what it last wrote and what is true now,
 * and only the app's own tags are ever removed. Pure.
 */
import { z } from "zod";

/** A merchant-owned namespace: readable by the merchant, themes (Liquid) and every app. */
export const FACTS_NAMESPACE = "loyalty_bazaar";

/** The app's tags: "loyalty:member" and "loyalty:tier:<name>"; every other tag is the merchant's or another app's. */
export const MEMBER_TAG = "loyalty:member";
const TIER_TAG_PREFIX = "loyalty:tier:";

/** Shopify's metafield types the facts are written in. */
export type FactType = "single_line_text_field" | "number_integer" | "date_time";

/** The metafields, as created on install (definitions) and written for every member. */
export const FACT_DEFINITIONS = [
  { key: "tier", type: "single_line_text_field", name: "Loyalty tier", description: "The member's tier now." },
  { key: "tier_id", type: "single_line_text_field", name: "Loyalty tier id", description: "The app's id of the tier." },
  {
    key: "balance",
    type: "number_integer",
    name: "Loyalty points balance",
    description: "Points the member can spend.",
  },
  {
    key: "next_tier",
    type: "single_line_text_field",
    name: "Loyalty next tier",
    description: "The tier the member reaches next.",
  },
  {
    key: "next_tier_remaining",
    type: "number_integer",
    name: "Loyalty to next tier",
    description: "What is left to reach the next tier, in next_tier_unit (money in minor units).",
  },
  {
    key: "next_tier_unit",
    type: "single_line_text_field",
    name: "Loyalty next tier unit",
    description: "points, money or orders.",
  },
  {
    key: "points_expiring",
    type: "number_integer",
    name: "Loyalty points expiring",
    description: "Points that expire next if nothing changes.",
  },
  {
    key: "points_expiring_at",
    type: "date_time",
    name: "Loyalty points expire at",
    description: "When points_expiring expire.",
  },
] as const satisfies readonly { key: string; type: FactType; name: string; description: string }[];

export type FactKey = (typeof FACT_DEFINITIONS)[number]["key"];
export const FACT_KEYS: readonly FactKey[] = FACT_DEFINITIONS.map((d) => d.key);
const typeOf = new Map<FactKey, FactType>(FACT_DEFINITIONS.map((d) => [d.key, d.type]));
export const factType = (key: FactKey): FactType => typeOf.get(key)!;

/** What Shopify holds about a member, as the app wrote it: tags and metafield values (strings, as Shopify stores them). */
export interface CustomerFacts {
  /** Sorted, distinct, every one an app tag (isAppTag). */
  tags: string[];
  /** A key that is absent has no value in Shopify. */
  metafields: Partial<Record<FactKey, string>>;
}

export const NOTHING_WRITTEN: CustomerFacts = { tags: [], metafields: {} };

/** What the programme knows about the member now, from the ledger and the tier engine. */
export interface FactsInput {
  tier: { id: string; name: string } | null;
  balance: number;
  nextTier: { name: string; remaining: number; unit: "points" | "money" | "orders" } | null;
  expiring: { points: number; on: Date } | null;
}

/**
 * A tier's tag: readable in Shopify's admin and its segment editor ("loyalty:tier:Gold").
 * Commas separate tags and quotes end a segment query's string, so neither is kept.
 */
export function tierTag(tierName: string): string {
  const cleaned = tierName
    .replace(/[,'"\\]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return `${TIER_TAG_PREFIX}${cleaned || "tier"}`;
}

/** One of the app's own tags (a merchant's "loyalty:vip" is not). */
export const isAppTag = (tag: string) => tag === MEMBER_TAG || tag.startsWith(TIER_TAG_PREFIX);

/** Shopify's date_time value: ISO 8601 to the second, in UTC. */
const dateTimeValue = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, "Z");

export function customerFacts(input: FactsInput): CustomerFacts {
  const metafields: CustomerFacts["metafields"] = { balance: String(input.balance) };
  if (input.tier) {
    metafields.tier = input.tier.name;
    metafields.tier_id = input.tier.id;
  }
  if (input.nextTier) {
    metafields.next_tier = input.nextTier.name;
    metafields.next_tier_remaining = String(input.nextTier.remaining);
    metafields.next_tier_unit = input.nextTier.unit;
  }
  if (input.expiring && input.expiring.points > 0) {
    metafields.points_expiring = String(input.expiring.points);
    metafields.points_expiring_at = dateTimeValue(input.expiring.on);
  }
  const tags = [MEMBER_TAG, ...(input.tier ? [tierTag(input.tier.name)] : [])];
  return { tags: [...new Set(tags)].sort(), metafields };
}

export interface FactsDiff {
  addTags: string[];
  /** Only app tags the app wrote (or, on a resync, found): never anyone else's. */
  removeTags: string[];
  setMetafields: { key: FactKey; type: FactType; value: string }[];
  deleteMetafields: FactKey[];
}

/**
 * What to send so that Shopify holds `current`, given it holds `written`. `everyKey`: Shopify's
 * metafields are not known (a resync), so every value is set and every absent key deleted.
 */
export function diffFacts(
  written: CustomerFacts,
  current: CustomerFacts,
  options: { everyKey?: boolean } = {},
): FactsDiff {
  const had = new Set(written.tags);
  const wants = new Set(current.tags);
  const setMetafields: FactsDiff["setMetafields"] = [];
  const deleteMetafields: FactKey[] = [];
  for (const key of FACT_KEYS) {
    const before = written.metafields[key];
    const after = current.metafields[key];
    if (after !== undefined && (options.everyKey || after !== before)) {
      setMetafields.push({ key, type: factType(key), value: after });
    } else if (after === undefined && (options.everyKey || before !== undefined)) {
      deleteMetafields.push(key);
    }
  }
  return {
    addTags: current.tags.filter((tag) => !had.has(tag)),
    removeTags: written.tags.filter((tag) => isAppTag(tag) && !wants.has(tag)),
    setMetafields,
    deleteMetafields,
  };
}

export const isEmptyDiff = (diff: FactsDiff) =>
  diff.addTags.length + diff.removeTags.length + diff.setMetafields.length + diff.deleteMetafields.length === 0;

/** What Shopify holds once `diff` is applied to `written` (what the sync records after success). */
export function applyFactsDiff(written: CustomerFacts, diff: FactsDiff): CustomerFacts {
  const tags = new Set(written.tags);
  for (const tag of diff.removeTags) tags.delete(tag);
  for (const tag of diff.addTags) tags.add(tag);
  const metafields = { ...written.metafields };
  for (const key of diff.deleteMetafields) delete metafields[key];
  for (const { key, value } of diff.setMetafields) metafields[key] = value;
  return { tags: [...tags].filter(isAppTag).sort(), metafields };
}

const storedFactsSchema = z.object({
  tags: z.array(z.string()),
  metafields: z.record(z.string()),
});

/**
 * CustomerFactsSync.facts read back. A row that does not read (hand-edited, an older format)
 * counts as nothing written, so the next sync writes every fact again.
 */
export function readWrittenFacts(text: string): CustomerFacts {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return NOTHING_WRITTEN;
  }
  const result = storedFactsSchema.safeParse(parsed);
  if (!result.success) return NOTHING_WRITTEN;
  const metafields: CustomerFacts["metafields"] = {};
  for (const key of FACT_KEYS) {
    const value = result.data.metafields[key];
    if (value !== undefined) metafields[key] = value;
  }
  return { tags: [...new Set(result.data.tags.filter(isAppTag))].sort(), metafields };
}
