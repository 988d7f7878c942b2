/**
 * Points imports on the real database: each vendor's sample file (examples/imports) read
 * with its preset, the dry run's counts, applying (entries through the ledger, members
 * enrolled, tiers, birthdays), the same file twice being one import, revert leaving
 * reconciliation at zero drift, and two instances racing for one import applying it once.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { ledgerKeys } from "../../app/domain/ledger";
import { failedRowsCsv, readImportReport } from "../../app/imports/imports.server";
import { resumeImports, workOnImport } from "../../app/imports/work.server";
import { reconcileShop } from "../../app/ledger/reconcile.server";
import { customerFixture, installShop, memberWithBalance } from "../support/factories";
import { runImport, uploadSample, uploadText } from "../support/imports";

/** The members the sample files name: Ada and Grace are members (Grace's e-mail in other case), Linus is not. */
async function shopWithSampleMembers() {
  const shop = await installShop(db);
  const ada = await memberWithBalance(db, shop.id, customerFixture({ id: "7001", email: "ada@example.com" }), 100);
  const grace = await memberWithBalance(db, shop.id, customerFixture({ id: "7002", email: "GRACE@example.COM" }), 0);
  const gold = await db.tier.create({ data: { shopId: shop.id, name: "Gold", position: 1, threshold: 1_000_000n } });
  return { shop, ada, grace, gold };
}

const balanceOf = async (memberId: string) =>
  (await db.member.findUniqueOrThrow({ where: { id: memberId }, select: { balance: true } })).balance;

const importEntries = (shopId: string, importId: string) =>
  db.ledgerEntry.findMany({ where: { shopId, causeType: "import", causeId: importId }, orderBy: { points: "desc" } });

async function report(shopId: string, importId: string) {
  const found = await readImportReport(db, shopId, importId);
  if (!found) throw new Error("no report");
  return found;
}

async function collect(lines: AsyncGenerator<string>) {
  let text = "";
  for await (const part of lines) text += part;
  return text;
}

