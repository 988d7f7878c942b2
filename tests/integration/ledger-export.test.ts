/**
 * The ledger CSV through the admin route (session token): a period is whole days in the
 * shop's time zone with both ends included, so one day is from = to; each row names the
 * customer and, for a redemption, the discount code it gave; formulas stay defused.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { adjustPoints } from "../../app/ledger/adjust.server";
import { loader as ledgerCsvLoader } from "../../app/routes/app.ledger[.]csv";
import { action as redeem } from "../../app/routes/proxy.redeem";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { createFakeShopify } from "../../demo/fake-shopify";
import { customerFixture, installShop, memberWithBalance, uniqueId } from "../support/factories";
import { adminRequest, callRoute, proxyRequest } from "../support/signed-requests";

let restore: () => void;
beforeEach(() => {
  restore = setShopifyGateway(createFakeShopify());
});
afterEach(() => restore());

async function exportCsv(shop: string, from: string, to: string) {
  const response = await callRoute(ledgerCsvLoader, adminRequest(shop, `/app/ledger.csv?from=${from}&to=${to}`));
  const text = await response.text();
  return { status: response.status, text, rows: text.trimEnd().split("\r\n").slice(1) };
}

/** A shop in Tokyo (UTC+9) with one staff entry at each of the given instants. */
async function tokyoShopWithEntriesAt(instants: string[]) {
  const shop = await installShop(db);
  await db.shop.update({ where: { id: shop.id }, data: { timeZone: "Asia/Tokyo" } });
  const member = await memberWithBalance(db, shop.id, customerFixture(), 0);
  const ids: string[] = [];
  for (const at of instants) {
    const posted = await adjustPoints(db, {
      shopId: shop.id,
      memberId: member.id,
      points: 1,
      reason: at,
      staffMember: "staff",
      requestId: uniqueId(),
    });
    // The clock cannot be set for a post; the entry is moved to the instant the test is about.
    await db.ledgerEntry.update({ where: { id: posted.entry.id }, data: { createdAt: new Date(at) } });
    ids.push(posted.entry.id);
  }
  return { shop, ids };
}

describe("ledger CSV export period", () => {
  it("exports one whole day of the shop's time zone when from = to", async () => {
    // 27 Nov 23:30 in Tokyo, 28 Nov 00:30 and 23:30 in Tokyo, 29 Nov 00:30 in Tokyo.
    const { shop, ids } = await tokyoShopWithEntriesAt([
      "2026-11-27T14:30:00Z",
      "2026-11-27T15:30:00Z",
      "2026-11-28T14:30:00Z",
      "2026-11-28T15:30:00Z",
    ]);
    const day = await exportCsv(shop.domain, "2026-11-28", "2026-11-28");
    expect(day.status).toBe(200);
    expect(day.rows.map((row) => row.split(",")[1])).toEqual([ids[1], ids[2]]);

    const both = await exportCsv(shop.domain, "2026-11-27", "2026-11-28");
    expect(both.rows.map((row) => row.split(",")[1])).toEqual(ids.slice(0, 3));
  });

  it("refuses a period whose last day comes before its first, with a message", async () => {
    const shop = await installShop(db);
    const refused = await exportCsv(shop.domain, "2026-11-28", "2026-11-27");
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("must not be after the last");
    expect((await exportCsv(shop.domain, "2026-02-30", "2026-03-01")).status).toBe(400);
  });
});

describe("ledger CSV export columns", () => {
  it("names the customer and gives a redemption's discount code, with formulas in names defused", async () => {
    const shop = await installShop(db);
    const reward = await db.reward.findFirstOrThrow({ where: { shopId: shop.id } });
    const customer = customerFixture({ first_name: "=cmd|' /C calc'!A0", last_name: "Lovelace" });
    const member = await memberWithBalance(db, shop.id, customer, 620);
    const redeemed = await callRoute(
      redeem,
      proxyRequest({ shop: shop.domain, path: "redeem", customerId: customer.id, body: { rewardId: reward.id } }),
    );
    expect(redeemed.status).toBe(200);
    const { code } = (JSON.parse(await redeemed.text()) as { redemption: { code: string } }).redemption;
    const redemption = await db.redemption.findFirstOrThrow({ where: { memberId: member.id } });

    const today = new Date().toISOString().slice(0, 10);
    const { rows } = await exportCsv(shop.domain, today, today);
    expect(rows).toHaveLength(2);
    const [earned, spent] = rows;
    expect(earned).toContain(`,${customer.id},'=cmd|' /C calc'!A0 Lovelace,${customer.email},`);
    expect(spent).toContain(`,redeem,-500,120,redemption,${redemption.id},${code},`);
    expect(earned).not.toContain(code);
  });
});
