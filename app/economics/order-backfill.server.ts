/**
 * The install option "Bring in the last 60 days of orders" (docs/decisions/0035): a Shopify
 * bulk query of the orders, polled until Shopify has written its file, then the file read line
 * by line. Each order becomes an OrderFact (source "backfill", never over what a webhook
 * wrote) and its customer a member; a member's paid order also gets the OrderAccount a
 * webhook would have left, without points (./backfill-order-account.server.ts), so it counts
 * toward a spend or orders tier, and each batch's members are then settled through the tier
 * code (app/tiers/movement.server.ts, which posts a tier's entry reward when one is reached).
 * No order points are posted: a points tier gets no credit. Leased
 * background work (app/jobs/lease.server.ts): started right after the admin's action and
 * picked up again by the scheduled work when it stopped or its instance died. Rerunning it
 * changes nothing that is already known (facts are keyed by order, members by customer).
 */
import { CustomerRedactedError } from "../compliance/redactions.server";
import type { Db } from "../db.server";
import { BACKFILL_DAYS, backfillSince, readBulkOrderLine, type BackfilledOrder } from "../domain/backfill/bulk-order";
import { claimLease, type Lease } from "../jobs/lease.server";
import { ensureMember } from "../members/members.server";
import { logEvent } from "../observability/log.server";
import {
  shopifyGateway,
  ShopifyAccessDeniedError,
  ShopifyRefusedError,
  ShopifyThrottledError,
} from "../shopify/gateway.server";
import { hasTiers, settleMemberTier } from "../tiers/movement.server";
import { MemberNotFoundError } from "../ledger/ledger.server";
import { recordBackfilledOrderAccount } from "./backfill-order-account.server";
import { buyerKey } from "./buyer-key.server";
import { recordOrderFact } from "./order-facts.server";

export type BackfillStatus = "running" | "importing" | "done" | "failed";

/** Orders between progress writes (and lease renewals). */
export const BACKFILL_BATCH = 100;

export interface BackfillOptions {
  /** Waits between polls and after a throttle; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Checks of a running bulk operation in this pass before it is left to the next one. */
  maxPolls?: number;
  pollMs?: number;
  /** Throttled answers in a row before the pass gives up (the next pass tries again). */
  maxThrottles?: number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface ShopRef {
  id: string;
  domain: string;
}

/** The shop's latest backfill, for the Export page. */
export async function latestBackfill(db: Db, shopId: string) {
  return db.orderBackfill.findFirst({ where: { shopId }, orderBy: { startedAt: "desc" } });
}

/**
 * A new backfill of the last 60 days, unless one is under way (that one is returned, `created`
 * false): Shopify runs one bulk query per app and shop at a time.
 */
export async function createOrderBackfill(db: Db, shopId: string, now = new Date()) {
  const underWay = await db.orderBackfill.findFirst({
    where: { shopId, status: { in: ["running", "importing"] } },
    orderBy: { startedAt: "desc" },
  });
  if (underWay) return { backfill: underWay, created: false };
  const backfill = await db.orderBackfill.create({
    data: { shopId, status: "running", since: backfillSince(now, BACKFILL_DAYS) },
  });
  return { backfill, created: true };
}

/** The admin's action: creates the backfill and starts its work in the background at once. */
export async function startOrderBackfill(db: Db, shop: ShopRef, now = new Date(), options: BackfillOptions = {}) {
  const started = await createOrderBackfill(db, shop.id, now);
  if (started.created) {
    void runOrderBackfill(db, shop, started.backfill.id, options).catch((error: unknown) =>
      logEvent(
        "order_backfill_error",
        { shop: shop.domain, backfillId: started.backfill.id, error: String(error) },
        "error",
      ),
    );
  }
  return started;
}

async function fail(db: Db, shopId: string, id: string, error: string) {
  await db.orderBackfill.updateMany({
    where: { id, shopId },
    data: { status: "failed", error, finishedAt: new Date() },
  });
}

/**
 * Records one order: its customer enrolled, its fact written (a redacted customer stays out),
 * a member's paid order's account added. Returns the member whose tier it may move: the
 * member of any paid order, its account new or not (so a pass resumed after a crash between
 * the account and the settling still settles them; settling is idempotent).
 */
async function bringIn(db: Db, shopId: string, order: BackfilledOrder): Promise<string | null> {
  let memberId: string | null = null;
  let key: string | null = null;
  if (order.customer) {
    try {
      memberId = (await ensureMember(db, shopId, order.customer)).id;
    } catch (error) {
      // customers/redact erased them: neither a member nor a key that could follow them.
      if (!(error instanceof CustomerRedactedError)) throw error;
    }
  } else {
    key = buyerKey(shopId, { email: order.email });
  }
  await recordOrderFact(db, shopId, {
    orderId: order.orderId,
    placedAt: order.placedAt,
    totalMinor: order.totalMinor,
    currencyCode: order.currencyCode,
    memberId,
    buyerKey: key,
    source: "backfill",
    cancelledAt: order.cancelledAt,
    // On the eligible-spend basis, as the webhook path keeps it (its account's refundedMinor).
    refundedMinor: order.refundedMinor,
  });
  if (!memberId || !order.paidAt) return null;
  await recordBackfilledOrderAccount(db, shopId, memberId, order);
  return memberId;
}

/**
 * The batch's members settled, each in its own ledger transaction (never inside another): their
 * backfilled spend and orders may reach a tier. A member erased meanwhile is passed over.
 */
async function settleTouched(db: Db, shopId: string, members: Set<string>, tiered: boolean) {
  if (tiered) {
    for (const memberId of members) {
      try {
        await settleMemberTier(db, shopId, memberId, { tiered: true });
      } catch (error) {
        if (!(error instanceof MemberNotFoundError)) throw error;
      }
    }
  }
  members.clear();
}

/** Calls Shopify, waiting out throttles (up to maxThrottles); null when still throttled. */
async function unthrottled<T>(call: () => Promise<T>, options: Required<BackfillOptions>): Promise<T | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ShopifyThrottledError) || attempt >= options.maxThrottles) {
        if (error instanceof ShopifyThrottledError) return null;
        throw error;
      }
      await options.sleep(error.retryAfterMs);
    }
  }
}

