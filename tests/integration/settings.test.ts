import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { addCalendarMonths } from "../../app/domain/expiry";
import { loader as memberLoader } from "../../app/routes/app.members.$memberId";
import { action as settingsAction, loader as settingsLoader } from "../../app/routes/app.settings";
import { customerFixture, installShop, memberWithBalance } from "../support/factories";
import { adminRequest, callRoute } from "../support/signed-requests";

const post = (shop: string, fields: Record<string, string>) =>
  callRoute(
    settingsAction,
    adminRequest(shop, "/app/settings", {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
  );

const valid = { pointsPerUnit: "3" };

describe("settings through the admin", () => {
  it("saves the earn rate and the reversal policy, and leaves the rewards to the Rewards page", async () => {
    const shop = await installShop(db);
    const before = await db.reward.findFirstOrThrow({ where: { shopId: shop.id } });
    const response = await post(shop.domain, {
      ...valid,
      reversalPolicy: "cap_at_zero",
      // An old form still posting the reward's fields: the reward stays as it is.
      rewardTitle: "$10 off",
      rewardCostPoints: "800",
      rewardValue: "10",
    });
    expect(response.status).toBe(200);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      pointsPerUnit: 3,
      reversalPolicy: "cap_at_zero",
    });
    expect(await db.reward.findFirstOrThrow({ where: { shopId: shop.id } })).toEqual(before);

    const loaded = JSON.parse(
      await (await callRoute(settingsLoader, adminRequest(shop.domain, "/app/settings"))).text(),
    );
    expect(loaded.fields).toMatchObject({ pointsPerUnit: "3", reversalPolicy: "cap_at_zero" });
    expect(loaded.fields).not.toHaveProperty("rewardTitle");
  });

  it("answers bad input with 400 and every field's problem, saving nothing", async () => {
    const shop = await installShop(db);
    const response = await post(shop.domain, {
      pointsPerUnit: "1e3",
      reversalPolicy: "forgive",
    });
    expect(response.status).toBe(400);
    const body = JSON.parse(await response.text());
    expect(Object.keys(body.errors).sort()).toEqual(["pointsPerUnit", "reversalPolicy"]);
    expect(body.fields.pointsPerUnit).toBe("1e3");
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      pointsPerUnit: 1,
      reversalPolicy: "allow_negative",
    });
  });

  it.each([
    ["fixed", "12", 12],
    ["inactivity", "6", 6],
  ] as const)("saves the points expiry policy: %s, %s months", async (mode, months, stored) => {
    const shop = await installShop(db);
    const response = await post(shop.domain, { ...valid, expiryMode: mode, expiryMonths: months });
    expect(response.status).toBe(200);
    expect(JSON.parse(await response.text()).fields).toMatchObject({ expiryMode: mode, expiryMonths: months });
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      expiryMode: mode,
      expiryMonths: stored,
    });

    const loaded = JSON.parse(
      await (await callRoute(settingsLoader, adminRequest(shop.domain, "/app/settings"))).text(),
    );
    expect(loaded.fields).toMatchObject({ expiryMode: mode, expiryMonths: months });
  });

  it("turns expiry off without touching the months, and keeps the policy when the form leaves it out", async () => {
    const shop = await installShop(db);
    await post(shop.domain, { ...valid, expiryMode: "fixed", expiryMonths: "18" });
    expect((await post(shop.domain, { ...valid, expiryMode: "never", expiryMonths: "" })).status).toBe(200);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      expiryMode: "never",
      expiryMonths: 18,
    });

    await post(shop.domain, { ...valid, expiryMode: "inactivity", expiryMonths: "6" });
    expect((await post(shop.domain, valid)).status).toBe(200);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      expiryMode: "inactivity",
      expiryMonths: 6,
    });
  });

  it("answers bad months with 400 and the message, saving nothing", async () => {
    const shop = await installShop(db);
    const response = await post(shop.domain, { ...valid, expiryMode: "fixed", expiryMonths: "121" });
    expect(response.status).toBe(400);
    const body = JSON.parse(await response.text());
    expect(body.errors).toEqual({ expiryMonths: "At most 120 months (10 years)." });
    expect(body.fields).toMatchObject({ expiryMode: "fixed", expiryMonths: "121", pointsPerUnit: "3" });
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      pointsPerUnit: 1,
      expiryMode: "never",
      expiryMonths: 12,
    });

    const missing = await post(shop.domain, { ...valid, expiryMode: "inactivity", expiryMonths: "" });
    expect(missing.status).toBe(400);
    expect(JSON.parse(await missing.text()).errors).toEqual({
      expiryMonths: "Enter how many months points last, from 1 to 120.",
    });
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ expiryMode: "never" });
  });
});

describe("the member page after an expiry policy is saved", () => {
  const loadMember = async (shop: string, memberId: string) => {
    const response = await callRoute(
      (args) => memberLoader({ ...args, params: { memberId } } as Parameters<typeof memberLoader>[0]),
      adminRequest(shop, `/app/members/${memberId}`),
    );
    return JSON.parse(await response.text());
  };

  it("shows nothing while points never expire, then the balance and its date under inactivity", async () => {
    const shop = await installShop(db);
    const member = await memberWithBalance(db, shop.id, customerFixture(), 120);
    expect((await loadMember(shop.domain, member.id)).expiring).toBeNull();

    await post(shop.domain, { ...valid, expiryMode: "inactivity", expiryMonths: "6" });
    const stored = await db.member.findUniqueOrThrow({ where: { id: member.id } });
    const since = stored.lastActivityAt ?? stored.createdAt;
    expect((await loadMember(shop.domain, member.id)).expiring).toEqual({
      points: 120,
      on: addCalendarMonths(since, 6).toISOString(),
    });
  });
});

describe("when points become spendable", () => {
  it("saves the release rule and the return window, and explains bad days", async () => {
    const { db } = await import("../../app/db.server");
    const { installShop } = await import("../support/factories");
    const shop = await installShop(db);
    const ok = await post(shop.domain, { ...valid, pointsReleaseRule: "return_window", returnWindowDays: "21" });
    expect(ok.status).toBe(200);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      pointsReleaseRule: "return_window",
      returnWindowDays: 21,
    });

    const bad = await post(shop.domain, { ...valid, pointsReleaseRule: "someday", returnWindowDays: "0" });
    expect(bad.status).toBe(400);
    expect(JSON.parse(await bad.text()).errors).toMatchObject({
      pointsReleaseRule: "Choose when points become spendable.",
      returnWindowDays: "The window lasts at least 1 day.",
    });
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      pointsReleaseRule: "return_window",
      returnWindowDays: 21,
    });
  });
});
