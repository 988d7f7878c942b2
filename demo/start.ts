/**
 * Starts the app with the Shopify emulator for the demo and the browser tests: sets the
 * documented defaults, migrates the SQLite database, seeds the demo shop, serves.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface StartOptions {
  port: number;
  databaseUrl: string;
  extraMembers?: number;
}

export async function startDemo(options: StartOptions) {
  const appUrl = `http://localhost:${options.port}`;
  // Documented defaults: the demo signs and verifies with the same public demo secret
  // unless SHOPIFY_API_SECRET / SHOPIFY_API_KEY are set.
  process.env.SHOPIFY_API_KEY ||= "demo-api-key";
  process.env.SHOPIFY_API_SECRET ||= "demo-secret-not-for-production";
  process.env.SHOPIFY_APP_URL = appUrl;
  process.env.DATABASE_URL = options.databaseUrl;
  // Development mode: production refuses to start with the public demo secret (env.server.ts),
  // and outside the demo the app has no default secret at all.
  (process.env as Record<string, string>).NODE_ENV = "development";

  const { migrate, migrationsDirFor, readMigrations } = await import("../app/db/migrate.server");
  await migrate(options.databaseUrl, readMigrations(migrationsDirFor(options.databaseUrl, root)));

  const { db } = await import("../app/db.server");
  const { seedDemoShop, DEMO_SHOP, DEMO_CUSTOMER_ID } = await import("./seed");
  const seeded = await seedDemoShop(db, { extraMembers: options.extraMembers });

  const { createServer } = await import("../server");
  const app = await createServer({
    demo: {
      shop: DEMO_SHOP,
      apiKey: process.env.SHOPIFY_API_KEY,
      apiSecret: process.env.SHOPIFY_API_SECRET,
      appUrl,
      customerId: DEMO_CUSTOMER_ID,
    },
  });
  const server = await new Promise<import("node:http").Server>((resolve) => {
    const s = app.listen(options.port, () => resolve(s));
  });
  return { server, appUrl, seeded, shop: DEMO_SHOP };
}
