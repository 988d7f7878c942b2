/**
 * The programme export's JSON Lines records: one JSON object per line, told apart by `type`.
 * The schemas are the contract (docs/api/programme-export.md lists the same fields, and a test
 * holds the two together); the builders turn a stored row into its record. Pure.
 */
import { z } from "zod";

const iso = z.string().datetime();
const isoOrNull = iso.nullable();

export const exportHeaderRecord = z
  .object({
    type: z.literal("export"),
    format: z.literal("loyalty-programme/1"),
    shopDomain: z.string(),
    exportedAt: iso,
  })
  .strict();

export const tierRecord = z
  .object({
    type: z.literal("tier"),
    id: z.string(),
    name: z.string(),
    position: z.number().int(),
    threshold: z.number().int(),
    hidden: z.boolean(),
    multiplierHundredths: z.number().int(),
    multiplyEngagement: z.boolean(),
    entryRewardPoints: z.number().int(),
    birthdayBonusPoints: z.number().int(),
    shopifyPerks: z.unknown(),
    textPerks: z.unknown(),
    paidProductId: z.string().nullable(),
    paidProductTag: z.string().nullable(),
    paidMonths: z.number().int().nullable(),
  })
  .strict();

export const rewardRecord = z
  .object({
    type: z.literal("reward"),
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    description: z.string(),
    costPoints: z.number().int(),
    valueMinor: z.number().int(),
    percentOff: z.number().int().nullable(),
    minimumOrderMinor: z.number().int().nullable(),
    maxPoints: z.number().int().nullable(),
    stockRemaining: z.number().int().nullable(),
    minTierId: z.string().nullable(),
    active: z.boolean(),
    archivedAt: isoOrNull,
    /** Every other stored setting of the reward (limits, windows, combinations, translations). */
    settings: z.record(z.string(), z.unknown()),
  })
  .strict();

/** A stored definition, parsed (its kind's schema in app/domain). */
const definition = z.unknown();

export const ruleRecord = z
  .object({
    type: z.literal("rule"),
    id: z.string(),
    kind: z.string(),
    name: z.string(),
    active: z.boolean(),
    position: z.number().int(),
    definition,
  })
  .strict();

export const campaignRecord = z
  .object({
    type: z.literal("campaign"),
    id: z.string(),
    title: z.string(),
    effect: z.string(),
    active: z.boolean(),
    position: z.number().int(),
    archivedAt: isoOrNull,
    definition,
  })
  .strict();

export const challengeRecord = z
  .object({
    type: z.literal("challenge"),
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    description: z.string(),
    active: z.boolean(),
    position: z.number().int(),
    archivedAt: isoOrNull,
    definition,
  })
  .strict();

export const memberRecord = z
  .object({
    type: z.literal("member"),
    id: z.string(),
    customerId: z.string(),
    email: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    balance: z.number().int(),
    pending: z.number().int(),
    lifetimeEarned: z.number().int(),
    lifetimeRedeemed: z.number().int(),
    tierId: z.string().nullable(),
    tierSource: z.string().nullable(),
    tierEndsAt: isoOrNull,
    birthday: z.string().nullable(),
    referralCode: z.string().nullable(),
    redacted: z.boolean(),
    joinedAt: iso,
  })
  .strict();

export const ledgerEntryRecord = z
  .object({
    type: z.literal("ledger_entry"),
    id: z.string(),
    memberId: z.string(),
    points: z.number().int(),
    balanceAfter: z.number().int(),
    kind: z.string(),
    causeType: z.string(),
    causeId: z.string(),
    reason: z.string().nullable(),
    createdAt: iso,
  })
  .strict();

export const programmeExportRecord = z.discriminatedUnion("type", [
  exportHeaderRecord,
  tierRecord,
  rewardRecord,
  ruleRecord,
  campaignRecord,
  challengeRecord,
  memberRecord,
  ledgerEntryRecord,
]);

export type ProgrammeExportRecord = z.infer<typeof programmeExportRecord>;
export type RecordType = ProgrammeExportRecord["type"];

/** Every record type with its fields, in the order the export writes them. */
export const RECORD_SCHEMAS = {
  export: exportHeaderRecord,
  tier: tierRecord,
  reward: rewardRecord,
  rule: ruleRecord,
  campaign: campaignRecord,
  challenge: challengeRecord,
  member: memberRecord,
  ledger_entry: ledgerEntryRecord,
} as const satisfies Record<RecordType, z.AnyZodObject>;

/** A stored JSON column, parsed; text that is not JSON is kept as the text (nothing is lost). */
export function storedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const isoOf = (at: Date | null) => (at ? at.toISOString() : null);

/** One line of the file: the record as JSON, with its newline. */
export const jsonLine = (record: ProgrammeExportRecord) => `${JSON.stringify(record)}\n`;

