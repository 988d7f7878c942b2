/**
 * Live edits of a tier programme: the preview, computed from the shop's own ledger before
 * saving, is what saving does — the same members move up or down to the same tiers, the same
 * entry rewards are posted — for threshold, period, multiplier and list changes (tiers added,
 * deleted, reordered); nothing is ever switched off, and another shop is never touched.
 */
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { db } from "../../app/db.server";
import type { ProgramEditPreview } from "../../app/domain/tiers/preview";
import {
  applyTierProgramEdit,
  previewTierId,
  previewTierProgramEdit,
  saveTierProgramRows,
  type ProgramEditInput,
} from "../../app/tiers/program-edit.server";
import { reviewDueTiers } from "../../app/tiers/movement.server";
import { tierHistory } from "../../app/tiers/member-tier.server";
import { customerFixture, installShop, paidOrderPayload, uniqueId } from "../support/factories";
import { deliverWebhook } from "../support/deliver";
import { webhookRequest } from "../support/signed-requests";

type EditedTier = ProgramEditInput["tiers"][number];

const bronze: EditedTier = { name: "Bronze", threshold: 0 };
const silver: EditedTier = { name: "Silver", threshold: 100, entryRewardPoints: 10 };
const gold: EditedTier = {
  name: "Gold",
  threshold: 300,
  entryRewardPoints: 50,
  shopifyPerks: [{ type: "free_shipping" }],
};
const lifetime = { metric: "points", period: "lifetime", graceDays: 30 } as const;

/** A live programme (Bronze 0, Silver 100, Gold 300 points) and members who earned 50, 150, 350 and 1000 points by orders. */
async function liveShop(earned = [50, 150, 350, 1000]) {
  const shop = await installShop(db);
  await applyTierProgramEdit(db, shop.id, { settings: lifetime, tiers: [bronze, silver, gold] });
  for (const points of earned) {
    const payload = paidOrderPayload({ id: uniqueId(), customer: customerFixture(), subtotal: `${points}.00` });
    const response = await deliverWebhook(webhookRequest({ shop: shop.domain, topic: "orders/paid", payload }));
    expect(response.status).toBe(200);
  }
  return shop;
}

/** The stored tiers with their ids, in list order, ready to be edited. */
async function storedTiers(shopId: string): Promise<(EditedTier & { id: string })[]> {
  const rows = await db.tier.findMany({ where: { shopId }, orderBy: { position: "asc" } });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    threshold: Number(row.threshold),
    hidden: row.hidden,
    multiplierHundredths: row.multiplierHundredths,
    entryRewardPoints: row.entryRewardPoints,
    shopifyPerks: JSON.parse(row.shopifyPerks),
  }));
}

async function tiersOfMembers(shopId: string): Promise<Map<string, string | null>> {
  const members = await db.member.findMany({ where: { shopId }, select: { id: true, tierId: true } });
  return new Map(members.map((m) => [m.id, m.tierId]));
}

async function tierRewardEntries(shopId: string) {
  return db.ledgerEntry.findMany({ where: { shopId, causeType: "tier" }, select: { id: true, points: true } });
}

type NamedMove = { memberId: string; from: string | null; to: string | null };
const byMember = (a: NamedMove, b: NamedMove) => a.memberId.localeCompare(b.memberId);

/**
 * Previews `edit`, saves it, and holds the outcome to the preview: the moves (named by tier
 * name, as new tiers have no id until saved), the counts, the entry rewards and the history.
 */
async function expectSavedAsPreviewed(shopId: string, edit: ProgramEditInput, now = new Date()) {
  const names = new Map((await db.tier.findMany({ where: { shopId } })).map((t) => [t.id, t.name]));
  edit.tiers.forEach((tier, index) => names.set(previewTierId(index), tier.name));
  const before = await tiersOfMembers(shopId);
  const rewardsBefore = new Set((await tierRewardEntries(shopId)).map((e) => e.id));
  const changesBefore = await db.tierChange.count({ where: { shopId, cause: "tier_edit" } });

  const preview = await previewTierProgramEdit(db, shopId, edit, now);
  // Previewing writes nothing.
  expect(await tiersOfMembers(shopId)).toEqual(before);
  const { preview: applied } = await applyTierProgramEdit(db, shopId, edit, now);
  for (const tier of await db.tier.findMany({ where: { shopId } })) names.set(tier.id, tier.name);
  const named = (p: ProgramEditPreview) => ({
    ...p,
    moves: p.moves
      .map((m) => ({
        memberId: m.memberId,
        from: m.fromTierId && names.get(m.fromTierId)!,
        to: m.toTierId && names.get(m.toTierId)!,
      }))
      .sort(byMember),
  });
  expect(named(applied), "the save applied the preview that was shown").toEqual(named(preview));

  const after = await tiersOfMembers(shopId);
  const moved: NamedMove[] = [...after].flatMap(([memberId, tierId]) => {
    const was = before.get(memberId) ?? null;
    return was === tierId ? [] : [{ memberId, from: was && names.get(was)!, to: tierId && names.get(tierId)! }];
  });
  expect(moved.sort(byMember), "members moved exactly as previewed").toEqual(named(preview).moves);
  expect(preview.up + preview.down).toBe(moved.length);
  expect(preview.up + preview.down + preview.unchanged).toBe(after.size);
  const posted = (await tierRewardEntries(shopId)).filter((e) => !rewardsBefore.has(e.id));
  expect(
    posted.reduce((sum, e) => sum + e.points, 0),
    "entry rewards posted as previewed",
  ).toBe(preview.entryRewardPoints);
  expect(await db.tierChange.count({ where: { shopId, cause: "tier_edit" } }), "each move in the history").toBe(
    changesBefore + moved.length,
  );
  return preview;
}

