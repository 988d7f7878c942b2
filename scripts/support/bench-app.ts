/**
 * The app as `npm run bench:webhooks` runs it in its correctness scenarios: what server.ts's
 * main block (`web`) or scripts/worker.ts (`worker`) runs, with a stand-in for Shopify's Admin
 * API installed first, since the real one is out of reach here.
 *
 *   node --import tsx scripts/support/bench-app.ts web     # createServer + listen (+ workers)
 *   node --import tsx scripts/support/bench-app.ts worker  # startWorkers alone
 *
 * The stand-in answers product tags: product 501 is tagged "gift-card" (the bench shop's
 * spend rule excludes it), every other product "regular". A product id from
 * FAILING_PRODUCT_BASE on fails the first time this process asks for it, with the
 * ShopifyGatewayError the real gateway throws when Shopify does not answer: the bench gives
 * each order meant to fail its own such product, so that order's first lookup fails and its
 * retry succeeds. Nothing else of Shopify is expected: any other call fails loudly.
 */
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ShopifyGatewayError, setShopifyGateway, type ShopifyGateway } from "../../app/shopify/gateway.server";

/** Product ids from here on fail their first lookup in each process. */
export const FAILING_PRODUCT_BASE = 6_000_000_000_000;
export const EXCLUDED_PRODUCT_ID = "501";
export const EXCLUDED_TAG = "gift-card";

function benchGateway(): ShopifyGateway {
  const failedOnce = new Set<string>();
  const unexpected = (what: string) => async () => {
    throw new Error(`bench gateway: the benchmark's orders never need ${what}`);
  };
  return {
    async productTags(_shop, productIds) {
      const failing = productIds.filter((id) => Number(id) >= FAILING_PRODUCT_BASE && !failedOnce.has(id));
      if (failing.length > 0) {
        for (const id of failing) failedOnce.add(id);
        throw new ShopifyGatewayError(`bench gateway: no answer for products ${failing.join(", ")} (first lookup)`);
      }
      return new Map(productIds.map((id) => [id, id === EXCLUDED_PRODUCT_ID ? [EXCLUDED_TAG] : ["regular"]]));
    },
    createCodeDiscount: unexpected("a discount code"),
    createFreeShippingCode: unexpected("a discount code"),
    creditStoreCredit: unexpected("store credit"),
    shopCurrency: unexpected("the shop's currency"),
    findDiscountCode: unexpected("a discount lookup"),
    deleteDiscount: unexpected("a discount deletion"),
    customerDefaultAddress: unexpected("a customer's address"),
    addCustomerTags: unexpected("customer tags"),
    removeCustomerTags: unexpected("customer tags"),
    customerTags: unexpected("customer tags"),
    setCustomerMetafields: unexpected("customer metafields"),
    deleteCustomerMetafields: unexpected("customer metafields"),
    createCustomerMetafieldDefinitions: unexpected("metafield definitions"),
    createSegment: unexpected("a segment"),
    updateSegment: unexpected("a segment"),
    deleteSegment: unexpected("a segment"),
    createSegmentDiscount: unexpected("an automatic discount"),
    updateSegmentDiscount: unexpected("an automatic discount"),
    deleteAutomaticDiscount: unexpected("an automatic discount"),
    currentAppInstallationId: unexpected("the app's installation"),
    setAppInstallationMetafields: unexpected("the app's metafields"),
    startOrdersBulkQuery: unexpected("an order backfill"),
    bulkOperation: unexpected("an order backfill"),
    bulkOperationLines: () => {
      throw new Error("bench gateway: the benchmark's orders never need an order backfill");
    },
  };
}

async function main(mode: string | undefined) {
  setShopifyGateway(benchGateway());
  const { db } = await import("../../app/db.server");
  const { startWorkers, workersEnabled } = await import("../../app/queue/workers.server");
  if (mode === "worker") {
    const workers = await startWorkers(db);
    console.log("Loyalty workers running");
    process.once("SIGTERM", () => void workers.stop().finally(() => process.exit(0)));
    return;
  }
  if (mode !== "web") throw new Error(`bench-app: expected "web" or "worker", got ${JSON.stringify(mode)}`);
  const { createServer, listen } = await import("../../server");
  const server = await listen(await createServer(), Number(process.env.PORT || 3000));
  const { address, port } = server.address() as AddressInfo;
  console.log(`Loyalty app listening on port ${port} (${address})`);
  const workers = workersEnabled(process.env) ? await startWorkers(db) : null;
  process.once("SIGTERM", () => {
    server.close();
    void (workers?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
  });
}

// Run as a program only: the benchmark imports the constants above.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv[2]);