type TierRow = Omit<z.infer<typeof tierRecord>, "type" | "threshold" | "shopifyPerks" | "textPerks"> & {
  threshold: bigint | number;
  shopifyPerks: string;
  textPerks: string;
};

export function tierRecordOf(row: TierRow): z.infer<typeof tierRecord> {
  return {
    type: "tier",
    id: row.id,
    name: row.name,
    position: row.position,
    threshold: Number(row.threshold),
    hidden: row.hidden,
    multiplierHundredths: row.multiplierHundredths,
    multiplyEngagement: row.multiplyEngagement,
    entryRewardPoints: row.entryRewardPoints,
    birthdayBonusPoints: row.birthdayBonusPoints,
    shopifyPerks: storedJson(row.shopifyPerks),
    textPerks: storedJson(row.textPerks),
    paidProductId: row.paidProductId,
    paidProductTag: row.paidProductTag,
    paidMonths: row.paidMonths,
  };
}

/** The reward's columns the record names; every other column goes into `settings`. */
const REWARD_NAMED = new Set([
  "id",
  "shopId",
  "kind",
  "title",
  "description",
  "costPoints",
  "valueMinor",
  "percentOff",
  "minimumOrderMinor",
  "maxPoints",
  "stockRemaining",
  "minTierId",
  "active",
  "archivedAt",
  "createdAt",
  "updatedAt",
]);

type RewardRow = Omit<z.infer<typeof rewardRecord>, "type" | "archivedAt" | "settings"> & {
  archivedAt: Date | null;
} & Record<string, unknown>;

export function rewardRecordOf(row: RewardRow): z.infer<typeof rewardRecord> {
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (REWARD_NAMED.has(key)) continue;
    settings[key] =
      value instanceof Date ? value.toISOString() : key === "translations" ? storedJson(String(value)) : value;
  }
  return {
    type: "reward",
    id: row.id,
    kind: row.kind,
    title: row.title,
    description: row.description,
    costPoints: row.costPoints,
    valueMinor: row.valueMinor,
    percentOff: row.percentOff,
    minimumOrderMinor: row.minimumOrderMinor,
    maxPoints: row.maxPoints,
    stockRemaining: row.stockRemaining,
    minTierId: row.minTierId,
    active: row.active,
    archivedAt: isoOf(row.archivedAt),
    settings,
  };
}

interface ProgrammeRow {
  id: string;
  active: boolean;
  position: number;
  definition: string;
}

export function ruleRecordOf(row: ProgrammeRow & { kind: string; name: string }): z.infer<typeof ruleRecord> {
  return {
    type: "rule",
    id: row.id,
    kind: row.kind,
    name: row.name,
    active: row.active,
    position: row.position,
    definition: storedJson(row.definition),
  };
}

export function campaignRecordOf(
  row: ProgrammeRow & { title: string; effect: string; archivedAt: Date | null },
): z.infer<typeof campaignRecord> {
  return {
    type: "campaign",
    id: row.id,
    title: row.title,
    effect: row.effect,
    active: row.active,
    position: row.position,
    archivedAt: isoOf(row.archivedAt),
    definition: storedJson(row.definition),
  };
}

export function challengeRecordOf(
  row: ProgrammeRow & { kind: string; title: string; description: string; archivedAt: Date | null },
): z.infer<typeof challengeRecord> {
  return {
    type: "challenge",
    id: row.id,
    kind: row.kind,
    title: row.title,
    description: row.description,
    active: row.active,
    position: row.position,
    archivedAt: isoOf(row.archivedAt),
    definition: storedJson(row.definition),
  };
}

type MemberRow = Omit<z.infer<typeof memberRecord>, "type" | "tierEndsAt" | "redacted" | "joinedAt"> & {
  tierEndsAt: Date | null;
  redactedAt: Date | null;
  createdAt: Date;
};

export function memberRecordOf(row: MemberRow): z.infer<typeof memberRecord> {
  return {
    type: "member",
    id: row.id,
    customerId: row.customerId,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    balance: row.balance,
    pending: row.pending,
    lifetimeEarned: row.lifetimeEarned,
    lifetimeRedeemed: row.lifetimeRedeemed,
    tierId: row.tierId,
    tierSource: row.tierSource,
    tierEndsAt: isoOf(row.tierEndsAt),
    birthday: row.birthday,
    referralCode: row.referralCode,
    redacted: row.redactedAt !== null,
    joinedAt: row.createdAt.toISOString(),
  };
}

type EntryRow = Omit<z.infer<typeof ledgerEntryRecord>, "type" | "createdAt"> & { createdAt: Date };

export function ledgerEntryRecordOf(row: EntryRow): z.infer<typeof ledgerEntryRecord> {
  return {
    type: "ledger_entry",
    id: row.id,
    memberId: row.memberId,
    points: row.points,
    balanceAfter: row.balanceAfter,
    kind: row.kind,
    causeType: row.causeType,
    causeId: row.causeId,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
  };
}
