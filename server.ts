/**
 * The HTTP server: Remix's production build behind Express. `npm start` runs it in
 * production; the demo (scripts/demo.ts) runs the same server with the Shopify emulator of
 * demo/ mounted in front, which only plays Shopify's part (signing requests with the app's
 * secret, as Shopify would) and never relaxes the app's own checks.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { db } from "./app/db.server";
import { env } from "./app/env.server";
import { deliveryQueue } from "./app/queue/queue.server";
import { startWorkers, workersEnabled } from "./app/queue/workers.server";
import { acknowledgeWebhook, queuedDelivery } from "./app/webhooks/acknowledge.server";
import { admissionMiddleware, createAdmissionGate, webhookConcurrency } from "./app/webhooks/admission";
import { verifiedWebhook, webhookIntake } from "./app/webhooks/intake";
import type { DemoOptions } from "./demo/mount";

const root = path.dirname(fileURLToPath(import.meta.url));

export async function createServer(options: { demo?: DemoOptions; buildDir?: string } = {}) {
  const buildDir = options.buildDir ?? path.join(root, "build");
  const app = express();
  app.disable("x-powered-by");
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  if (options.demo) {
    const { mountDemo } = await import("./demo/mount");
    await mountDemo(app, options.demo);
  }
  const build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  // A webhook's body is read (bounded, within a deadline) and its signature and headers checked
  // before it may wait for one of the few places (app/webhooks/intake.ts, app/webhooks/admission.ts);
  // then it is committed to the queue and answered, without Remix (app/webhooks/acknowledge.server.ts).
  app.post(
    "/webhooks",
    webhookIntake({ secret: env.SHOPIFY_API_SECRET }),
    admissionMiddleware(createAdmissionGate(webhookConcurrency(process.env.WEBHOOK_CONCURRENCY))),
    acknowledgeVerifiedWebhook,
  );
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));
  return app;
}

/** The answer to a delivery the intake verified: 200 once it is committed to the queue. */
const acknowledgeVerifiedWebhook: express.RequestHandler = async (req, res, next) => {
  try {
    const verified = verifiedWebhook(req)!;
    const { status } = await acknowledgeWebhook(db, queuedDelivery(verified.body, verified.fields));
    res.status(status).end();
  } catch (error) {
    next(error);
  }
};

/**
 * Listens on `HOST` when it is set, else on `defaultHost` (every interface when undefined),
 * and resolves once listening.
 */
export function listen(app: express.Express, port: number, defaultHost?: string): Promise<Server> {
  const host = process.env.HOST?.trim() || defaultHost;
  return new Promise((resolve, reject) => {
    const server = host === undefined ? app.listen(port) : app.listen(port, host);
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
}

/**
 * `listen`, then this process's workers unless LOYALTY_WORKERS=off (then `npm run worker` runs
 * them elsewhere; the queue is still opened now, so a database it cannot reach fails the start
 * rather than the first webhook). `close` stops taking requests and finishes the batch in hand.
 */
export async function serve(app: express.Express, port: number, defaultHost?: string) {
  const server = await listen(app, port, defaultHost);
  const workers = workersEnabled(process.env) ? await startWorkers(db) : null;
  if (!workers) await deliveryQueue(db);
  return {
    server,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await workers?.stop();
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT || 3000);
  const app = await createServer();
  // Every interface unless HOST says otherwise: a deployment is reached through its platform's
  // proxy or load balancer, and every route authenticates what it is sent.
  const { server, close } = await serve(app, port);
  const { address, port: listening } = server.address() as AddressInfo;
  console.log(`Loyalty app listening on port ${listening} (${address})`);
  // A delivery still queued at exit is processed by another instance or after the restart.
  process.once("SIGTERM", () => void close().finally(() => process.exit(0)));
}
