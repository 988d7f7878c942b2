/**
 * Every admin action reads its form through one helper: a JSON (or any non-form) body is
 * answered 415 and a broken multipart body 400, each with a code and a message, never a 500,
 * and nothing is written. Through the real `authenticate.admin` (session token).
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { action as developersAction } from "../../app/routes/app.developers";
import { action as memberAction } from "../../app/routes/app.members.$memberId";
import { action as ruleAction } from "../../app/routes/app.rules.$ruleId";
import { action as rulesListAction } from "../../app/routes/app.rules._index";
import { action as settingsAction } from "../../app/routes/app.settings";
import { createRule } from "../../app/rules/rules.server";
import { customerFixture, installShop, memberWithBalance } from "../support/factories";
import { adminRequest, callRoute } from "../support/signed-requests";

type Action = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

const BROKEN_MULTIPART: RequestInit = {
  method: "POST",
  headers: { "content-type": "multipart/form-data; boundary=----never-closed" },
  body: '------never-closed\r\nContent-Disposition: form-data; name="points"\r\n\r\n50',
};

const JSON_BODY = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(fields),
});

/** What a shop's data looks like, to check a refused post changed none of it. */
async function snapshot(shopId: string) {
  const [shop, rules, entries, rewards] = await Promise.all([
    db.shop.findUniqueOrThrow({ where: { id: shopId } }),
    db.rule.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db.ledgerEntry.count({ where: { shopId } }),
    db.reward.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
  ]);
  return { shop: { ...shop, updatedAt: null }, rules, entries, rewards };
}

async function adminActions() {
  const shop = await installShop(db);
  const member = await memberWithBalance(db, shop.id, customerFixture(), 100);
  const rule = await createRule(db, shop.id, { kind: "visit", name: "Visit", points: 5 });
  const withParams =
    (action: Action, params: Record<string, string>): Action =>
    (args) =>
      action({ ...args, params });
  const actions: [string, string, Action, Record<string, string>][] = [
    [
      "settings",
      "/app/settings",
      settingsAction as Action,
      { pointsPerUnit: "7", rewardTitle: "x", rewardCostPoints: "1", rewardValue: "1" },
    ],
    ["rules list", "/app/rules", rulesListAction as Action, { intent: "pause", ruleId: rule.id }],
    [
      "rule editor",
      `/app/rules/${rule.id}`,
      withParams(ruleAction as Action, { ruleId: rule.id }),
      { intent: "delete" },
    ],
    [
      "new rule",
      "/app/rules/new",
      withParams(ruleAction as Action, { ruleId: "new" }),
      { intent: "save", kind: "visit", name: "New", points: "1" },
    ],
    [
      "member",
      `/app/members/${member.id}`,
      withParams(memberAction as Action, { memberId: member.id }),
      { points: "50", reason: "r", requestId: crypto.randomUUID() },
    ],
    ["events API", "/app/developers", developersAction as Action, { intent: "rotate" }],
  ];
  return { shop, actions };
}

describe("admin actions refuse bodies that are not forms", () => {
  it("answers a JSON post with 415 unsupported_media_type and writes nothing, on every admin action", async () => {
    const { shop, actions } = await adminActions();
    const before = await snapshot(shop.id);
    for (const [name, path, action, fields] of actions) {
      const response = await callRoute(action, adminRequest(shop.domain, path, JSON_BODY(fields)));
      expect(response.status, name).toBe(415);
      expect(JSON.parse(await response.text()), name).toEqual({
        error: "unsupported_media_type",
        message: expect.stringContaining("application/json"),
      });
    }
    expect(await snapshot(shop.id)).toEqual(before);
  });

  it("answers a post with no Content-Type or a look-alike type with 415", async () => {
    const { shop, actions } = await adminActions();
    const [, path, action] = actions[0]!;
    for (const contentType of [
      null,
      "text/plain; x=application/x-www-form-urlencoded",
      "application/x-www-form-urlencoded-but-not",
    ]) {
      const headers = new Headers();
      if (contentType) headers.set("content-type", contentType);
      const request = adminRequest(shop.domain, path, { method: "POST", headers, body: new Blob(["pointsPerUnit=7"]) });
      const response = await callRoute(action, request);
      expect(response.status, String(contentType)).toBe(415);
    }
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).pointsPerUnit).toBe(1);
  });

  it("answers a broken multipart post with 400 unreadable_form and writes nothing, on every admin action", async () => {
    const { shop, actions } = await adminActions();
    const before = await snapshot(shop.id);
    for (const [name, path, action] of actions) {
      const response = await callRoute(action, adminRequest(shop.domain, path, BROKEN_MULTIPART));
      expect(response.status, name).toBe(400);
      expect(JSON.parse(await response.text()), name).toEqual({
        error: "unreadable_form",
        message: expect.any(String),
      });
    }
    expect(await snapshot(shop.id)).toEqual(before);
  });

  it("still reads a well-formed multipart form (what a form with a file field posts)", async () => {
    const { shop, actions } = await adminActions();
    const [, path, action] = actions[0]!;
    const body = new FormData();
    for (const [key, value] of Object.entries({
      pointsPerUnit: "7",
      rewardTitle: "$5 off",
      rewardCostPoints: "500",
      rewardValue: "5",
    }))
      body.set(key, value);
    const response = await callRoute(action, adminRequest(shop.domain, path, { method: "POST", body }));
    expect(response.status).toBe(200);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).pointsPerUnit).toBe(7);
  });
});
