import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { action as settingsAction, loader as settingsLoader } from "../../app/routes/app.settings";
import { installShop } from "../support/factories";
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

const valid = { pointsPerUnit: "3", rewardTitle: "$10 off", rewardCostPoints: "800", rewardValue: "10" };

describe("settings through the admin", () => {
  it("saves the earn rate, the reward and the reversal policy", async () => {
    const shop = await installShop(db);
    const response = await post(shop.domain, { ...valid, reversalPolicy: "cap_at_zero" });
    expect(response.status).toBe(200);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ pointsPerUnit: 3, reversalPolicy: "cap_at_zero" });
    expect(await db.reward.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({ costPoints: 800, valueMinor: 1000 });

    const loaded = JSON.parse(await (await callRoute(settingsLoader, adminRequest(shop.domain, "/app/settings"))).text());
    expect(loaded.fields).toMatchObject({ pointsPerUnit: "3", rewardValue: "10.00", reversalPolicy: "cap_at_zero" });
  });

  it("answers bad input with 400 and every field's problem, saving nothing", async () => {
    const shop = await installShop(db);
    const response = await post(shop.domain, { pointsPerUnit: "0", rewardTitle: "", rewardCostPoints: "1e3", rewardValue: "5.123", reversalPolicy: "forgive" });
    expect(response.status).toBe(400);
    const body = JSON.parse(await response.text());
    expect(Object.keys(body.errors).sort()).toEqual(["pointsPerUnit", "reversalPolicy", "rewardCostPoints", "rewardTitle", "rewardValue"]);
    expect(body.fields.rewardValue).toBe("5.123");
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ pointsPerUnit: 1, reversalPolicy: "allow_negative" });
  });
});