describe("each vendor's sample file", () => {
  it("Smile: e-mails match members whatever their case; an unknown e-mail is unmatched, a bad one invalid", async () => {
    const { shop, ada, grace } = await shopWithSampleMembers();
    const { importId } = await uploadSample(db, shop.id, "smile");
    expect(await report(shop.id, importId)).toMatchObject({
      status: "parsed",
      totalRows: 4,
      matchedRows: 2,
      unmatchedRows: 1,
      invalidRows: 1,
      totalPoints: 1650,
      newMembers: 0,
    });
    // The dry run posted nothing.
    expect(await importEntries(shop.id, importId)).toEqual([]);

    expect(await runImport(db, shop.id, importId, "applying")).toBe("done");
    expect(await balanceOf(ada.id)).toBe(1300);
    expect(await balanceOf(grace.id)).toBe(450);
    const entries = await importEntries(shop.id, importId);
    expect(entries.map((e) => [e.kind, e.points, e.idempotencyKey])).toEqual([
      ["earn", 1200, ledgerKeys.importRow(importId, ada.id)],
      ["earn", 450, ledgerKeys.importRow(importId, grace.id)],
    ]);
    expect(await report(shop.id, importId)).toMatchObject({
      status: "applied",
      processedRows: 2,
      appliedRows: 2,
      failedRows: 0,
    });

    const failed = await collect(failedRowsCsv(db, shop.id, importId));
    expect(failed.split("\r\n")).toEqual([
      "email,points,problem",
      "nobody@example.com,300,No member has this e-mail address.",
      "not-an-email,10,E-mail: Not an e-mail address.",
      "",
    ]);
  });

  it("LoyaltyLion: a customer id that is no member yet is enrolled; tiers by name and birthdays come along", async () => {
    const { shop, ada, grace, gold } = await shopWithSampleMembers();
    const { importId } = await uploadSample(db, shop.id, "loyaltylion");
    expect(await report(shop.id, importId)).toMatchObject({
      totalRows: 5,
      matchedRows: 3,
      unmatchedRows: 1,
      invalidRows: 1,
      totalPoints: 1025,
      newMembers: 1,
    });
    expect(await runImport(db, shop.id, importId, "applying")).toBe("done");

    const adaNow = await db.member.findUniqueOrThrow({ where: { id: ada.id } });
    expect(adaNow).toMatchObject({ balance: 900, birthday: "03-14", tierId: gold.id, tierSource: "manual" });
    expect(adaNow.tierEndsAt).not.toBeNull();
    expect(await db.member.findUniqueOrThrow({ where: { id: grace.id } })).toMatchObject({
      balance: 150,
      birthday: "12-09",
      tierId: null,
    });
    const enrolled = await db.member.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shop.id, customerId: "7003" } },
    });
    expect(enrolled.balance).toBe(75);
    const problems = (await report(shop.id, importId)).problems.map((p) => [p.line, p.status]);
    expect(problems).toEqual([
      [5, "unmatched"],
      [6, "invalid"],
    ]);
  });

  it("Yotpo: reads 'Points Balance' and 'Birthday (MM/DD)'; a row of zero points posts nothing", async () => {
    const { shop, ada, grace } = await shopWithSampleMembers();
    const { importId } = await uploadSample(db, shop.id, "yotpo");
    expect(await report(shop.id, importId)).toMatchObject({
      totalRows: 4,
      matchedRows: 2,
      unmatchedRows: 1,
      invalidRows: 1,
      totalPoints: 640,
    });
    await runImport(db, shop.id, importId, "applying");
    expect(await db.member.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({
      balance: 740,
      birthday: "12-10",
    });
    expect(await balanceOf(grace.id)).toBe(0);
    expect((await importEntries(shop.id, importId)).length).toBe(1);
    expect(await report(shop.id, importId)).toMatchObject({ appliedRows: 2, failedRows: 0 });
  });

  it("generic: customer ids as numbers or gids; a member's own birthday is kept", async () => {
    const { shop, ada, grace } = await shopWithSampleMembers();
    await db.member.update({ where: { id: ada.id }, data: { birthday: "01-01" } });
    const { importId } = await uploadSample(db, shop.id, "generic");
    expect(await report(shop.id, importId)).toMatchObject({ totalRows: 4, matchedRows: 2, invalidRows: 2 });
    await runImport(db, shop.id, importId, "applying");
    expect(await db.member.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({
      balance: 600,
      birthday: "01-01",
    });
    expect(await balanceOf(grace.id)).toBe(250);
    const applied = await db.pointsImportRow.findFirstOrThrow({ where: { importId, memberId: ada.id } });
    expect(applied).toMatchObject({ status: "applied", error: "Birthday kept: the member had given one." });
  });
});

describe("members the import enrols", () => {
  it("join the entry tier, as a member an order brings does", async () => {
    const shop = await installShop(db);
    const bronze = await db.tier.create({ data: { shopId: shop.id, name: "Bronze", position: 0, threshold: 0n } });
    const uploaded = await uploadText(db, shop.id, "generic", "customer_id,points\r\n9100001,250\r\n");
    if (!uploaded.ok) throw new Error(uploaded.message);
    const { importId } = uploaded;
    expect(await runImport(db, shop.id, importId, "applying")).toBe("done");
    const enrolled = await db.member.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shop.id, customerId: "9100001" } },
    });
    expect(enrolled).toMatchObject({ balance: 250, tierId: bronze.id, tierSource: "earned" });
  });
});

