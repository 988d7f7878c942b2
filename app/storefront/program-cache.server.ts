/**
 * The per-shop part of the storefront view (its rules, rewards, tiers, campaigns and challenges), read once per
 * shop and Shop.programVersion and kept in a small per-process cache (least recently used
 * shops first out). Every writer of what all shoppers see moves programVersion on in its own
 * transaction (bumpProgramVersion in app/shops), and every read first reads the shop row
 * (the proxy's findShop), so an instance whose entry is older misses on its next read: nothing
 * here assumes one process.
 *
 * The shop row is read before the part: a write that lands in between leaves newer rows under
 * the older version (the next read, with the newer version, misses and reads again), never
 * older rows under the newer version. Stock is not part of it: redemptions take stock without
 * moving the version, so limited rewards' stock is read fresh per request.
 */
import type { Db } from "../db.server";
import { readLiveCampaigns } from "../campaigns/campaigns.server";
import { readLiveChallenges } from "../challenges/challenges.server";
import type { Campaign } from "../domain/campaigns/definition";
import type { Challenge } from "../domain/challenges/definition";
import type { Rule } from "../domain/rules";
import type { Reward } from "../domain/rewards/catalogue";
import type { Tier } from "../domain/tiers/definition";
import { activeRewards } from "../rewards/catalogue.server";
import { listRules, type StoredRule } from "../rules/rules.server";
import { readTiers } from "../tiers/tiers.server";

export interface ProgramPart {
  /** The Shop.programVersion these rows were read at (or after). */
  version: number;
  /** Every stored rule (history reasons name a rule's kind), readable or not. */
  stored: readonly StoredRule[];
  /** The rules that read. */
  rules: readonly Rule[];
  /** Not paused, not archived, in the merchant's order; the show window is checked per read. */
  rewards: readonly Reward[];
  /** The readable tiers in position order. */
  tiers: readonly Tier[];
  /** Switched on, not archived, readable; whether each runs now is asked per read. */
  campaigns: readonly Campaign[];
  /** Switched on, not archived, readable (challenges, milestones, streaks). */
  challenges: readonly Challenge[];
}

export class ProgramCache {
  private readonly entries = new Map<string, ProgramPart>();
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly maxShops = 1000) {}

  /** The entry for this shop at exactly this version, or undefined (none, or an older one). */
  get(shopId: string, version: number): ProgramPart | undefined {
    const entry = this.entries.get(shopId);
    if (!entry || entry.version !== version) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(shopId);
    this.entries.set(shopId, entry);
    return entry;
  }

  set(shopId: string, part: ProgramPart): void {
    this.entries.delete(shopId);
    this.entries.set(shopId, part);
    while (this.entries.size > this.maxShops) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** The version held for a shop, if any (tests: an entry older than the shop row misses). */
  versionOf(shopId: string): number | undefined {
    return this.entries.get(shopId)?.version;
  }

  clear(): void {
    this.entries.clear();
  }
}

let cache = new ProgramCache();

/** Replaces the process's cache (tests); returns the way back. */
export function setProgramCache(next: ProgramCache): () => void {
  const previous = cache;
  cache = next;
  return () => {
    cache = previous;
  };
}

/** Reads the shop's part (five queries) unless this process holds it at the shop row's version. */
export async function programPartOf(db: Db, shop: { id: string; programVersion: number }): Promise<ProgramPart> {
  const held = cache.get(shop.id, shop.programVersion);
  if (held) return held;
  const [stored, rewards, tiers, campaigns, challenges] = await Promise.all([
    listRules(db, shop.id),
    activeRewards(db, shop.id),
    readTiers(db, shop.id),
    readLiveCampaigns(db, shop.id),
    readLiveChallenges(db, shop.id),
  ]);
  const part: ProgramPart = {
    version: shop.programVersion,
    stored,
    rules: stored.flatMap((s) => (s.rule ? [s.rule] : [])),
    rewards,
    tiers,
    campaigns,
    challenges,
  };
  cache.set(shop.id, part);
  return part;
}

/** The limited rewards' stock now (redemptions take it without moving the version): one query, or none. */
export async function withFreshStock(db: Db, shopId: string, rewards: readonly Reward[]): Promise<Reward[]> {
  const limited = rewards.filter((r) => r.stockRemaining !== null).map((r) => r.id);
  if (limited.length === 0) return [...rewards];
  const rows = await db.reward.findMany({
    where: { shopId, id: { in: limited } },
    select: { id: true, stockRemaining: true },
  });
  const stock = new Map(rows.map((r) => [r.id, r.stockRemaining] as const));
  return rewards.map((r) => (stock.has(r.id) ? { ...r, stockRemaining: stock.get(r.id) ?? null } : r));
}
