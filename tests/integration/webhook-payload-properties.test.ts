/**
 * Payloads generated from Shopify's JSON schema of every subscribed topic (fields missing or
 * null, numbers as numbers or strings, ids past 2^53), signed and sent through the real
 * route: never a 5xx, and never a partial write: a delivery has its whole effect (its
 * delivery record and what came with it, in one transaction) or is kept as a dead letter
 * with nothing else written. Seeded: FC_SEED=<seed> replays a run (fast-check prints it).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { createFakeShopify } from "../../demo/fake-shopify";
import { subscribedWebhooks } from "../support/app-config";
import { installShop, uniqueId } from "../support/factories";
import { payloadArbitrary, toJsonText } from "../support/json-schema-arbitrary";
import { webhookRequest } from "../support/signed-requests";
import { documentedExample, documentedSchema } from "../support/webhook-fixtures";
import { deliverWebhook } from "../support/deliver";

const SEED = Number(process.env.FC_SEED ?? 20261201);
/** Topics whose body is not read: each run gets a shop of its own, since they end it. */
const SHOP_ENDING = new Set(["app/uninstalled", "shop/redact"]);
/** Topics whose handling records the delivery in the same transaction as its effect. */
const RECORDS_DELIVERY = (topic: string) =>
  topic.startsWith("orders/") || topic.startsWith("refunds/") || /^customers\/(create|update)$/.test(topic);

let restore: () => void;
beforeAll(() => {
  restore = setShopifyGateway(createFakeShopify());
});
afterAll(() => restore());

type Shop = Awaited<ReturnType<typeof installShop>>;

async function rows(shop: Shop) {
  const where = { shopId: shop.id };
  const [ledgerEntries, members, orderAccounts, orderRefunds, deliveries, dataRequests, deadLetters] =
    await Promise.all([
      db.ledgerEntry.count({ where }),
      db.member.count({ where }),
      db.orderAccount.count({ where }),
      db.orderRefund.count({ where }),
      db.webhookDelivery.count({ where }),
      db.dataRequest.count({ where }),
      db.webhookDeadLetter.count({ where: { shopDomain: shop.domain } }),
    ]);
  return { ledgerEntries, members, orderAccounts, orderRefunds, deliveries, dataRequests, deadLetters };
}

describe("webhook payloads generated from Shopify's JSON schemas", () => {
  for (const topic of subscribedWebhooks().topics) {
    it(`${topic}: never a 5xx, never a partial write`, async () => {
      const payloads = payloadArbitrary(documentedSchema(topic), documentedExample(topic));
      let shared: Shop | null = null;
      const seen = { handled: 0, deadLetters: 0 };
      await fc.assert(
        fc.asyncProperty(payloads, async (payload) => {
          const shop = SHOP_ENDING.has(topic) ? await installShop(db) : (shared ??= await installShop(db));
          const before = await rows(shop);
          const request = webhookRequest({
            shop: shop.domain,
            topic,
            body: toJsonText(payload),
            eventId: `prop-${uniqueId()}`,
          });
          const response = await deliverWebhook(request);
          expect(response.status).toBe(200);
          if (SHOP_ENDING.has(topic)) return;

          const after = await rows(shop);
          if (after.deadLetters > before.deadLetters) {
            seen.deadLetters++;
            expect(after).toEqual({ ...before, deadLetters: before.deadLetters + 1 });
          } else if (RECORDS_DELIVERY(topic) && after.deliveries === before.deliveries) {
            // Acknowledged without effect (the same order priced differently): nothing written.
            expect(after).toEqual(before);
          } else {
            seen.handled++;
            if (RECORDS_DELIVERY(topic)) expect(after.deliveries).toBe(before.deliveries + 1);
          }
        }),
        { seed: SEED, numRuns: SHOP_ENDING.has(topic) ? 4 : 25, endOnFailure: true },
      );
      // Both outcomes were exercised, or the property proved little.
      if (!SHOP_ENDING.has(topic))
        expect(seen, topic).toEqual({ handled: expect.any(Number), deadLetters: expect.any(Number) });
      if (!SHOP_ENDING.has(topic))
        expect(Math.min(seen.handled, seen.deadLetters), JSON.stringify(seen)).toBeGreaterThan(0);
    });
  }
});
