/**
 * The members search through the admin's members page: a search is for the text typed,
 * so `%`, `_` and `\` match themselves, never "anything", on SQLite and on PostgreSQL alike.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { ensureMember } from "../../app/members/members.server";
import { loader as membersLoader } from "../../app/routes/app._index";
import { installShop, uniqueId } from "../support/factories";
import { adminRequest, callRoute } from "../support/signed-requests";

async function shopWithMembers(names: [string, string][]) {
  const shop = await installShop(db);
  for (const [firstName, email] of names) await ensureMember(db, shop.id, { id: uniqueId(), firstName, email });
  return shop;
}

async function search(shop: string, query: string): Promise<string[]> {
  const response = await callRoute(membersLoader, adminRequest(shop, `/app?q=${encodeURIComponent(query)}`));
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
});