describe("the same file twice", () => {
  it("is the same import: re-uploading before or after applying changes nothing", async () => {
    const { shop, ada } = await shopWithSampleMembers();
    const first = await uploadSample(db, shop.id, "smile");
    const again = await uploadSample(db, shop.id, "smile");
    expect(again).toEqual({ ok: true, importId: first.importId, reused: true });
    await runImport(db, shop.id, first.importId, "applying");
    const afterApply = await uploadSample(db, shop.id, "smile");
    expect(afterApply.importId).toBe(first.importId);
    expect(await db.pointsImport.count({ where: { shopId: shop.id } })).toBe(1);
    expect(await db.pointsImportRow.count({ where: { importId: first.importId } })).toBe(5);
    expect(await balanceOf(ada.id)).toBe(1300);
    // Running the finished work again posts nothing either.
    expect(await workOnImport(db, shop.id, first.importId)).toBe("idle");
    expect(await balanceOf(ada.id)).toBe(1300);
  });

  it("in another shop is another shop's import, matching only that shop's members", async () => {
    const one = await shopWithSampleMembers();
    const other = await installShop(db);
    const mine = await uploadSample(db, one.shop.id, "smile");
    const theirs = await uploadSample(db, other.id, "smile");
    expect(theirs.importId).not.toBe(mine.importId);
    expect(await report(other.id, theirs.importId)).toMatchObject({ matchedRows: 0, unmatchedRows: 3 });
    expect(await readImportReport(db, other.id, mine.importId)).toBeNull();
  });

  it("a member named twice in one file gets the first row's points; the second row fails as a duplicate", async () => {
    const { shop, ada } = await shopWithSampleMembers();
    const result = await uploadText(db, shop.id, "smile", "email,points\nada@example.com,10\nADA@example.com,20\n");
    if (!result.ok) throw new Error(result.message);
    await runImport(db, shop.id, result.importId, "applying");
    expect(await balanceOf(ada.id)).toBe(110);
    expect(await report(shop.id, result.importId)).toMatchObject({ appliedRows: 1, failedRows: 1 });
  });
});

describe("a file that cannot be read", () => {
  it.each([
    ["no points column", "email,balance_points\na@b.co,1\n", /No points column/],
    ["no customer column", "name,points\nAda,1\n", /No customer column/],
    ["an unclosed quote", 'email,points\n"a@b.co,1\n', /not a readable CSV/],
    ["nothing at all", "", /empty/],
    ["a row without end", `email,points\na@b.co,${"9".repeat(70 * 1024)}`, /not a readable CSV/],
  ])("%s: refused with a reason, nothing stored", async (_case, text, message) => {
    const shop = await installShop(db);
    const result = await uploadText(db, shop.id, "smile", text);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(message) });
    expect(await db.pointsImport.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.pointsImportRow.count({ where: { shopId: shop.id } })).toBe(0);
  });
});

