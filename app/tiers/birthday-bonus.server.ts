/**
 * A tier's birthday bonus: on top of the birthday rule's points, the member's tier adds its
 * `birthdayBonusPoints`, as an entry of its own (kind "earn", cause "tier_birthday"), so the ledger
 * says where the points came from and, like an entry reward, they do not count toward
 * qualification. Once per member per (shop-local) year, whatever tier they hold when paid.
 */
import type { Db } from "../db.server";
import { ledgerKeys } from "../domain/ledger";
import type { Tier } from "../domain/tiers/definition";
import { inLedgerTransaction, postEntry } from "../ledger/ledger.server";
import { listTiers } from "./tiers.server";

/** The shop's tiers that give a birthday bonus, by id (empty: nothing to pay). */
export async function birthdayBonusTiers(db: Db, shopId: string): Promise<ReadonlyMap<string, Tier>> {
  const tiers = await listTiers(db, shopId);
  return new Map(tiers.filter((tier) => tier.birthdayBonusPoints > 0).map((tier) => [tier.id, tier]));
}

/**
 * Posts the member's tier bonus for `year` unless it was already paid (by any tier: the key
 * is the member's and the year's). Returns the points posted (0: none due or already paid).
 */
export async function payTierBirthdayBonus(db: Db, shopId: string, memberId: string, year: number): Promise<number> {
  const idempotencyKey = ledgerKeys.tierBirthday(memberId, year);
  return inLedgerTransaction(db, async (tx) => {
    // The member row first, as every settle of their tier takes it: the tier read is theirs now.
    const [member] = await tx.member.updateManyAndReturn({
      where: { id: memberId, shopId },
      data: { updatedAt: new Date() },
      select: { tierId: true },
    });
    if (!member?.tierId) return 0;
    // Already paid this year, maybe under the tier they held then: nothing again.
    const paid = await tx.ledgerEntry.findUnique({ where: { shopId_idempotencyKey: { shopId, idempotencyKey } } });
    if (paid) return 0;
    const tier = await tx.tier.findFirst({
      where: { id: member.tierId, shopId },
      select: { name: true, birthdayBonusPoints: true },
    });
    if (!tier || tier.birthdayBonusPoints <= 0) return 0;
    await postEntry(tx, {
      shopId,
      memberId,
      points: tier.birthdayBonusPoints,
      kind: "earn",
      causeType: "tier_birthday",
      causeId: member.tierId,
      reason: `${tier.name} birthday bonus`,
      idempotencyKey,
    });
    return tier.birthdayBonusPoints;
  });
}
