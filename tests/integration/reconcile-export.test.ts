import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { adjustPoints } from "../../app/ledger/adjust.server";
import { reconcileShop } from "../../app/ledger/reconcile.server";
import { loader as ledgerCsvLoader } from "../../app/routes/app.ledger[.]csv";
import { customerFixture, installShop, paidOrderPayload, refundPayload, uniqueId } from "../support/factories";
import { adminRequest, callRoute, webhookRequest } from "../support/signed-requests";
import { deliverWebhook } from "../support/deliver";

async function busyShop() {
  const shop = await installShop(db);
  const customers = [customerFixture({ email: "first@example.com" }), customerFixture()];
  for (const customer of customers) {
    const orderId = uniqueId();
    await deliverWebhook(
      webhookRequest({
        shop: shop.domain,
        topic: "orders/paid",
        payload: paidOrderPayload({ id: orderId, customer, subtotal: "120.00" }),
      }),
    );
    await deliverWebhook(
      webhookRequest({
        shop: shop.domain,
        topic: "refunds/create",
        payload: refundPayload({ orderId, subtotals: ["30.00"] }),
      }),
    );
  }
  const member = await db.member.findFirstOrThrow({ where: { shopId: shop.id, email: "first@example.com" } });
  await adjustPoints(db, {
    shopId: shop.id,
    memberId: member.id,
    points: 5,
    reason: '=HYPERLINK("evil")',
    staffMember: "staff-1",
    requestId: uniqueId(),
  });
  return { shop, member };
}

describe("reconciliation", () => {
  it("finds no drift after normal activity", async () => {
    const { shop } = await busyShop();
    expect(await reconcileShop(db, shop.id)).toEqual({ membersChecked: 2, drifted: [] });
  });

  it("reports a corrupted cached balance, and repairs it on request", async () => {
    const { shop, member } = await busyShop();
    await db.member.update({ where: { id: member.id }, data: { balance: { increment: 1000 }, lifetimeEarned: 3 } });

    const report = await reconcileShop(db, shop.id);
    expect(report.drifted).toEqual([
      expect.objectContaining({
        memberId: member.id,
        fixed: false,
        drift: [
          { field: "balance", cached: 1095, fromEntries: 95 },
          // 120 earned, 30 refunded, and the staff's 5 (decision 0018).
          { field: "lifetimeEarned", cached: 3, fromEntries: 95 },
        ],
      }),
    ]);
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(1095);

    expect((await reconcileShop(db, shop.id, { fix: true })).drifted).toHaveLength(1);
    expect(await db.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({
      balance: 95,
      lifetimeEarned: 95,
    });
    expect((await reconcileShop(db, shop.id)).drifted).toEqual([]);
  });
});

describe("ledger CSV export", () => {
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  it("exports the shop's entries for the period, and only that shop's", async () => {
    const { shop } = await busyShop();
    const other = await busyShop();
    const response = await callRoute(
      ledgerCsvLoader,
      adminRequest(shop.domain, `/app/ledger.csv?from=${today}&to=${tomorrow}`),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "date,entry_id,customer_id,customer_name,customer_email,kind,points,balance_after,cause_type,cause_id,reward_code,reason",
    );
    expect(lines).toHaveLength(1 + 5);
    expect(lines.some((l) => l.includes(",reverse,-30,"))).toBe(true);
    // A staff member's reason cannot become a spreadsheet formula.
    expect(lines.some((l) => l.endsWith(`"'=HYPERLINK(""evil"")"`))).toBe(true);
    const otherIds = (await db.ledgerEntry.findMany({ where: { shopId: other.shop.id } })).map((e) => e.id);
    for (const id of otherIds) expect(lines.join("\n")).not.toContain(id);
  });

  it("exports nothing outside the period and explains a bad period", async () => {
    const { shop } = await busyShop();
    const empty = await callRoute(
      ledgerCsvLoader,
      adminRequest(shop.domain, "/app/ledger.csv?from=2020-01-01&to=2020-02-01"),
    );
    expect((await empty.text()).trimEnd().split("\r\n")).toHaveLength(1);
    for (const query of ["from=2026-13-01&to=2026-12-01", `from=${tomorrow}&to=${today}`, "from=yesterday"]) {
      const response = await callRoute(ledgerCsvLoader, adminRequest(shop.domain, `/app/ledger.csv?${query}`));
      expect(response.status, query).toBe(400);
    }
  });
});
