/**
 * The Export page's downloads through the admin routes (session token): the members CSV has
 * one row per member of the shop with balances and tier; the programme JSON Lines parse
 * against the documented records; another shop's rows never appear; pages follow one another
 * without losing or repeating a row.
 */
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { membersCsv } from "../../app/data/members-csv.server";
import { programmeJsonl } from "../../app/data/programme-jsonl.server";
import { db } from "../../app/db.server";
import { programmeExportRecord } from "../../app/domain/data-export/records";
import { adjustPoints } from "../../app/ledger/adjust.server";
import { action as exportPageAction, loader as exportPageLoader } from "../../app/routes/app.data";
import { loader as membersCsvLoader } from "../../app/routes/app.data.members[.]csv";
import { loader as programmeLoader } from "../../app/routes/app.data.programme[.]jsonl";
import { customerFixture, installShop, memberWithBalance, uniqueId } from "../support/factories";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { createFakeShopify } from "../../demo/fake-shopify";
import { formPost, json } from "../support/admin-routes";
import { adminRequest, callRoute } from "../support/signed-requests";

async function collect(chunks: AsyncGenerator<string>) {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}

/** A shop with three members (one in a tier, one with a formula for a name) and another shop with one. */
async function twoShops() {
  const shop = await installShop(db);
  const other = await installShop(db);
  const tier = await db.tier.create({ data: { shopId: shop.id, name: "Gold", threshold: 100n, position: 1 } });
  const ada = await memberWithBalance(db, shop.id, customerFixture({ first_name: "Ada" }), 120);
  await db.member.update({
    where: { id: ada.id },
    data: { tierId: tier.id, tierSource: "earned", pending: 30 },
  });
  const formula = await memberWithBalance(db, shop.id, customerFixture({ first_name: "=1+1" }), 0);
  const grace = await memberWithBalance(db, shop.id, customerFixture({ first_name: "Grace" }), 40);
  await adjustPoints(db, {
    shopId: shop.id,
    memberId: grace.id,
    points: -15,
    reason: "Correction, with a comma",
    staffMember: "staff",
    requestId: uniqueId(),
  });
  const stranger = await memberWithBalance(db, other.id, customerFixture({ first_name: "Stranger" }), 999);
  return { shop, other, tier, members: [ada, formula, grace], stranger };
}

describe("members CSV export", () => {
  it("writes one row per member of the shop with balances, pending, lifetime and tier, and no other shop's", async () => {
    const { shop, members, stranger } = await twoShops();
    const response = await callRoute(membersCsvLoader, adminRequest(shop.domain, "/app/data/members.csv"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="members-.+\.csv"$/);
    const text = await response.text();
    expect(text).not.toContain(stranger.customerId);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.customer_id).sort()).toEqual(members.map((m) => m.customerId).sort());
    const byCustomer = new Map(rows.map((r) => [r.customer_id, r]));
    expect(byCustomer.get(members[0]!.customerId)).toMatchObject({
      first_name: "Ada",
      balance: "120",
      pending: "30",
      lifetime_earned: "120",
      lifetime_redeemed: "0",
      tier: "Gold",
      tier_source: "earned",
    });
    expect(byCustomer.get(members[1]!.customerId)).toMatchObject({ first_name: "'=1+1", balance: "0", tier: "" });
    expect(byCustomer.get(members[2]!.customerId)).toMatchObject({ balance: "25" });
  });

  it("pages through the members without losing or repeating one, one chunk per page", async () => {
    const { shop, members } = await twoShops();
    const chunks: string[] = [];
    for await (const chunk of membersCsv(db, shop.id, 2)) chunks.push(chunk);
    // The header, a page of two members, a page of one: never the whole list at once.
    expect(chunks.map((c) => c.split("\r\n").length - 1)).toEqual([1, 2, 1]);
    const text = chunks.join("");
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.customer_id).sort()).toEqual(members.map((m) => m.customerId).sort());
  });
});

