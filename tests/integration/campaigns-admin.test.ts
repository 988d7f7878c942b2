/**
 * The Campaigns pages through the real admin routes (session tokens, form posts): a merchant
 * creates a campaign, is told field by field what is wrong (nothing stored), previews its cost
 * (nothing stored either), edits, pauses, moves and archives it, and sets the shop's stacking
 * policy; every write moves the programme version. Another shop's campaign is not found.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { action as editAction, loader as editLoader } from "../../app/routes/app.campaigns.$campaignId";
import { action as listAction, loader as listLoader } from "../../app/routes/app.campaigns._index";
import { formPost, json, withParams } from "../support/admin-routes";
import { installShop } from "../support/factories";
import { campaignRow } from "../support/programme-rows";
import { adminRequest, callRoute } from "../support/signed-requests";

const postCampaign = (shop: string, campaignId: string, fields: Record<string, string>) =>
  callRoute(
    withParams(editAction, { campaignId }),
    adminRequest(shop, `/app/campaigns/${campaignId}?embedded=1&shop=${shop}`, formPost(fields)),
  );
const loadCampaign = (shop: string, campaignId: string) =>
  callRoute(withParams(editLoader, { campaignId }), adminRequest(shop, `/app/campaigns/${campaignId}`));
const postList = (shop: string, fields: Record<string, string>) =>
  callRoute(listAction, adminRequest(shop, "/app/campaigns", formPost(fields)));
const loadList = async (shop: string, query = "") =>
  json(await callRoute(listLoader, adminRequest(shop, `/app/campaigns${query}`)));
const versionOf = async (shopId: string) =>
  (await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { programVersion: true } })).programVersion;

const WEEKENDS = {
  title: "Double points weekends",
  effect: "multiplier",
  multiplier: "2",
  scheduleType: "weekly",
  weekdays: "6,7",
};

describe("creating and editing campaigns", () => {
  it("creates a campaign from the editor's fields, lists it with its words, and edits it in place", async () => {
    const shop = await installShop(db);
    const before = await versionOf(shop.id);
    const created = await postCampaign(shop.domain, "new", WEEKENDS);
    expect(created.status).toBe(302);
    const location = new URL(created.headers.get("location")!, "https://x.test");
    expect(location.pathname).toBe("/app/campaigns");
    const id = location.searchParams.get("saved")!;
    const row = await db.campaign.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ shopId: shop.id, title: WEEKENDS.title, effect: "multiplier", active: true });
    expect(JSON.parse(row.definition)).toMatchObject({
      schedule: { type: "weekly", days: [6, 7] },
      effect: { multiplierHundredths: 200 },
    });
    expect(await versionOf(shop.id)).toBe(before + 1);

    const list = await loadList(shop.domain, `?saved=${id}`);
    const listed = list.campaigns.find((c: { id: string }) => c.id === id);
    expect(listed).toMatchObject({
      schedule: "Every weekend (Saturday and Sunday)",
      effect: "×2 points, on every award",
    });
    expect(["running", "scheduled"]).toContain(listed.phase);
    expect(list.saved).toBe(WEEKENDS.title);

    const loaded = await json(await loadCampaign(shop.domain, id));
    expect(loaded.fields).toMatchObject({ title: WEEKENDS.title, multiplier: "2", weekdays: "6,7" });
    const edited = await postCampaign(shop.domain, id, { ...loaded.fields, multiplier: "1.5", intent: "save" });
    expect(edited.status).toBe(302);
    expect(JSON.parse((await db.campaign.findUniqueOrThrow({ where: { id } })).definition).effect).toMatchObject({
      multiplierHundredths: 150,
    });
    expect(await versionOf(shop.id)).toBe(before + 2);
  });

  it("explains every problem under its field, stores nothing and sends back what was typed", async () => {
    const shop = await installShop(db);
    const typed = {
      title: "",
      effect: "bonus",
      bonusPoints: "lots",
      scheduleType: "once",
      startDate: "2026-12-05",
      endDate: "2026-12-01",
      endTime: "10:00",
      tierIds: "someone-elses-tier",
    };
    const before = await versionOf(shop.id);
    const response = await postCampaign(shop.domain, "new", typed);
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.errors).toEqual({
      title: "Give the campaign a name, such as “Double points weekends”.",
      bonusPoints: "Enter a whole number, such as 10.",
      tierIds: "Choose tiers from your tiers.",
    });
    expect(body.fields).toEqual(typed);
    const dates = await json(
      await postCampaign(shop.domain, "new", { ...typed, title: "T", bonusPoints: "5", tierIds: "" }),
    );
    expect(dates.errors).toEqual({ endDate: "The end must be after the start." });
    expect(await db.campaign.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await versionOf(shop.id)).toBe(before);
  });

  it("previews the cost of the campaign as typed and writes nothing", async () => {
    const shop = await installShop(db);
    const before = await versionOf(shop.id);
    const response = await postCampaign(shop.domain, "new", { ...WEEKENDS, intent: "preview" });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.errors).toEqual({});
    expect(body.fields).toMatchObject(WEEKENDS);
    expect(body.projection).toMatchObject({
      extraPoints: expect.any(Number),
      basis: { orders: expect.any(Number), awards: expect.any(Number), redemptions: expect.any(Number) },
    });
    expect(new Date(body.projection.from).getTime()).toBeLessThan(new Date(body.projection.to).getTime());
    expect(await db.campaign.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await versionOf(shop.id)).toBe(before);
    // A preview of a campaign that does not read is refused like a save.
    const refused = await postCampaign(shop.domain, "new", { ...WEEKENDS, multiplier: "1", intent: "preview" });
    expect(refused.status).toBe(400);
  });
});

describe("the campaigns list", () => {
  it("pauses, resumes, moves and archives campaigns, each write moving the programme version", async () => {
    const shop = await installShop(db);
    const definition = {
      schedule: { type: "weekly" as const, days: [1] },
      effect: { type: "bonus" as const, points: 5 },
    };
    const first = await db.campaign.create({ data: { shopId: shop.id, ...campaignRow({ title: "A", definition }) } });
    const second = await db.campaign.create({
      data: { shopId: shop.id, ...campaignRow({ title: "B", definition, position: 1 }) },
    });
    let version = await versionOf(shop.id);
    const step = async (fields: Record<string, string>) => {
      const response = await postList(shop.domain, fields);
      expect(response.status).toBe(200);
      expect(await versionOf(shop.id)).toBe(++version);
    };
    await step({ intent: "pause", campaignId: first.id });
    expect((await loadList(shop.domain)).campaigns[0]).toMatchObject({ id: first.id, phase: "paused", active: false });
    await step({ intent: "resume", campaignId: first.id });
    await step({ intent: "down", campaignId: first.id });
    expect((await loadList(shop.domain)).campaigns.map((c: { id: string }) => c.id)).toEqual([second.id, first.id]);
    await step({ intent: "archive", campaignId: second.id });
    expect((await loadList(shop.domain)).campaigns.map((c: { id: string }) => c.id)).toEqual([first.id]);
    // Archived, never deleted.
    expect(await db.campaign.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ active: false });
    expect((await db.campaign.findUniqueOrThrow({ where: { id: second.id } })).archivedAt).not.toBeNull();
    await expect(loadCampaign(shop.domain, second.id)).resolves.toMatchObject({ status: 404 });

    await step({ intent: "stacking", stacking: "highest" });
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).campaignStacking).toBe("highest");
    expect((await loadList(shop.domain)).stacking).toBe("highest");
    const bad = await postList(shop.domain, { intent: "stacking", stacking: "sometimes" });
    expect(bad.status).toBe(400);
  });

  it("answers another shop's campaign with 404, reading or writing, and changes nothing", async () => {
    const other = await installShop(db);
    const theirs = await db.campaign.create({
      data: {
        shopId: other.id,
        ...campaignRow({
          title: "Theirs",
          definition: { schedule: { type: "yearly", months: [12] }, effect: { type: "bonus", points: 5 } },
        }),
      },
    });
    const shop = await installShop(db);
    await expect(loadCampaign(shop.domain, theirs.id)).resolves.toMatchObject({ status: 404 });
    expect((await postCampaign(shop.domain, theirs.id, WEEKENDS)).status).toBe(404);
    expect((await postCampaign(shop.domain, theirs.id, { intent: "archive" })).status).toBe(404);
    for (const intent of ["pause", "up", "archive"]) {
      const response = await postList(shop.domain, { intent, campaignId: theirs.id });
      expect(response.status).toBe(404);
      expect(await json(response)).toMatchObject({ error: "not_found" });
    }
    expect(await db.campaign.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({
      title: "Theirs",
      active: true,
      archivedAt: null,
    });
    expect((await loadList(shop.domain)).campaigns).toEqual([]);
  });
});
