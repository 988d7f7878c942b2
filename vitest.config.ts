/**
 * Three projects: pure unit tests (no database), and the same integration suite run once
 * against SQLite and once against PostgreSQL. Each integration run gets a brand-new
 * database from tests/support/global-setup.ts.
 */
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

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
          name: `integration-${engine}`,
          include: ["tests/integration/**/*.test.ts", "app/**/*.integration.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/database-env.ts", "tests/support/close-db.ts"],
          env: { ...testEnv, TEST_DB_ENGINE: engine },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
