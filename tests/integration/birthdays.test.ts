/**
 * The birthday job: members whose birthday it is in their shop's time zone earn the birthday
 * rule's points once a year, whatever the number of runs; other members, other shops, paused
 * shops and redacted members earn nothing.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { awardBirthdays } from "../../app/members/birthdays.server";
import { createRule, setRuleActive, type NewRuleInput } from "../../app/rules/rules.server";
import { installShop, uniqueId } from "../support/factories";

const BIRTHDAY: NewRuleInput = { kind: "birthday", name: "Happy birthday", points: 50 };

async function shopWithRule(rule: NewRuleInput, timeZone = "UTC") {
  const shop = await installShop(db);
  await db.shop.update({ where: { id: shop.id }, data: { timeZone } });
  return { shop, rule: await createRule(db, shop.id, rule) };
}

async function member(shopId: string, birthday: string | null, extra: { redactedAt?: Date } = {}) {
  return db.member.create({ data: { shopId, customerId: uniqueId(), birthday, ...extra } });
}

const balanceOf = async (id: string) => (await db.member.findUniqueOrThrow({ where: { id } })).balance;

describe("awardBirthdays", () => {
  it("awards today's birthdays in the shop's time zone, once a year however often it runs", async () => {
    // 03:00 UTC on 15 June is 14 June in Los Angeles.
    const now = new Date("2026-06-15T03:00:00Z");
    const { shop, rule } = await shopWithRule(BIRTHDAY, "America/Los_Angeles");
    const today = await member(shop.id, "06-14");
    const utcToday = await member(shop.id, "06-15");
    const none = await member(shop.id, null);
    const redacted = await member(shop.id, "06-14", { redactedAt: new Date() });

    const first = await awardBirthdays(db, now);
    const second = await awardBirthdays(db, new Date("2026-06-15T05:00:00Z"));

    expect(await balanceOf(today.id)).toBe(50);
    expect([await balanceOf(utcToday.id), await balanceOf(none.id), await balanceOf(redacted.id)]).toEqual([0, 0, 0]);
    const entries = await db.ledgerEntry.findMany({ where: { shopId: shop.id } });
    expect(entries).toEqual([
      expect.objectContaining({ memberId: today.id, points: 50, kind: "earn", causeType: "rule", causeId: rule.id }),
    ]);
    expect(first).toMatchObject({ awarded: 1, points: 50 });
    // Already awarded this year: the second run does not even evaluate the member.
    expect(second).toMatchObject({ checked: 0, awarded: 0 });

    await awardBirthdays(db, new Date("2027-06-15T03:00:00Z"));
    expect(await balanceOf(today.id)).toBe(100);
  });

  it("celebrates 29 February on 28 February of other years, and a month rule any day of the month", async () => {
    const { shop: leapShop } = await shopWithRule(BIRTHDAY);
    const leapling = await member(leapShop.id, "02-29");
    const { shop: monthShop } = await shopWithRule({ ...BIRTHDAY, awardOn: "month" });
    const laterThisMonth = await member(monthShop.id, "02-20");
    const nextMonth = await member(monthShop.id, "03-01");

    await awardBirthdays(db, new Date("2027-02-28T12:00:00Z"));

    expect(await balanceOf(leapling.id)).toBe(50);
    expect(await balanceOf(laterThisMonth.id)).toBe(50);
    expect(await balanceOf(nextMonth.id)).toBe(0);
  });

  it("leaves shops without an active birthday rule, and paused shops, alone", async () => {
    const now = new Date("2026-09-01T12:00:00Z");
    const { shop: inactive, rule } = await shopWithRule(BIRTHDAY);
    await setRuleActive(db, inactive.id, rule.id, false);
    const { shop: paused } = await shopWithRule(BIRTHDAY);
    await db.shop.update({ where: { id: paused.id }, data: { engagementPaused: true } });
    const noRules = await installShop(db);
    const members = [
      await member(inactive.id, "09-01"),
      await member(paused.id, "09-01"),
      await member(noRules.id, "09-01"),
    ];

    await awardBirthdays(db, now);

    expect(await Promise.all(members.map((m) => balanceOf(m.id)))).toEqual([0, 0, 0]);
    // Unpaused later that day: the birthday is still today, so the next run pays it.
    await db.shop.update({ where: { id: paused.id }, data: { engagementPaused: false } });
    await awardBirthdays(db, new Date("2026-09-01T18:00:00Z"));
    expect(await balanceOf(members[1]!.id)).toBe(50);
  });

  it("awards once when two instances run the job at the same time", async () => {
    const now = new Date("2026-11-23T12:00:00Z");
    const { shop } = await shopWithRule(BIRTHDAY);
    const members = await Promise.all(Array.from({ length: 5 }, () => member(shop.id, "11-23")));

    await Promise.all([awardBirthdays(db, now), awardBirthdays(db, now), awardBirthdays(db, now)]);

    expect(await Promise.all(members.map((m) => balanceOf(m.id)))).toEqual([50, 50, 50, 50, 50]);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(5);
  });
});
