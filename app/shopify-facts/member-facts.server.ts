/**
 * What the programme knows about a member now, as the facts written to Shopify need it: the
 * tier, the balance, what is left to the next tier, and the points that expire next.
 */
import type { Db } from "../db.server";
import type { FactsInput } from "../domain/customer-facts";
import type { Tier } from "../domain/tiers/definition";
import { upcomingExpiry } from "../ledger/expiry-view.server";

export interface MemberRow {
  id: string;
  customerId: string;
  balance: number;
  tierId: string | null;
  updatedAt: Date;
}

/**
 * The member's tier and the next one. SEAM: once app/tiers/member-tier.server.ts has
 * `memberTierStanding` (branch tiers-movement), this reads it, and `nextTier` carries what
 * is left to reach it; until then the tier comes from Member.tierId and there is no next tier.
 */
async function tierStandingOf(
  _db: Db,
  _shopId: string,
  member: MemberRow,
  tiersById: ReadonlyMap<string, Tier>,
  _now: Date,
): Promise<Pick<FactsInput, "tier" | "nextTier">> {
  const tier = member.tierId ? tiersById.get(member.tierId) : undefined;
  return { tier: tier ? { id: tier.id, name: tier.name } : null, nextTier: null };
}

export async function memberFactsInput(
  db: Db,
  shopId: string,
  member: MemberRow,
  tiersById: ReadonlyMap<string, Tier>,
  now: Date,
): Promise<FactsInput> {
  const [standing, expiring] = await Promise.all([
    tierStandingOf(db, shopId, member, tiersById, now),
    upcomingExpiry(db, shopId, member.id),
  ]);
  return { ...standing, balance: member.balance, expiring };
}
