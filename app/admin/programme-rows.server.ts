/**
 * The writes campaigns and challenges share on the admin side: rows in the merchant's order
 * (position), paused or resumed, archived (never deleted: ledger entries and completions name
 * them), each in a transaction that moves Shop.programVersion so the storefront's cached
 * programme misses (bumpProgramVersion). Every query is scoped by shopId; an id that is
 * missing, archived or another shop's is a ProgrammeRowNotFoundError.
 */
import type { Db, Tx } from "../db.server";
import { bumpProgramVersion } from "../shops/shops.server";

export type ProgrammeTable = "campaign" | "challenge";

/** What a list row's buttons (and an editor's Pause, Resume and Archive) ask for. */
export type RowIntent = "pause" | "resume" | "up" | "down" | "archive";

/** A stored row of the table, as Prisma reads it. */
export type ProgrammeRecord<T extends ProgrammeTable> = T extends "campaign"
  ? NonNullable<Awaited<ReturnType<Db["campaign"]["findFirst"]>>>
  : NonNullable<Awaited<ReturnType<Db["challenge"]["findFirst"]>>>;

export class ProgrammeRowNotFoundError extends Error {
  override name = "ProgrammeRowNotFoundError";
  constructor(readonly table: ProgrammeTable) {
    super(`No such ${table} in this shop.`);
  }
}

type Where = { id?: string; shopId: string; archivedAt: null };
/** The part of Prisma's campaign and challenge delegates these writes use (both tables have these columns). */
interface OrderedDelegate {
  findFirst(args: { where: Where }): Promise<unknown>;
  create(args: { data: Record<string, unknown> }): Promise<unknown>;
  findFirst(args: { where: Where; orderBy: { position: "desc" }; select: { position: true } }): Promise<{
    position: number;
  } | null>;
  findMany(args: { where: Where; orderBy: typeof ORDER; select: { id: true } }): Promise<{ id: string }[]>;
  updateMany(args: { where: Where | { id: string; shopId: string }; data: Record<string, unknown> }): Promise<{
    count: number;
  }>;
}

export const ORDER = [{ position: "asc" as const }, { createdAt: "asc" as const }, { id: "asc" as const }];

const delegate = (tx: Tx | Db, table: ProgrammeTable) => tx[table] as unknown as OrderedDelegate;

/** One live row of the shop (not archived), or null: another shop's id reads as none. */
export async function findLiveRow<T extends ProgrammeTable>(
  db: Db,
  table: T,
  shopId: string,
  id: string,
): Promise<ProgrammeRecord<T> | null> {
  return (await delegate(db, table).findFirst({
    where: { id, shopId, archivedAt: null },
  })) as ProgrammeRecord<T> | null;
}

/** A new row, last in the merchant's order, switched on. */
export async function createRow<T extends ProgrammeTable>(
  db: Db,
  table: T,
  shopId: string,
  data: Record<string, unknown>,
): Promise<ProgrammeRecord<T>> {
  return db.$transaction(async (tx) => {
    const created = await delegate(tx, table).create({
      data: { ...data, shopId, position: await nextPosition(tx, table, shopId), active: true },
    });
    await bumpProgramVersion(tx, shopId);
    return created as ProgrammeRecord<T>;
  });
}

/** What the merchant wrote, changed; its switch and place stay. */
export async function updateRow(
  db: Db,
  table: ProgrammeTable,
  shopId: string,
  id: string,
  data: Record<string, unknown>,
) {
  await db.$transaction((tx) => updateLiveRow(tx, table, shopId, id, data));
}

/** The position after the shop's last row (a new row goes last). */
export async function nextPosition(tx: Tx, table: ProgrammeTable, shopId: string): Promise<number> {
  const last = await delegate(tx, table).findFirst({
    where: { shopId, archivedAt: null },
    orderBy: { position: "desc" },
    select: { position: true },
  });
  return (last?.position ?? -1) + 1;
}

/** Changes a live row's columns and bumps the programme version, in the caller's transaction. */
export async function updateLiveRow(
  tx: Tx,
  table: ProgrammeTable,
  shopId: string,
  id: string,
  data: Record<string, unknown>,
): Promise<void> {
  const updated = await delegate(tx, table).updateMany({ where: { id, shopId, archivedAt: null }, data });
  if (updated.count === 0) throw new ProgrammeRowNotFoundError(table);
  await bumpProgramVersion(tx, shopId);
}

/** Paused rows change nothing for shoppers, whatever their dates. */
export async function setRowActive(db: Db, table: ProgrammeTable, shopId: string, id: string, active: boolean) {
  await db.$transaction((tx) => updateLiveRow(tx, table, shopId, id, { active }));
}

/** Gone from the lists and the storefront; what it caused stays in the history. */
export async function archiveRow(db: Db, table: ProgrammeTable, shopId: string, id: string, now: Date) {
  await db.$transaction((tx) => updateLiveRow(tx, table, shopId, id, { archivedAt: now, active: false }));
}

/**
 * One place up or down the merchant's order, positions renumbered 0..n-1 in the same
 * transaction (rows sharing a position get a stable order). At either end nothing moves.
 */
export async function moveRow(db: Db, table: ProgrammeTable, shopId: string, id: string, direction: "up" | "down") {
  await db.$transaction(async (tx) => {
    const rows = delegate(tx, table);
    const ids = (
      await rows.findMany({ where: { shopId, archivedAt: null }, orderBy: ORDER, select: { id: true } })
    ).map((r) => r.id);
    const index = ids.indexOf(id);
    if (index < 0) throw new ProgrammeRowNotFoundError(table);
    const other = direction === "up" ? index - 1 : index + 1;
    if (other >= 0 && other < ids.length) [ids[index], ids[other]] = [ids[other]!, ids[index]!];
    for (const [position, rowId] of ids.entries()) {
      await rows.updateMany({ where: { id: rowId, shopId }, data: { position } });
    }
    await bumpProgramVersion(tx, shopId);
  });
}

/** What a list page's row buttons post: pause or resume, move up or down, archive. */
export async function applyRowIntent(
  db: Db,
  table: ProgrammeTable,
  shopId: string,
  id: string,
  intent: RowIntent,
  now = new Date(),
) {
  if (intent === "archive") await archiveRow(db, table, shopId, id, now);
  else if (intent === "up" || intent === "down") await moveRow(db, table, shopId, id, intent);
  else await setRowActive(db, table, shopId, id, intent === "resume");
}