describe("a live edit saves what its preview showed", () => {
  it("lowering a threshold promotes the members it now covers, with the entry reward", async () => {
    const shop = await liveShop();
    const [b, s, g] = await storedTiers(shop.id);
    const preview = await expectSavedAsPreviewed(shop.id, {
      settings: lifetime,
      tiers: [b!, s!, { ...g!, threshold: 140 }],
    });
    expect(preview).toMatchObject({ up: 1, down: 0, entryRewardPoints: 50 });
  });

  it("raising thresholds moves members down as previewed", async () => {
    const shop = await liveShop();
    const [b, s, g] = await storedTiers(shop.id);
    const preview = await expectSavedAsPreviewed(shop.id, {
      settings: lifetime,
      tiers: [b!, { ...s!, threshold: 200 }, { ...g!, threshold: 2000 }],
    });
    expect(preview.up).toBe(0);
    expect(preview.entryRewardPoints).toBe(0);
  });

  it("changing the period to the last 12 months, a year later, as previewed", async () => {
    const shop = await liveShop();
    const tiers = await storedTiers(shop.id);
    const aYearLater = new Date(Date.now() + 400 * 86_400_000);
    await expectSavedAsPreviewed(
      shop.id,
      { settings: { ...lifetime, period: "rolling_12_months", graceDays: 0 }, tiers },
      aYearLater,
    );
  });

  it("changing the period to the calendar year, and the metric to orders, as previewed", async () => {
    const shop = await liveShop();
    const [b, s, g] = await storedTiers(shop.id);
    const preview = await expectSavedAsPreviewed(shop.id, {
      settings: { metric: "orders", period: "calendar_year", graceDays: 10 },
      tiers: [b!, { ...s!, threshold: 1 }, { ...g!, threshold: 5 }],
    });
    expect(preview.moves.every((m) => m.toTierId === s!.id || m.toTierId === b!.id)).toBe(true);
  });

  it("a multiplier change moves nobody and shows what it costs a year", async () => {
    const shop = await liveShop();
    const [b, s, g] = await storedTiers(shop.id);
    const preview = await expectSavedAsPreviewed(shop.id, {
      settings: lifetime,
      tiers: [b!, s!, { ...g!, multiplierHundredths: 150 }],
    });
    expect(preview).toMatchObject({ up: 0, down: 0, moves: [] });
    expect(preview.multiplierPointsPerYear).toBeGreaterThan(0);
    const unchanged = await previewTierProgramEdit(db, shop.id, {
      settings: lifetime,
      tiers: [b!, s!, { ...g!, multiplierHundredths: 150 }],
    });
    expect(unchanged.multiplierPointsPerYear, "saved: the same edit again costs nothing more").toBe(0);
  });

  it("prices a multiplier change on what purchases earned before the tier multiplied them", async () => {
    const shop = await liveShop();
    const [b, s, g] = await storedTiers(shop.id);
    await applyTierProgramEdit(db, shop.id, {
      settings: lifetime,
      tiers: [b!, s!, { ...g!, multiplierHundredths: 150 }],
    });
    // A Gold member orders $100 at ×1.5: 150 points, of which 100 are the purchase's own.
    const goldMember = await db.member.findFirstOrThrow({
      where: { shopId: shop.id, tierId: g!.id, lifetimeEarned: { gte: 1000 } },
    });
    const payload = paidOrderPayload({
      id: uniqueId(),
      customer: customerFixture({ id: goldMember.customerId }),
      subtotal: "100.00",
    });
    expect((await deliverWebhook(webhookRequest({ shop: shop.domain, topic: "orders/paid", payload }))).status).toBe(
      200,
    );
    expect((await db.member.findUniqueOrThrow({ where: { id: goldMember.id } })).balance).toBe(
      goldMember.balance + 150,
    );

    const preview = await previewTierProgramEdit(db, shop.id, {
      settings: lifetime,
      tiers: [b!, s!, { ...g!, multiplierHundredths: 200 }],
    });
    // Gold's members' purchases before the multiplier: 350 + 1000 + 100, half again each.
    expect(preview.multiplierPointsPerYear).toBe(725);
  });

  it("adding a tier above, deleting one in the middle, reordering: as previewed; a deleted tier's members move", async () => {
    const shop = await liveShop();
    const [b, s, g] = await storedTiers(shop.id);
    const platinum: EditedTier = { name: "Platinum", threshold: 800, entryRewardPoints: 100 };
    const preview = await expectSavedAsPreviewed(shop.id, { settings: lifetime, tiers: [b!, g!, platinum] });
    expect(preview.up).toBe(1);
    expect(preview.entryRewardPoints).toBe(100);
    const rows = await db.tier.findMany({ where: { shopId: shop.id }, orderBy: { position: "asc" } });
    expect(rows.map((r) => [r.name, r.position])).toEqual([
      ["Bronze", 0],
      ["Gold", 1],
      ["Platinum", 2],
    ]);
    expect(await db.member.count({ where: { shopId: shop.id, tierId: s!.id } })).toBe(0);
    // The history of a member who once reached Silver still names it.
    const reachedSilver = await db.tierChange.findFirstOrThrow({
      where: { shopId: shop.id, toTierName: "Silver" },
      select: { memberId: true },
    });
    const history = await tierHistory(db, shop.id, reachedSilver.memberId);
    expect(history.map((line) => line.toTier)).toContain("Silver");
  });
});

