/**
 * Dead letters: signed webhooks the app could not use, acknowledged so Shopify stops
 * retrying (it would send the same unusable body 8 times over 4 hours) and kept with their
 * raw body, for the merchant to see (Settings) and for `npm run webhooks:replay` to send
 * through the dispatch table again once the app can read them.
 */
import type { Db } from "../db.server";
import { dispatchWebhook } from "./dispatch.server";
import { parseWebhookBody } from "./json-body";

export interface DeadLetterInput {
  shopDomain: string;
  topic: string;
  deliveryId: string;
  webhookId?: string | null;
  triggeredAt?: string | null;
  reason: string;
  body: string;
}

/** Reasons are for people reading the admin; a payload's own text could make one huge. */
const MAX_REASON = 1000;

/**
 * Keeps the delivery. A second delivery of the same event (Shopify's, or a replay that is
 * still unusable) updates the reason of the one dead letter instead of adding another.
 */
export async function storeDeadLetter(db: Db, input: DeadLetterInput): Promise<void> {
  const reason = input.reason.slice(0, MAX_REASON);
  console.warn(`[webhooks] dead letter ${input.shopDomain} ${input.topic} ${input.deliveryId}: ${reason}`);
  await db.webhookDeadLetter.upsert({
    where: { shopDomain_deliveryId: { shopDomain: input.shopDomain, deliveryId: input.deliveryId } },
    create: {
      shopDomain: input.shopDomain,
      topic: input.topic,
      deliveryId: input.deliveryId,
      webhookId: input.webhookId ?? null,
      triggeredAt: input.triggeredAt ?? null,
      reason,
      body: input.body,
    },
    update: { reason },
  });
}

export interface DeadLetterSummary {
  /** Dead letters not yet replayed successfully. */
  count: number;
  newest: { id: string; topic: string; reason: string; receivedAt: Date }[];
}

export async function deadLetterSummary(db: Db, shopDomain: string, newest = 5): Promise<DeadLetterSummary> {
  const where = { shopDomain, replayedAt: null };
  const [count, rows] = await Promise.all([
    db.webhookDeadLetter.count({ where }),
    db.webhookDeadLetter.findMany({
      where,
      orderBy: { receivedAt: "desc" },
      take: newest,
      select: { id: true, topic: true, reason: true, receivedAt: true },
    }),
  ]);
  return { count, newest: rows };
}

export type ReplayResult = { id: string; topic: string; deliveryId: string } & (
  { status: "replayed" } | { status: "still_unusable"; reason: string } | { status: "failed"; error: string }
);

/**
 * Sends a shop's pending dead letters (or the ones named) through the dispatch table again,
 * oldest first. Handled ones are marked replayed; the handlers' own idempotency (delivery
 * records, ledger keys) makes running it twice, or after Shopify redelivered, a no-op.
 */
export async function replayDeadLetters(
  db: Db,
  options: { shopDomain: string; ids?: readonly string[]; customShopDomains?: readonly string[] },
): Promise<ReplayResult[]> {
  const letters = await db.webhookDeadLetter.findMany({
    where: {
      shopDomain: options.shopDomain,
      ...(options.ids?.length ? { id: { in: [...options.ids] } } : { replayedAt: null }),
    },
    orderBy: { receivedAt: "asc" },
  });
  const results: ReplayResult[] = [];
  for (const letter of letters) {
    const base = { id: letter.id, topic: letter.topic, deliveryId: letter.deliveryId };
    let payload: unknown;
    try {
      payload = parseWebhookBody(letter.body);
    } catch (error) {
      results.push({ ...base, status: "still_unusable", reason: `body is not JSON: ${(error as Error).message}` });
      continue;
    }
    try {
      const outcome = await dispatchWebhook(db, {
        shopDomain: letter.shopDomain,
        topic: letter.topic,
        deliveryId: letter.deliveryId,
        triggeredAt: letter.triggeredAt,
        payload,
        customShopDomains: options.customShopDomains,
      });
      if (outcome.status === "unusable") {
        await db.webhookDeadLetter.update({
          where: { id: letter.id },
          data: { reason: outcome.reason.slice(0, MAX_REASON) },
        });
        results.push({ ...base, status: "still_unusable", reason: outcome.reason });
        continue;
      }
      await db.webhookDeadLetter.update({
        where: { id: letter.id },
        data: { replayedAt: new Date(), replayOutcome: outcomeText(outcome.result) },
      });
      results.push({ ...base, status: "replayed" });
    } catch (error) {
      results.push({ ...base, status: "failed", error: (error as Error).message });
    }
  }
  return results;
}

function outcomeText(result: unknown): string {
  const status = result && typeof result === "object" && "status" in result ? String(result.status) : "handled";
  return status.slice(0, 100);
}
