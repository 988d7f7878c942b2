/**
 * Four projects: pure unit tests (no database), the same integration suite run once against
 * SQLite and once against PostgreSQL, and the order suites again on PostgreSQL with order
 * transactions through Prisma (integration-postgres runs them on the direct path, the
 * default there: docs/decisions/0020), so every order path runs both ways. Each integration
 * run gets a brand-new database from tests/support/global-setup.ts.
 */
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

/** The suites that run order webhooks through the order transaction (app/orders/). */
const orderSuites = [
  "webhook-storm",
  "webhook-arrival-order",
  "order-reversals",
  "pending-points",
  "order-amounts",
  "spend-rules",
  "order-earnings",
  "webhooks",
  "ledger-sequences",
  "ledger-concurrency",
  "shop-isolation",
  "lifecycle",
  "compliance",
  "tier-movement",
  "challenges",
  "dashboard-figures",
  "order-backfill",
].map((name) => `tests/integration/${name}.test.ts`);

const integration = {
  globalSetup: ["tests/support/global-setup.ts"],
  setupFiles: ["tests/support/database-env.ts", "tests/support/close-db.ts"],
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

const testEnv = {
  NODE_ENV: "test" as const,
  SHOPIFY_API_KEY: "test-api-key",
  SHOPIFY_API_SECRET: "test-api-secret",
  SHOPIFY_APP_URL: "https://loyalty.example.test",
};

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["app/**/*.test.ts", "demo/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
          env: testEnv,
        },
      },
      ...(["sqlite", "postgres"] as const).map((engine) => ({
        extends: true as const,
        test: {
          ...integration,
          name: `integration-${engine}`,
          include: ["tests/integration/**/*.test.ts", "app/**/*.integration.test.ts"],
          env: { ...testEnv, TEST_DB_ENGINE: engine },
        },
      })),
      {
        extends: true,
        test: {
          ...integration,
          name: "integration-postgres-prisma-orders",
          include: orderSuites,
          env: { ...testEnv, TEST_DB_ENGINE: "postgres", LOYALTY_ORDER_TRANSACTIONS: "prisma" },
        },
      },
    ],
  },
});