/**
 * Works the backfill as far as it can in one pass, holding its lease: start the bulk query,
 * poll it, read its file. Returns the status it left (unchanged when another instance holds it).
 */
export async function runOrderBackfill(
  db: Db,
  shop: ShopRef,
  backfillId: string,
  options: BackfillOptions = {},
): Promise<BackfillStatus | "held"> {
  const opts: Required<BackfillOptions> = {
    sleep: options.sleep ?? wait,
    maxPolls: options.maxPolls ?? 120,
    pollMs: options.pollMs ?? 5_000,
    maxThrottles: options.maxThrottles ?? 5,
  };
  const lease = await claimLease(db.orderBackfill, shop.id, backfillId);
  if (!lease) return "held";
  try {
    return await work(db, shop, backfillId, lease, opts);
  } catch (error) {
    const definite = error instanceof ShopifyRefusedError || error instanceof ShopifyAccessDeniedError;
    if (definite) {
      await fail(db, shop.id, backfillId, error.message);
      return "failed";
    }
    // Shopify unreachable, a database hiccup: the next pass tries again.
    logEvent("order_backfill_error", { shop: shop.domain, backfillId, error: String(error) }, "warn");
    const row = await db.orderBackfill.findFirst({ where: { id: backfillId, shopId: shop.id } });
    return (row?.status ?? "failed") as BackfillStatus;
  } finally {
    await lease.release();
  }
}

async function work(
  db: Db,
  shop: ShopRef,
  backfillId: string,
  lease: Lease,
  opts: Required<BackfillOptions>,
): Promise<BackfillStatus> {
  const gateway = shopifyGateway();
  let backfill = await db.orderBackfill.findFirstOrThrow({ where: { id: backfillId, shopId: shop.id } });
  if (backfill.status === "done" || backfill.status === "failed") return backfill.status as BackfillStatus;

  if (!backfill.bulkOperationId) {
    const started = await unthrottled(() => gateway.startOrdersBulkQuery(shop.domain, backfill.since), opts);
    if (!started) return "running";
    backfill = await db.orderBackfill.update({
      where: { id: backfillId },
      data: { bulkOperationId: started.bulkOperationId },
    });
  }
  const operationId = backfill.bulkOperationId!;

  // Poll until Shopify has written the file (a finished operation answers at once on a resume).
  let url: string | null = null;
  for (let poll = 0; ; poll++) {
    const state = await unthrottled(() => gateway.bulkOperation(shop.domain, operationId), opts);
    if (state?.status === "COMPLETED") {
      url = state.url;
      break;
    }
    if (state && ["FAILED", "CANCELED", "CANCELING", "EXPIRED"].includes(state.status)) {
      const why = state.errorCode ? ` (${state.errorCode})` : "";
      await fail(db, shop.id, backfillId, `Shopify's bulk query of orders ended ${state.status}${why}.`);
      return "failed";
    }
    if (poll + 1 >= opts.maxPolls) return "running";
    await opts.sleep(opts.pollMs);
    if (!(await lease.renew())) return "running";
  }

  await db.orderBackfill.update({ where: { id: backfillId }, data: { status: "importing" } });
  // On a resume the orders already seen are passed over: each is idempotent, but not free.
  const alreadySeen = backfill.ordersSeen;
  let line = 0;
  let seen = alreadySeen;
  // Settled before the batch's progress is written: a pass that dies in between redoes both.
  const touched = new Set<string>();
  const tiered = await hasTiers(db, shop.id);
  if (url) {
    for await (const text of gateway.bulkOperationLines(url)) {
      const read = readBulkOrderLine(text);
      if (read.kind === "skip") continue;
      line++;
      if (line <= alreadySeen) continue;
      const memberId = await bringIn(db, shop.id, read.order);
      if (memberId) touched.add(memberId);
      seen++;
      if (seen % BACKFILL_BATCH === 0) {
        await settleTouched(db, shop.id, touched, tiered);
        await db.orderBackfill.update({ where: { id: backfillId }, data: { ordersSeen: seen } });
        if (!(await lease.renew())) return "importing";
      }
    }
  }
  await settleTouched(db, shop.id, touched, tiered);
  await db.orderBackfill.update({
    where: { id: backfillId },
    data: { status: "done", ordersSeen: seen, finishedAt: new Date(), error: null },
  });
  return "done";
}

/**
 * The scheduled work's part: every backfill still running or importing whose lease is free
 * (its instance stopped or died) gets one pass, checking a running bulk query once.
 */
export async function resumeOrderBackfills(db: Db, now = new Date(), options: BackfillOptions = {}) {
  const unfinished = await db.orderBackfill.findMany({
    where: {
      status: { in: ["running", "importing"] },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
    },
    include: { shop: { select: { id: true, domain: true } } },
    take: 50,
  });
  let done = 0;
  for (const backfill of unfinished) {
    const status = await runOrderBackfill(db, backfill.shop, backfill.id, { maxPolls: 1, ...options });
    if (status === "done") done++;
  }
  return { resumed: unfinished.length, done };
}