describe("a save cut short", () => {
  it("leaves every member due, so the scheduled review finishes what the save began", async () => {
    const shop = await liveShop();
    const [b, s, g] = await storedTiers(shop.id);
    const edit = { settings: lifetime, tiers: [b!, { ...s!, threshold: 200 }, { ...g!, threshold: 250 }] };
    const preview = await previewTierProgramEdit(db, shop.id, edit);
    expect(preview.up + preview.down).toBeGreaterThan(0);
    const before = await tiersOfMembers(shop.id);

    // The rows are written and the request dies before a single member is settled.
    await saveTierProgramRows(db, shop.id, edit);
    expect(await tiersOfMembers(shop.id)).toEqual(before);

    await reviewDueTiers(db, { shopId: shop.id });
    const after = await tiersOfMembers(shop.id);
    const moved = [...after].filter(([memberId, tierId]) => before.get(memberId) !== tierId).map(([id]) => id);
    expect(moved.sort()).toEqual(preview.moves.map((m) => m.memberId).sort());
    // Reviewed once: nobody is due again until time alone may move them.
    expect(await reviewDueTiers(db, { shopId: shop.id })).toEqual({ members: 0, moved: 0 });
  });
});

describe("edits are checked and scoped", () => {
  it("refuses another shop's tier id, writing nothing", async () => {
    const mine = await liveShop([120]);
    const theirs = await liveShop([120]);
    const [theirBronze] = await storedTiers(theirs.id);
    const [b, s, g] = await storedTiers(mine.id);
    const edit = { settings: lifetime, tiers: [b!, s!, g!, { ...theirBronze!, name: "Stolen", threshold: 900 }] };
    await expect(previewTierProgramEdit(db, mine.id, edit)).rejects.toMatchObject({
      issues: [{ path: ["tiers", 3, "id"], message: "This shop has no such tier." }],
    });
    await expect(applyTierProgramEdit(db, mine.id, edit)).rejects.toBeInstanceOf(ZodError);
    expect(await db.tier.count({ where: { shopId: mine.id } })).toBe(3);
    expect((await storedTiers(theirs.id)).map((t) => t.name)).toEqual(["Bronze", "Silver", "Gold"]);
  });

  it("refuses a bad edit with the schema's errors", async () => {
    const shop = await liveShop([10]);
    const tiers = await storedTiers(shop.id);
    await expect(
      applyTierProgramEdit(db, shop.id, { settings: lifetime, tiers: [...tiers, { name: "gold", threshold: 5 }] }),
    ).rejects.toBeInstanceOf(ZodError);
  });

  it("previews and saves only the shop's own members", async () => {
    const mine = await liveShop([150]);
    const theirs = await liveShop([150, 150]);
    const theirsBefore = await tiersOfMembers(theirs.id);
    const [b, s, g] = await storedTiers(mine.id);
    const preview = await expectSavedAsPreviewed(mine.id, {
      settings: lifetime,
      tiers: [b!, s!, { ...g!, threshold: 120 }],
    });
    expect(preview).toMatchObject({ up: 1, unchanged: 0 });
    expect(await tiersOfMembers(theirs.id)).toEqual(theirsBefore);
  });
});
