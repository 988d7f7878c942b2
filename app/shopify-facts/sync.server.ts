/**
 * Writes each member's facts (tier tags and metafields, app/domain/customer-facts.ts) to
 * Shopify: what changed since CustomerFactsSync.facts, the record of what Shopify accepted.
 *
 * Which members are due is derived from the rows, never from a queue in memory: a member is
 * due when it has no record, when the record's `syncedAt` is not the Member.updatedAt it was
 * computed from (every ledger post and tier move touches the member row, on both databases'
 * paths), or when its record is older than RECHECK_AFTER_MS (what time alone changes: points
 * ageing out of a rolling window). Several instances may run this at once: every write is
 * idempotent in Shopify and a record that loses a race is due again.
 */
import type { Db } from "../db.server";
import {
  applyFactsDiff,
  customerFacts,
  diffFacts,
  FACT_KEYS,
  FACTS_NAMESPACE,
  isAppTag,
  isEmptyDiff,
  readWrittenFacts,
  type CustomerFacts,
  type FactsDiff,
} from "../domain/customer-facts";
import type { Tier } from "../domain/tiers/definition";
import { logEvent } from "../observability/log.server";
import {
  METAFIELDS_SET_BATCH,
  ShopifyAccessDeniedError,
  ShopifyGatewayError,
  ShopifyThrottledError,
  shopifyGateway,
} from "../shopify/gateway.server";
import { readTierProgram } from "../tiers/tiers.server";
import { memberFactsInput, type MemberRow } from "./member-facts.server";
import { withThrottleRetry, type RetryOptions } from "./throttle-retry.server";

/** Members written per shop in one scheduled run: the rest wait for the next. */
export const FACTS_PER_RUN = 500;
/** A member's facts are computed again after this long even if nothing touched them. */
export const RECHECK_AFTER_MS = 24 * 3_600_000;
/** Members whose metafields fit one metafieldsSet call (each writes at most every key). */
const MEMBERS_PER_CALL = Math.max(1, Math.floor(METAFIELDS_SET_BATCH / FACT_KEYS.length));
/** A member Shopify keeps refusing is asked again after 2^attempts minutes, at most daily. */
const failureBackoffMs = (attempts: number) => Math.min(RECHECK_AFTER_MS, 60_000 * 2 ** Math.min(attempts, 11));

export interface FactsSyncOptions extends RetryOptions {
  now?: Date;
  /**
   * Every member, whatever was recorded (the resync command): Shopify's tags are read to find
   * the app's stale ones, and every metafield is set or deleted.
   */
  force?: boolean;
  /** Members per run (scheduled runs only; a forced run goes through every member). */
  limit?: number;
}

export interface FactsSyncResult {
  members: number;
  written: number;
  unchanged: number;
  failed: { memberId: string; customerId: string; error: string }[];
  /** Why the run stopped before its end (Shopify kept throttling, or the app lacks a scope); the rest stays due. */
  stopped: string | null;
}

interface Planned {
  member: MemberRow;
  written: CustomerFacts;
  current: CustomerFacts;
  diff: FactsDiff;
}

const memberSelect = { id: true, customerId: true, balance: true, tierId: true, updatedAt: true } as const;

