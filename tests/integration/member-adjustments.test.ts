/**
 * The member page: staff add or remove points with a reason through the real route (session
 * token, form post), the ledger records who did it and why, a repeated submission adjusts
 * once, and another shop can neither see nor change the member.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { MAX_POINTS } from "../../app/domain/ledger";
import { reconcileShop } from "../../app/ledger/reconcile.server";
import { action, loader } from "../../app/routes/app.members.$memberId";
import { customerFixture, installShop, memberWithBalance } from "../support/factories";
import { adminRequest, callRoute } from "../support/signed-requests";

type Handler = typeof loader | typeof action;

/** callRoute for a route with a `$memberId` segment. */
function callMemberRoute(handler: Handler, memberId: string, request: Request) {
  return callRoute((args) => handler({ ...args, params: { memberId } } as Parameters<Handler>[0]), request);
}

function postAdjustment(shop: string, memberId: string, form: Record<string, string>) {
  return adminRequest(shop, `/app/members/${memberId}?embedded=1&shop=${shop}&host=aG9zdA`, {
    method: "POST",
    body: new URLSearchParams(form),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

async function memberOfNewShop(balance = 100) {
  const shop = await installShop(db);
  const member = await memberWithBalance(
    db,
    shop.id,
    customerFixture({ first_name: "Ada", last_name: "Lovelace" }),
    balance,
  );
  return { shop, member };
}

const staffEntries = (memberId: string) =>
  db.ledgerEntry.findMany({
    where: { memberId, kind: "adjust", causeId: { not: "fixture" } },
    orderBy: { createdAt: "asc" },
  });
const balanceOf = async (memberId: string) => (await db.member.findUniqueOrThrow({ where: { id: memberId } })).balance;

describe("member page", () => {
  it("shows the member's balances, history and a fresh request id", async () => {
    const { shop, member } = await memberOfNewShop(100);
    const response = await callMemberRoute(loader, member.id, adminRequest(shop.domain, `/app/members/${member.id}`));
    expect(response.status).toBe(200);
    const body = JSON.parse(await response.text());
    // The opening balance is a staff addition: earned all time (decision 0018).
    expect(body.member).toMatchObject({ id: member.id, name: "Ada Lovelace", balance: 100, lifetimeEarned: 100 });
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]).toMatchObject({ points: 100, balanceAfter: 100, description: "Adjusted by staff" });
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.adjusted).toBeNull();
  });

  it("adds and removes points with a reason, recording the staff member, and redirects back", async () => {
    const { shop, member } = await memberOfNewShop(100);

    const added = await callMemberRoute(
      action,
      member.id,
      postAdjustment(shop.domain, member.id, {
        points: "25",
        reason: "  Goodwill for a late parcel ",
        requestId: randomUUID(),
      }),
    );
    expect(added.status).toBe(302);
    const location = new URL(added.headers.get("location")!, "https://loyalty.example.test");
    expect(location.pathname).toBe(`/app/members/${member.id}`);
    expect(location.searchParams.get("shop")).toBe(shop.domain);
    expect(location.searchParams.get("embedded")).toBe("1");
    expect(await balanceOf(member.id)).toBe(125);

    const removed = await callMemberRoute(
      action,
      member.id,
      postAdjustment(shop.domain, member.id, {
        points: "-40",
        reason: "Points given by mistake",
        requestId: randomUUID(),
      }),
    );
    expect(removed.status).toBe(302);
    expect(await balanceOf(member.id)).toBe(85);

    const entries = await staffEntries(member.id);
    expect(entries.map((e) => [e.points, e.balanceAfter, e.reason, e.causeType, e.causeId])).toEqual([
      [25, 125, "Goodwill for a late parcel", "staff", "1"],
      [-40, 85, "Points given by mistake", "staff", "1"],
    ]);
    // "Earned all time" is everything credited: the opening 100 and the staff's 25 count, the
    // 40 taken back comes off it; nothing was redeemed (decision 0018).
    const after = await db.member.findUniqueOrThrow({ where: { id: member.id } });
    expect([after.lifetimeEarned, after.lifetimeRedeemed]).toEqual([85, 0]);
    expect((await reconcileShop(db, shop.id)).drifted).toEqual([]);

    // The page after the redirect confirms the last adjustment and lists both.
    const page = await callMemberRoute(
      loader,
      member.id,
      adminRequest(shop.domain, `${location.pathname}${location.search}`),
    );
    const pageAfterAdd = JSON.parse(await page.text());
    expect(pageAfterAdd.adjusted).toMatchObject({ points: 25, balanceAfter: 125 });
    expect(pageAfterAdd.member.balance).toBe(85);
    expect(pageAfterAdd.entries.slice(0, 2)).toMatchObject([
      { points: -40, balanceAfter: 85, reason: "Points given by mistake", description: "Adjusted by staff (user 1)" },
      { points: 25, balanceAfter: 125, reason: "Goodwill for a late parcel" },
    ]);
  });

  it.each([
    [{ points: "10", reason: "   " }, "reason", "Enter a reason"],
    [{ points: "0", reason: "Nothing" }, "points", "Enter a number other than 0."],
    [{ points: "", reason: "Nothing" }, "points", "Enter the number of points"],
    [{ points: "2.5", reason: "Half" }, "points", "Enter a whole number of points"],
    [{ points: "1000001", reason: "Too many" }, "points", "at most 1,000,000 points"],
    [{ points: "5", reason: "x".repeat(201) }, "reason", "200 characters or fewer"],
  ])("refuses %j with a field error, keeps what was typed and writes nothing", async (form, field, message) => {
    const { shop, member } = await memberOfNewShop(100);
    const response = await callMemberRoute(
      action,
      member.id,
      postAdjustment(shop.domain, member.id, { ...form, requestId: randomUUID() }),
    );
    expect(response.status).toBe(400);
    const body = JSON.parse(await response.text());
    expect(body.errors[field]).toContain(message);
    expect(body.fields).toEqual(form);
    expect(await staffEntries(member.id)).toHaveLength(0);
    expect(await balanceOf(member.id)).toBe(100);
  });

  it("refuses to remove more points than the member has, saying how many there are", async () => {
    const { shop, member } = await memberOfNewShop(30);
    const response = await callMemberRoute(
      action,
      member.id,
      postAdjustment(shop.domain, member.id, { points: "-31", reason: "Too much", requestId: randomUUID() }),
    );
    expect(response.status).toBe(400);
    const body = JSON.parse(await response.text());
    expect(body.errors.points).toBe("This member has only 30 points; you can remove at most 30.");
    expect(body.fields).toEqual({ points: "-31", reason: "Too much" });
    expect(await staffEntries(member.id)).toHaveLength(0);
    expect(await balanceOf(member.id)).toBe(30);
  });

  it("says there is nothing to remove when the balance is zero", async () => {
    const { shop, member } = await memberOfNewShop(0);
    const response = await callMemberRoute(
      action,
      member.id,
      postAdjustment(shop.domain, member.id, { points: "-1", reason: "Nothing there", requestId: randomUUID() }),
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(await response.text()).errors.points).toBe("This member has 0 points; there are none to remove.");
    expect(await balanceOf(member.id)).toBe(0);
  });

  it("refuses an addition that would take the member past the points bound, with a field error", async () => {
    const { shop, member } = await memberOfNewShop(MAX_POINTS - 100);
    const response = await callMemberRoute(
      action,
      member.id,
      postAdjustment(shop.domain, member.id, { points: "101", reason: "Too generous", requestId: randomUUID() }),
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(await response.text()).errors.points).toBe(
      "A member's points stay within 2,147,483,647; add fewer.",
    );
    expect(await balanceOf(member.id)).toBe(MAX_POINTS - 100);
  });

  it("refuses a form without a valid request id", async () => {
    const { shop, member } = await memberOfNewShop(30);
    const response = await callMemberRoute(
      action,
      member.id,
      postAdjustment(shop.domain, member.id, { points: "5", reason: "Old form", requestId: "" }),
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(await response.text()).errors.form).toContain("Reload the page");
    expect(await staffEntries(member.id)).toHaveLength(0);
  });

  it("adjusts once when the same form is submitted twice, one after the other or at once", async () => {
    const { shop, member } = await memberOfNewShop(100);
    const form = { points: "15", reason: "Birthday bonus", requestId: randomUUID() };
    const first = await callMemberRoute(action, member.id, postAdjustment(shop.domain, member.id, form));
    const second = await callMemberRoute(action, member.id, postAdjustment(shop.domain, member.id, form));
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await staffEntries(member.id)).toHaveLength(1);
    expect(await balanceOf(member.id)).toBe(115);

    const twin = { points: "-5", reason: "Double click", requestId: randomUUID() };
    const together = await Promise.all(
      [1, 2, 3].map(() => callMemberRoute(action, member.id, postAdjustment(shop.domain, member.id, twin))),
    );
    expect(together.map((r) => r.status)).toEqual([302, 302, 302]);
    expect(await staffEntries(member.id)).toHaveLength(2);
    expect(await balanceOf(member.id)).toBe(110);
  });

  it("another shop's session can neither read nor adjust the member", async () => {
    const { shop, member } = await memberOfNewShop(100);
    const other = await installShop(db);

    const read = await callMemberRoute(
      loader,
      member.id,
      adminRequest(other.domain, `/app/members/${member.id}?shop=${shop.domain}`),
    );
    expect(read.status).toBe(404);
    expect(await read.text()).not.toContain("Lovelace");

    const adjust = await callMemberRoute(
      action,
      member.id,
      postAdjustment(other.domain, member.id, { points: "-100", reason: "Not my member", requestId: randomUUID() }),
    );
    expect(adjust.status).toBe(404);
    expect(await staffEntries(member.id)).toHaveLength(0);
    expect(await balanceOf(member.id)).toBe(100);
  });

  it("answers 404 for a member that does not exist or whose data was redacted", async () => {
    const { shop, member } = await memberOfNewShop(10);
    const missing = await callMemberRoute(
      loader,
      "no-such-member",
      adminRequest(shop.domain, "/app/members/no-such-member"),
    );
    expect(missing.status).toBe(404);

    await db.member.update({ where: { id: member.id }, data: { redactedAt: new Date() } });
    const redacted = await callMemberRoute(loader, member.id, adminRequest(shop.domain, `/app/members/${member.id}`));
    expect(redacted.status).toBe(404);
    const adjust = await callMemberRoute(
      action,
      member.id,
      postAdjustment(shop.domain, member.id, { points: "5", reason: "Gone", requestId: randomUUID() }),
    );
    expect(adjust.status).toBe(404);
  });
});
