/**
 * What the programme knows about a member now, as the facts written to Shopify need it: the
 * tier, the balance, what is left to the next tier, and the points that expire next.
 */
import type { Db } from "../db.server";
import type { FactsInput } from "../domain/customer-facts";
import type { Tier } from "../domain/tiers/definition";
import { upcomingExpiry } from "../ledger/expiry-view.server";
import { memberTierStanding } from "../tiers/member-tier.server";

export interface MemberRow {
  id: string;
  customerId: string;
  balance: number;
  tierId: string | null;
  updatedAt: Date;
}

/**
 * The member's tier and the next one, as the tier engine has them (app/tiers/member-tier.server.ts),
 * the same standing the widget shows. The tier is the one stored on the member row (what the
 * engine last settled), so the tags match Member.tierId whatever the clock says.
 */
async function tierStandingOf(
  db: Db,
  shopId: string,
  member: MemberRow,
  tiersById: ReadonlyMap<string, Tier>,
  now: Date,
): Promise<Pick<FactsInput, "tier" | "nextTier">> {
  const tier = member.tierId ? tiersById.get(member.tierId) : undefined;
  const standing = await memberTierStanding(db, shopId, member.id, now);
  const next = standing.nextTier;
  return {
    tier: tier ? { id: tier.id, name: tier.name } : null,
    nextTier: next ? { name: next.name, remaining: next.remaining, unit: next.unit } : null,
  };
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