/** Members due in this shop, fresh ones first (a member Shopify refuses does not hold up the rest). */
async function dueMembers(db: Db, shopId: string, now: Date, limit: number): Promise<MemberRow[]> {
  const changed = await db.$queryRaw<{ id: string }[]>`
    SELECT m."id" AS "id" FROM "Member" m
    LEFT JOIN "CustomerFactsSync" s ON s."shopId" = m."shopId" AND s."memberId" = m."id"
    WHERE m."shopId" = ${shopId} AND m."redactedAt" IS NULL
      AND (s."memberId" IS NULL OR s."syncedAt" IS NULL OR s."syncedAt" <> m."updatedAt")
    ORDER BY COALESCE(s."attempts", 0), m."id"
    LIMIT ${limit * 2}`;
  const stale = await db.customerFactsSync.findMany({
    where: { shopId, updatedAt: { lt: new Date(now.getTime() - RECHECK_AFTER_MS) } },
    orderBy: { updatedAt: "asc" },
    take: limit,
    select: { memberId: true },
  });
  // Rows of failed members carry their attempts; one is asked again once its backoff is over.
  const failing = new Map(
    (
      await db.customerFactsSync.findMany({
        where: { shopId, memberId: { in: changed.map((r) => r.id) }, attempts: { gt: 0 } },
        select: { memberId: true, attempts: true, updatedAt: true },
      })
    ).map((r) => [r.memberId, r]),
  );
  const ready = changed
    .filter((r) => {
      const failure = failing.get(r.id);
      return !failure || now.getTime() - failure.updatedAt.getTime() >= failureBackoffMs(failure.attempts);
    })
    .map((r) => r.id);
  const ids = [...new Set([...ready, ...stale.map((s) => s.memberId)])].slice(0, limit);
  if (ids.length === 0) return [];
  const members = await db.member.findMany({
    where: { shopId, id: { in: ids }, redactedAt: null },
    select: memberSelect,
  });
  const order = new Map(ids.map((id, i) => [id, i]));
  return members.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

async function plan(
  db: Db,
  shopId: string,
  members: readonly MemberRow[],
  tiersById: ReadonlyMap<string, Tier>,
  now: Date,
  shopifyTags: Map<string, string[]> | null,
): Promise<Planned[]> {
  const records = new Map(
    (
      await db.customerFactsSync.findMany({
        where: { shopId, memberId: { in: members.map((m) => m.id) } },
        select: { memberId: true, facts: true },
      })
    ).map((r) => [r.memberId, r.facts]),
  );
  const planned: Planned[] = [];
  for (const member of members) {
    const current = customerFacts(await memberFactsInput(db, shopId, member, tiersById, now));
    // A resync trusts what Shopify has, not what was recorded: its app tags, and no metafield.
    const written = shopifyTags
      ? { tags: [...new Set((shopifyTags.get(member.customerId) ?? []).filter(isAppTag))].sort(), metafields: {} }
      : readWrittenFacts(records.get(member.id) ?? "");
    planned.push({ member, written, current, diff: diffFacts(written, current, { everyKey: shopifyTags !== null }) });
  }
  return planned;
}

async function recordWritten(db: Db, shopId: string, p: Planned) {
  const data = {
    customerId: p.member.customerId,
    facts: JSON.stringify(applyFactsDiff(p.written, p.diff)),
    // The member row's version these facts were computed from: a later change makes it due.
    syncedAt: p.member.updatedAt,
    attempts: 0,
    lastError: null,
  };
  await db.customerFactsSync.upsert({
    where: { shopId_memberId: { shopId, memberId: p.member.id } },
    create: { shopId, memberId: p.member.id, ...data },
    update: data,
  });
}

async function recordFailure(db: Db, shopId: string, member: MemberRow, error: string) {
  await db.customerFactsSync.upsert({
    where: { shopId_memberId: { shopId, memberId: member.id } },
    create: { shopId, memberId: member.id, customerId: member.customerId, attempts: 1, lastError: error },
    update: { attempts: { increment: 1 }, lastError: error },
  });
}

/** Errors that end the run for the shop: every other member would meet them too. */
const stopsTheRun = (error: unknown) =>
  error instanceof ShopifyThrottledError || error instanceof ShopifyAccessDeniedError;

/**
 * One shop: the due members (or, forced, every member), written in calls of a bounded size,
 * each member recorded once Shopify accepted all of its writes.
 */
export async function syncShopFacts(db: Db, shopId: string, options: FactsSyncOptions = {}): Promise<FactsSyncResult> {
  const now = options.now ?? new Date();
  const result: FactsSyncResult = { members: 0, written: 0, unchanged: 0, failed: [], stopped: null };
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { domain: true } });
  if (!shop) return result;
  const { program } = await readTierProgram(db, shopId);
  const tiersById = new Map(program.tiers.map((t) => [t.id, t]));
  const gateway = shopifyGateway();
  const retry = <T>(call: () => Promise<T>) => withThrottleRetry(call, options);

  const pages = options.force
    ? everyMemberPage(db, shopId)
    : onePage(dueMembers(db, shopId, now, options.limit ?? FACTS_PER_RUN));
  for await (const members of pages) {
    const shopifyTags = options.force
      ? await retry(() =>
          gateway.customerTags(
            shop.domain,
            members.map((m) => m.customerId),
          ),
        ).catch((error: unknown) => {
          result.stopped = (error as Error).message;
          return null;
        })
      : null;
    if (options.force && !shopifyTags) break;
    const planned = await plan(db, shopId, members, tiersById, now, shopifyTags);
    result.members += planned.length;
    for (let start = 0; start < planned.length && !result.stopped; start += MEMBERS_PER_CALL) {
      await writeChunk(planned.slice(start, start + MEMBERS_PER_CALL));
    }
    if (result.stopped) break;
  }
  if (result.stopped) logEvent("facts_sync_stopped", { shop: shop.domain, reason: result.stopped });
  return result;

  async function fail(p: Planned, error: unknown) {
    const message = (error as Error).message;
    if (stopsTheRun(error)) {
      result.stopped = message;
      return;
    }
    if (!(error instanceof ShopifyGatewayError)) throw error;
    result.failed.push({ memberId: p.member.id, customerId: p.member.customerId, error: message });
    await recordFailure(db, shopId, p.member, message);
  }

  async function writeMetafields(chunk: readonly Planned[]) {
    const sets = chunk.flatMap((p) =>
      p.diff.setMetafields.map((m) => ({ customerId: p.member.customerId, namespace: FACTS_NAMESPACE, ...m })),
    );
    const deletes = chunk.flatMap((p) =>
      p.diff.deleteMetafields.map((key) => ({ customerId: p.member.customerId, namespace: FACTS_NAMESPACE, key })),
    );
    if (sets.length > 0) await retry(() => gateway.setCustomerMetafields(shop!.domain, sets));
    if (deletes.length > 0) await retry(() => gateway.deleteCustomerMetafields(shop!.domain, deletes));
  }

  async function writeChunk(chunk: readonly Planned[]) {
    const pending: Planned[] = [];
    for (const p of chunk) {
      if (isEmptyDiff(p.diff)) {
        await recordWritten(db, shopId, p);
        result.unchanged++;
        continue;
      }
      try {
        if (p.diff.removeTags.length > 0) {
          await retry(() => gateway.removeCustomerTags(shop!.domain, p.member.customerId, p.diff.removeTags));
        }
        if (p.diff.addTags.length > 0) {
          await retry(() => gateway.addCustomerTags(shop!.domain, p.member.customerId, p.diff.addTags));
        }
        pending.push(p);
      } catch (error) {
        await fail(p, error);
        if (result.stopped) return;
      }
    }
    if (pending.length === 0) return;
    try {
      await writeMetafields(pending);
    } catch (error) {
      if (stopsTheRun(error) || pending.length === 1) {
        await fail(pending[0]!, error);
        return;
      }
      // metafieldsSet is atomic: one member's refused value refused them all. Ask for each alone.
      const accepted: Planned[] = [];
      for (const p of pending) {
        try {
          await writeMetafields([p]);
          accepted.push(p);
        } catch (single) {
          await fail(p, single);
          if (result.stopped) return;
        }
      }
      pending.splice(0, pending.length, ...accepted);
    }
    for (const p of pending) {
      await recordWritten(db, shopId, p);
      result.written++;
    }
  }
}

async function* onePage(members: Promise<MemberRow[]>): AsyncGenerator<MemberRow[]> {
  const page = await members;
  if (page.length > 0) yield page;
}

/** Every member of the shop (not redacted), in pages in id order. */
async function* everyMemberPage(db: Db, shopId: string): AsyncGenerator<MemberRow[]> {
  let after: string | null = null;
  for (;;) {
    const page: MemberRow[] = await db.member.findMany({
      where: { shopId, redactedAt: null, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: 100,
      select: memberSelect,
    });
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.id;
  }
}

/** The scheduled run: every installed shop's due members. */
export async function syncDueFacts(
  db: Db,
  options: Omit<FactsSyncOptions, "force"> = {},
): Promise<{ shops: number; members: number; written: number; failed: number; stopped: number }> {
  const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { id: true } });
  const total = { shops: shops.length, members: 0, written: 0, failed: 0, stopped: 0 };
  for (const shop of shops) {
    const result = await syncShopFacts(db, shop.id, options);
    total.members += result.members;
    total.written += result.written;
    total.failed += result.failed.length;
    if (result.stopped) total.stopped++;
  }
  return total;
}
