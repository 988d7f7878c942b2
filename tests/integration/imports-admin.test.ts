/**
 * The Import pages through the real admin routes (session tokens, a streamed multipart
 * upload): upload a sample file, read its dry run, apply it and see the progress reach done,
 * download the rows not imported, revert. Bad forms are refused with a reason; another
 * shop's import is not found.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { action as detailAction, loader as detailLoader } from "../../app/routes/app.imports.$importId";
import { loader as failedLoader } from "../../app/routes/app.imports.$importId.failed[.]csv";
import { action as uploadAction, loader as listLoader } from "../../app/routes/app.imports._index";
import { formPost, json, withParams } from "../support/admin-routes";
import { customerFixture, installShop, memberWithBalance } from "../support/factories";
import { EXAMPLES } from "../support/imports";
import { adminRequest, callRoute } from "../support/signed-requests";

function uploadForm(fields: Record<string, string>, file?: { name: string; text: string }): RequestInit {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append("file", new File([file.text], file.name, { type: "text/csv" }));
  return { method: "POST", body: form };
}

const upload = (shop: string, init: RequestInit) =>
  callRoute(uploadAction, adminRequest(shop, `/app/imports?embedded=1&shop=${shop}`, init));
const loadImport = async (shop: string, importId: string) =>
  callRoute(withParams(detailLoader, { importId }), adminRequest(shop, `/app/imports/${importId}`));
const postIntent = (shop: string, importId: string, intent: string) =>
  callRoute(
    withParams(detailAction, { importId }),
    adminRequest(shop, `/app/imports/${importId}`, formPost({ intent })),
  );

/** Reads the import until its background work has finished (the page polls the same way). */
async function waitFor(shop: string, importId: string, status: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { report } = await json(await loadImport(shop, importId));
    if (report.status === status) return report;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`import ${importId} never reached ${status}`);
}

const smile = readFileSync(path.join(EXAMPLES, "smile.csv"), "utf8");

describe("the Import pages", () => {
  it("upload, dry run, apply to done, rows not imported, revert", async () => {
    const shop = await installShop(db);
    const ada = await memberWithBalance(db, shop.id, customerFixture({ id: "7001", email: "ada@example.com" }), 0);
    await memberWithBalance(db, shop.id, customerFixture({ id: "7002", email: "grace@example.com" }), 0);

    const uploaded = await upload(shop.domain, uploadForm({ preset: "smile" }, { name: "smile.csv", text: smile }));
    expect(uploaded.status).toBe(302);
    const location = new URL(uploaded.headers.get("location")!, "https://x.test");
    const importId = location.pathname.split("/").at(-1)!;
    expect(location.searchParams.get("shop")).toBe(shop.domain);

    const { report } = await json(await loadImport(shop.domain, importId));
    expect(report).toMatchObject({
      status: "parsed",
      fileName: "smile.csv",
      presetLabel: "Smile.io",
      totalRows: 4,
      matchedRows: 2,
      unmatchedRows: 1,
      invalidRows: 1,
      totalPoints: 1650,
    });
    expect(report.problems.map((p: { line: number }) => p.line)).toEqual([4, 5]);
    expect(report).not.toHaveProperty("leaseUntil");

    const list = await json(await callRoute(listLoader, adminRequest(shop.domain, "/app/imports")));
    expect(list.imports.map((i: { id: string }) => i.id)).toEqual([importId]);

    expect(await json(await postIntent(shop.domain, importId, "apply"))).toEqual({ started: "apply" });
    const applied = await waitFor(shop.domain, importId, "applied");
    expect(applied).toMatchObject({ processedRows: 2, appliedRows: 2 });
    expect((await db.member.findUniqueOrThrow({ where: { id: ada.id } })).balance).toBe(1200);
    // Applying twice is refused: the import was applied already.
    expect((await postIntent(shop.domain, importId, "apply")).status).toBe(409);

    // The same file again opens the same import.
    const again = await upload(shop.domain, uploadForm({ preset: "smile" }, { name: "copy.csv", text: smile }));
    expect(new URL(again.headers.get("location")!, "https://x.test").pathname).toBe(`/app/imports/${importId}`);

    const failed = await callRoute(
      withParams(failedLoader, { importId }),
      adminRequest(shop.domain, `/app/imports/${importId}/failed.csv`),
    );
    expect(failed.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(failed.headers.get("content-disposition")).toContain("smile-not-imported.csv");
    expect((await failed.text()).split("\r\n")[0]).toBe("email,points,problem");

    expect(await json(await postIntent(shop.domain, importId, "revert"))).toEqual({ started: "revert" });
    await waitFor(shop.domain, importId, "reverted");
    expect((await db.member.findUniqueOrThrow({ where: { id: ada.id } })).balance).toBe(0);
  });

  it.each([
    ["no file", uploadForm({ preset: "smile" }), /Choose a CSV file/],
    ["no preset", uploadForm({}, { name: "a.csv", text: smile }), /Choose which programme/],
    ["an unknown preset", uploadForm({ preset: "acme" }, { name: "a.csv", text: smile }), /Choose which programme/],
    ["the wrong preset", uploadForm({ preset: "yotpo" }, { name: "a.csv", text: smile }), /No points column/],
    ["a url-encoded form", formPost({ preset: "smile" }), /Upload the file/],
    [
      "a multipart body cut short inside the file",
      {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=----cut" },
        body: '------cut\r\nContent-Disposition: form-data; name="preset"\r\n\r\nsmile\r\n------cut\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nemail,points\r\na@b.co,1',
      },
      /could not be read/,
    ],
  ])("%s: 400 with a reason, nothing stored", async (_case, init, message) => {
    const shop = await installShop(db);
    const answer = await upload(shop.domain, init);
    expect(answer.status).toBe(400);
    expect((await json(answer)).error).toMatch(message);
    expect(await db.pointsImport.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("another shop's import is not found, to read, apply or download", async () => {
    const mine = await installShop(db);
    const theirs = await installShop(db);
    const uploaded = await upload(mine.domain, uploadForm({ preset: "smile" }, { name: "smile.csv", text: smile }));
    const importId = new URL(uploaded.headers.get("location")!, "https://x.test").pathname.split("/").at(-1)!;
    expect((await loadImport(theirs.domain, importId)).status).toBe(404);
    expect((await postIntent(theirs.domain, importId, "apply")).status).toBe(404);
    const download = await callRoute(
      withParams(failedLoader, { importId }),
      adminRequest(theirs.domain, `/app/imports/${importId}/failed.csv`),
    );
    expect(download.status).toBe(404);
    expect((await db.pointsImport.findUniqueOrThrow({ where: { id: importId } })).status).toBe("parsed");
  });
});
