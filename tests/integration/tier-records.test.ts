/**
 * A tier's other records: its birthday bonus (once a year, with the birthday points), and what
 * the compliance paths do with a member's tier rows (docs/decisions/0003: the anonymous member
 * keeps its tier history and grants; what was synced to Shopify about the customer goes;
 * shop/redact removes everything).
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { compileDataRequest, redactCustomer, redactShop } from "../../app/compliance/compliance.server";
import { tierColumns, tierSchema, type TierInput } from "../../app/domain/tiers/definition";
import { awardBirthdays } from "../../app/members/birthdays.server";
import { createRule } from "../../app/rules/rules.server";
import { settleMemberTier } from "../../app/tiers/movement.server";
import { installShop, uniqueId } from "../support/factories";

async function shopWithTiers(tiers: Omit<TierInput, "id" | "position">[]) {
  const shop = await installShop(db);
  const ids: Record<string, string> = {};
  for (const [position, tier] of tiers.entries()) {
    const { id: _id, ...parsed } = tierSchema.parse({ id: "new", position, ...tier });
    ids[tier.name] = (await db.tier.create({ data: { shopId: shop.id, ...tierColumns(parsed) } })).id;
  }
  return { shop, tiers: ids };
}

/** A member given `tierId` by hand (a manual grant), settled. */
async function memberWithGrant(shopId: string, tierId: string, extra: { birthday?: string } = {}) {
  const member = await db.member.create({ data: { shopId, customerId: uniqueId(), ...extra } });
  await db.tierGrant.create({
    data: {
      shopId,
      memberId: member.id,
      tierId,
      source: "manual",
      reason: "Founding customer",
      staff: "Ana",
      startsAt: new Date(Date.now() - 1000),
    },
  });
  await settleMemberTier(db, shopId, member.id, { cause: "manual" });
  return db.member.findUniqueOrThrow({ where: { id: member.id } });
}

describe("birthday bonus by tier", () => {
  it("adds the tier's bonus to the birthday points, once a year however often the job runs", async () => {
    const { shop, tiers } = await shopWithTiers([
      { name: "Member", threshold: 0 },
      { name: "Gold", threshold: 100_000, birthdayBonusPoints: 30 },
    ]);
    const rule = await createRule(db, shop.id, { kind: "birthday", name: "Happy birthday", points: 50 });
    const gold = await memberWithGrant(shop.id, tiers.Gold!, { birthday: "06-15" });
    expect(gold.tierId).toBe(tiers.Gold);
    const plain = await db.member.create({ data: { shopId: shop.id, customerId: uniqueId(), birthday: "06-15" } });

    const now = new Date("2026-06-15T12:00:00Z");
    await Promise.all([awardBirthdays(db, now), awardBirthdays(db, now)]);
    await awardBirthdays(db, new Date("2026-06-15T18:00:00Z"));

    const entries = await db.ledgerEntry.findMany({
      where: { shopId: shop.id },
      select: { memberId: true, points: true, kind: true, causeType: true, causeId: true },
      orderBy: [{ memberId: "asc" }, { points: "asc" }],
    });
    expect(entries).toHaveLength(3);
    expect(entries).toEqual(
      expect.arrayContaining([
        { memberId: gold.id, points: 50, kind: "earn", causeType: "rule", causeId: rule.id },
        { memberId: gold.id, points: 30, kind: "earn", causeType: "tier_birthday", causeId: tiers.Gold },
        { memberId: plain.id, points: 50, kind: "earn", causeType: "rule", causeId: rule.id },
      ]),
    );
    // The next year, again once.
    await awardBirthdays(db, new Date("2027-06-15T12:00:00Z"));
    expect((await db.member.findUniqueOrThrow({ where: { id: gold.id } })).balance).toBe(160);
  });
});

describe("compliance and tier rows", () => {
  it("customers/redact keeps the anonymous member's tier, history and grants, and drops what was synced to Shopify", async () => {
    const { shop, tiers } = await shopWithTiers([
      { name: "Member", threshold: 0 },
      { name: "Gold", threshold: 100_000 },
    ]);
    const member = await memberWithGrant(shop.id, tiers.Gold!);
    await db.customerFactsSync.create({
      data: { shopId: shop.id, memberId: member.id, customerId: member.customerId, facts: '{"tier":"Gold"}' },
    });

    const request = await compileDataRequest(db, shop.domain, member.customerId, null);
    const exported = await db.dataRequest.findUniqueOrThrow({ where: { id: request.id! } });
    expect(JSON.parse(exported.payload)).toMatchObject({
      tier: "Gold",
      tierHistory: [expect.objectContaining({ from: null, to: "Gold", cause: "manual" })],
    });

    expect(await redactCustomer(db, shop.domain, member.customerId)).toEqual({ redacted: true });
    const anonymous = await db.member.findUniqueOrThrow({ where: { id: member.id } });
    expect(anonymous).toMatchObject({ tierId: tiers.Gold, email: null, redactedAt: expect.any(Date) });
    expect(anonymous.customerId).not.toBe(member.customerId);
    expect(await db.tierChange.count({ where: { shopId: shop.id, memberId: member.id } })).toBe(1);
    expect(await db.tierGrant.count({ where: { shopId: shop.id, memberId: member.id } })).toBe(1);
    expect(await db.customerFactsSync.count({ where: { shopId: shop.id } })).toBe(0);
    // Settling the anonymous member still works (a late review).
    expect((await settleMemberTier(db, shop.id, member.id)).tierId).toBe(tiers.Gold);
  });

  it("shop/redact removes the shop's tiers, members' tier history, grants and facts", async () => {
    const { shop, tiers } = await shopWithTiers([
      { name: "Member", threshold: 0 },
      { name: "Gold", threshold: 100_000 },
    ]);
    const member = await memberWithGrant(shop.id, tiers.Gold!);
    await db.customerFactsSync.create({
      data: { shopId: shop.id, memberId: member.id, customerId: member.customerId },
    });

    await redactShop(db, shop.domain);
    const where = { where: { shopId: shop.id } };
    expect(
      await Promise.all([
        db.member.count(where),
        db.tier.count(where),
        db.tierChange.count(where),
        db.tierGrant.count(where),
        db.customerFactsSync.count(where),
      ]),
    ).toEqual([0, 0, 0, 0, 0]);
  });
});
