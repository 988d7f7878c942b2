/**
 * The Challenges pages through the real admin routes (session tokens, form posts): a merchant
 * creates a challenge, a milestone and a streak, is told field by field what is wrong (nothing
 * stored), edits (the kind stays), pauses, moves and archives them; every write moves the
 * programme version. Another shop's challenge is not found. The member page shows a member's
 * completions, a reversed one with its reason.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { action as editAction, loader as editLoader } from "../../app/routes/app.challenges.$challengeId";
import { action as listAction, loader as listLoader } from "../../app/routes/app.challenges._index";
import { loader as memberLoader } from "../../app/routes/app.members.$memberId";
import { formPost, json, withParams } from "../support/admin-routes";
import { customerFixture, installShop, memberWithBalance } from "../support/factories";
import { challengeRow } from "../support/programme-rows";
import { adminRequest, callRoute } from "../support/signed-requests";

const postChallenge = (shop: string, challengeId: string, fields: Record<string, string>) =>
  callRoute(
    withParams(editAction, { challengeId }),
    adminRequest(shop, `/app/challenges/${challengeId}?embedded=1&shop=${shop}`, formPost(fields)),
  );
const loadChallenge = (shop: string, challengeId: string, query = "") =>
  callRoute(withParams(editLoader, { challengeId }), adminRequest(shop, `/app/challenges/${challengeId}${query}`));
const postList = (shop: string, fields: Record<string, string>) =>
  callRoute(listAction, adminRequest(shop, "/app/challenges", formPost(fields)));
const loadList = async (shop: string) => json(await callRoute(listLoader, adminRequest(shop, "/app/challenges")));
const versionOf = async (shopId: string) =>
  (await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { programVersion: true } })).programVersion;
const savedId = (response: Response) =>
  new URL(response.headers.get("location")!, "https://x.test").searchParams.get("saved")!;

const VISITS = {
  kind: "challenge",
  title: "Visit 5 times this month",
  measure: "visits",
  goal: "5",
  window: "month",
  repeat: "true",
  rewardType: "points",
  rewardPoints: "100",
};

describe("creating and editing challenges", () => {
  it("creates a challenge, a milestone and a streak from their forms, each listed with its goal", async () => {
    const shop = await installShop(db);
    let version = await versionOf(shop.id);
    const reward = await db.reward.findFirstOrThrow({ where: { shopId: shop.id } });
    const forms: Record<string, string>[] = [
      VISITS,
      {
        kind: "milestone",
        title: "Your 10th order",
        measure: "orders",
        goal: "10",
        rewardType: "reward",
        rewardId: reward.id,
      },
      {
        kind: "streak",
        title: "An order a week",
        action: "orders",
        period: "week",
        graceMissed: "1",
        "steps.0.length": "4",
        "steps.0.rewardType": "points",
        "steps.0.points": "200",
      },
    ];
    const ids: string[] = [];
    for (const fields of forms) {
      const response = await postChallenge(shop.domain, "new", fields);
      expect(response.status).toBe(302);
      ids.push(savedId(response));
      expect(await versionOf(shop.id)).toBe(++version);
    }
    const rows = await db.challenge.findMany({ where: { shopId: shop.id }, orderBy: { position: "asc" } });
    expect(rows.map((r) => [r.id, r.kind, r.position])).toEqual([
      [ids[0], "challenge", 0],
      [ids[1], "milestone", 1],
      [ids[2], "streak", 2],
    ]);
    expect(JSON.parse(rows[0]!.definition)).toMatchObject({
      measure: { type: "visits", count: 5 },
      window: { type: "month", repeat: true },
      reward: { type: "points", points: 100 },
    });
    const list = await loadList(shop.domain);
    expect(
      list.challenges.map((c: { goal: string; gives: string; phase: string }) => [c.goal, c.gives, c.phase]),
    ).toEqual([
      ["5 visits each month", "100 points", "active"],
      ["10 orders in all", reward.title, "active"],
      ["An order every week: rewarded at 4 in a row, 1 missed week forgiven", "4 in a row: 200 points", "active"],
    ]);
  });

  it("opens a new form of the kind asked for, and edits in place keeping the stored kind", async () => {
    const shop = await installShop(db);
    expect((await json(await loadChallenge(shop.domain, "new", "?kind=streak"))).fields).toMatchObject({
      kind: "streak",
      "steps.0.length": "3",
    });
    const id = savedId(await postChallenge(shop.domain, "new", VISITS));
    const loaded = await json(await loadChallenge(shop.domain, id));
    expect(loaded.fields).toMatchObject({ kind: "challenge", measure: "visits", goal: "5", window: "month" });
    const edited = await postChallenge(shop.domain, id, { ...loaded.fields, kind: "milestone", goal: "6" });
    expect(edited.status).toBe(302);
    const row = await db.challenge.findUniqueOrThrow({ where: { id } });
    expect(row.kind).toBe("challenge");
    expect(JSON.parse(row.definition).measure).toEqual({ type: "visits", count: 6 });
  });

  it("explains every problem under its field, stores nothing and sends back what was typed", async () => {
    const shop = await installShop(db);
    const other = await installShop(db);
    const theirReward = await db.reward.findFirstOrThrow({ where: { shopId: other.id } });
    const before = await versionOf(shop.id);
    const typed = {
      ...VISITS,
      title: "",
      goal: "five",
      window: "range",
      windowStartsOn: "2026-12-10",
      windowEndsOn: "2026-12-01",
      rewardType: "reward",
      rewardId: theirReward.id,
    };
    const response = await postChallenge(shop.domain, "new", typed);
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.errors).toEqual({
      title: "Give it a name, such as “Visit 5 times this month”.",
      goal: "Enter a whole number, such as 10.",
      windowEndsOn: "The last day must be on or after the first day.",
      rewardId: "Choose a reward from your catalogue.",
    });
    expect(body.fields).toEqual(typed);
    const streak = await json(
      await postChallenge(shop.domain, "new", {
        kind: "streak",
        title: "S",
        action: "visits",
        period: "day",
        "steps.0.length": "5",
        "steps.0.rewardType": "points",
        "steps.0.points": "10",
        "steps.1.length": "3",
        "steps.1.rewardType": "points",
        "steps.1.points": "20",
      }),
    );
    expect(streak.errors).toEqual({ "steps.1.length": "Each step is longer than the one before." });
    expect(await db.challenge.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await versionOf(shop.id)).toBe(before);
  });
});

describe("the challenges list", () => {
  it("pauses, resumes, moves and archives, each write moving the programme version", async () => {
    const shop = await installShop(db);
    const definition = {
      measure: { type: "shares" as const, count: 2 },
      window: { type: "week" as const },
      reward: { type: "points" as const, points: 5 },
    };
    const first = await db.challenge.create({
      data: { shopId: shop.id, ...challengeRow({ kind: "challenge", title: "A", definition }) },
    });
    const second = await db.challenge.create({
      data: { shopId: shop.id, ...challengeRow({ kind: "challenge", title: "B", definition, position: 1 }) },
    });
    let version = await versionOf(shop.id);
    const step = async (fields: Record<string, string>) => {
      expect((await postList(shop.domain, fields)).status).toBe(200);
      expect(await versionOf(shop.id)).toBe(++version);
    };
    await step({ intent: "pause", challengeId: first.id });
    expect((await loadList(shop.domain)).challenges[0]).toMatchObject({ id: first.id, phase: "paused" });
    await step({ intent: "resume", challengeId: first.id });
    await step({ intent: "up", challengeId: second.id });
    expect((await loadList(shop.domain)).challenges.map((c: { id: string }) => c.id)).toEqual([second.id, first.id]);
    await step({ intent: "archive", challengeId: first.id });
    expect((await loadList(shop.domain)).challenges.map((c: { id: string }) => c.id)).toEqual([second.id]);
    expect((await db.challenge.findUniqueOrThrow({ where: { id: first.id } })).archivedAt).not.toBeNull();
    expect((await postList(shop.domain, { intent: "explode", challengeId: second.id })).status).toBe(400);
  });

  it("answers another shop's challenge with 404, reading or writing, and changes nothing", async () => {
    const other = await installShop(db);
    const theirs = await db.challenge.create({
      data: {
        shopId: other.id,
        ...challengeRow({
          kind: "milestone",
          title: "Theirs",
          definition: { measure: { type: "orders", count: 3 }, reward: { type: "points", points: 5 } },
        }),
      },
    });
    const shop = await installShop(db);
    await expect(loadChallenge(shop.domain, theirs.id)).resolves.toMatchObject({ status: 404 });
    expect((await postChallenge(shop.domain, theirs.id, VISITS)).status).toBe(404);
    expect((await postChallenge(shop.domain, theirs.id, { intent: "pause" })).status).toBe(404);
    for (const intent of ["pause", "down", "archive"]) {
      const response = await postList(shop.domain, { intent, challengeId: theirs.id });
      expect(response.status).toBe(404);
      expect(await json(response)).toMatchObject({ error: "not_found" });
    }
    expect(await db.challenge.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({
      title: "Theirs",
      active: true,
      archivedAt: null,
    });
  });
});

describe("the member page's challenges", () => {
  it("lists a member's completions, a reversed one with its reason, and the challenges on", async () => {
    const shop = await installShop(db);
    const member = await memberWithBalance(db, shop.id, customerFixture(), 0);
    const challenge = await db.challenge.create({
      data: {
        shopId: shop.id,
        ...challengeRow({
          kind: "challenge",
          title: "Visit 5 times this month",
          definition: {
            measure: { type: "visits", count: 5 },
            window: { type: "month" },
            reward: { type: "points", points: 100 },
          },
        }),
      },
    });
    await db.challengeCompletion.create({
      data: {
        shopId: shop.id,
        challengeId: challenge.id,
        memberId: member.id,
        window: "month:2026-10",
        points: 100,
        completedAt: new Date("2026-10-20T10:00:00Z"),
        reversedAt: new Date("2026-10-25T10:00:00Z"),
        reversalReason: "Order #1001 was refunded.",
      },
    });
    const page = await json(
      await callRoute(
        withParams(memberLoader, { memberId: member.id }),
        adminRequest(shop.domain, `/app/members/${member.id}`),
      ),
    );
    expect(page.challenges.completions).toEqual([
      expect.objectContaining({
        title: "Visit 5 times this month",
        points: 100,
        reversedAt: "2026-10-25T10:00:00.000Z",
        reversalReason: "Order #1001 was refunded.",
      }),
    ]);
    expect(page.challenges.standings).toEqual([
      expect.objectContaining({ challengeId: challenge.id, title: "Visit 5 times this month", progress: 0, goal: 5 }),
    ]);
  });
});
