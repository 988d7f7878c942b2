import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  jsonLine,
  ledgerEntryRecordOf,
  memberRecordOf,
  programmeExportRecord,
  RECORD_SCHEMAS,
  rewardRecordOf,
  ruleRecordOf,
  storedJson,
  tierRecordOf,
} from "./records";

const DOC = readFileSync(path.resolve(__dirname, "../../../docs/api/programme-export.md"), "utf8");

/** Each "## `type`" section of the document with the fields its table lists. */
function documentedFields(): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of DOC.split("\n")) {
    const heading = /^## `([a-z_]+)`/.exec(line);
    if (heading) {
      current = [];
      sections.set(heading[1]!, current);
      continue;
    }
    const field = /^\| `([A-Za-z]+)` /.exec(line);
    if (field && current) current.push(field[1]!);
  }
  return sections;
}

describe("programme export records", () => {
  it("the document lists exactly the record types and fields the code writes", () => {
    const documented = documentedFields();
    expect([...documented.keys()]).toEqual(Object.keys(RECORD_SCHEMAS));
    for (const [type, schema] of Object.entries(RECORD_SCHEMAS)) {
      expect([type, documented.get(type)]).toEqual([type, Object.keys(schema.shape)]);
    }
  });

  it("builds records that the contract accepts, with stored JSON parsed", () => {
    const at = new Date("2026-11-30T10:00:00Z");
    const records = [
      tierRecordOf({
        id: "t1",
        name: "Gold",
        position: 1,
        threshold: 500n,
        hidden: false,
        multiplierHundredths: 150,
        multiplyEngagement: false,
        entryRewardPoints: 0,
        birthdayBonusPoints: 0,
        shopifyPerks: '[{"type":"free_shipping"}]',
        textPerks: "[]",
        paidProductId: null,
        paidProductTag: null,
        paidMonths: null,
      }),
      rewardRecordOf({
        id: "r1",
        shopId: "s1",
        kind: "amount_off",
        title: "$5 off",
        description: "",
        costPoints: 500,
        valueMinor: 500,
        percentOff: null,
        minimumOrderMinor: null,
        maxPoints: null,
        stockRemaining: null,
        minTierId: null,
        active: true,
        archivedAt: null,
        translations: '{"fr":{"title":"5 $"}}',
        redeemFrom: at,
        createdAt: at,
        updatedAt: at,
      }),
      ruleRecordOf({ id: "u1", kind: "signup", name: "Join", active: true, position: 0, definition: '{"points":50}' }),
      memberRecordOf({
        id: "m1",
        customerId: "42",
        email: null,
        firstName: "Ada",
        lastName: null,
        balance: 10,
        pending: 5,
        lifetimeEarned: 20,
        lifetimeRedeemed: 10,
        tierId: null,
        tierSource: null,
        tierEndsAt: null,
        birthday: "02-29",
        referralCode: null,
        redactedAt: null,
        createdAt: at,
      }),
      ledgerEntryRecordOf({
        id: "e1",
        memberId: "m1",
        points: -3,
        balanceAfter: 7,
        kind: "redeem",
        causeType: "redemption",
        causeId: "x",
        reason: null,
        createdAt: at,
      }),
    ];
    for (const record of records) {
      const line = jsonLine(record);
      expect(line.endsWith("\n") && !line.slice(0, -1).includes("\n")).toBe(true);
      expect(programmeExportRecord.parse(JSON.parse(line))).toEqual(record);
    }
    expect(records[0]).toMatchObject({ threshold: 500, shopifyPerks: [{ type: "free_shipping" }] });
    expect(records[1]).toMatchObject({
      settings: { translations: { fr: { title: "5 $" } }, redeemFrom: "2026-11-30T10:00:00.000Z" },
    });
    expect(Object.keys((records[1] as { settings: object }).settings)).not.toContain("shopId");
    expect(records[2]).toMatchObject({ definition: { points: 50 } });
  });

  it("keeps a stored value that is not JSON as its text", () => {
    expect(storedJson("{broken")).toBe("{broken");
  });

  it("refuses a record with a field the contract does not list", () => {
    expect(() =>
      programmeExportRecord.parse({
        type: "rule",
        id: "u",
        kind: "k",
        name: "n",
        active: true,
        position: 0,
        definition: {},
        extra: 1,
      }),
    ).toThrow();
  });
});
