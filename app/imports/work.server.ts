/**
 * Applying and reverting an import: leased background work (app/jobs/lease.server.ts), a
 * batch of rows at a time. Each row is done in one ledger transaction together with its own
 * status, so a row is posted once however often the work is interrupted, taken over or run
 * by two instances at once; the import's counts are recounted from the rows after each batch.
 *
 * Applying a row (docs/decisions/0034-points-import.md): enrol the customer when the row
 * names a Shopify customer who is not a member yet; post its points as an `earn`/`import`
 * entry (key importRow: one per import and member, so a member's second row in one file
 * fails as a duplicate); fill in a birthday or referral code the member does not have yet;
 * grant the tier named (a manual grant ending IMPORTED_TIER_MONTHS later).
 * Reverting a row: a `reverse`/`import` entry (key importRowReversal) under the shop's
 * reversal policy (app/domain/reversal.ts), and the import's tier grant revoked.
 */
import type { Db, Tx } from "../db.server";
import { CustomerRedactedError } from "../compliance/redactions.server";
import { PRESET_LAYOUTS, importPresetSchema } from "../domain/imports/presets";
import { ledgerKeys, PointsOutOfRangeError } from "../domain/ledger";
import { reversalStep, type ReversalPolicy } from "../domain/reversal";
import { claimLease } from "../jobs/lease.server";
import {
  IdempotencyConflictError,
  InsufficientPointsError,
  inLedgerTransaction,
  postEntry,
} from "../ledger/ledger.server";
import { enrolMember } from "../members/members.server";
import { logEvent } from "../observability/log.server";
import { hasTiers, settleMemberTier, settleMemberTierInTransaction } from "../tiers/movement.server";

export const WORK_BATCH_ROWS = 200;
/** How long a tier carried over from the old programme lasts before qualifying decides again. */
export const IMPORTED_TIER_MONTHS = 12;

type ImportRowRecord = Awaited<ReturnType<Db["pointsImportRow"]["findMany"]>>[number];

interface WorkingImport {
  id: string;
  shopId: string;
  preset: string;
  fileName: string;
  staff: string | null;
}

/** A row that cannot be done, with the code the page words and the failed-rows file carries. */
class RowRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type WorkOutcome = "done" | "held" | "lost" | "idle";

/**
 * Works on the import until its rows are done: "done" (applied or reverted), "held" (another
 * instance has it), "lost" (the lease was taken over mid-way), "idle" (nothing to do).
 */
export async function workOnImport(
  db: Db,
  shopId: string,
  importId: string,
  options: { batchRows?: number } = {},
): Promise<WorkOutcome> {
  const lease = await claimLease(db.pointsImport, shopId, importId);
  if (!lease) return "held";
  try {
    for (;;) {
      const imported = await db.pointsImport.findFirst({ where: { id: importId, shopId } });
      if (!imported || (imported.status !== "applying" && imported.status !== "reverting")) return "idle";
      const applying = imported.status === "applying";
      const rows = await db.pointsImportRow.findMany({
        where: { importId, shopId, status: applying ? "matched" : "applied" },
        orderBy: { line: "asc" },
        take: options.batchRows ?? WORK_BATCH_ROWS,
      });
      if (rows.length === 0) {
        await db.pointsImport.updateMany({
          where: { id: importId, shopId, status: imported.status },
          data: {
            ...(await recount(db, shopId, importId, applying)),
            ...(applying
              ? { status: "applied", appliedAt: new Date() }
              : { status: "reverted", revertedAt: new Date() }),
          },
        });
        return "done";
      }
      // Members the import enrols join the tier their (empty) history gives, the entry tier when
      // there is one, as a member an order brings does.
      const tiered = applying && (await hasTiers(db, shopId));
      for (const row of rows) {
        if (applying) await applyRow(db, imported, row, tiered);
        else await revertRow(db, imported, row);
      }
      await db.pointsImport.updateMany({
        where: { id: importId, shopId },
        data: await recount(db, shopId, importId, applying),
      });
      if (!(await lease.renew())) return "lost";
    }
  } finally {
    await lease.release();
  }
}

/** Starts the work right after the admin's action; errors are logged (the scheduled pass retries). */
export function startImportWork(db: Db, shopId: string, importId: string): void {
  void workOnImport(db, shopId, importId).catch((error: unknown) => {
    logEvent("import_work_failed", { shopId, importId, error: String(error) }, "error");
  });
}

/**
 * The scheduled pass (app/jobs/scheduled-work.server.ts): imports left applying or reverting
 * (the instance died, the process restarted) are taken up where their rows say they stopped,
 * and uploads abandoned mid-file are deleted.
 */
