/**
 * The members search through the admin's members page: a search is for the text typed,
 * so `%`, `_` and `\` match themselves, never "anything", on SQLite and on PostgreSQL alike.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { ensureMember, listMembers } from "../../app/members/members.server";
import { loader as membersLoader } from "../../app/routes/app.members._index";
import { installShop, uniqueId } from "../support/factories";
import { adminRequest, callRoute } from "../support/signed-requests";

async function shopWithMembers(names: [string, string][]) {
  const shop = await installShop(db);
  for (const [firstName, email] of names) await ensureMember(db, shop.id, { id: uniqueId(), firstName, email });
  return shop;
}

async function search(shop: string, query: string): Promise<string[]> {
  const response = await callRoute(membersLoader, adminRequest(shop, `/app/members?q=${encodeURIComponent(query)}`));
  expect(response.status).toBe(200);
  const body = JSON.parse(await response.text()) as { result: { members: { name: string }[]; total: number } };
  expect(body.result.total).toBe(body.result.members.length);
  return body.result.members.map((m) => m.name).sort();
}

describe("member search", () => {
  const members: [string, string][] = [
    ["Ada", "ada_l@example.com"],
    ["Adam", "adaml@example.com"],
    ["Percy", "100%club@example.com"],
    ["Hundred", "100xclub@example.com"],
    ["Back", "back\\slash@example.com"],
    ["Plain", "backxslash@example.com"],
  ];

  it("treats % as a percent sign, not as any text", async () => {
    const shop = await shopWithMembers(members);
    expect(await search(shop.domain, "100%club")).toEqual(["Percy"]);
    expect(await search(shop.domain, "%")).toEqual(["Percy"]);
  });

  it("treats _ as an underscore, not as any one character", async () => {
    const shop = await shopWithMembers(members);
    expect(await search(shop.domain, "ada_")).toEqual(["Ada"]);
    expect(await search(shop.domain, "_")).toEqual(["Ada"]);
  });

  it("treats a backslash as itself, and still finds by any part of the name or e-mail, in any case", async () => {
    const shop = await shopWithMembers(members);
    expect(await search(shop.domain, "back\\slash")).toEqual(["Back"]);
    expect(await search(shop.domain, "\\")).toEqual(["Back"]);
    expect(await search(shop.domain, "ADA")).toEqual(["Ada", "Adam"]);
    expect(await search(shop.domain, "xclub")).toEqual(["Hundred"]);
  });

  it("finds exactly the members whose name or e-mail contains the term, whatever characters it has", async () => {
    // Texts built from a small alphabet rich in LIKE's own characters, so terms often match.
    const alphabet = fc.constantFrom("a", "b", "%", "_", "\\", "é", "A");
    const text = fc.array(alphabet, { minLength: 1, maxLength: 6 }).map((chars) => chars.join(""));
    const shop = await installShop(db);
    const names = fc.sample(text, { numRuns: 40, seed: 8 });
    const members = await Promise.all(
      names.map((firstName) => ensureMember(db, shop.id, { id: uniqueId(), firstName, email: null })),
    );
    await fc.assert(
      fc.asyncProperty(text, async (term) => {
        const found = await listMembers(db, shop.id, { query: term, pageSize: 100 });
        const expected = members.filter((m) => m.searchText.includes(term.trim().toLowerCase()));
        expect(found.members.map((m) => m.id).sort()).toEqual(expected.map((m) => m.id).sort());
        expect(found.total).toBe(expected.length);
      }),
      { numRuns: 60, seed: 8 },
    );
  });
});