describe("programme JSON Lines export", () => {
  it("writes documented records, one per line, for the shop's programme, members and ledger only", async () => {
    const { shop, other, tier, members, stranger } = await twoShops();
    const response = await callRoute(programmeLoader, adminRequest(shop.domain, "/app/data/programme.jsonl"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const text = await response.text();
    expect(text.endsWith("\n")).toBe(true);
    const records = text
      .slice(0, -1)
      .split("\n")
      .map((line) => programmeExportRecord.parse(JSON.parse(line)));

    expect(records[0]).toMatchObject({ type: "export", shopDomain: shop.domain });
    const ofType = (type: string) => records.filter((r) => r.type === type);
    expect(
      ofType("member")
        .map((r) => (r as { customerId: string }).customerId)
        .sort(),
    ).toEqual(members.map((m) => m.customerId).sort());
    expect(ofType("tier")).toEqual([expect.objectContaining({ id: tier.id, name: "Gold", threshold: 100 })]);
    const entries = await db.ledgerEntry.findMany({ where: { shopId: shop.id }, select: { id: true } });
    expect(
      ofType("ledger_entry")
        .map((r) => (r as { id: string }).id)
        .sort(),
    ).toEqual(entries.map((e) => e.id).sort());
    const rewards = await db.reward.count({ where: { shopId: shop.id } });
    expect(ofType("reward")).toHaveLength(rewards);
    // Record types appear in the documented order.
    const order = [...new Set(records.map((r) => r.type))];
    const documented = ["export", "tier", "reward", "rule", "campaign", "challenge", "member", "ledger_entry"];
    expect(order).toEqual(documented.filter((t) => order.includes(t as never)));

    expect(text).not.toContain(stranger.id);
    expect(text).not.toContain(stranger.customerId);
    expect(text).not.toContain(other.id);
    const otherRewards = await db.reward.findMany({ where: { shopId: other.id }, select: { id: true } });
    for (const reward of otherRewards) expect(text).not.toContain(reward.id);
  });

  it("pages through every table without losing or repeating a row", async () => {
    const { shop } = await twoShops();
    const paged = await collect(programmeJsonl(db, shop, { now: new Date(0), pageSize: 1 }));
    const whole = await collect(programmeJsonl(db, shop, { now: new Date(0), pageSize: 1000 }));
    expect(paged).toBe(whole);
    expect(whole.split("\n").length).toBeGreaterThan(8);
  });
});

describe("Export page", () => {
  let restore: () => void;
  beforeEach(() => {
    restore = setShopifyGateway(createFakeShopify());
  });
  afterEach(() => restore());

  it("starts the order backfill in the background and shows how it went", async () => {
    const { shop, other } = await twoShops();
    const before = await json(await callRoute(exportPageLoader, adminRequest(shop.domain, "/app/data")));
    expect(before).toMatchObject({ members: 3, backfill: null, canReadOrders: true });

    const started = await callRoute(
      exportPageAction,
      adminRequest(shop.domain, "/app/data", formPost({ intent: "backfill" })),
    );
    expect(started.status).toBe(200);
    expect(await json(started)).toEqual({ started: true });
    // The fake Shopify's bulk query finds no orders: the background work ends done.
    await vi.waitFor(async () => {
      const row = await db.orderBackfill.findFirstOrThrow({ where: { shopId: shop.id } });
      expect(row.status).toBe("done");
    });
    const after = await json(await callRoute(exportPageLoader, adminRequest(shop.domain, "/app/data")));
    expect(after.backfill).toMatchObject({ status: "done", ordersSeen: 0, error: null });
    expect(await db.orderBackfill.count({ where: { shopId: other.id } })).toBe(0);
  });

  it("answers an unknown intent with a clear 400 and starts nothing", async () => {
    const { shop } = await twoShops();
    const refused = await callRoute(
      exportPageAction,
      adminRequest(shop.domain, "/app/data", formPost({ intent: "drop" })),
    );
    expect(refused.status).toBe(400);
    expect((await json(refused)).message).toContain("choose an action");
    expect(await db.orderBackfill.count({ where: { shopId: shop.id } })).toBe(0);
  });
});