export async function resumeImports(db: Db, now = new Date()): Promise<{ resumed: number; abandoned: number }> {
  const stale = await db.pointsImport.findMany({
    where: { status: { in: ["applying", "reverting"] }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    select: { id: true, shopId: true },
    take: 20,
  });
  let resumed = 0;
  for (const imported of stale) {
    try {
      if ((await workOnImport(db, imported.shopId, imported.id)) === "done") resumed++;
    } catch (error) {
      logEvent("import_work_failed", { shopId: imported.shopId, importId: imported.id, error: String(error) }, "error");
    }
  }
  const abandoned = await db.pointsImport.deleteMany({
    where: { status: "uploading", createdAt: { lt: new Date(now.getTime() - 60 * 60_000) } },
  });
  return { resumed, abandoned: abandoned.count };
}

/** The import's progress as its rows stand: what the progress bar and the report show. */
async function recount(db: Db, shopId: string, importId: string, applying: boolean) {
  const groups = await db.pointsImportRow.groupBy({
    by: ["status"],
    where: { importId, shopId },
    _count: { _all: true },
  });
  const count = (status: string) => groups.find((g) => g.status === status)?._count._all ?? 0;
  const applied = count("applied");
  const failed = count("failed");
  // Reverting: rows whose revert was refused keep their points ("skipped") but are done.
  const reverted = count("reverted") + count("skipped");
  return applying
    ? { processedRows: applied + failed, appliedRows: applied, failedRows: failed }
    : { processedRows: reverted, appliedRows: applied, failedRows: failed };
}

const presetLabel = (preset: string) => {
  const parsed = importPresetSchema.safeParse(preset);
  return parsed.success ? PRESET_LAYOUTS[parsed.data].label : preset;
};

const tierGrantCause = (importId: string, memberId: string) => `import:${importId}:${memberId}`;

function addMonths(date: Date, months: number): Date {
  const end = new Date(date);
  end.setUTCMonth(end.getUTCMonth() + months);
  return end;
}

async function applyRow(db: Db, imported: WorkingImport, row: ImportRowRecord, tiered: boolean): Promise<void> {
  const { shopId, id: importId } = imported;
  const reason = `Imported from ${presetLabel(imported.preset)} (${imported.fileName})`;
  let enrolled: string | null = null;
  try {
    await inLedgerTransaction(db, async (tx) => {
      enrolled = null;
      const memberId = row.memberId ?? (await enrolMember(tx, shopId, row.customerId!)).id;
      if (!row.memberId) enrolled = memberId;
      if (row.points && row.points > 0) {
        const posted = await postEntry(tx, {
          shopId,
          memberId,
          points: row.points,
          kind: "earn",
          causeType: "import",
          causeId: importId,
          reason,
          idempotencyKey: ledgerKeys.importRow(importId, memberId),
        });
        // The row's own status commits with its entry: an entry already there is another row's.
        if (posted.status === "duplicate") throw duplicateMember();
      }
      const notes = [
        await fillBirthday(tx, shopId, memberId, row.birthday),
        await fillReferralCode(tx, shopId, memberId, row.referralCode),
        await grantImportedTier(tx, imported, memberId, row.tierName, reason),
      ].filter(Boolean);
      const moved = await tx.pointsImportRow.updateMany({
        where: { importId, shopId, line: row.line, status: "matched" },
        data: { status: "applied", memberId, error: notes.length > 0 ? notes.join(" ") : null },
      });
      // Done meanwhile by another instance (its lease lapsed under it): undo this twin.
      if (moved.count !== 1) throw new RowRefused("already_done", "This row was applied by another worker.");
    });
  } catch (error) {
    const refused = refusalOf(error);
    if (refused.code === "already_done") return;
    await db.pointsImportRow.updateMany({
      where: { importId, shopId, line: row.line, status: "matched" },
      data: { status: "failed", error: `${refused.code}: ${refused.message}` },
    });
    return;
  }
  // After the row's commit (a tier move has its own transaction); the row stands whatever this does.
  if (enrolled && tiered) {
    await settleMemberTier(db, shopId, enrolled, { tiered: true }).catch((error: unknown) =>
      logEvent("import_tier_settle_failed", { shopId, importId, error: String(error) }, "warn"),
    );
  }
}

const duplicateMember = () =>
  new RowRefused("duplicate_member", "Another row of this file already brought this member's points.");

function refusalOf(error: unknown): RowRefused {
  if (error instanceof RowRefused) return error;
  if (error instanceof IdempotencyConflictError) return duplicateMember();
  if (error instanceof CustomerRedactedError) return new RowRefused("redacted", "This customer's data was erased.");
  if (error instanceof PointsOutOfRangeError) return new RowRefused("out_of_range", error.message);
  if (error instanceof InsufficientPointsError) return new RowRefused("insufficient_points", error.message);
  // Anything else (the database went away) is not the row's fault: the work stops and the
  // scheduled pass takes it up again.
  throw error;
}

async function fillBirthday(tx: Tx, shopId: string, memberId: string, birthday: string | null) {
  if (!birthday) return null;
  // The member's own answer wins over the old programme's.
  const set = await tx.member.updateMany({ where: { id: memberId, shopId, birthday: null }, data: { birthday } });
  return set.count === 1 ? null : "Birthday kept: the member had given one.";
}

async function fillReferralCode(tx: Tx, shopId: string, memberId: string, code: string | null) {
  if (!code) return null;
  const holder = await tx.member.findFirst({ where: { shopId, referralCode: code }, select: { id: true } });
  if (holder) return holder.id === memberId ? null : "Referral code not kept: another member has it.";
  const set = await tx.member.updateMany({
    where: { id: memberId, shopId, referralCode: null },
    data: { referralCode: code },
  });
  return set.count === 1 ? null : "Referral code not kept: the member has one.";
}

async function grantImportedTier(
  tx: Tx,
  imported: WorkingImport,
  memberId: string,
  tierName: string | null,
  reason: string,
) {
  if (!tierName) return null;
  const { shopId } = imported;
  const tiers = await tx.tier.findMany({ where: { shopId }, select: { id: true, name: true } });
  const tier = tiers.find((t) => t.name.trim().toLowerCase() === tierName.trim().toLowerCase());
  if (!tier) return `No tier named "${tierName}": no tier given.`;
  const cause = tierGrantCause(imported.id, memberId);
  const given = await tx.tierGrant.findFirst({
    where: { shopId, source: "manual", orderId: cause },
    select: { id: true },
  });
  if (given) throw duplicateMember();
  const now = new Date();
  await tx.tierGrant.create({
    data: {
      shopId,
      memberId,
      tierId: tier.id,
      source: "manual",
      // The grant's cause: unique per import and member, and how the revert finds it.
      orderId: cause,
      reason,
      staff: imported.staff ?? "import",
      startsAt: now,
      endsAt: addMonths(now, IMPORTED_TIER_MONTHS),
    },
  });
  await settleMemberTierInTransaction(tx, shopId, memberId, {
    now,
    cause: "manual",
    reason,
    staff: imported.staff ?? "import",
  });
  return null;
}

async function revertRow(db: Db, imported: WorkingImport, row: ImportRowRecord): Promise<void> {
  const { shopId, id: importId } = imported;
  const memberId = row.memberId!;
  try {
    await inLedgerTransaction(db, async (tx) => {
      const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { reversalPolicy: true } });
      const policy = shop.reversalPolicy as ReversalPolicy;
      const entry = await tx.ledgerEntry.findUnique({
        where: { shopId_idempotencyKey: { shopId, idempotencyKey: ledgerKeys.importRow(importId, memberId) } },
        select: { points: true },
      });
      let shortfall = 0;
      if (entry) {
        // The member row first: no redemption can spend the balance between reading and posting.
        const member = await tx.member.update({
          where: { id: memberId, shopId },
          data: { updatedAt: new Date() },
          select: { balance: true },
        });
        const step = reversalStep({ target: entry.points, alreadyReversed: 0, balance: member.balance, policy });
        shortfall = step.shortfall;
        if (step.debit > 0) {
          await postEntry(tx, {
            shopId,
            memberId,
            points: -step.debit,
            kind: "reverse",
            causeType: "import",
            causeId: importId,
            reason: `Import reverted (${imported.fileName})`,
            idempotencyKey: ledgerKeys.importRowReversal(importId, memberId),
            allowNegative: policy === "allow_negative",
          });
        }
      }
      const now = new Date();
      const revoked = await tx.tierGrant.updateMany({
        where: { shopId, memberId, source: "manual", orderId: tierGrantCause(importId, memberId), revokedAt: null },
        data: { revokedAt: now },
      });
      if (revoked.count > 0) {
        await settleMemberTierInTransaction(tx, shopId, memberId, {
          now,
          cause: "manual",
          reason: "Import reverted",
          staff: imported.staff ?? "import",
        });
      }
      const moved = await tx.pointsImportRow.updateMany({
        where: { importId, shopId, line: row.line, status: "applied" },
        data: {
          status: "reverted",
          error: shortfall > 0 ? `shortfall: ${shortfall} points were already spent and stay with the member.` : null,
        },
      });
      if (moved.count !== 1) throw new RowRefused("already_done", "This row was reverted by another worker.");
    });
  } catch (error) {
    const refused = refusalOf(error);
    if (refused.code === "already_done") return;
    // A row that cannot be reverted keeps its points ("skipped", its reason kept: not a row
    // that failed to import); the import still finishes.
    await db.pointsImportRow.updateMany({
      where: { importId, shopId, line: row.line, status: "applied" },
      data: { status: "skipped", error: `revert_${refused.code}: ${refused.message}` },
    });
  }
}