describe("reverting", () => {
  it("reverses every imported entry, ends imported tiers and leaves reconciliation at zero drift", async () => {
    const { shop, ada, grace } = await shopWithSampleMembers();
    const { importId } = await uploadSample(db, shop.id, "loyaltylion");
    await runImport(db, shop.id, importId, "applying");
    expect(await runImport(db, shop.id, importId, "reverting")).toBe("done");

    expect(await db.member.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({ balance: 100, tierId: null });
    expect(await balanceOf(grace.id)).toBe(0);
    const entries = await importEntries(shop.id, importId);
    expect(
      entries
        .filter((e) => e.kind === "reverse")
        .map((e) => e.idempotencyKey)
        .sort(),
    ).toEqual(
      entries
        .filter((e) => e.kind === "earn")
        .map((e) => ledgerKeys.importRowReversal(importId, e.memberId))
        .sort(),
    );
    expect(await report(shop.id, importId)).toMatchObject({ status: "reverted", processedRows: 3 });
    expect((await reconcileShop(db, shop.id)).drifted).toEqual([]);
    // Reverted is final: reverting or applying again posts nothing.
    expect(await runImport(db, shop.id, importId, "reverting")).toBe("done");
    expect((await importEntries(shop.id, importId)).length).toBe(entries.length);
  });

  it("under cap_at_zero takes back only what is left and records the shortfall", async () => {
    const { shop, grace } = await shopWithSampleMembers();
    await db.shop.update({ where: { id: shop.id }, data: { reversalPolicy: "cap_at_zero" } });
    const { importId } = await uploadSample(db, shop.id, "smile");
    await runImport(db, shop.id, importId, "applying");
    // Grace spends 400 of her 450 imported points.
    await db.$transaction(async (tx) => {
      const { postEntry } = await import("../../app/ledger/ledger.server");
      await postEntry(tx, {
        shopId: shop.id,
        memberId: grace.id,
        points: -400,
        kind: "adjust",
        causeType: "staff",
        causeId: "test",
        reason: "spent",
        idempotencyKey: `test:${grace.id}:spent`,
      });
    });
    await runImport(db, shop.id, importId, "reverting");
    expect(await balanceOf(grace.id)).toBe(0);
    const row = await db.pointsImportRow.findFirstOrThrow({ where: { importId, memberId: grace.id } });
    expect(row).toMatchObject({ status: "reverted", error: expect.stringMatching(/^shortfall: 400 points/) });
    expect((await reconcileShop(db, shop.id)).drifted).toEqual([]);
  });
});

describe("two instances", () => {
  it("racing for the same import apply each row once", async () => {
    const { shop, ada, grace } = await shopWithSampleMembers();
    const { importId } = await uploadSample(db, shop.id, "loyaltylion");
    await db.pointsImport.update({ where: { id: importId }, data: { status: "applying" } });
    const outcomes = await Promise.all([
      workOnImport(db, shop.id, importId, { batchRows: 1 }),
      workOnImport(db, shop.id, importId, { batchRows: 1 }),
    ]);
    expect(outcomes.sort()).toEqual(["done", "held"]);
    expect(await balanceOf(ada.id)).toBe(900);
    expect(await balanceOf(grace.id)).toBe(150);
    expect((await importEntries(shop.id, importId)).length).toBe(3);
  });

  it("a lapsed lease is taken over and the rows already done are not done again", async () => {
    const { shop, ada } = await shopWithSampleMembers();
    const { importId } = await uploadSample(db, shop.id, "smile");
    await db.pointsImport.update({ where: { id: importId }, data: { status: "applying" } });
    // An instance did the first row and died holding the lease, which has since lapsed.
    const first = await db.pointsImportRow.findFirstOrThrow({
      where: { importId, status: "matched" },
      orderBy: { line: "asc" },
    });
    await db.$transaction(async (tx) => {
      const { postEntry } = await import("../../app/ledger/ledger.server");
      await postEntry(tx, {
        shopId: shop.id,
        memberId: first.memberId!,
        points: first.points!,
        kind: "earn",
        causeType: "import",
        causeId: importId,
        idempotencyKey: ledgerKeys.importRow(importId, first.memberId!),
      });
      await tx.pointsImportRow.update({
        where: { importId_line: { importId, line: first.line } },
        data: { status: "applied" },
      });
    });
    await db.pointsImport.update({ where: { id: importId }, data: { leaseUntil: new Date(Date.now() - 1000) } });
    expect(await workOnImport(db, shop.id, importId)).toBe("done");
    expect(await balanceOf(ada.id)).toBe(1300);
    expect((await importEntries(shop.id, importId)).length).toBe(2);
    expect(await report(shop.id, importId)).toMatchObject({ appliedRows: 2, processedRows: 2 });
  });

  it("the scheduled pass finishes an import whose instance died, and removes an upload abandoned mid-file", async () => {
    const { shop, ada } = await shopWithSampleMembers();
    const { importId } = await uploadSample(db, shop.id, "smile");
    await db.pointsImport.update({
      where: { id: importId },
      data: { status: "applying", leaseUntil: new Date(Date.now() - 1000) },
    });
    const abandoned = await db.pointsImport.create({
      data: {
        shopId: shop.id,
        preset: "smile",
        fileName: "cut.csv",
        fileSha256: `uploading:${importId}`,
        status: "uploading",
        createdAt: new Date(Date.now() - 2 * 60 * 60_000),
      },
    });
    const resumed = await resumeImports(db);
    expect(resumed.resumed).toBeGreaterThanOrEqual(1);
    expect(await report(shop.id, importId)).toMatchObject({ status: "applied", appliedRows: 2 });
    expect(await balanceOf(ada.id)).toBe(1300);
    expect(await db.pointsImport.findUnique({ where: { id: abandoned.id } })).toBeNull();
  });
});
