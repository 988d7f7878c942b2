/**
 * Starts the app with the Shopify emulator for the demo and the browser tests: sets the
 * documented defaults, migrates the SQLite database, seeds the demo shop, serves.
 */
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_API_KEY, DEMO_API_SECRET, markDemoProcess } from "../app/demo-process";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface StartOptions {
  port: number;
  databaseUrl: string;
  extraMembers?: number;
}

/** Where the demo listens unless HOST says otherwise: it hands admin session tokens to any caller. */
export const DEMO_DEFAULT_HOST = "127.0.0.1";

export async function startDemo(options: StartOptions) {
  const appUrl = `http://localhost:${options.port}`;
  // This process is the demo: the only one where the app accepts the public credentials
  // (app/demo-process.ts). Marked before the app is loaded, since it reads them at load.
  markDemoProcess();
  // Documented defaults: the demo signs and verifies with the same public demo secret
  // unless SHOPIFY_API_SECRET / SHOPIFY_API_KEY are set.
  process.env.SHOPIFY_API_KEY ||= DEMO_API_KEY;
  process.env.SHOPIFY_API_SECRET ||= DEMO_API_SECRET;
  process.env.SHOPIFY_APP_URL = appUrl;
  process.env.DATABASE_URL = options.databaseUrl;
  // Development mode: production refuses to start with the public demo secret (env.server.ts),
  // and outside the demo the app has no default secret at all.
  (process.env as Record<string, string>).NODE_ENV = "development";

  const { migrate, migrationsDirFor, readMigrations } = await import("../app/db/migrate.server");
  await migrate(options.databaseUrl, readMigrations(migrationsDirFor(options.databaseUrl, root)));

  const { db } = await import("../app/db.server");
  const { seedDemoShop, DEMO_SHOP, DEMO_CUSTOMER_ID } = await import("./seed");
  const seeded = await seedDemoShop(db, { extraMembers: options.extraMembers, appUrl });

  const { createServer, serve } = await import("../server");
  const app = await createServer({
    demo: {
      shop: DEMO_SHOP,
      apiKey: process.env.SHOPIFY_API_KEY,
      apiSecret: process.env.SHOPIFY_API_SECRET,
      appUrl,
      customerId: DEMO_CUSTOMER_ID,
    },
  });
  // What Shopify holds for a store the app runs on (the fake Shopify is in place now): each
  // member's facts (the launcher's balance and tier) and the pages that earn a visit. The
  // workers write them again every 5 minutes, as in production.
  const { runFactsWork } = await import("../app/jobs/facts-work.server");
  await runFactsWork(db);
  // The admin host signs a session token for whoever asks: only this machine may ask, unless
  // HOST opens it wider on purpose.
  // The demo's webhooks are processed in its own process, by the embedded queue's workers.
  const { server } = await serve(app, options.port, DEMO_DEFAULT_HOST);
  const { address: host } = server.address() as AddressInfo;
  return { server, appUrl, seeded, shop: DEMO_SHOP, host };
}
