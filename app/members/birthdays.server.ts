/**
 * The daily birthday job: members whose birthday it is (in their shop's time zone) get a
 * `birthday_check` event through the one award path, in every installed shop with an active
 * birthday rule. The engine's key is per rule, customer and year, so running the job again,
 * every 15 minutes or from several instances, awards nobody twice; members already awarded
 * this year are skipped with one read, so repeated runs write nothing.
 */
import type { Db } from "../db.server";
import { birthdaysToCheck, parseBirthday } from "../domain/birthdays";
import { ledgerKeys } from "../domain/ledger";
import { localDate, ruleKeys, type Rule } from "../domain/rules";
import { awardEvent } from "../rules/award.server";
import { rulesForEvaluation } from "../rules/rules.server";
import { birthdayBonusTiers, payTierBirthdayBonus } from "../tiers/birthday-bonus.server";

export interface BirthdayRun {
  shops: number;
  /** Members whose birthday it is and who were not yet awarded this year. */
  checked: number;
  awarded: number;
  points: number;
}

type BirthdayRule = Extract<Rule, { kind: "birthday" }>;

const BATCH = 500;

export async function awardBirthdays(db: Db, now: Date = new Date()): Promise<BirthdayRun> {
  const run: BirthdayRun = { shops: 0, checked: 0, awarded: 0, points: 0 };
  // A paused shop is left for a later run: the key is per year, so nothing is lost that day.
  const shops = await db.shop.findMany({
    where: { uninstalledAt: null, engagementPaused: false, rules: { some: { kind: "birthday", active: true } } },
    select: { id: true, timeZone: true, engagementPaused: true },
  });
  for (const shop of shops) {
    const rules = await rulesForEvaluation(db, shop.id);
    const birthdayRules = rules.filter((rule): rule is BirthdayRule => rule.kind === "birthday" && rule.active);
    if (birthdayRules.length === 0) continue;
    run.shops++;
    const year = localDate(now, shop.timeZone).year;
    const { days, monthPrefixes } = birthdaysToCheck(
      now,
      shop.timeZone,
      birthdayRules.map((rule) => rule.awardOn),
    );
    const celebrated = [
      { birthday: { in: days } },
      ...monthPrefixes.map((prefix) => ({ birthday: { startsWith: prefix } })),
    ];
    // The keys a member's birthday is due under today: a "month" rule all month, a "day" rule on the day.
    const dueKeys = (customerId: string, birthday: string) =>
      birthdayRules
        .filter((rule) =>
          rule.awardOn === "month" ? monthPrefixes.some((p) => birthday.startsWith(p)) : days.includes(birthday),
        )
        .map((rule) => ruleKeys.birthday(rule.id, customerId, year));
    // A member whose tier gives a birthday bonus is done once that is paid too (a run that
    // died between the two pays it next time).
    const bonusTiers = await birthdayBonusTiers(db, shop.id);
    const bonusKeys = (member: { id: string; tierId: string | null }) =>
      member.tierId && bonusTiers.has(member.tierId) ? [ledgerKeys.tierBirthday(member.id, year)] : [];

    let cursor: string | undefined;
    for (;;) {
      const members = await db.member.findMany({
        where: { shopId: shop.id, redactedAt: null, OR: celebrated },
        select: { id: true, customerId: true, birthday: true, tierId: true },
        orderBy: { id: "asc" },
        take: BATCH,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      if (members.length === 0) break;
      cursor = members[members.length - 1]!.id;

      const keysOf = (m: (typeof members)[number]) => [...dueKeys(m.customerId, m.birthday ?? ""), ...bonusKeys(m)];
      const done = new Set(
        (
          await db.ledgerEntry.findMany({
            where: { shopId: shop.id, idempotencyKey: { in: members.flatMap(keysOf) } },
            select: { idempotencyKey: true },
          })
        ).map((entry) => entry.idempotencyKey),
      );
      for (const member of members) {
        const birthday = parseBirthday(member.birthday);
        if (!birthday || keysOf(member).every((key) => done.has(key))) continue;
        run.checked++;
        const result = await awardEvent(db, {
          shop,
          customerId: member.customerId,
          event: { type: "birthday_check", birthday },
          now,
          rules,
        });
        for (const award of result.awards) {
          if (award.status !== "posted") continue;
          run.awarded++;
          run.points += award.points;
        }
        // The tier's bonus comes with the birthday points (a duplicate award: paid before).
        if (result.awards.length > 0 && bonusTiers.size > 0)
          run.points += await payTierBirthdayBonus(db, shop.id, member.id, year);
      }
      if (members.length < BATCH) break;
    }
  }
  return run;
}
